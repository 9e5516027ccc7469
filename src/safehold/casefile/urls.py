from django.urls import path

from . import views

app_name = "casefile"
urlpatterns = [
    path("people/<int:pk>/notes/", views.notes, name="notes"),
    path("people/<int:pk>/notes/new/", views.note_new, name="note_new"),
    path("people/<int:pk>/notes/<int:note_id>/", views.note_edit, name="note_edit"),
    path("people/<int:pk>/documents/", views.documents, name="documents"),
    path("people/<int:pk>/documents/<int:document_id>/", views.document, name="document"),
    path("people/<int:pk>/print/<slug:kind>/<int:record_id>/", views.print_record, name="print"),
    path("people/<int:pk>/letters/new/", views.letter_new, name="letter_new"),
    path("templates/", views.templates, name="templates"),
    path("templates/letters/new/", views.letter_template_edit, name="letter_template_new"),
    path("templates/letters/<int:template_id>/", views.letter_template_edit, name="letter_template_edit"),
    path("templates/new/", views.template_edit, name="template_new"),
    path("templates/<int:template_id>/", views.template_edit, name="template_edit"),
]

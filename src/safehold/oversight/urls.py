from django.urls import path

from . import views

app_name = "oversight"
urlpatterns = [
    path("people/<int:pk>/record/", views.record, name="record"),
    path("people/<int:pk>/actions/<int:action_id>/done/", views.action_complete, name="action_complete"),
    path("supervision/workers/<int:worker_id>/new/", views.supervision_new, name="supervision_new"),
    path("supervision/<int:supervision_id>/", views.supervision_detail, name="supervision_detail"),
]

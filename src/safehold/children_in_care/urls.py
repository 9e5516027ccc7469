from django.urls import path

from . import views

app_name = "children_in_care"
urlpatterns = [
    path("people/<int:pk>/period/start/", views.period_start, name="period_start"),
    path("people/<int:pk>/legal-status/", views.legal_status_change, name="legal_status_change"),
    path("people/<int:pk>/placement/", views.placement_change, name="placement_change"),
    path("people/<int:pk>/period/end/", views.period_end, name="period_end"),
    path("people/<int:pk>/dolo/new/", views.dolo_edit, name="dolo_new"),
    path("people/<int:pk>/dolo/<int:dolo_id>/", views.dolo_edit, name="dolo_edit"),
    path("people/<int:pk>/uasc/", views.uasc_edit, name="uasc_edit"),
    path("people/<int:pk>/adoption/", views.adoption_edit, name="adoption_edit"),
    path("providers/", views.provider_list, name="provider_list"),
    path("providers/new/", views.provider_edit, name="provider_new"),
    path("providers/<int:provider_id>/", views.provider_edit, name="provider_edit"),
    path("unregistered/", views.unregistered_register, name="unregistered_register"),
    path("unregistered/<int:authorisation_id>/", views.authorisation_edit, name="authorisation_edit"),
    path("placement-requests/<int:request_id>/", views.placement_request, name="placement_request"),
]

from django.urls import path

from . import views

app_name = "governance"
urlpatterns = [
    path("", views.index, name="index"),
    path("subject-access/new/", views.sar_new, name="sar_new"),
    path("subject-access/<int:sar_id>/", views.sar_detail, name="sar_detail"),
    path("subject-access/<int:sar_id>/bundle.pdf", views.sar_pdf, name="sar_pdf"),
    path("retention/", views.retention, name="retention"),
    path("retention/run/", views.retention_run, name="retention_run"),
    path("retention/<int:review_id>/propose/", views.retention_propose, name="retention_propose"),
    path("retention/<int:review_id>/approve/", views.retention_approve, name="retention_approve"),
    path("retention/holds/new/", views.hold_place, name="hold_place"),
    path("retention/holds/<int:hold_id>/lift/", views.hold_lift, name="hold_lift"),
]

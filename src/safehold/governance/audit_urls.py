"""The audit log page keeps its address (/audit/) and its URL names (audit:index)."""

from django.urls import path

from . import views

app_name = "audit"
urlpatterns = [
    path("", views.audit_log_page, name="index"),
]

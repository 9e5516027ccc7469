from django.urls import path  # noqa: F401

app_name = "child_protection"
urlpatterns: list = []

from django.urls import path  # noqa: F401

app_name = "front_door"
urlpatterns: list = []

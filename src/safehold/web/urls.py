from django.urls import path

from . import views

app_name = "web"  # noqa
urlpatterns: list = []

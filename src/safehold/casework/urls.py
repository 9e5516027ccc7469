from django.urls import path

from . import views

app_name = "casework"
urlpatterns = [
    path("people/<int:pk>/allocate/", views.allocate, name="allocate"),
]

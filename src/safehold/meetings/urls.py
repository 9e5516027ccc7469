from django.urls import path

from . import views

app_name = "meetings"
urlpatterns = [
    path("people/<int:pk>/book/", views.book, name="book"),
    path("<int:meeting_id>/", views.detail, name="detail"),
]

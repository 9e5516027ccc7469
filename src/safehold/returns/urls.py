from django.urls import path

from . import views

app_name = "returns"
urlpatterns = [
    path("", views.index, name="index"),
    path("runs/<int:run_id>/", views.run_detail, name="run_detail"),
    path("runs/<int:run_id>/download/", views.download, name="download"),
    path("data-quality/", views.data_quality, name="data_quality"),
]

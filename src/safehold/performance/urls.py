from django.urls import path

from . import views

app_name = "performance"
urlpatterns = [
    path("", views.index, name="index"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("<str:code>/", views.detail, name="detail"),
    path("<str:code>/target/", views.target, name="target"),
    path("<str:code>/children/", views.children, name="children"),
    path("<str:code>/<str:table>.<str:fmt>", views.download, name="download"),
]

from django.urls import path

from . import views

app_name = "worklists"
urlpatterns = [
    path("mine/", views.my_work, name="my_work"),
    path("chair/", views.chair, name="chair"),
    path("team/", views.team, name="team"),
    path("service/", views.service, name="service"),
]

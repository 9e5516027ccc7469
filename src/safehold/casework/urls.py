from django.urls import path

from . import views

app_name = "casework"
urlpatterns = [
    path("people/<int:pk>/allocate/", views.allocate, name="allocate"),
    path("sign-off/", views.sign_off_list, name="sign_off_list"),
    path("sign-off/<int:sign_off_id>/", views.sign_off, name="sign_off"),
    path("sign-off/<int:sign_off_id>/<str:action>/", views.sign_off_act, name="sign_off_act"),
]

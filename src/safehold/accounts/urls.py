from django.contrib.auth import views as auth_views
from django.urls import path

from . import views
from .forms import LoginForm, PasswordChangeForm

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(template_name="registration/login.html",
                                                authentication_form=LoginForm,
                                                redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", auth_views.PasswordChangeView.as_view(form_class=PasswordChangeForm), name="password_change"),
    path("password/changed/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("users/", views.users, name="accounts_users"),
    # Social workers an imported return named, mapped to real accounts (issue 16).
    path("users/imported/", views.imported_staff, name="accounts_imported_staff"),
    # Two-step verification (issue 15.4): the user's own page, setting the app up, the code at sign-in,
    # turning it off; an administrator's reset of someone else's.
    path("two-step/", views.two_step, name="two_step"),
    path("two-step/set-up/", views.two_step_setup, name="two_step_setup"),
    path("two-step/verify/", views.two_step_verify, name="two_step_verify"),
    path("two-step/remove/", views.two_step_remove, name="two_step_remove"),
    path("users/two-step/reset/", views.two_step_reset, name="accounts_two_step_reset"),
]

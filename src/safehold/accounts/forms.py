from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.forms import PasswordChangeForm as DjangoPasswordChangeForm

from safehold.web.forms import GovukForm


class PasswordChangeForm(DjangoPasswordChangeForm, GovukForm):
    """Django's password change (the current password, then the new one twice, checked by
    AUTH_PASSWORD_VALIDATORS), with GOV.UK labels and error messages."""

    old_password = forms.CharField(label="Your current password", strip=False,
                                   widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
                                   error_messages={"required": "Enter your current password"})
    new_password1 = forms.CharField(label="New password", strip=False,
                                    widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
                                    error_messages={"required": "Enter a new password"})
    new_password2 = forms.CharField(label="New password again", strip=False,
                                    widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
                                    error_messages={"required": "Enter the new password again"})
    error_messages = {
        "password_incorrect": "Your current password was entered incorrectly: enter it again",
        "password_mismatch": "The two new passwords do not match",
    }


class LoginForm(AuthenticationForm, GovukForm):
    username = forms.CharField(label="Username", max_length=150,
                               widget=forms.TextInput(attrs={"autocomplete": "username", "spellcheck": "false"}),
                               error_messages={"required": "Enter your username"})
    password = forms.CharField(label="Password", strip=False,
                               widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
                               error_messages={"required": "Enter your password"})
    error_messages = {
        "invalid_login": "Enter a correct username and password",
        "inactive": "This account has been disabled",
    }

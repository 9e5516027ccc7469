from django import forms
from django.contrib.auth.forms import AuthenticationForm

from safehold.web.forms import GovukForm


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

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
        # Messages about passwords, not passwords.
        "password_incorrect": "Your current password was entered incorrectly: enter it again",  # nosec B105
        "password_mismatch": "The two new passwords do not match",  # nosec B105
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


def _code_widget():
    # The GOV.UK security code pattern: numeric keypad on phones, the browser may offer a code it saw.
    return forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false",
                                  "width": "5", "extra_letter_spacing": True})


CODE_REQUIRED = "Enter the 6-digit code from your authenticator app"


def clean_code(value: str) -> str:
    """Six digits; spaces and dashes people copy with the code are dropped. The service checks it is right."""
    code = "".join(ch for ch in (value or "") if not ch.isspace() and ch != "-")
    if not code:
        raise forms.ValidationError(CODE_REQUIRED)
    if not code.isdigit():
        raise forms.ValidationError("The code must only include numbers 0 to 9")
    if len(code) != 6:
        raise forms.ValidationError("The code must be 6 numbers")
    return code


class TwoStepCodeForm(GovukForm):
    """The code from the user's authenticator app (signing in, setting the app up, removing it)."""

    token = forms.CharField(label="Code", max_length=20, widget=_code_widget(),
                            help_text="The 6-digit code your app shows for Safehold. It changes every 30 seconds.",
                            error_messages={"required": CODE_REQUIRED})

    def clean_token(self):
        return clean_code(self.cleaned_data.get("token", ""))


class TwoStepResetForm(GovukForm):
    """An administrator's reset of another user's app (from the users page)."""

    user = forms.IntegerField(widget=forms.HiddenInput)

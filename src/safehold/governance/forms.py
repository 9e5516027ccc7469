"""Forms for information governance: they check the shape of input; services.py enforces the rules."""

from django import forms

from safehold.web.forms import GovukDateField, GovukForm

from .models import SubjectAccessRequest


class SubjectAccessRequestForm(GovukForm):
    person_id = forms.CharField(label="Person ID of the person the request is about", max_length=20,
                                help_text="The ID on their record, for example C0001234",
                                error_messages={"required": "Enter the person ID of the person the request is about"})
    requester_name = forms.CharField(label="Who asked", max_length=200,
                                     error_messages={"required": "Enter who asked"})
    requester_kind = forms.ChoiceField(label="Who they are", choices=SubjectAccessRequest.Requester.choices,
                                       widget=forms.RadioSelect,
                                       error_messages={"required": "Select who the requester is"})
    received_on = GovukDateField(label="Date the request was received", label_text="the date received",
                                 help_text="The due date is one calendar month later", required=True,
                                 error_messages={"required": "Enter the date the request was received"})
    identity_checked = forms.CharField(label="How their identity and authority were checked", max_length=300,
                                       widget=forms.Textarea(attrs={"rows": 2}),
                                       error_messages={"required": "Say how the requester's identity and authority "
                                                                   "were checked"})


class SentForm(GovukForm):
    sent_on = GovukDateField(label="Date the bundle was sent", label_text="the date sent", required=True,
                             error_messages={"required": "Enter the date the bundle was sent"})


class HoldForm(GovukForm):
    person_id = forms.CharField(label="Person ID of the record to keep", max_length=20,
                                error_messages={"required": "Enter the person ID of the record to keep"})
    reason = forms.CharField(label="Why the record must be kept", max_length=300,
                             help_text="For example a public inquiry, a claim or a complaint",
                             error_messages={"required": "Enter why the record must be kept"})


class ReviewActionForm(GovukForm):
    """The propose and approve buttons post nothing but the token: errors land here."""


class AuditQueryForm(GovukForm):
    person_id = forms.CharField(label="Person ID of the child or adult", required=False, max_length=20,
                                help_text="Who looked at this record?",
                                widget=forms.TextInput(attrs={"width": "20"}))
    username = forms.CharField(label="Username of the member of staff", required=False, max_length=150,
                               help_text="What did this user look at and change?",
                               widget=forms.TextInput(attrs={"width": "20"}))
    since = GovukDateField(label="From (optional)", required=False, label_text="the start date")

    def clean(self):
        data = super().clean()
        if not self.errors and not data.get("person_id") and not data.get("username"):
            raise forms.ValidationError("Enter a person ID or a username")
        return data

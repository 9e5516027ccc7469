"""Front door forms: they check the shape of input; front_door/services.py enforces the rules."""

from __future__ import annotations

import datetime as dt
import re

from django import forms
from django.utils import timezone

from safehold.accounts.models import Team
from safehold.family_help.codes import ReferralSource
from safehold.people.validators import validate_postcode
from safehold.web.forms import GovukDateField, GovukForm

from .models import Consent, Decision, partner_max_length

_TIME = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?$", re.IGNORECASE)


def parse_time(value: str) -> dt.time | None:
    """"14:30", "14.30", "2:30pm", "9am" -> a time; None if it is not one."""
    m = _TIME.match((value or "").strip())
    if not m:
        return None
    hour, minute, half = int(m.group(1)), int(m.group(2) or 0), (m.group(3) or "").lower()
    if half:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if half == "pm" else 0)
    elif m.group(2) is None:
        return None  # "14" alone is ambiguous: ask for minutes
    if hour > 23 or minute > 59:
        return None
    return dt.time(hour, minute)


class ContactForm(GovukForm):
    received_at = GovukDateField(label="Date received", label_text="the date the contact was received",
                                 error_messages={"required": "Enter the date the contact was received"})
    received_time = forms.CharField(label="Time received", max_length=8,
                                    help_text="Use the 24-hour clock, for example 14:30",
                                    error_messages={"required": "Enter the time the contact was received"},
                                    widget=forms.TextInput(attrs={"width": "5", "autocomplete": "off"}))
    source = forms.ChoiceField(label="Source", choices=[("", "Choose the source"), *ReferralSource.choices],
                               help_text="Who made the contact, as the CIN census referral source",
                               error_messages={"required": "Choose where the contact came from"})
    source_detail = forms.CharField(label="Who made the contact", max_length=200, required=False,
                                    help_text="Their name, role and organisation")
    concern = forms.CharField(label="The concern", widget=forms.Textarea(attrs={"rows": 6}),
                              max_length=partner_max_length("concern"),
                              error_messages={"required": "Enter the concern"})
    consent = forms.ChoiceField(label="Consent", choices=Consent.choices, widget=forms.RadioSelect,
                                help_text="Did the family consent to the contact being made?",
                                error_messages={"required": "Choose the consent position"})
    siblings_note = forms.CharField(label="Other children mentioned (optional)", required=False,
                                    max_length=partner_max_length("siblings_note"),
                                    widget=forms.Textarea(attrs={"rows": 2}),
                                    help_text="Brothers, sisters or other children in the household named in the contact")

    def clean(self):
        data = super().clean()
        day, raw = data.get("received_at"), data.get("received_time")
        if raw:
            t = parse_time(raw)
            if t is None:
                self.add_error("received_time", "Enter the time the contact was received, like 14:30")
            elif day:
                data["received_datetime"] = timezone.make_aware(dt.datetime.combine(day, t))
        return data


class DecisionForm(GovukForm):
    decision = forms.ChoiceField(label="Decision", choices=Decision.choices, widget=forms.RadioSelect,
                                 error_messages={"required": "Choose the decision"})
    rationale = forms.CharField(label="Rationale", widget=forms.Textarea(attrs={"rows": 5}),
                                help_text="Why this response: what the concern is, what is known about the "
                                          "child and family, and how the threshold applies",
                                error_messages={"required": "Enter the rationale for the decision"})
    team = forms.ModelChoiceField(
        label="Send to a different team (optional)", required=False,
        queryset=Team.objects.filter(kind__in=[Team.Kind.FAMILY_HELP, Team.Kind.MACPT, Team.Kind.CHILDREN_IN_CARE,
                                               Team.Kind.CARE_LEAVERS]),
        empty_label="The team the routing rules name",
        help_text="Only if the child should not go where the rules send them. A child whose case a team "
                  "already holds stays with that team.")
    version = forms.IntegerField(widget=forms.HiddenInput)


class LinkSearchForm(GovukForm):
    name = forms.CharField(label="Name", max_length=200, required=False)
    dob = GovukDateField(label="Date of birth", required=False, label_text="date of birth")


class PartnerContactForm(GovukForm):
    forename = forms.CharField(label="Child's first name", max_length=100,
                               error_messages={"required": "Enter the child's first name"})
    surname = forms.CharField(label="Child's last name", max_length=100,
                              error_messages={"required": "Enter the child's last name"})
    dob = GovukDateField(label="Child's date of birth (if known)", required=False,
                         label_text="the child's date of birth")
    postcode = forms.CharField(label="Child's postcode (if known)", max_length=8, required=False,
                               widget=forms.TextInput(attrs={"width": "10"}))
    source = forms.ChoiceField(label="Your service", choices=[])
    source_detail = forms.CharField(label="Your name, role and contact details", max_length=200, required=False,
                                    help_text="Leave blank to use the name and team on your account")
    concern = forms.CharField(label="Your concern", widget=forms.Textarea(attrs={"rows": 6}),
                              max_length=partner_max_length("concern"),
                              help_text="What happened, when, and what you are worried about",
                              error_messages={"required": "Enter your concern"})
    consent = forms.ChoiceField(label="Consent", choices=Consent.choices, widget=forms.RadioSelect,
                                help_text="Has the family agreed to this contact being made?",
                                error_messages={"required": "Choose the consent position"})
    siblings_note = forms.CharField(label="Other children in the family (optional)", required=False,
                                    max_length=partner_max_length("siblings_note"),
                                    widget=forms.Textarea(attrs={"rows": 2}))

    def clean_postcode(self):
        value = (self.cleaned_data.get("postcode") or "").strip()
        if value:
            validate_postcode(value)  # shape only, so every error shows at once; the service checks again
        return value

    def __init__(self, *args, sources: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(ReferralSource.choices)
        self.fields["source"].choices = [(c, labels[c]) for c in sources]
        self.fields["source"].initial = sources[0]
        if len(sources) == 1:
            # One source for the agency (police): nothing to choose.
            self.fields["source"].widget = forms.HiddenInput()
            self.fields["source"].required = False

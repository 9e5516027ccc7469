"""Forms for care leavers: they check the shape of input; services.py enforces the rules."""

from __future__ import annotations

from django import forms

from safehold.accounts.models import Team, User
from safehold.web.forms import GovukDateField, GovukForm

from .codes import ACCOM_CHOICES, Accommodation, Activity, ContactMethod, Eligibility, InTouch


def _blank(choices, label: str):
    return [("", label), *choices]


def _coded(choices):
    return [(code, f"{code}: {label}") for code, label in choices]


def _date(label: str, what: str, required: bool = True, **kwargs):
    return GovukDateField(label=label, label_text=what, required=required,
                          error_messages={"required": f"Enter {what}"}, **kwargs)


def _text(label: str, required: bool = True, message: str = "", rows: int = 4, **kwargs):
    return forms.CharField(label=label, required=required, widget=forms.Textarea(attrs={"rows": rows}),
                           error_messages={"required": message} if message else {}, **kwargs)


class EligibilityForm(GovukForm):
    eligibility = forms.ChoiceField(label="Eligibility category", choices=_blank(Eligibility.choices,
                                                                                  "Choose a category"),
                                    error_messages={"required": "Choose the eligibility category"})
    start_date = _date("Date the category applies from", "the date the category applies from")
    reason = _text("Reason", required=False, rows=3,
                   help_text="Needed when you choose a category other than the one suggested")
    support_requested_to_25 = forms.BooleanField(label="The young person has asked for support up to age 25",
                                                 required=False)


class PersonalAdviserForm(GovukForm):
    worker = forms.ModelChoiceField(label="Personal adviser", queryset=User.objects.none(),
                                    empty_label="Choose a personal adviser",
                                    error_messages={"required": "Choose the personal adviser"})
    team = forms.ModelChoiceField(label="Team", required=False, queryset=Team.objects.exclude(kind="partner"),
                                  empty_label="The adviser's own team")
    started_on = _date("From", "the date the personal adviser starts")
    reason = forms.CharField(label="Reason for the change", required=False, max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["worker"].queryset = User.objects.filter(
            is_active=True, role__in=["social_worker", "team_manager"]).order_by("last_name", "first_name")


class PathwayPlanForm(GovukForm):
    start_date = _date("Date the pathway plan was made", "the date the pathway plan was made")
    summary = _text("Plan summary", required=False)  # the service says "Enter a summary of the plan"
    young_person_views = _text("The young person's views", required=False)


class PathwayPlanReviewForm(GovukForm):
    review_date = _date("Date of the review", "the date of the review")
    summary = _text("What the review decided", required=False)  # checked with the date by the service
    young_person_views = _text("The young person's views", required=False)


class ContactForm(GovukForm):
    contact_date = _date("Date of the contact", "the date of the contact")
    method = forms.ChoiceField(label="How", choices=ContactMethod.choices, widget=forms.RadioSelect,
                               error_messages={"required": "Choose how the contact was made"})
    in_accommodation = forms.BooleanField(label="The young person was seen in their accommodation (visits only)",
                                          required=False)
    by_personal_adviser = forms.BooleanField(label="Made by the personal adviser", required=False, initial=True)
    notes = _text("Notes", required=False)


class AccommodationForm(GovukForm):
    start_date = _date("Date they moved in", "the date they moved in")
    accommodation = forms.ChoiceField(label="Type of accommodation",
                                      choices=_blank(_coded(Accommodation.choices), "Choose a type"),
                                      error_messages={"required": "Choose the type of accommodation"})
    accom_suitable = forms.TypedChoiceField(label="Is the accommodation suitable?", widget=forms.RadioSelect,
                                            choices=[("1", "Suitable"), ("2", "Unsuitable")],
                                            coerce=lambda v: v == "1",
                                            help_text="Suitable if it is safe, secure and affordable",
                                            error_messages={"required": "Choose whether the accommodation is "
                                                                        "suitable"})
    address = forms.CharField(label="Address", required=False, max_length=300)
    postcode = forms.CharField(label="Postcode", required=False, max_length=8)


class CheckInForm(GovukForm):
    age = forms.TypedChoiceField(label="Birthday", coerce=int, choices=[],
                                 error_messages={"required": "Choose the birthday"})
    recorded_on = _date("Date of the check-in", "the date of the check-in")
    in_touch = forms.ChoiceField(label="In touch", choices=_blank(_coded(InTouch.choices), "Choose"),
                                 error_messages={"required": "Choose whether the young person is in touch"})
    activity = forms.ChoiceField(label="Main activity", choices=_blank(_coded(Activity.choices), "Choose"),
                                 error_messages={"required": "Choose the young person's main activity"})
    accommodation = forms.ChoiceField(label="Accommodation", choices=_blank(ACCOM_CHOICES, "Choose"),
                                      error_messages={"required": "Choose the accommodation"})

    def __init__(self, *args, ages=(), window_months: int = 3, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["age"].choices = [("", "Choose a birthday"), *ages]
        self.fields["recorded_on"].help_text = (
            f"The day the information is about, within {window_months} months either side of the birthday. "
            "A check-in missed at the time can be entered later with that day.")

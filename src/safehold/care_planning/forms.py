"""Forms for care planning: they check the shape of input; services.py enforces the rules."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone

from safehold.accounts.models import Role, User
from safehold.web.forms import GovukDateField, GovukForm

from .codes import MissingKind, Participation, PermanencePlan, SDQReason
from .models import IROContact

YES_NO = [("yes", "Yes"), ("no", "No")]


def yes_no(value: str | None) -> bool | None:
    return {"yes": True, "no": False}.get(value or "")


def _date(label: str, what: str, required: bool = True):
    return GovukDateField(label=label, label_text=what, required=required,
                          error_messages={"required": f"Enter {what}"})


def _time(label: str, what: str, required: bool = True):
    return forms.TimeField(label=label, required=required, input_formats=["%H:%M", "%H.%M", "%H%M"],
                           help_text="Use the 24-hour clock, for example 21:30",
                           widget=forms.TextInput(attrs={"class": "govuk-input govuk-input--width-5",
                                                         "inputmode": "numeric"}),
                           error_messages={"required": f"Enter {what}",
                                           "invalid": f"Enter {what} as hours and minutes, for example 21:30"})


def combine(day: dt.date | None, time: dt.time | None) -> dt.datetime | None:
    if day is None or time is None:
        return None
    return timezone.make_aware(dt.datetime.combine(day, time))


def _coded(choices):
    return [(code, f"{code}: {label}") for code, label in choices]


def _iro_field(label: str):
    return forms.ModelChoiceField(label=label, required=False, empty_label="Choose the IRO",
                                  queryset=User.objects.filter(role=Role.IRO, is_active=True).order_by(
                                      "last_name", "first_name"))


class ReviewForm(GovukForm):
    review_date = _date("Date of the review", "the date of the review")
    chaired_by = _iro_field("Independent reviewing officer who chaired the review")
    participation = forms.ChoiceField(label="How the child took part (903 REVIEW_CODE)",
                                      choices=_coded(Participation.choices), widget=forms.RadioSelect,
                                      error_messages={"required": "Choose how the child took part in the review"})
    care_plan_endorsed = forms.ChoiceField(label="Does the care plan meet the child's needs?", choices=YES_NO,
                                           widget=forms.RadioSelect,
                                           error_messages={"required": "Say whether the care plan meets the "
                                                                       "child's needs"})
    recommendations = forms.CharField(label="The IRO's recommendations", required=False,
                                      widget=forms.Textarea(attrs={"rows": 5}))


class CarePlanForm(GovukForm):
    agreed_on = _date("Date the plan was agreed", "the date the plan was agreed")
    permanence_plan = forms.ChoiceField(label="Permanence plan", choices=PermanencePlan.choices,
                                        widget=forms.RadioSelect,
                                        error_messages={"required": "Choose the permanence plan"})
    summary = forms.CharField(label="What the plan says", required=False, widget=forms.Textarea(attrs={"rows": 5}))


class VisitForm(GovukForm):
    visited_on = _date("Date of the visit", "the date of the visit")
    child_seen = forms.ChoiceField(label="Was the child seen?", choices=YES_NO, widget=forms.RadioSelect,
                                   error_messages={"required": "Say whether the child was seen"})
    child_seen_alone = forms.ChoiceField(label="Was the child seen alone?", choices=YES_NO, widget=forms.RadioSelect,
                                         error_messages={"required": "Say whether the child was seen alone"})
    childs_words = forms.CharField(label="The child's words", required=False, widget=forms.Textarea(attrs={"rows": 4}),
                                   help_text="What the child said, in their own words, where they gave them")
    notes = forms.CharField(label="Notes of the visit", required=False, widget=forms.Textarea(attrs={"rows": 4}))


class HealthAssessmentForm(GovukForm):
    assessed_on = _date("Date of the health assessment", "the date of the health assessment")


class DentalCheckForm(GovukForm):
    checked_on = _date("Date of the dental check", "the date of the dental check")


class EducationPlanForm(GovukForm):
    held_on = _date("Date of the personal education plan meeting", "the date of the meeting")
    school = forms.CharField(label="School or setting", required=False, max_length=200)
    summary = forms.CharField(label="Targets and support agreed", required=False,
                              widget=forms.Textarea(attrs={"rows": 4}))


class IROContactForm(GovukForm):
    contact_on = _date("Date of the contact", "the date of the contact")
    iro = _iro_field("Independent reviewing officer")
    method = forms.ChoiceField(label="How", choices=IROContact.Method.choices, widget=forms.RadioSelect,
                               error_messages={"required": "Choose how the IRO was in contact with the child"})
    notes = forms.CharField(label="Notes", required=False, widget=forms.Textarea(attrs={"rows": 4}))


class MissingEpisodeForm(GovukForm):
    kind = forms.ChoiceField(label="Was the child missing, or away from placement without authorisation?",
                             choices=MissingKind.choices, widget=forms.RadioSelect,
                             error_messages={"required": "Say whether the child was missing or away"})
    started_on = _date("Date the child went missing", "the date the child went missing")
    started_time = _time("Time the child went missing", "the time the child went missing")
    ended_on = _date("Date the child returned or was found (leave blank if still missing)",
                     "the date the child returned", required=False)
    ended_time = _time("Time the child returned", "the time the child returned", required=False)

    def clean(self):
        c = super().clean()
        if c.get("ended_on") and not c.get("ended_time") and "ended_time" not in self.errors:
            self.add_error("ended_time", "Enter the time the child returned")
        if c.get("ended_time") and not c.get("ended_on") and "ended_on" not in self.errors:
            self.add_error("ended_on", "Enter the date the child returned")
        return c


class MissingUpdateForm(GovukForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    ended_on = _date("Date the child returned or was found", "the date the child returned", required=False)
    ended_time = _time("Time the child returned", "the time the child returned", required=False)
    offered_on = _date("Date the return home interview was offered", "the date the interview was offered",
                       required=False)
    offered_time = _time("Time the interview was offered", "the time the interview was offered", required=False)
    accepted = forms.ChoiceField(label="Did the child accept the interview?", required=False,
                                 choices=[("", "Not known yet"), *YES_NO], widget=forms.RadioSelect)
    held_on = _date("Date the interview was held", "the date the interview was held", required=False)
    notes = forms.CharField(label="What the child said and what happens next", required=False,
                            widget=forms.Textarea(attrs={"rows": 5}))

    def clean(self):
        c = super().clean()
        for day, time, what in (("ended_on", "ended_time", "the child returned"),
                                ("offered_on", "offered_time", "the interview was offered")):
            if c.get(day) and not c.get(time) and time not in self.errors:
                self.add_error(time, f"Enter the time {what}")
            if c.get(time) and not c.get(day) and day not in self.errors:
                self.add_error(day, f"Enter the date {what}")
        return c


def _yes_no_field(label: str, *, help_text: str = "", no: str = "No"):
    return forms.TypedChoiceField(label=label, widget=forms.RadioSelect, required=False, help_text=help_text,
                                  choices=[("True", "Yes"), ("False", no)], coerce=lambda v: v == "True",
                                  empty_value=None)


class AnnualOutcomesForm(GovukForm):
    """The OC2 questions; the view drops those that do not apply at the child's age (outcomes.applies)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    immunisations_up_to_date = _yes_no_field("Are the child's immunisations up to date?")
    development_checks_up_to_date = _yes_no_field("Are the child's development assessments up to date?",
                                                  help_text="For a child under 5 at 31 March")
    sdq_score = forms.IntegerField(label="Strengths and Difficulties Questionnaire (SDQ) score", required=False,
                                   min_value=0, max_value=40, help_text="From 0 to 40: the latest in the year",
                                   error_messages={"invalid": "Enter the SDQ score as a whole number",
                                                   "min_value": "The SDQ score must be 0 or more",
                                                   "max_value": "The SDQ score must be 40 or less"})
    sdq_reason = forms.ChoiceField(label="Or, the reason there is no SDQ score", required=False,
                                   choices=[("", "There is a score")] + _coded(SDQReason.choices))
    convicted = _yes_no_field("Was the child convicted, or given a youth caution or conditional caution, during "
                              "the year?")
    substance_misuse = _yes_no_field("Was a substance misuse problem identified during the year?")
    intervention_received = _yes_no_field("Did the child receive an intervention for it?",
                                          help_text="Only when a substance misuse problem was identified")
    intervention_offered = _yes_no_field("Was an intervention offered and refused?",
                                         help_text="Only when the child did not receive one")

    def __init__(self, *args, applies=None, **kwargs):
        super().__init__(*args, **kwargs)
        if applies is not None:
            if not applies.development:
                del self.fields["development_checks_up_to_date"]
            if not applies.conviction:
                del self.fields["convicted"]
            if not applies.sdq:
                del self.fields["sdq_score"], self.fields["sdq_reason"]

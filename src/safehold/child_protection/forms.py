"""Forms for child protection: they check the shape of input; services.py enforces the rules."""

from __future__ import annotations

import datetime as dt
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from safehold.accounts.models import Role, User
from safehold.web.forms import GovukDateField, GovukForm

from .codes import Agency, CategoryOfAbuse
from .models import ChildProtectionConference, Section47Enquiry, StrategyDiscussion
from .services import missing_agencies

YES_NO = [("yes", "Yes"), ("no", "No")]
PARTICIPANT_ROWS = 6
# The first rows start with the agencies a strategy discussion needs (families-first.md section 6).
Outcome = ChildProtectionConference.Outcome
ROW_AGENCIES = [Agency.SOCIAL_CARE, Agency.POLICE, Agency.HEALTH, Agency.EDUCATION, "", ""]


def _users(roles):
    return User.objects.filter(is_active=True, role__in=roles).order_by("last_name", "first_name", "username")


def casework_users():
    return _users([Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.SERVICE_MANAGER, Role.FRONT_DOOR])


def conference_chairs():
    return _users([Role.IRO, Role.TEAM_MANAGER, Role.SERVICE_MANAGER])


def lead_practitioners():
    # The LCPP is social-work qualified and experienced (families-first.md section 6).
    return _users([Role.SOCIAL_WORKER, Role.TEAM_MANAGER])


def _yes_no(value: str | None) -> bool | None:
    return {"yes": True, "no": False}.get(value or "")


def _category_choices(blank: str):
    return [("", blank), *CategoryOfAbuse.choices]


class ServiceErrorsMixin:
    """Map service errors on fields the form shows differently."""

    field_map: dict[str, str] = {}

    def add_service_errors(self, exc: ValidationError) -> None:
        if hasattr(exc, "error_dict"):
            for field, errors in exc.message_dict.items():
                target = self.field_map.get(field, field)
                self.add_error(target if target in self.fields else None, errors)
        else:
            self.add_error(None, exc.messages)


class StrategyDiscussionForm(ServiceErrorsMixin, GovukForm):
    held_on = GovukDateField(label="Date of the strategy discussion", label_text="the date of the strategy discussion",
                             error_messages={"required": "Enter the date of the strategy discussion"})
    held_time = forms.CharField(label="Time it started", max_length=5, help_text="24-hour clock, for example 14:30",
                                widget=forms.TextInput(attrs={"width": "5"}),
                                error_messages={"required": "Enter the time the strategy discussion started"})
    chaired_by = forms.ModelChoiceField(label="Chaired by", queryset=User.objects.none(),
                                        error_messages={"required": "Choose who chaired the strategy discussion"})
    decision = forms.ChoiceField(label="What did the discussion decide?", choices=StrategyDiscussion.Decision.choices,
                                 widget=forms.RadioSelect,
                                 error_messages={"required": "Choose what the strategy discussion decided"})
    s47_start_date = GovukDateField(label="Section 47 enquiry start date (if an enquiry starts)", required=False,
                                    label_text="the section 47 enquiry start date",
                                    help_text="Leave blank to start the enquiry on the date of the discussion")
    rationale = forms.CharField(label="Reasons for the decision", widget=forms.Textarea(attrs={"rows": 5}),
                                error_messages={"required": "Enter the reasons for the decision"})

    field_map = {"held_at": "held_on"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chaired_by"].queryset = casework_users()
        for i in range(1, PARTICIPANT_ROWS + 1):
            self.fields[f"p{i}_name"] = forms.CharField(label="Name", required=False, max_length=120)
            self.fields[f"p{i}_agency"] = forms.ChoiceField(label="Agency", required=False,
                                                            choices=[("", "Choose an agency"), *Agency.choices],
                                                            initial=ROW_AGENCIES[i - 1])
            self.fields[f"p{i}_role"] = forms.CharField(label="Role", required=False, max_length=120)
            self.fields[f"p{i}_attended"] = forms.BooleanField(label="Took part", required=False, initial=True)

    main_fields = ["held_on", "held_time", "chaired_by", "decision", "s47_start_date", "rationale"]

    @property
    def participant_rows(self):
        return [(i, [self[f"p{i}_{part}"] for part in ("name", "agency", "role", "attended")])
                for i in range(1, PARTICIPANT_ROWS + 1)]

    def clean_held_time(self):
        value = self.cleaned_data["held_time"].strip()
        match = re.fullmatch(r"(\d{1,2})[:.](\d{2})", value)
        if not match or int(match[1]) > 23 or int(match[2]) > 59:
            raise ValidationError("Enter the time as hours and minutes on the 24-hour clock, like 14:30")
        return dt.time(int(match[1]), int(match[2]))

    def clean(self):
        data = super().clean()
        for i in range(1, PARTICIPANT_ROWS + 1):
            if data.get(f"p{i}_name", "").strip() and not data.get(f"p{i}_agency"):
                self.add_error(f"p{i}_agency", f"Choose the agency of {data[f'p{i}_name'].strip()}")
        return data

    def held_at(self) -> dt.datetime | None:
        day, time = self.cleaned_data.get("held_on"), self.cleaned_data.get("held_time")
        if day is None or time is None:
            return None
        return timezone.make_aware(dt.datetime.combine(day, time))

    def participants(self) -> list[dict]:
        data = self.cleaned_data
        return [{"name": data.get(f"p{i}_name", ""), "agency": data.get(f"p{i}_agency", ""),
                 "role": data.get(f"p{i}_role", ""), "attended": data.get(f"p{i}_attended", False)}
                for i in range(1, PARTICIPANT_ROWS + 1) if (data.get(f"p{i}_name") or "").strip()]

    def add_service_errors(self, exc: ValidationError) -> None:
        if hasattr(exc, "error_dict") and "participants" in exc.error_dict:
            messages = exc.message_dict
            target = self._participant_error_field()
            for message in messages.pop("participants"):
                self.add_error(target, message)
            if not messages:
                return
            exc = ValidationError(messages)
        super().add_service_errors(exc)

    def _participant_error_field(self) -> str:
        """The name box of the first row for a missing agency, so the error summary links to it."""
        missing = missing_agencies(self.participants())
        rows = range(1, PARTICIPANT_ROWS + 1)
        for agency in missing:
            for i in rows:
                if self.data.get(f"p{i}_agency") == agency and not self.data.get(f"p{i}_name", "").strip():
                    return f"p{i}_name"
        for i in rows:
            if not self.data.get(f"p{i}_name", "").strip():
                return f"p{i}_name"
        return "p1_name"


class Section47CompleteForm(GovukForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    end_date = GovukDateField(label="Date the enquiry ended", label_text="the date the enquiry ended",
                              error_messages={"required": "Enter the date the enquiry ended"})
    outcome = forms.ChoiceField(label="Outcome", choices=Section47Enquiry.Outcome.choices, widget=forms.RadioSelect,
                                error_messages={"required": "Choose the outcome of the enquiry"})
    conference_needed = forms.ChoiceField(
        label="Is an initial child protection conference needed?", choices=YES_NO, widget=forms.RadioSelect,
        error_messages={"required": "Say whether an initial child protection conference is needed"})

    findings = forms.CharField(label="What the enquiry found", widget=forms.Textarea(attrs={"rows": 8}),
                               help_text="What each agency found, what the child said, and why this outcome",
                               error_messages={"required": "Write what the enquiry found"})

    def conference_needed_value(self) -> bool | None:
        return _yes_no(self.cleaned_data.get("conference_needed"))


class InitialConferenceForm(GovukForm):
    held_on = GovukDateField(label="Date of the conference", label_text="the date of the conference",
                             error_messages={"required": "Enter the date of the conference"})
    chaired_by = forms.ModelChoiceField(label="Chaired by", queryset=User.objects.none(),
                                        error_messages={"required": "Choose who chaired the conference"})
    outcome = forms.ChoiceField(label="Decision", widget=forms.RadioSelect,
                                choices=[(Outcome.PLAN, "The child needs a child protection plan"),
                                         (Outcome.NO_PLAN, "No child protection plan")],
                                error_messages={"required": "Choose whether the conference decided on a plan"})
    category = forms.ChoiceField(label="Category of abuse", choices=_category_choices("Not applicable (no plan)"),
                                 required=False, help_text="If the child is to have a plan")
    lead_practitioner = forms.ModelChoiceField(label="Lead child protection practitioner", required=False,
                                               queryset=User.objects.none(), empty_label="Not applicable (no plan)",
                                               help_text="If the child is to have a plan")
    notes = forms.CharField(label="Notes (optional)", required=False, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chaired_by"].queryset = conference_chairs()
        self.fields["lead_practitioner"].queryset = lead_practitioners()


class ReviewConferenceForm(GovukForm):
    held_on = GovukDateField(label="Date of the conference", label_text="the date of the conference",
                             error_messages={"required": "Enter the date of the conference"})
    chaired_by = forms.ModelChoiceField(label="Chaired by", queryset=User.objects.none(),
                                        error_messages={"required": "Choose who chaired the conference"})
    outcome = forms.ChoiceField(label="Decision", widget=forms.RadioSelect,
                                choices=[(Outcome.PLAN_CONTINUES, "The plan continues"),
                                         (Outcome.PLAN_ENDS, "The plan ends")],
                                error_messages={"required": "Choose whether the plan continues or ends"})
    category = forms.ChoiceField(label="Latest category of abuse (if it has changed)", required=False,
                                 choices=_category_choices("No change"))
    end_reason = forms.CharField(label="Why the plan ends (if it ends)", required=False,
                                 widget=forms.Textarea(attrs={"rows": 3}))
    notes = forms.CharField(label="Notes (optional)", required=False, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chaired_by"].queryset = conference_chairs()


class CoreGroupForm(GovukForm):
    held_on = GovukDateField(label="Date of the meeting", label_text="the date of the meeting",
                             error_messages={"required": "Enter the date of the meeting"})
    attendees = forms.CharField(label="Who attended", widget=forms.Textarea(attrs={"rows": 3}),
                                help_text="Names, agencies and family members",
                                error_messages={"required": "Enter who attended the meeting"})
    notes = forms.CharField(label="Notes (optional)", required=False, widget=forms.Textarea(attrs={"rows": 4}))


class CPVisitForm(GovukForm):
    visited_on = GovukDateField(label="Date of the visit", label_text="the date of the visit",
                                error_messages={"required": "Enter the date of the visit"})
    child_seen = forms.ChoiceField(label="Was the child seen?", choices=YES_NO, widget=forms.RadioSelect,
                                   error_messages={"required": "Say whether the child was seen"})
    child_seen_alone = forms.ChoiceField(label="Was the child seen alone?", choices=YES_NO, widget=forms.RadioSelect,
                                         error_messages={"required": "Say whether the child was seen alone"})
    childs_words = forms.CharField(label="The child's words", required=False, widget=forms.Textarea(attrs={"rows": 4}),
                                   help_text="What the child said, in their own words, where they gave them")
    notes = forms.CharField(label="What happened on the visit", required=False,
                            widget=forms.Textarea(attrs={"rows": 5}))

    def flags(self) -> tuple[bool | None, bool]:
        return _yes_no(self.cleaned_data.get("child_seen")), bool(_yes_no(self.cleaned_data.get("child_seen_alone")))


class PlanEndForm(GovukForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    end_date = GovukDateField(label="Date the plan ended", label_text="the date the plan ended",
                              error_messages={"required": "Enter the date the plan ended"})
    end_reason = forms.CharField(label="Why the plan ended", widget=forms.Textarea(attrs={"rows": 3}),
                                 error_messages={"required": "Enter why the plan is ending"})
    latest_category = forms.ChoiceField(label="Latest category of abuse (if it has changed)", required=False,
                                        choices=_category_choices("No change"))


class PlanOutcomeForm(GovukForm):
    outcome = forms.CharField(label="Outcome for the child", max_length=400,
                              error_messages={"required": "Write the outcome for the child, as the conference agreed it"})


class PlanActionForm(GovukForm):
    outcome_id = forms.IntegerField(widget=forms.HiddenInput)
    action = forms.CharField(label="What will be done", max_length=400,
                             error_messages={"required": "Say what will be done"})
    owner = forms.CharField(label="Who will do it", max_length=120, error_messages={"required": "Say who will do it"})
    owner_agency = forms.ChoiceField(label="Their agency or role", choices=[
        ("", "Choose"), ("la", "Local authority"), ("police", "Police"), ("health", "Health"),
        ("education", "Education"), ("family", "Family"), ("child", "The child"), ("other", "Other")],
        error_messages={"required": "Choose their agency or role"})
    due_on = GovukDateField(label="By when", label_text="the date it will be done by",
                            error_messages={"required": "Enter the date it will be done by"})


class ContingencyForm(GovukForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    contingency = forms.CharField(label="Contingency plan", widget=forms.Textarea(attrs={"rows": 6}),
                                  help_text="What will happen if the plan is not working or the child is at greater risk",
                                  error_messages={"required": "Write the contingency plan"})

"""Forms for Family Help: they check the shape of input; services.py enforces the rules."""

from __future__ import annotations

from django import forms

from safehold.accounts.models import Role, User
from safehold.casework.models import Visit
from safehold.web.forms import GovukDateField, GovukForm

from .codes import AssessmentFactor, ClosureReason, EarlyHelpEndReason, PPOutcome, PrimaryNeed, ReferralSource

YES_NO = [("yes", "Yes"), ("no", "No")]
YES_NO_UNKNOWN = [("yes", "Yes"), ("no", "No"), ("", "Not yet known")]


def yes_no(value: str | None) -> bool | None:
    return {"yes": True, "no": False}.get(value or "")


def to_yes_no(value: bool | None) -> str:
    return {True: "yes", False: "no"}.get(value, "")


def _users(roles):
    return User.objects.filter(is_active=True, role__in=roles).order_by("last_name", "first_name", "username")


def casework_users():
    return _users([Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.SERVICE_MANAGER, Role.FRONT_DOOR])


def lead_practitioners(*, partners: bool = False):
    """Family Help lead practitioners: social workers and family support staff, and (for targeted
    early help) partner agency practitioners acting as lead (families-first.md section 6)."""
    roles = [Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.SERVICE_MANAGER, Role.FRONT_DOOR]
    return _users(roles + [Role.PARTNER] if partners else roles)


def _blank(choices, label: str):
    return [("", label), *choices]


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj} ({obj.team})" if obj.team_id else str(obj)


class ReferralForm(GovukForm):
    referral_date = GovukDateField(label="Referral date", label_text="the referral date",
                                   error_messages={"required": "Enter the referral date"})
    referral_source = forms.ChoiceField(label="Where did the referral come from?",
                                        choices=_blank(ReferralSource.choices, "Choose a source"),
                                        error_messages={"required": "Choose where the referral came from"})
    primary_need = forms.ChoiceField(label="Primary need (if known)", required=False,
                                     choices=_blank(PrimaryNeed.choices, "Not yet known"),
                                     help_text="Needed once the referral leads to an assessment or a plan")


class AssessmentStartForm(GovukForm):
    start_date = GovukDateField(label="Date the assessment started", label_text="the assessment start date",
                                error_messages={"required": "Enter the date the assessment started"})
    lead_worker = UserChoiceField(label="Lead worker", queryset=User.objects.none(),
                                  error_messages={"required": "Choose the lead worker"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_worker"].queryset = casework_users()


class AssessmentDraftForm(GovukForm):
    draft_text = forms.CharField(label="The assessment", required=False,
                                 widget=forms.Textarea(attrs={"rows": 18}),
                                 help_text="What you write is saved as you type, and kept on this device if your "
                                           "session ends.")


class AssessmentAuthoriseForm(GovukForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    draft_version = forms.IntegerField(widget=forms.HiddenInput)  # the draft the manager has seen
    authorised_date = GovukDateField(label="Date authorised", label_text="the date authorised",
                                     error_messages={"required": "Enter the date the assessment was authorised"})
    factors = forms.MultipleChoiceField(label="Factors identified at assessment", choices=AssessmentFactor.choices,
                                        widget=forms.CheckboxSelectMultiple, required=False,
                                        help_text="Census codes: A the child, B a parent or carer, C another person "
                                                  "in the household. Choose 21 on its own if no factors were "
                                                  "identified.")
    summary = forms.CharField(label="Analysis and summary", required=False, widget=forms.Textarea(attrs={"rows": 10}),
                              help_text="Starts from the worker's latest draft")
    primary_need = forms.ChoiceField(label="Primary need", required=False,
                                     choices=_blank(PrimaryNeed.choices, "Keep as recorded"))


class CINPlanForm(GovukForm):
    start_date = GovukDateField(label="Plan start date", label_text="the plan start date",
                                error_messages={"required": "Enter the date the plan started"})
    lead_practitioner = UserChoiceField(label="Family Help lead practitioner", queryset=User.objects.none(),
                                        error_messages={"required": "Choose the lead practitioner"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_practitioner"].queryset = lead_practitioners()


class CINPlanEndForm(GovukForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    end_date = GovukDateField(label="Plan end date", label_text="the plan end date",
                              error_messages={"required": "Enter the date the plan ended"})
    end_reason = forms.CharField(label="Why is the plan ending?", widget=forms.Textarea(attrs={"rows": 3}),
                                 error_messages={"required": "Say why the plan is ending"})


class PlanReviewForm(GovukForm):
    review_date = GovukDateField(label="Review date", label_text="the review date",
                                 error_messages={"required": "Enter the date of the review"})
    outcome = forms.CharField(label="What did the review decide?", widget=forms.Textarea(attrs={"rows": 5}),
                              error_messages={"required": "Say what the review decided"})


VISIT_KINDS = [(k.value, k.label) for k in (Visit.Kind.ASSESSMENT, Visit.Kind.CIN, Visit.Kind.EARLY_HELP)]


class VisitForm(GovukForm):
    kind = forms.ChoiceField(label="What was the visit for?", choices=VISIT_KINDS, widget=forms.RadioSelect,
                             error_messages={"required": "Choose what the visit was for"})
    visited_on = GovukDateField(label="Date of the visit", label_text="the date of the visit",
                                error_messages={"required": "Enter the date of the visit"})
    visited_by = UserChoiceField(label="Who visited?", queryset=User.objects.none(),
                                 error_messages={"required": "Choose who visited"})
    child_seen = forms.ChoiceField(label="Was the child seen?", choices=YES_NO, widget=forms.RadioSelect,
                                   error_messages={"required": "Say whether the child was seen"})
    child_seen_alone = forms.ChoiceField(label="Was the child seen alone?", choices=YES_NO, widget=forms.RadioSelect,
                                         required=False, help_text="Only if the child was seen")
    childs_words = forms.CharField(label="The child's words", required=False,
                                   widget=forms.Textarea(attrs={"rows": 4}),
                                   help_text="What the child said, in their own words, if they gave them")
    notes = forms.CharField(label="Notes", required=False, widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["visited_by"].queryset = lead_practitioners(partners=True)


class EarlyHelpForm(GovukForm):
    start_date = GovukDateField(label="Start date", label_text="the start date",
                                error_messages={"required": "Enter the date the help started"})
    reason = forms.CharField(label="Why is the family getting help?", widget=forms.Textarea(attrs={"rows": 4}),
                             error_messages={"required": "Say why the family is getting help"})
    lead_practitioner = UserChoiceField(label="Family Help lead practitioner", queryset=User.objects.none(),
                                        error_messages={"required": "Choose the lead practitioner"})
    lead_practitioner_role = forms.CharField(label="Lead practitioner's role", required=False, max_length=120,
                                             help_text="For example, family support worker. Leave blank to use "
                                                       "their job title.")
    lead_practitioner_agency = forms.CharField(label="Lead practitioner's agency", required=False, max_length=120,
                                               help_text="Leave blank to use their agency on the system")
    organisation = forms.CharField(label="Organisation providing the help", required=False, max_length=120)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_practitioner"].queryset = lead_practitioners(partners=True)


class EarlyHelpCloseForm(GovukForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    end_date = GovukDateField(label="End date", label_text="the end date",
                              error_messages={"required": "Enter the date the help ended"})
    end_reason = forms.ChoiceField(label="Why did the help end?", choices=EarlyHelpEndReason.choices,
                                   widget=forms.RadioSelect, error_messages={"required": "Choose why the help ended"})
    end_note = forms.CharField(label="Notes", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class PreProceedingsForm(GovukForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    pp_start_date = GovukDateField(label="Date pre-proceedings started", label_text="the date pre-proceedings started",
                                   help_text="The legal planning meeting that decided to start pre-proceedings",
                                   error_messages={"required": "Enter the date pre-proceedings started"})
    lbp_sent_date = GovukDateField(label="Letter before proceedings sent", required=False,
                                   label_text="the date the letter before proceedings was sent")
    fgdm_meeting_offer = forms.ChoiceField(label="Did the letter offer a family group decision making meeting?",
                                           choices=YES_NO_UNKNOWN, widget=forms.RadioSelect, required=False)
    fgdm_meeting_fac = forms.ChoiceField(label="Was a family group decision making meeting facilitated?",
                                         choices=YES_NO_UNKNOWN, widget=forms.RadioSelect, required=False)
    initial_pp_meeting_date = GovukDateField(label="First pre-proceedings meeting", required=False,
                                             label_text="the date of the first pre-proceedings meeting")
    review_meetings_count = forms.IntegerField(label="Number of review meetings after the first", required=False,
                                               min_value=0, max_value=200,
                                               widget=forms.TextInput(attrs={"width": "3", "inputmode": "numeric"}),
                                               error_messages={"invalid": "Enter the number of review meetings as "
                                                                          "a whole number"})
    step_decision_date = GovukDateField(label="Decision to step up to proceedings or step down", required=False,
                                        label_text="the date of the decision to step up or down")
    pp_outcome = forms.ChoiceField(label="Outcome of pre-proceedings", required=False,
                                   choices=_blank(PPOutcome.choices, "Not yet decided"),
                                   help_text="Census codes A, B and C (code set CS131). Their meanings are not yet "
                                             "confirmed by the DfE's 2026-27 specification.")
    court_app_date = GovukDateField(label="Court application submitted", required=False,
                                    label_text="the date of the court application")
    letter_init_cp_date = GovukDateField(label="Letter initiating care proceedings sent", required=False,
                                         label_text="the date the letter initiating care proceedings was sent")

    def service_data(self) -> dict:
        d = dict(self.cleaned_data)
        d.pop("version", None)
        d["fgdm_meeting_offer"] = yes_no(d.get("fgdm_meeting_offer"))
        d["fgdm_meeting_fac"] = yes_no(d.get("fgdm_meeting_fac"))
        return d


class EpisodeCloseForm(GovukForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    closure_date = GovukDateField(label="Closure date", label_text="the closure date",
                                  error_messages={"required": "Enter the closure date"})
    reason = forms.ChoiceField(label="Reason for closure", choices=ClosureReason.choices, widget=forms.RadioSelect,
                               error_messages={"required": "Choose the reason for closing the episode"})
    primary_need = forms.ChoiceField(label="Primary need", required=False,
                                     choices=_blank(PrimaryNeed.choices, "Keep as recorded"))
    note = forms.CharField(label="Manager's sign-off note", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class ClosureRequestForm(GovukForm):
    reason = forms.ChoiceField(label="Reason for closure", choices=ClosureReason.choices, widget=forms.RadioSelect,
                               error_messages={"required": "Choose the reason for closing the episode"})
    note = forms.CharField(label="Why can the episode close?", widget=forms.Textarea(attrs={"rows": 4}),
                           error_messages={"required": "Say why the episode can close"})

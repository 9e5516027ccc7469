"""Forms of the action plan and the scrutiny committee report: shape only; services decide."""

from django import forms

from safehold.accounts.models import Role, User
from safehold.performance.definitions import catalogue
from safehold.web.forms import GovukDateField, GovukForm

from .models import AuditRound, Inspection, PlanAction, PlanArea

RAG_CHOICES = [("", "Use the rule"), ("red", "Red"), ("amber", "Amber"), ("green", "Green")]


def _owners():
    """Officers who own plans and actions: leaders, service and team managers, quality assurance."""
    return User.objects.filter(is_active=True, role__in=[Role.LEADER, Role.SERVICE_MANAGER, Role.TEAM_MANAGER,
                                                         Role.QUALITY_ASSURANCE, Role.ANALYST]).order_by(
        "last_name", "first_name")


class OwnerField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.get_full_name() or obj.username} ({obj.get_role_display()})"


def measure_choices():
    return [("", "Choose a measure")] + [(m.code, f"{m.name} ({m.code})") for m in catalogue()]


class PlanForm(GovukForm):
    title = forms.CharField(label="Title of the plan", max_length=200,
                            error_messages={"required": "Enter a title for the plan"})
    inspection = forms.ModelChoiceField(label="The inspection it answers", required=False,
                                        queryset=Inspection.objects.all(), empty_label="None: the council's own plan",
                                        help_text="Each area for improvement in its report becomes an area of the plan")
    owner = OwnerField(label="Owner", queryset=User.objects.none(), error_messages={"required": "Choose the owner"})
    shared_with_ofsted_on = GovukDateField(label="Shared with Ofsted on", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = _owners()


class AreaForm(GovukForm):
    title = forms.CharField(label="Area for improvement", widget=forms.Textarea(attrs={"rows": 3}),
                            error_messages={"required": "Enter the area for improvement"})
    source = forms.ChoiceField(label="Where it comes from", choices=PlanArea.Source.choices, widget=forms.RadioSelect,
                               error_messages={"required": "Choose where this area comes from"})
    outcome = forms.CharField(label="The outcome we seek", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    lead = OwnerField(label="Lead", queryset=User.objects.none(), error_messages={"required": "Choose the lead"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead"].queryset = _owners()


class AreaEditForm(GovukForm):
    outcome = forms.CharField(label="The outcome we seek", required=False, widget=forms.Textarea(attrs={"rows": 4}))
    lead = OwnerField(label="Lead", queryset=User.objects.none(), error_messages={"required": "Choose the lead"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead"].queryset = _owners()


class MeasureForm(GovukForm):
    code = forms.ChoiceField(label="Measure", choices=(), error_messages={"required": "Choose a measure"})
    target = forms.FloatField(label="Target", error_messages={"required": "Enter the target",
                                                              "invalid": "Enter the target as a number"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].choices = measure_choices()


class ActionForm(GovukForm):
    text = forms.CharField(label="Action", widget=forms.Textarea(attrs={"rows": 3}),
                           error_messages={"required": "Say what the action is"})
    owner = OwnerField(label="Owner", queryset=User.objects.none(), error_messages={"required": "Choose the owner"})
    starts_on = GovukDateField(label="Start date")
    due_on = GovukDateField(label="Due date")
    milestone_1 = forms.CharField(label="Milestone 1", required=False, max_length=300)
    milestone_due_1 = GovukDateField(label="Milestone 1 date", required=False)
    milestone_2 = forms.CharField(label="Milestone 2", required=False, max_length=300)
    milestone_due_2 = GovukDateField(label="Milestone 2 date", required=False)
    milestone_3 = forms.CharField(label="Milestone 3", required=False, max_length=300)
    milestone_due_3 = GovukDateField(label="Milestone 3 date", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = _owners()

    def milestones(self):
        d = self.cleaned_data
        return [(d.get(f"milestone_{n}") or "", d.get(f"milestone_due_{n}")) for n in (1, 2, 3)]


class UpdateForm(GovukForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    on = GovukDateField(label="Date of this update")
    status = forms.ChoiceField(label="Status", choices=PlanAction.Status.choices, widget=forms.RadioSelect,
                               error_messages={"required": "Choose the status"})
    completed_on = GovukDateField(label="Date completed", required=False, help_text="When the status is completed")
    note = forms.CharField(label="What has happened since the last update", widget=forms.Textarea(attrs={"rows": 4}),
                           error_messages={"required": "Say what has happened since the last update"})
    milestones_done = forms.MultipleChoiceField(label="Milestones done", required=False,
                                                widget=forms.CheckboxSelectMultiple, choices=())
    rag_override = forms.ChoiceField(label="Status shown (RAG)", choices=RAG_CHOICES, required=False,
                                     help_text="Leave it to the rule unless you have a reason; the rule's status is shown beside yours")
    override_reason = forms.CharField(label="Why you set the status yourself", required=False,
                                      widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, milestones=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["milestones_done"].choices = [(str(m.pk), f"{m.text} (due {m.due_on:%-d %B %Y})")
                                                  for m in milestones if not m.done_on]
        if not self.fields["milestones_done"].choices:
            del self.fields["milestones_done"]


class EvidenceForm(GovukForm):
    description = forms.CharField(label="Evidence", max_length=300, required=False,
                                  help_text="A document, minutes, a training record: what it is and where it is kept")
    link = forms.URLField(label="Link", required=False, assume_scheme="https", error_messages={"invalid": "Enter a link starting https://"})
    audit_round = forms.ModelChoiceField(label="Or an audit round that shows it", required=False,
                                         queryset=None, empty_label="None")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["audit_round"].queryset = AuditRound.objects.all()


class ReportForm(GovukForm):
    meeting_on = GovukDateField(label="Date of the committee meeting")
    summary = forms.CharField(label="Summary for councillors", required=False, widget=forms.Textarea(attrs={"rows": 8}),
                              help_text="In plain English: what was found, what has been done since the last report, "
                                        "what is late and why")


class SummaryForm(GovukForm):
    summary = forms.CharField(label="Summary for councillors", required=False, widget=forms.Textarea(attrs={"rows": 10}),
                              help_text="In plain English: what was found, what has been done since the last report, "
                                        "what is late and why")


class AsAtForm(forms.Form):
    on = forms.DateField(required=False)

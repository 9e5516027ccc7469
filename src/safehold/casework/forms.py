from django import forms

from safehold.accounts.models import Team, User
from safehold.web.forms import GovukDateField, GovukForm

from .models import Allocation, SWReason


class AllocationForm(GovukForm):
    team = forms.ModelChoiceField(label="Team", queryset=Team.objects.exclude(kind="partner"),
                                  error_messages={"required": "Choose a team"})
    worker = forms.ModelChoiceField(label="Worker", required=False, empty_label="Unallocated (held by the team)",
                                    queryset=User.objects.filter(is_active=True, role__in=[
                                        "social_worker", "team_manager", "front_door"]))
    started_on = GovukDateField(label="From", label_text="the allocation date",
                                error_messages={"required": "Enter the date the allocation starts"})
    sw_reason = forms.ChoiceField(label="Why the child has a new social worker (SSDA903)", required=False,
                                  choices=[("", "Not a change of social worker"), *SWReason.choices])
    reason = forms.CharField(label="Reason for the change, in words", required=False, max_length=200)
    # Which allocation: the allocated worker, or (from a team's unallocated queue) the Family Help lead
    # practitioner or the MACPT's lead child protection practitioner.
    role = forms.ChoiceField(choices=[(r.value, r.label) for r in (
        Allocation.Role.ALLOCATED_WORKER, Allocation.Role.LEAD_PRACTITIONER, Allocation.Role.LEAD_CP_PRACTITIONER)],
        initial=Allocation.Role.ALLOCATED_WORKER, required=False, widget=forms.HiddenInput)

    def __init__(self, *args, teams=None, **kwargs):
        """`teams`: the teams this manager allocates in (their own team, or their service's teams);
        the pick-lists show only those teams and their members, each name once."""
        super().__init__(*args, **kwargs)
        if teams is not None:
            self.fields["team"].queryset = teams
            self.fields["worker"].queryset = self.fields["worker"].queryset.filter(team__in=teams)
        self.fields["worker"].label_from_instance = lambda u: f"{u.get_full_name() or u.username} ({u.team})"

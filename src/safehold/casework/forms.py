from django import forms

from safehold.accounts.models import Team, User
from safehold.web.forms import GovukDateField, GovukForm

from .models import SWReason


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

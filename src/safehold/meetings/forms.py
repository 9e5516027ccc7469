from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone

from safehold.accounts.models import User
from safehold.web.forms import GovukDateField, GovukForm

from .models import Invitee, InviteeAgency, MeetingKind

INVITEE_ROWS = 8


class MeetingBookForm(GovukForm):
    kind = forms.ChoiceField(label="Meeting", choices=[("", "Choose"), *MeetingKind.choices],
                             error_messages={"required": "Choose the kind of meeting"})
    day = GovukDateField(label="Date", label_text="the date of the meeting",
                         error_messages={"required": "Enter the date of the meeting"})
    time = forms.CharField(label="Time", max_length=5, help_text="24-hour clock, for example 14:30",
                           error_messages={"required": "Enter the time of the meeting"})
    venue = forms.CharField(label="Where, or how people join", max_length=200,
                            error_messages={"required": "Enter where the meeting is, or how people join it"})
    chair = forms.ModelChoiceField(label="Chair", required=False, empty_label="No chair (a core group or strategy "
                                                                              "discussion)",
                                   queryset=User.objects.filter(is_active=True, role__in=["iro", "team_manager",
                                                                                          "service_manager"]))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chair"].label_from_instance = lambda u: f"{u.get_full_name() or u.username} ({u.get_role_display()})"
        self.fields["time"].widget.attrs.update(width="5")
        for n in range(1, INVITEE_ROWS + 1):
            self.fields[f"invitee_{n}_name"] = forms.CharField(label=f"Invitee {n}: name", max_length=120,
                                                               required=False)
            self.fields[f"invitee_{n}_agency"] = forms.ChoiceField(
                label=f"Invitee {n}: agency", required=False, choices=[("", "Choose"), *InviteeAgency.choices])
            self.fields[f"invitee_{n}_role"] = forms.CharField(label=f"Invitee {n}: role", max_length=120,
                                                               required=False)

    def invitee_rows(self):
        return [(n, self[f"invitee_{n}_name"], self[f"invitee_{n}_agency"], self[f"invitee_{n}_role"])
                for n in range(1, INVITEE_ROWS + 1)]

    def main_fields(self):
        return [self[name] for name in ("kind", "day", "time", "venue", "chair")]

    def clean_time(self):
        value = self.cleaned_data["time"].strip()
        try:
            return dt.datetime.strptime(value, "%H:%M").time()
        except ValueError:
            raise forms.ValidationError("Enter the time as hours and minutes, for example 14:30") from None

    def scheduled_at(self) -> dt.datetime | None:
        c = self.cleaned_data
        if c.get("day") and c.get("time"):
            return timezone.make_aware(dt.datetime.combine(c["day"], c["time"]))
        return None

    def invitees(self) -> list[dict]:
        c = self.cleaned_data
        return [{"name": c.get(f"invitee_{n}_name", ""), "agency": c.get(f"invitee_{n}_agency", ""),
                 "role": c.get(f"invitee_{n}_role", "")} for n in range(1, INVITEE_ROWS + 1)
                if (c.get(f"invitee_{n}_name") or "").strip()]


ATTENDANCE = [(v, label) for v, label in Invitee.Attendance.choices if v != Invitee.Attendance.INVITED]


class MeetingHeldForm(GovukForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    held_on = GovukDateField(label="Date held", label_text="the date the meeting was held",
                             error_messages={"required": "Enter the date the meeting was held"})
    minutes = forms.CharField(label="Minutes", widget=forms.Textarea(attrs={"rows": 12}),
                              error_messages={"required": "Write the minutes: who said what, and what was decided"})

    def __init__(self, *args, invitees=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.invitee_list = list(invitees)
        for i in self.invitee_list:
            self.fields[f"attendance_{i.pk}"] = forms.ChoiceField(
                label=f"{i.name} ({i.get_agency_display()})", choices=ATTENDANCE, widget=forms.RadioSelect,
                error_messages={"required": f"Say whether {i.name} attended"})
            self.fields[f"report_{i.pk}"] = forms.BooleanField(label=f"{i.name} sent a report", required=False)

    def attendance(self) -> dict[int, str]:
        return {i.pk: self.cleaned_data.get(f"attendance_{i.pk}") for i in self.invitee_list}

    def reports(self) -> set[int]:
        return {i.pk for i in self.invitee_list if self.cleaned_data.get(f"report_{i.pk}")}


class MeetingCancelForm(GovukForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    cancel_reason = forms.CharField(label="Why it is cancelled", max_length=300,
                                    error_messages={"required": "Say why the meeting is cancelled"})

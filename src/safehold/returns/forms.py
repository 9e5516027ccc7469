from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone

from safehold.web.forms import GovukForm

from .models import ReturnRun


def year_choices(today: dt.date | None = None, years: int = 6):
    """The collection years ending 31 March that have ended, most recent first."""
    today = today or timezone.localdate()
    last = today.year if (today.month, today.day) > (3, 31) else today.year - 1
    return [(f"{y}-03-31", f"{y - 1} to {y} (year ending 31 March {y})") for y in range(last, last - years, -1)]


class RunForm(GovukForm):
    kind = forms.ChoiceField(label="Return", choices=ReturnRun.Kind.choices, widget=forms.RadioSelect,
                             error_messages={"required": "Choose a return"})
    period_end = forms.TypedChoiceField(
        label="Collection year", choices=[], coerce=dt.date.fromisoformat,
        help_text="Annex A can also be run as at today; the census and the SSDA903 cover a year to 31 March.",
        error_messages={"required": "Choose the year"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        period_end = self.fields["period_end"]
        assert isinstance(period_end, forms.TypedChoiceField)
        period_end.choices = [("", "Choose a year"), *year_choices(),
                              (today.isoformat(), f"As at today, {today:%d/%m/%Y} (Annex A only)")]

"""Helpers for tests that post GOV.UK forms."""

import datetime as dt


def date_fields(name: str, day: dt.date) -> dict:
    """A GOV.UK date input's three boxes (web.forms.GovukDateField) for `day`."""
    return {f"{name}_day": day.day, f"{name}_month": day.month, f"{name}_year": day.year}

"""Filters for the stored report content, which keeps its dates as ISO text (it is JSON)."""

import datetime as dt

from django import template

register = template.Library()


@register.filter
def long_date(value) -> str:
    """'2025-09-16' (or a date) as '16 September 2025'; anything else unchanged."""
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, dt.date):
        return f"{value.day} {value:%B %Y}"
    return value

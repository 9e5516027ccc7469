"""Small helpers every domain service uses to check input: errors are collected per form field and
raised together as one ValidationError, so a form shows them all on their fields (GOV.UK pattern). The
permission check every service makes first is accounts.policy.require (core sits below accounts)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone


def d(day: dt.date) -> str:
    """A date as people write it in messages: 3/2/2026."""
    return f"{day.day}/{day.month}/{day.year}"


def local_date(moment: dt.datetime) -> dt.date:
    """The day a moment falls on in the council's time zone (a naive moment is taken as local already)."""
    return timezone.localtime(moment).date() if timezone.is_aware(moment) else moment.date()


def long_date(day: dt.date) -> str:
    """A date in words: 3 February 2026."""
    return f"{day.day} {day:%B %Y}"


def add_error(errors: dict[str, list[str]], field: str, message: str) -> None:
    errors.setdefault(field, []).append(message)


def raise_if_errors(errors: dict[str, list[str]]) -> None:
    if errors:
        raise ValidationError(errors)


def check_day(errors: dict[str, list[str]], field: str, when: dt.date | None, what: str) -> bool:
    """`when` is given and not in the future; else an error on `field` ("Enter the date of ...")."""
    if when is None:
        add_error(errors, field, f"Enter {what[0].lower()}{what[1:]}")
        return False
    if when > timezone.localdate():
        add_error(errors, field, f"{what} must be today or in the past")
        return False
    return True

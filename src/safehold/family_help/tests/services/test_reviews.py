"""Tests of family_help/services/reviews.py."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from safehold.family_help import services

from ..helpers import (
    cin_plan,
)
from .support import errors_of, events

pytestmark = pytest.mark.django_db


def test_review_outside_the_plan_is_refused(child, tm):
    plan = cin_plan(child, tm, start=dt.date(2025, 2, 1))
    with pytest.raises(ValidationError) as exc:
        services.plan_review_record(by=tm, plan=plan, review_date=dt.date(2025, 1, 15), outcome="Too early")
    assert errors_of(exc)["review_date"] == ["The review date must be on or after the plan started (1/2/2025)"]
    services.plan_review_record(by=tm, plan=plan, review_date=dt.date(2025, 2, 15), outcome="Continue")
    assert events(child, "plan_review")[0].summary == "Child in need plan reviewed: Continue"

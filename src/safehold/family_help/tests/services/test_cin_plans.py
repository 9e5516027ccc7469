"""Tests of family_help/services/cin_plans.py."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from safehold.casework.models import Allocation
from safehold.family_help import services

from ..helpers import (
    REFERRAL,
    cin_plan,
    open_referral,
)
from .support import errors_of, events

pytestmark = pytest.mark.django_db


def test_cin_plan_before_the_referral_is_refused(child, tm):
    episode = open_referral(child, tm)
    with pytest.raises(ValidationError) as exc:  # rule 4015
        services.cin_plan_start(by=tm, episode=episode, start_date=REFERRAL - dt.timedelta(days=1),
                                lead_practitioner=tm)
    assert "on or after the referral date (6/1/2025)" in errors_of(exc)["start_date"][0]


def test_one_open_cin_plan_and_no_overlap(child, tm):
    plan = cin_plan(child, tm, start=dt.date(2025, 2, 1))
    with pytest.raises(ValidationError) as exc:  # rule 4004
        services.cin_plan_start(by=tm, episode=plan.episode, start_date=dt.date(2025, 3, 1), lead_practitioner=tm)
    assert "still open" in errors_of(exc)["start_date"][0]
    services.cin_plan_end(by=tm, plan=plan, end_date=dt.date(2025, 4, 1), end_reason="Goals met",
                          expected_version=plan.version)
    with pytest.raises(ValidationError) as exc:  # rule 4014
        services.cin_plan_start(by=tm, episode=plan.episode, start_date=dt.date(2025, 4, 1), lead_practitioner=tm)
    assert "would overlap the plan from 1/2/2025 to 1/4/2025" in errors_of(exc)["start_date"][0]
    services.cin_plan_start(by=tm, episode=plan.episode, start_date=dt.date(2025, 4, 2), lead_practitioner=tm)


def test_cin_plan_gives_the_lead_practitioner_the_case(child, tm):
    plan = cin_plan(child, tm, start=dt.date(2025, 2, 1))
    lead = Allocation.objects.get(person=child, role=Allocation.Role.LEAD_PRACTITIONER, ended_on__isnull=True)
    assert lead.worker == tm
    services.cin_plan_end(by=tm, plan=plan, end_date=dt.date(2025, 5, 1), end_reason="Goals met",
                          expected_version=plan.version)
    lead.refresh_from_db()
    assert lead.ended_on == dt.date(2025, 5, 1)
    assert [e.summary for e in events(child, "cin_plan")] == [
        f"Child in need plan started; lead practitioner {tm}", "Child in need plan ended: Goals met"]


def test_cin_plan_cannot_run_beside_a_cp_plan(child, tm):
    from safehold.child_protection.tests.helpers import plan_for

    cp = plan_for(child, tm, referral=dt.date(2025, 12, 1))
    with pytest.raises(ValidationError) as exc:  # rules 4001/4003
        services.cin_plan_start(by=tm, episode=cp.episode, start_date=dt.date(2026, 1, 20), lead_practitioner=tm)
    assert "child protection plan" in errors_of(exc)["start_date"][0]


def test_plan_end_before_its_last_review_is_refused(child, tm):
    plan = cin_plan(child, tm, start=dt.date(2025, 2, 1))
    services.plan_review_record(by=tm, plan=plan, review_date=dt.date(2025, 4, 1), outcome="Continue the plan")
    with pytest.raises(ValidationError) as exc:
        services.cin_plan_end(by=tm, plan=plan, end_date=dt.date(2025, 3, 1), end_reason="Goals met",
                              expected_version=plan.version)
    assert errors_of(exc)["end_date"] == ["The end date must be on or after the last review (1/4/2025)"]
    with pytest.raises(ValidationError) as exc:
        services.cin_plan_end(by=tm, plan=plan, end_date=dt.date(2025, 1, 31), end_reason="Goals met",
                              expected_version=plan.version)
    assert "on or after the plan started (1/2/2025)" in errors_of(exc)["end_date"][0]

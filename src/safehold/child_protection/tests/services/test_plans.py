"""Tests of child_protection/services/plans.py."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from safehold.casework.models import Allocation, StatutoryWork
from safehold.child_protection import selectors, services
from safehold.people.models import ChronologyEntry

from ..helpers import completed_enquiry, plan_for
from .support import D, errors_of, icpc, work


def test_plan_cannot_end_on_the_day_it_started(child, manager):
    plan = plan_for(child, manager)
    with pytest.raises(ValidationError) as caught:
        services.cp_plan_end(by=manager, plan=plan, end_date=D(2026, 1, 12), end_reason="Moved away")
    assert errors_of(caught)["end_date"] == ["A child protection plan cannot start and end on the same day (12/1/2026)"]


def test_plan_cannot_end_before_it_started(child, manager):
    plan = plan_for(child, manager)
    with pytest.raises(ValidationError) as caught:
        services.cp_plan_end(by=manager, plan=plan, end_date=D(2026, 1, 5), end_reason="Moved away")
    assert errors_of(caught)["end_date"] == ["The plan end date must be after the plan started (12/1/2026)"]


def test_ending_a_plan_cancels_its_work_and_releases_the_lcpp(child, manager):
    plan = plan_for(child, manager)
    services.cp_plan_end(by=manager, plan=plan, end_date=D(2026, 3, 2), end_reason="Moved to another LA",
                         latest_category="MUL")
    plan.refresh_from_db()
    assert (plan.end_date, plan.latest_category, plan.ended_by) == (D(2026, 3, 2), "MUL", manager)
    statuses = dict(work(child, "RCPC_FIRST").values_list("rule_code", "status"))
    assert statuses == {"RCPC_FIRST": "cancelled"}
    assert not StatutoryWork.objects.filter(person=child, status="open").exclude(rule_code="ASSESSMENT").exists()
    lcpp = Allocation.objects.get(person=child, role=Allocation.Role.LEAD_CP_PRACTITIONER)
    assert lcpp.ended_on == D(2026, 3, 2)
    entry = ChronologyEntry.objects.get(person=child, event_type="cp_plan_end")
    assert entry.summary == "Child protection plan ended (multiple / not recommended): Moved to another LA"
    with pytest.raises(ValidationError):
        services.cp_plan_end(by=manager, plan=plan, end_date=D(2026, 3, 3), end_reason="Again")


def test_a_social_worker_cannot_end_a_plan(child, manager, users):
    plan = plan_for(child, manager)
    with pytest.raises(PermissionDenied):
        services.cp_plan_end(by=users["social_worker"], plan=plan, end_date=D(2026, 3, 2), end_reason="x")


def test_a_stale_version_is_a_conflict(child, manager):
    from safehold.core.concurrency import EditConflict

    plan = plan_for(child, manager)
    with pytest.raises(EditConflict):
        services.cp_plan_end(by=manager, plan=plan, end_date=D(2026, 3, 2), end_reason="x",
                             expected_version=plan.version - 1)
    plan.refresh_from_db()
    assert plan.is_open


def test_a_second_plan_is_flagged_as_a_repeat(child, manager):
    first = plan_for(child, manager)
    services.cp_plan_end(by=manager, plan=first, end_date=D(2026, 3, 2), end_reason="Risk reduced")
    enquiry = completed_enquiry(first.episode, manager, day=D(2026, 5, 4))
    second = icpc(enquiry, manager, D(2026, 5, 18), category="EMO").started_plan
    assert second.number_of_previous_plans == 1  # rule 8730
    assert selectors.is_repeat_plan(second) and not selectors.is_repeat_plan(first)
    assert "second or later plan (1 previous)" in ChronologyEntry.objects.get(
        person=child, event_type="cp_plan_start", occurred_on=D(2026, 5, 18)).summary

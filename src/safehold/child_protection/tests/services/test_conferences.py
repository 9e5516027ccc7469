"""Tests of child_protection/services/conferences.py."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from safehold.audit.models import AuditEvent
from safehold.child_protection import selectors
from safehold.child_protection.models import (
    CPPlan,
)
from safehold.family_help.tests.factories import CINPlanFactory
from safehold.people.models import ChronologyEntry

from ..helpers import STRATEGY_DAY, completed_enquiry, open_referral, plan_for, strategy
from .support import D, errors_of, icpc, review, work


def test_strategy_starting_s47_sets_the_icpc_target_15_working_days_later(child, episode, manager):
    # Worked by hand: Friday 19/12/2025 is day 0. Working days after it, skipping weekends and the
    # England bank holidays of 25/12, 26/12 and 1/1: 22, 23, 24 Dec (1-3), 29, 30, 31 Dec (4-6),
    # 2 Jan (7), 5-9 Jan (8-12), 12, 13, 14 Jan (13-15). The 15th working day is Wednesday 14/1/2026.
    discussion = strategy(episode, manager)
    enquiry = discussion.enquiry
    assert enquiry.start_date == STRATEGY_DAY  # S47ActualStartDate defaults to the discussion's date
    assert enquiry.initial_cpc_target == D(2026, 1, 14)
    icpc = work(child, "ICPC").get()
    assert (icpc.started_on, icpc.due_on, icpc.status) == (STRATEGY_DAY, D(2026, 1, 14), "open")
    assert icpc.source_type == "child_protection.section47enquiry" and icpc.source_id == str(enquiry.pk)
    assert list(discussion.participants.values_list("agency", flat=True)) == ["social_care", "police", "health"]
    events = list(ChronologyEntry.objects.filter(person=child).exclude(event_type="referral")
                  .order_by("id").values_list("event_type", flat=True))
    assert events == ["strategy_discussion", "section_47"]
    assert "due by 14/1/2026" in ChronologyEntry.objects.get(person=child, event_type="section_47").summary
    actions = set(AuditEvent.objects.filter(person_id=child.pk).values_list("action", flat=True))
    assert {"strategy_discussion.record", "section47.start"} <= actions


def test_a_plan_needs_its_category_and_lcpp(child, episode, manager):
    enquiry = completed_enquiry(episode, manager)
    with pytest.raises(ValidationError) as caught:
        icpc(enquiry, manager, D(2026, 1, 12), category="", lead_practitioner=None)
    assert errors_of(caught)["category"] == ["Choose the category of abuse"]
    assert errors_of(caught)["lead_practitioner"] == ["Choose the lead child protection practitioner"]
    with pytest.raises(ValidationError) as caught:
        icpc(enquiry, manager, D(2026, 1, 12), category="XYZ")
    assert errors_of(caught)["category"] == ["Choose a category of abuse from the list"]


def test_a_second_open_plan_is_refused(child, manager):
    plan = plan_for(child, manager)
    enquiry = completed_enquiry(plan.episode, manager, day=D(2026, 2, 2))
    with pytest.raises(ValidationError) as caught:
        icpc(enquiry, manager, D(2026, 2, 9))
    assert errors_of(caught)["outcome"] == [
        "The child already has a child protection plan from 12/1/2026: record a review conference for that plan "
        "instead"]
    assert CPPlan.objects.count() == 1


def test_review_before_the_plan_started_is_refused(child, manager):
    plan = plan_for(child, manager)
    with pytest.raises(ValidationError) as caught:
        review(plan, manager, D(2026, 1, 9))
    assert errors_of(caught)["held_on"] == [
        "The review conference must be after the initial conference that started the plan (12/1/2026)"]


def test_reviews_complete_rcpc_and_raise_the_next_six_months_on(child, manager):
    plan = plan_for(child, manager)
    first = review(plan, manager, D(2026, 4, 10), category="EMO")
    rcpc_first = work(child, "RCPC_FIRST").get()
    assert (rcpc_first.status, rcpc_first.on_time, rcpc_first.due_on) == ("done", True, D(2026, 4, 12))
    nxt = work(child, "RCPC_NEXT", "open").get()
    assert (nxt.started_on, nxt.due_on) == (D(2026, 4, 10), D(2026, 10, 10))
    plan.refresh_from_db()
    assert (plan.initial_category, plan.latest_category) == ("NEG", "EMO")
    with pytest.raises(ValidationError) as caught:
        review(plan, manager, D(2026, 4, 10))
    assert errors_of(caught)["held_on"] == ["The review conference must be after the last review (10/4/2026)"]
    review(plan, manager, D(2026, 10, 12))  # two days late
    late = work(child, "RCPC_NEXT").get(started_on=D(2026, 4, 10))
    assert (late.status, late.on_time) == ("done", False)
    assert work(child, "RCPC_NEXT", "open").get().due_on == D(2027, 4, 12)
    assert first.kind == "review"


def test_a_review_can_end_the_plan(child, manager):
    plan = plan_for(child, manager)
    review(plan, manager, D(2026, 4, 10), outcome="plan_ends", end_reason="Risk reduced: Family Help continues")
    plan.refresh_from_db()
    assert plan.end_date == D(2026, 4, 10) and plan.end_reason == "Risk reduced: Family Help continues"
    assert not work(child, "CP_VISIT", "open").exists() and not work(child, "CORE_GROUP_FIRST", "open").exists()
    assert not work(child, "RCPC_NEXT").exists()
    assert ChronologyEntry.objects.filter(person=child, event_type="cp_plan_end").exists()


def test_a_review_ending_the_plan_needs_a_reason(child, manager):
    plan = plan_for(child, manager)
    with pytest.raises(ValidationError) as caught:
        review(plan, manager, D(2026, 4, 10), outcome="plan_ends")
    assert errors_of(caught)["end_reason"] == ["Enter why the plan is ending"]


def test_the_database_refuses_a_plan_ending_on_its_start_date(child, manager):
    plan = plan_for(child, manager)
    with pytest.raises(IntegrityError), transaction.atomic():
        CPPlan.objects.filter(pk=plan.pk).update(end_date=plan.start_date, end_reason="x")


def test_a_plan_lasting_two_years_is_flagged(child, manager):
    plan = plan_for(child, manager)  # started 12/1/2026
    assert not selectors.lasting_over_two_years(plan, D(2028, 1, 11))
    assert selectors.lasting_over_two_years(plan, D(2028, 1, 12))
    plan.end_date = D(2027, 6, 1)
    assert not selectors.lasting_over_two_years(plan, D(2029, 1, 1))  # ended before two years


def test_an_open_cin_plan_ends_the_day_before_the_cp_plan(child, manager):
    episode = open_referral(child, manager)
    cin_plan = CINPlanFactory(episode=episode, start_date=D(2025, 12, 5), lead_practitioner=manager)
    plan = plan_for(child, manager, episode=episode)
    cin_plan.refresh_from_db()
    assert cin_plan.end_date == plan.start_date - dt.timedelta(days=1)  # rules 4001/4003
    assert "child in need plan from 5/12/2025 ended on 11/1/2026" in ChronologyEntry.objects.get(
        person=child, event_type="cp_plan_start").summary

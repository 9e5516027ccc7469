"""Tests of child_protection/services/section47.py."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from safehold.casework.models import Allocation
from safehold.child_protection import selectors, services
from safehold.child_protection.models import (
    ChildProtectionConference,
    CPPlan,
)
from safehold.people.models import ChronologyEntry

from ..helpers import completed_enquiry, strategy
from .support import D, errors_of, icpc, work


def test_s47_cannot_end_before_it_started(child, episode, manager):
    enquiry = strategy(episode, manager).enquiry
    with pytest.raises(ValidationError) as caught:
        services.section47_complete(by=manager, enquiry=enquiry, end_date=D(2025, 12, 18), outcome="substantiated",
                                    conference_needed=True)
    assert errors_of(caught)["end_date"] == ["The enquiry cannot end before it started (19/12/2025)"]
    enquiry.refresh_from_db()
    assert enquiry.end_date is None


def test_no_conference_needed_cancels_the_icpc_work_and_closes_the_enquiry(child, episode, manager):
    enquiry = completed_enquiry(episode, manager, conference_needed=False)
    assert enquiry.icpc_not_required and not enquiry.is_open
    assert work(child, "ICPC").get().status == "cancelled"
    # A new concern can start a new enquiry now.
    assert strategy(episode, manager, day=D(2026, 1, 5)).enquiry.is_open
    summary = ChronologyEntry.objects.filter(person=child, event_type="section_47").order_by("id")[1].summary
    assert summary == "Section 47 enquiry completed: concerns substantiated; no initial conference needed"


def test_conference_before_the_strategy_discussion_is_refused(child, episode, manager):
    enquiry = completed_enquiry(episode, manager)
    with pytest.raises(ValidationError) as caught:
        icpc(enquiry, manager, D(2025, 12, 18))
    assert errors_of(caught)["held_on"] == [
        "The conference date must be on or after the strategy discussion (19/12/2025)"]
    assert not ChildProtectionConference.objects.exists()


def test_conference_before_the_s47_start_is_refused(child, episode, manager):
    discussion = strategy(episode, manager, s47_start_date=D(2025, 12, 23))
    services.section47_complete(by=manager, enquiry=discussion.enquiry, end_date=D(2025, 12, 23),
                                outcome="substantiated", conference_needed=True)
    with pytest.raises(ValidationError) as caught:
        icpc(discussion.enquiry, manager, D(2025, 12, 22))
    assert errors_of(caught)["held_on"] == [
        "The conference date must be on or after the start of the section 47 enquiry (23/12/2025)"]


def test_conference_before_the_s47_ended_is_refused(child, episode, manager):
    enquiry = completed_enquiry(episode, manager, end=D(2026, 1, 6))
    with pytest.raises(ValidationError) as caught:
        icpc(enquiry, manager, D(2026, 1, 5))
    assert errors_of(caught)["held_on"] == [
        "The conference date must be on or after the end of the section 47 enquiry (6/1/2026)"]


def test_conference_not_on_a_weekend(child, episode, manager):
    enquiry = completed_enquiry(episode, manager)
    with pytest.raises(ValidationError) as caught:
        icpc(enquiry, manager, D(2026, 1, 10))  # rule 8875
    assert errors_of(caught)["held_on"] == ["A conference cannot be held at a weekend (Saturday 10/1/2026)"]


def test_conference_deciding_on_a_plan_starts_it_on_the_conference_date(child, episode, manager, users):
    lead = users["social_worker"]
    enquiry = completed_enquiry(episode, manager)
    conference = icpc(enquiry, users["iro"], D(2026, 1, 14), category="PHY", lead_practitioner=lead)
    plan = conference.started_plan
    assert conference.plan == plan
    assert plan.start_date == D(2026, 1, 14)  # rule 2885
    assert (plan.initial_category, plan.latest_category) == ("PHY", "PHY")
    assert plan.lead_practitioner == lead and plan.number_of_previous_plans == 0
    assert not selectors.is_repeat_plan(plan)
    enquiry.refresh_from_db()
    assert enquiry.icpc_held_on == D(2026, 1, 14) and not enquiry.is_open
    done = work(child, "ICPC").get()
    assert (done.status, done.completed_on, done.on_time) == ("done", D(2026, 1, 14), True)  # on the due date
    # Statutory work for the plan (timescales.md): first review 3 months after the ICPC, first core
    # group 10 working days after it, first visit 10 working days after the plan start.
    assert work(child, "RCPC_FIRST").get().due_on == D(2026, 4, 14)
    assert work(child, "CORE_GROUP_FIRST").get().due_on == D(2026, 1, 28)
    assert work(child, "CP_VISIT").get().due_on == D(2026, 1, 28)
    lcpp = Allocation.objects.get(person=child, role=Allocation.Role.LEAD_CP_PRACTITIONER, ended_on__isnull=True)
    assert lcpp.worker == lead and lcpp.started_on == D(2026, 1, 14)
    types = list(ChronologyEntry.objects.filter(person=child, occurred_on=D(2026, 1, 14))
                 .order_by("id").values_list("event_type", flat=True))
    assert types == ["icpc", "cp_plan_start"]


def test_a_late_conference_is_recorded_as_late(child, episode, manager):
    enquiry = completed_enquiry(episode, manager)
    icpc(enquiry, manager, D(2026, 1, 15), outcome="no_plan")
    done = work(child, "ICPC").get()
    assert done.on_time is False
    assert not CPPlan.objects.exists()
    assert "late: due by 14/1/2026" in ChronologyEntry.objects.get(person=child, event_type="icpc").summary


def test_the_iro_records_conferences_but_a_social_worker_cannot(child, episode, manager, users):
    enquiry = completed_enquiry(episode, manager)
    with pytest.raises(PermissionDenied):
        icpc(enquiry, users["social_worker"], D(2026, 1, 12))

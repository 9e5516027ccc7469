"""Tests of child_protection/services/visits.py."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from safehold.casework.models import Visit
from safehold.child_protection import services
from safehold.people.models import ChronologyEntry

from ..helpers import plan_for
from .support import D, errors_of, work


def test_plan_cannot_end_before_its_last_visit(child, manager):
    plan = plan_for(child, manager)
    services.cp_visit_record(by=manager, plan=plan, visited_on=D(2026, 1, 20), child_seen=True, child_seen_alone=True)
    with pytest.raises(ValidationError) as caught:
        services.cp_plan_end(by=manager, plan=plan, end_date=D(2026, 1, 19), end_reason="Moved away")
    assert errors_of(caught)["end_date"] == ["The plan cannot end before its last visit (20/1/2026)"]


def test_a_visit_completes_the_visit_due_and_raises_the_next(child, manager, users):
    plan = plan_for(child, manager)
    visit = services.cp_visit_record(by=users["social_worker"], plan=plan, visited_on=D(2026, 1, 20), child_seen=True,
                                     child_seen_alone=True, childs_words="I like my new school", notes="Home visit")
    assert (visit.kind, visit.visited_by, visit.context_type, visit.context_id) == (
        "cp", users["social_worker"], "child_protection.cpplan", str(plan.pk))
    first = work(child, "CP_VISIT").get(started_on=D(2026, 1, 12))
    assert (first.status, first.on_time, first.completion_id) == ("done", True, str(visit.pk))
    # Tuesday 20/1/2026 plus 10 working days is Tuesday 3/2/2026 (timescales.md CP_VISIT, local).
    assert work(child, "CP_VISIT", "open").get().due_on == D(2026, 2, 3)
    entry = ChronologyEntry.objects.get(person=child, event_type="cp_visit")
    assert "child seen alone" in entry.summary and "child's words recorded" in entry.summary


def test_a_visit_without_seeing_the_child_leaves_the_visit_due(child, manager):
    plan = plan_for(child, manager)
    services.cp_visit_record(by=manager, plan=plan, visited_on=D(2026, 1, 20), child_seen=False,
                             child_seen_alone=False, notes="No answer at the door")
    assert work(child, "CP_VISIT", "open").get().started_on == D(2026, 1, 12)
    assert Visit.objects.get().child_seen is False


def test_seen_alone_needs_seen(child, manager):
    plan = plan_for(child, manager)
    with pytest.raises(ValidationError) as caught:
        services.cp_visit_record(by=manager, plan=plan, visited_on=D(2026, 1, 20), child_seen=False,
                                 child_seen_alone=True)
    assert errors_of(caught)["child_seen_alone"] == ["The child cannot have been seen alone if they were not seen"]


def test_visit_before_the_plan_is_refused(child, manager):
    plan = plan_for(child, manager)
    with pytest.raises(ValidationError) as caught:
        services.cp_visit_record(by=manager, plan=plan, visited_on=D(2026, 1, 11), child_seen=True,
                                 child_seen_alone=False)
    assert errors_of(caught)["visited_on"] == ["The visit date must be on or after the plan started (12/1/2026)"]
    assert not Visit.objects.exists()


def test_a_visit_recorded_late_does_not_move_what_is_due(child, manager):
    plan = plan_for(child, manager)
    services.cp_visit_record(by=manager, plan=plan, visited_on=D(2026, 1, 26), child_seen=True, child_seen_alone=True)
    services.cp_visit_record(by=manager, plan=plan, visited_on=D(2026, 1, 20), child_seen=True, child_seen_alone=True)
    assert work(child, "CP_VISIT", "open").get().started_on == D(2026, 1, 26)

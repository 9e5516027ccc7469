"""Tests of family_help/services/visits.py."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from safehold.casework.models import Visit
from safehold.family_help import services
from safehold.people.tests.factories import PersonFactory

from ..helpers import (
    cin_plan,
    started_assessment,
)
from .support import errors_of, events

pytestmark = pytest.mark.django_db


def test_visit_records_seen_alone_and_the_childs_words(child, sw, tm):
    plan = cin_plan(child, tm, start=dt.date(2025, 2, 1))
    visit = services.visit_record(by=sw, person=child, kind="cin", visited_on=dt.date(2025, 2, 10), child_seen=True,
                                  child_seen_alone=True, childs_words="I like my new school", notes="Home clean")
    assert (visit.context_type, visit.context_id) == ("family_help.cinplan", str(plan.pk))
    assert visit.visited_by == sw and visit.childs_words == "I like my new school"
    (entry,) = events(child, "visit")
    assert entry.summary == f"Child in need visit by {sw}: child seen alone (child's words recorded)"


def test_seen_alone_only_if_seen(child, sw):
    started_assessment(child, sw)
    with pytest.raises(ValidationError) as exc:
        services.visit_record(by=sw, person=child, kind="assessment", visited_on=dt.date(2025, 1, 8),
                              child_seen=False, child_seen_alone=True, childs_words="", notes="")
    assert errors_of(exc) == {"child_seen_alone": ["The child cannot have been seen alone if they were not seen"]}
    assert not Visit.objects.exists()


def test_visit_in_the_future_or_before_the_work_is_refused(child, sw):
    started_assessment(child, sw, start=dt.date(2025, 1, 8))
    with pytest.raises(ValidationError) as exc:
        services.visit_record(by=sw, person=child, kind="assessment", visited_on=dt.date.today() + dt.timedelta(1),
                              child_seen=True, child_seen_alone=False, childs_words="", notes="")
    assert "today or in the past" in errors_of(exc)["visited_on"][0]
    with pytest.raises(ValidationError) as exc:
        services.visit_record(by=sw, person=child, kind="assessment", visited_on=dt.date(2025, 1, 7),
                              child_seen=True, child_seen_alone=False, childs_words="", notes="")
    assert errors_of(exc)["visited_on"] == ["The date of the visit must be on or after the assessment started (8/1/2025)"]


def test_visit_needs_open_work_of_its_kind(child, sw):
    with pytest.raises(ValidationError) as exc:
        services.visit_record(by=sw, person=child, kind="cin", visited_on=dt.date(2025, 1, 8), child_seen=True,
                              child_seen_alone=False, childs_words="", notes="")
    assert "no open child in need plan" in errors_of(exc)["kind"][0]


def test_visit_context_of_another_child_is_refused(child, sw, tm):
    other = PersonFactory()
    plan = cin_plan(other, tm)
    with pytest.raises(ValidationError):
        services.visit_record(by=sw, person=child, kind="cin", visited_on=dt.date(2025, 1, 8), child_seen=True,
                              child_seen_alone=False, childs_words="", notes="", context=plan)

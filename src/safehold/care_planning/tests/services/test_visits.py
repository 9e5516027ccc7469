"""Tests of care_planning/services/visits.py."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from safehold.care_planning import services
from safehold.casework.models import StatutoryWork, Visit
from safehold.children_in_care import services as cic
from safehold.children_in_care.tests.helpers import looked_after, provider

from .support import EASTER, due, errors_of, open_work

pytestmark = pytest.mark.django_db


def test_a_visit_seeing_the_child_stops_the_clock_and_starts_the_six_weekly_one(ten_year_old, sw):
    looked_after(ten_year_old, sw, start=EASTER)
    services.visit_record(by=sw, person=ten_year_old, visited_on=dt.date(2025, 4, 17), child_seen=True,
                          child_seen_alone=True, childs_words="I like my room")
    first = StatutoryWork.objects.get(person=ten_year_old, rule_code="CLA_VISIT_FIRST")
    assert (first.status, first.on_time) == ("done", True)
    assert due(ten_year_old, "CLA_VISIT") == dt.date(2025, 5, 29)  # 42 days
    visit = Visit.objects.get(person=ten_year_old)
    assert (visit.kind, visit.child_seen_alone, visit.context_type) == ("cla", True, "children_in_care.placement")


def test_a_visit_without_seeing_the_child_leaves_the_visit_due(ten_year_old, sw):
    looked_after(ten_year_old, sw, start=EASTER)
    services.visit_record(by=sw, person=ten_year_old, visited_on=dt.date(2025, 4, 17), child_seen=False)
    assert due(ten_year_old, "CLA_VISIT_FIRST") == dt.date(2025, 4, 21)


def test_after_the_first_year_of_a_long_term_placement_visits_are_three_monthly(ten_year_old, sw):
    looked_after(ten_year_old, sw, start=dt.date(2024, 1, 8))
    placement = ten_year_old.placements.get()
    placement.intended_until_18 = True
    placement.save(update_fields=["intended_until_18"])
    services.visit_record(by=sw, person=ten_year_old, visited_on=dt.date(2024, 12, 2), child_seen=True)
    assert due(ten_year_old, "CLA_VISIT") == dt.date(2025, 1, 13)  # still the first year: 6 weeks
    services.visit_record(by=sw, person=ten_year_old, visited_on=dt.date(2025, 1, 10), child_seen=True)
    assert due(ten_year_old, "CLA_VISIT_LONG_TERM") == dt.date(2025, 4, 10)


def test_interim_care_order_at_home_visits_weekly_until_the_first_review_then_four_weekly(ten_year_old, sw, iro):
    parents = provider(name="At home with mother", placement_type="P1", code="PR0", urn="", status="not_required")
    looked_after(ten_year_old, sw, start=EASTER, legal_status="C1", carer=parents)
    services.visit_record(by=sw, person=ten_year_old, visited_on=dt.date(2025, 4, 16), child_seen=True)
    assert due(ten_year_old, "CLA_VISIT_WEEKLY") == dt.date(2025, 4, 23)
    services.review_record(by=iro, person=ten_year_old, review_date=dt.date(2025, 4, 22), participation="PN1")
    # The first review turns the running weekly clock into a four-weekly one from the same visit.
    assert due(ten_year_old, "CLA_VISIT_FOUR_WEEKLY") == dt.date(2025, 5, 14)
    assert not open_work(ten_year_old, "CLA_VISIT_WEEKLY").exists()


def test_a_visit_on_a_day_the_child_was_not_in_care_is_refused(ten_year_old, sw):
    looked_after(ten_year_old, sw, start=EASTER)
    with pytest.raises(ValidationError) as exc:
        services.visit_record(by=sw, person=ten_year_old, visited_on=dt.date(2025, 4, 10), child_seen=True)
    assert list(errors_of(exc)) == ["visited_on"]
    with pytest.raises(ValidationError) as exc:
        services.visit_record(by=sw, person=ten_year_old, visited_on=dt.date(2025, 4, 17), child_seen=False,
                              child_seen_alone=True)
    assert list(errors_of(exc)) == ["child_seen_alone"]
    assert not Visit.objects.exists()


def test_a_care_order_at_home_needs_a_visit_within_a_week_of_the_order(ten_year_old, sw):
    parents = provider(name="At home with father", placement_type="P1", code="PR0", urn="", status="not_required")
    looked_after(ten_year_old, sw, start=EASTER, legal_status="C1", carer=parents)
    services.visit_record(by=sw, person=ten_year_old, visited_on=dt.date(2025, 4, 16), child_seen=True)
    cic.legal_status_change(by=sw, person=ten_year_old, start_date=dt.date(2025, 6, 2), legal_status="C2")
    visits = open_work(ten_year_old).filter(rule_code__startswith="CLA_VISIT")
    assert [(w.rule_code, w.due_on) for w in visits] == [("CLA_VISIT_FIRST", dt.date(2025, 6, 9))]


def test_a_connected_person_with_temporary_approval_is_visited_weekly_until_the_first_review(ten_year_old, sw, iro):
    aunt = provider(name="Aunt (temporary approval)", placement_type="U3", code="PR1", urn="SC499001",
                    status="not_required")
    looked_after(ten_year_old, sw, start=EASTER, carer=aunt, weekly_visits=True)
    services.visit_record(by=sw, person=ten_year_old, visited_on=dt.date(2025, 4, 16), child_seen=True)
    assert due(ten_year_old, "CLA_VISIT_WEEKLY") == dt.date(2025, 4, 23)
    services.review_record(by=iro, person=ten_year_old, review_date=dt.date(2025, 4, 22), participation="PN1")
    assert due(ten_year_old, "CLA_VISIT_FOUR_WEEKLY") == dt.date(2025, 5, 14)

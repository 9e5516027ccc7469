"""Tests of care_planning/services/hooks.py."""

from __future__ import annotations

import datetime as dt

import pytest

from safehold.care_planning import services
from safehold.casework.models import StatutoryWork
from safehold.children_in_care import services as cic
from safehold.children_in_care.tests.helpers import looked_after, provider

from .support import EASTER, due, open_work

pytestmark = pytest.mark.django_db


def test_becoming_looked_after_starts_the_statutory_clocks(ten_year_old, sw):
    looked_after(ten_year_old, sw, start=EASTER)
    # 20 working days: Apr 15-17, (18, 21 holidays), Apr 22-25, Apr 28-May 2, (May 5), May 6-9, May 12-15.
    assert due(ten_year_old, "CLA_REVIEW_FIRST") == dt.date(2025, 5, 15)
    assert due(ten_year_old, "HEALTH_ASSESSMENT_INITIAL") == dt.date(2025, 5, 15)
    assert due(ten_year_old, "PEP_INITIAL") == dt.date(2025, 5, 15)
    assert due(ten_year_old, "CLA_VISIT_FIRST") == dt.date(2025, 4, 21)  # 7 calendar days, a bank holiday
    assert due(ten_year_old, "DENTAL_CHECK") == dt.date(2025, 10, 14)


def test_a_baby_has_no_personal_education_plan_due(child, sw):
    child.dob = dt.date(2024, 6, 1)
    child.save(update_fields=["dob"])
    looked_after(child, sw, start=EASTER)
    assert not open_work(child, "PEP_INITIAL").exists()


def test_a_placement_move_stops_the_old_placements_visits_and_starts_a_first_visit(ten_year_old, sw):
    looked_after(ten_year_old, sw, start=EASTER)
    move = dt.date(2025, 6, 7)  # a Saturday: calendar days, no adjustment
    cic.placement_change(by=sw, person=ten_year_old, start_date=move, provider=provider(name="Elm House"),
                         change_reason="CARPL")
    visits = open_work(ten_year_old).filter(rule_code__startswith="CLA_VISIT")
    assert [(w.rule_code, w.due_on) for w in visits] == [("CLA_VISIT_FIRST", dt.date(2025, 6, 14))]
    assert StatutoryWork.objects.filter(person=ten_year_old, rule_code="CLA_VISIT_FIRST",
                                        status="cancelled").count() == 1


def test_leaving_care_stops_every_care_planning_clock(ten_year_old, sw):
    looked_after(ten_year_old, sw, start=EASTER)
    cic.period_end(by=sw, person=ten_year_old, end_date=dt.date(2025, 5, 1), reason="E13")
    assert not open_work(ten_year_old).filter(rule_code__in=services.CARE_PLANNING_RULES).exists()


def test_the_iros_contact_stays_with_the_iro_when_the_social_worker_changes(ten_year_old, sw, iro, users, team):
    from safehold.casework.services import allocation_change

    manager = users["team_manager"]
    allocation_change(by=manager, person=ten_year_old, team=team, worker=sw, started_on=dt.date(2025, 4, 1))
    allocation_change(by=manager, person=ten_year_old, team=team, worker=iro, role="iro",
                      started_on=dt.date(2025, 4, 1))
    looked_after(ten_year_old, sw, start=EASTER)
    assert open_work(ten_year_old, "IRO_CONTACT").get().worker == iro
    allocation_change(by=manager, person=ten_year_old, team=team, worker=manager, started_on=dt.date(2025, 5, 1))
    assert open_work(ten_year_old, "IRO_CONTACT").get().worker == iro
    assert open_work(ten_year_old, "CLA_REVIEW_FIRST").get().worker == manager

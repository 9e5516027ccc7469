"""Tests of care_planning/services/education.py."""

from __future__ import annotations

import datetime as dt

import pytest

from safehold.care_planning import selectors, services
from safehold.casework.models import StatutoryWork
from safehold.children_in_care.tests.helpers import looked_after

from .support import EASTER, due

pytestmark = pytest.mark.django_db


def test_pep_dental_and_iro_contact_each_start_their_next(ten_year_old, sw, iro):
    looked_after(ten_year_old, sw, start=EASTER)
    services.education_plan_record(by=sw, person=ten_year_old, held_on=dt.date(2025, 5, 20), school="Northfield "
                                   "Primary")
    pep = StatutoryWork.objects.get(person=ten_year_old, rule_code="PEP_INITIAL")
    assert pep.on_time is False  # due 15 May
    assert due(ten_year_old, "PEP_REVIEW") == dt.date(2025, 9, 20)
    services.dental_check_record(by=sw, person=ten_year_old, checked_on=dt.date(2025, 6, 2))
    assert due(ten_year_old, "DENTAL_CHECK") == dt.date(2025, 12, 2)
    services.iro_contact_record(by=iro, person=ten_year_old, contact_on=dt.date(2025, 5, 2), method="visit")
    assert due(ten_year_old, "IRO_CONTACT") == dt.date(2025, 8, 2)
    summary = selectors.care_planning_summary(ten_year_old)
    assert summary["last_pep"].school == "Northfield Primary"
    assert summary["last_dental"].checked_on == dt.date(2025, 6, 2)

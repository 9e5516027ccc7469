"""Tests of care_planning/services/health.py."""

from __future__ import annotations

import datetime as dt

import pytest

from safehold.care_planning import services
from safehold.children_in_care.tests.helpers import looked_after

from .support import EASTER, due

pytestmark = pytest.mark.django_db


def test_health_assessments_initial_then_by_age(child, sw):
    child.dob = dt.date(2021, 1, 1)
    child.save(update_fields=["dob"])
    looked_after(child, sw, start=EASTER)
    first = services.health_assessment_record(by=sw, person=child, assessed_on=dt.date(2025, 5, 1))
    assert first.kind == "initial"
    assert due(child, "HEALTH_ASSESSMENT_UNDER5") == dt.date(2025, 11, 1)  # aged 4: six-monthly
    second = services.health_assessment_record(by=sw, person=child, assessed_on=dt.date(2026, 1, 5))
    assert second.kind == "review"
    assert due(child, "HEALTH_ASSESSMENT") == dt.date(2027, 1, 5)  # now 5: yearly


def test_a_health_assessment_recorded_late_is_kept_and_changes_nothing_due(ten_year_old, sw):
    looked_after(ten_year_old, sw, start=EASTER)
    services.health_assessment_record(by=sw, person=ten_year_old, assessed_on=dt.date(2025, 5, 10))
    late = services.health_assessment_record(by=sw, person=ten_year_old, assessed_on=dt.date(2025, 5, 1))
    assert late.kind == "initial"
    assert due(ten_year_old, "HEALTH_ASSESSMENT") == dt.date(2026, 5, 10)

"""Tests of children_in_care/services/dolo.py."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from safehold.children_in_care import services

from ..helpers import (
    START,
    looked_after,
)
from .support import errors_of

pytestmark = pytest.mark.django_db


def test_dolo_forbids_k1_p1_r5_k3_placements(child, sw):
    looked_after(child, sw)
    services.dolo_record(by=sw, person=child, start_date=START + dt.timedelta(days=1), court="High Court")
    with pytest.raises(ValidationError) as exc:
        services.placement_change(by=sw, person=child, start_date=START + dt.timedelta(days=3), placement_type="P1",
                                  change_reason="CARPL")
    assert "rule 710" in errors_of(exc)["placement_type"][0]


def test_dolo_dates_and_leaving_care_with_an_open_dolo(child, sw):
    looked_after(child, sw)
    with pytest.raises(ValidationError) as exc:
        services.dolo_record(by=sw, person=child, start_date=START, end_date=START - dt.timedelta(days=1), court="")
    assert {"end_date", "court"} <= set(errors_of(exc))
    order = services.dolo_record(by=sw, person=child, start_date=START, court="High Court")
    with pytest.raises(ValidationError) as exc:
        services.dolo_record(by=sw, person=child, start_date=START + dt.timedelta(days=5), court="High Court")
    assert "overlap" in errors_of(exc)["start_date"][0]
    with pytest.raises(ValidationError) as exc:
        services.period_end(by=sw, person=child, end_date=START + dt.timedelta(days=9), reason="E4A")
    assert "still open" in errors_of(exc)["end_date"][0]
    services.dolo_update(by=sw, order=order, expected_version=order.version, start_date=START, court="High Court",
                         end_date=START + dt.timedelta(days=9))
    services.period_end(by=sw, person=child, end_date=START + dt.timedelta(days=9), reason="E4A")

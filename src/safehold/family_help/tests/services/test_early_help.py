"""Tests of family_help/services/early_help.py."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from safehold.family_help import services

from ..helpers import (
    early_help,
)
from .support import errors_of, events

pytestmark = pytest.mark.django_db


def test_early_help_open_and_close(child, sw):
    episode = early_help(child, sw)
    assert episode.lead_practitioner_role == "Family support worker"
    assert episode.lead_practitioner_agency == "Local authority"
    with pytest.raises(ValidationError) as exc:
        early_help(child, sw, start=dt.date(2025, 3, 1))
    assert "already has early help" in errors_of(exc)["start_date"][0]
    services.plan_review_record(by=sw, plan=episode, review_date=dt.date(2025, 3, 3), outcome="Going well")
    with pytest.raises(ValidationError) as exc:
        services.early_help_close(by=sw, episode=episode, end_date=dt.date(2025, 3, 1), end_reason="outcomes_met",
                                  expected_version=episode.version)
    assert "last review (3/3/2025)" in errors_of(exc)["end_date"][0]
    services.early_help_close(by=sw, episode=episode, end_date=dt.date(2025, 4, 1), end_reason="outcomes_met",
                              expected_version=episode.version)
    episode.refresh_from_db()
    assert episode.end_date == dt.date(2025, 4, 1)
    assert len(events(child, "early_help")) == 2

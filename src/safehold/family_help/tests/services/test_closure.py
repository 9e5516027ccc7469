"""Tests of family_help/services/closure.py."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from safehold.casework.models import StatutoryWork
from safehold.family_help import services

from ..helpers import (
    REFERRAL,
    authorised_assessment,
    cin_plan,
    open_referral,
    started_assessment,
)
from .support import errors_of, events

pytestmark = pytest.mark.django_db


def test_referral_inside_a_closed_episode_is_refused(child, tm):
    episode = open_referral(child, tm, primary_need="N4")
    services.episode_close(by=tm, episode=episode, closure_date=dt.date(2025, 2, 1), reason="RC7",
                           expected_version=episode.version)
    with pytest.raises(ValidationError) as exc:  # rule 8820: episodes do not overlap
        open_referral(child, tm, dt.date(2025, 1, 20))
    assert "must be on or after 1/2/2025" in errors_of(exc)["referral_date"][0]
    again = open_referral(child, tm, dt.date(2025, 2, 1))  # the day it closed is allowed
    assert again.is_rereferral


def test_a_referral_dated_before_a_later_closed_episode_is_refused(child, tm):
    """Rule 8820 both ways (family_help/rules.py): a backdated referral would be open across the later episode."""
    episode = open_referral(child, tm, primary_need="N4")  # referred on REFERRAL
    services.episode_close(by=tm, episode=episode, closure_date=dt.date(2025, 2, 1), reason="RC7",
                           expected_version=episode.version)
    with pytest.raises(ValidationError) as exc:
        open_referral(child, tm, REFERRAL - dt.timedelta(days=30))
    assert "has a later episode of need" in errors_of(exc)["referral_date"][0]


def test_closure_needs_sign_off(child, sw):
    episode = open_referral(child, sw, primary_need="N4")
    with pytest.raises(PermissionDenied):
        services.episode_close(by=sw, episode=episode, closure_date=dt.date(2025, 2, 1), reason="RC7",
                               expected_version=episode.version)


def test_closure_refused_while_assessment_open(child, sw, tm):
    assessment = started_assessment(child, sw)
    episode = assessment.episode
    with pytest.raises(ValidationError) as exc:  # rule 8867
        services.episode_close(by=tm, episode=episode, closure_date=dt.date(2025, 2, 1), reason="RC8",
                               expected_version=episode.version, primary_need="N9")
    assert any("has not been authorised" in m for m in errors_of(exc)["__all__"])
    episode.refresh_from_db()
    assert episode.is_open


def test_closure_refused_while_cin_plan_open(child, tm):
    plan = cin_plan(child, tm, start=dt.date(2025, 2, 1))
    episode = plan.episode
    with pytest.raises(ValidationError) as exc:
        services.episode_close(by=tm, episode=episode, closure_date=dt.date(2025, 3, 1), reason="RC7",
                               expected_version=episode.version, primary_need="N5")
    assert "The child in need plan from 1/2/2025 is still open: end it first" in errors_of(exc)["__all__"]


def test_rc8_needs_an_assessment_and_no_plan(child, tm):
    episode = open_referral(child, tm, primary_need="N9")
    with pytest.raises(ValidationError) as exc:  # rule 8825Q
        services.episode_close(by=tm, episode=episode, closure_date=dt.date(2025, 2, 1), reason="RC8",
                               expected_version=episode.version)
    assert "has no assessment" in errors_of(exc)["reason"][0]
    plan = cin_plan(child, tm, start=dt.date(2025, 1, 10), episode=episode)
    authorised_assessment(child, tm, episode=episode, start=dt.date(2025, 1, 8), on=dt.date(2025, 1, 20))
    services.cin_plan_end(by=tm, plan=plan, end_date=dt.date(2025, 1, 25), end_reason="Done",
                          expected_version=plan.version)
    episode.refresh_from_db()
    with pytest.raises(ValidationError) as exc:  # rule 2990
        services.episode_close(by=tm, episode=episode, closure_date=dt.date(2025, 2, 1), reason="RC9",
                               expected_version=episode.version)
    assert "rule 2990" in errors_of(exc)["reason"][0]


def test_closure_before_the_last_work_is_refused(child, tm):
    assessment = authorised_assessment(child, tm, on=dt.date(2025, 2, 3))
    episode = assessment.episode
    episode.refresh_from_db()
    with pytest.raises(ValidationError) as exc:  # rule 8565
        services.episode_close(by=tm, episode=episode, closure_date=dt.date(2025, 2, 1), reason="RC8",
                               expected_version=episode.version)
    assert errors_of(exc)["closure_date"] == [
        "The closure date must be on or after the last recorded work (the assessment was authorised on 3/2/2025)"]


def test_closure_signed_off_cancels_open_work(child, sw, tm):
    episode = open_referral(child, sw, primary_need="N4")
    services.episode_request_closure(by=sw, episode=episode, reason="RC7", note="Family moved on; no needs")
    episode.refresh_from_db()
    assert episode.closure_requested_by == sw
    services.episode_close(by=tm, episode=episode, closure_date=dt.date(2025, 2, 1), reason="RC7",
                           expected_version=episode.version)
    episode.refresh_from_db()
    assert (episode.closure_date, episode.closure_reason, episode.closure_signed_off_by) == (
        dt.date(2025, 2, 1), "RC7", tm)
    assert episode.closure_signed_off_at is not None
    work = StatutoryWork.objects.get(person=child, rule_code="ASSESSMENT")
    assert work.status == "cancelled" and work.on_time is None
    requested, closed = sorted(events(child, "closure"), key=lambda e: e.id)
    assert requested.summary.startswith(f"Closure requested by {sw}: RC7")
    assert closed.occurred_on == dt.date(2025, 2, 1)
    assert closed.summary.startswith("Episode of need closed: RC7") and f"Signed off by {tm}" in closed.summary


def test_closure_needs_a_primary_need(child, tm):
    episode = open_referral(child, tm)
    with pytest.raises(ValidationError) as exc:  # rule 8610
        services.episode_close(by=tm, episode=episode, closure_date=dt.date(2025, 2, 1), reason="RC7",
                               expected_version=episode.version)
    assert "rule 8610" in errors_of(exc)["primary_need"][0]


def test_closure_refused_with_an_open_cp_plan(child, tm):
    from safehold.child_protection.tests.helpers import plan_for

    cp = plan_for(child, tm, referral=dt.date(2025, 12, 1))
    episode = cp.episode
    episode.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        services.episode_close(by=tm, episode=episode, closure_date=dt.date(2026, 2, 1), reason="RC7",
                               expected_version=episode.version, primary_need="N1")
    assert any("child protection plan" in m for m in errors_of(exc)["__all__"])

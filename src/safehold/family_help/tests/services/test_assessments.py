"""Tests of family_help/services/assessments.py."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from safehold.audit.models import AuditEvent
from safehold.casework.models import StatutoryWork
from safehold.family_help import services
from safehold.family_help.models import Assessment, CINPlan

from ..helpers import (
    ASSESSMENT_DUE,
    REFERRAL,
    authorised_assessment,
    open_referral,
    started_assessment,
    submit,
)
from .support import errors_of, events

pytestmark = pytest.mark.django_db


def test_assessment_before_the_referral_is_refused(child, sw):
    episode = open_referral(child, sw)
    with pytest.raises(ValidationError) as exc:  # rule 1103
        services.assessment_start(by=sw, episode=episode, start_date=REFERRAL - dt.timedelta(days=1))
    assert errors_of(exc)["start_date"] == ["The assessment start date must be on or after the referral date (6/1/2025)"]
    assert not Assessment.objects.exists()


def test_assessment_in_the_future_is_refused(child, sw):
    episode = open_referral(child, sw)
    with pytest.raises(ValidationError) as exc:
        services.assessment_start(by=sw, episode=episode, start_date=dt.date.today() + dt.timedelta(days=3))
    assert "today or in the past" in errors_of(exc)["start_date"][0]


def test_only_one_open_assessment(child, sw):
    assessment = started_assessment(child, sw)
    with pytest.raises(ValidationError) as exc:  # rules 8863Q/8896
        services.assessment_start(by=sw, episode=assessment.episode, start_date=REFERRAL + dt.timedelta(days=2))
    assert "still open" in errors_of(exc)["start_date"][0]


def test_assessment_started_is_in_the_chronology_with_its_due_date(child, sw):
    started_assessment(child, sw)
    (entry,) = events(child, "assessment_started")
    assert "to be authorised by 10/3/2025" in entry.summary


def test_authorised_before_it_started_is_refused(child, sw, tm):
    assessment = started_assessment(child, sw, start=dt.date(2025, 1, 10), submitted=True)
    with pytest.raises(ValidationError) as exc:  # rule 8608
        services.assessment_authorise(by=tm, assessment=assessment, expected_version=assessment.version,
                                      authorised_date=dt.date(2025, 1, 9), factors=["16A"], summary="Analysis",
                                      primary_need="N1")
    assert errors_of(exc)["authorised_date"] == [
        "The date authorised must be on or after the date the assessment started (10/1/2025)"]
    assessment.refresh_from_db()
    assert assessment.authorised_date is None


@pytest.mark.parametrize("factors, message", [
    ([], "Choose the factors identified"),  # 8614/8897Q
    (["21", "16A"], "must be used on its own"),  # 8869
    (["16A", "16A"], "only once"),  # 8898
    (["18A"], "not census factor codes: 18A"),  # deprecated code
])
def test_factor_rules(child, sw, tm, factors, message):
    assessment = started_assessment(child, sw, submitted=True)
    with pytest.raises(ValidationError) as exc:
        services.assessment_authorise(by=tm, assessment=assessment, expected_version=assessment.version,
                                      authorised_date=dt.date(2025, 2, 1), factors=factors, summary="Analysis",
                                      primary_need="N1")
    assert any(message in m for m in errors_of(exc)["factors"])


def test_factor_21_alone_is_accepted(child, tm):
    assessment = authorised_assessment(child, tm, factors=["21"])
    assert assessment.factors == ["21"]


def test_authorisation_needs_sign_off_permission(child, sw):
    assessment = started_assessment(child, sw)
    with pytest.raises(PermissionDenied):
        services.assessment_authorise(by=sw, assessment=assessment, expected_version=assessment.version,
                                      authorised_date=dt.date(2025, 2, 1), factors=["16A"], summary="Analysis",
                                      primary_need="N1")


def test_authorised_on_the_due_date_is_on_time(child, sw, tm):
    assessment = started_assessment(child, sw, submitted=True)
    services.assessment_authorise(by=tm, assessment=assessment, expected_version=assessment.version,
                                  authorised_date=ASSESSMENT_DUE, factors=["16A", "3B"], summary="Analysis",
                                  primary_need="N1")
    work = StatutoryWork.objects.get(person=child, rule_code="ASSESSMENT")
    assert (work.status, work.completed_on, work.on_time) == ("done", ASSESSMENT_DUE, True)
    assert (work.completion_type, work.completion_id) == ("family_help.assessment", str(assessment.pk))
    assessment.refresh_from_db()
    assert assessment.authorised_by == tm and assessment.factors == ["16A", "3B"]
    assert assessment.episode.primary_need == "N1"
    (entry,) = events(child, "assessment_authorised")
    assert "within 45 working days" in entry.summary


def test_authorised_a_day_late_is_late(child, sw, tm):
    assessment = started_assessment(child, sw, submitted=True)
    services.assessment_authorise(by=tm, assessment=assessment, expected_version=assessment.version,
                                  authorised_date=ASSESSMENT_DUE + dt.timedelta(days=1), factors=["16A"],
                                  summary="Analysis", primary_need="N1")
    work = StatutoryWork.objects.get(person=child, rule_code="ASSESSMENT")
    assert work.on_time is False
    assert "late: it was due by 10/3/2025" in events(child, "assessment_authorised")[0].summary


def test_authorisation_needs_a_primary_need_and_a_summary(child, sw, tm):
    assessment = started_assessment(child, sw, submitted=True)
    with pytest.raises(ValidationError) as exc:
        services.assessment_authorise(by=tm, assessment=assessment, expected_version=assessment.version,
                                      authorised_date=dt.date(2025, 2, 1), factors=["16A"], summary="")
    assert set(errors_of(exc)) == {"summary", "primary_need"}


def test_summary_defaults_to_the_draft(child, sw, tm):
    assessment = started_assessment(child, sw)
    services.assessment_save_draft(by=sw, assessment=assessment, text="Home visit: the child is thriving",
                                   expected_version=assessment.draft_version)
    submit(assessment, sw)
    # The worker stopped writing more than SAFEHOLD_DRAFT_ACTIVE_MINUTES ago (else it is still being written).
    Assessment.objects.filter(pk=assessment.pk).update(draft_saved_at=timezone.now() - dt.timedelta(minutes=11))
    assessment.refresh_from_db()
    services.assessment_authorise(by=tm, assessment=assessment, expected_version=assessment.version,
                                  authorised_date=dt.date(2025, 2, 1), factors=["21"], primary_need="N9")
    assessment.refresh_from_db()
    assert assessment.summary == "Home visit: the child is thriving"


def test_stale_version_is_a_conflict(child, sw, tm):
    from safehold.core.concurrency import EditConflict

    assessment = started_assessment(child, sw, submitted=True)
    with pytest.raises(EditConflict):
        services.assessment_authorise(by=tm, assessment=assessment, expected_version=assessment.version + 1,
                                      authorised_date=dt.date(2025, 2, 1), factors=["16A"], summary="Analysis",
                                      primary_need="N1")


def test_draft_is_idempotent_and_never_changes_the_assessments_version(child, sw):
    assessment = started_assessment(child, sw)
    version = assessment.version
    first = services.assessment_save_draft(by=sw, assessment=assessment, text="First words", expected_version=1)
    saved_at = first.draft_saved_at
    again = services.assessment_save_draft(by=sw, assessment=assessment, text="First words", expected_version=1)
    assert again.draft_saved_at == saved_at and again.draft_version == 2
    later = services.assessment_save_draft(by=sw, assessment=assessment, text="First words and more",
                                           expected_version=2)
    assessment.refresh_from_db()
    assert assessment.draft_text == "First words and more"
    assert assessment.draft_saved_at == later.draft_saved_at >= saved_at
    assert assessment.draft_saved_by == sw
    assert assessment.version == version and assessment.draft_version == 3
    # One audit row for each save that changed the text, none for the repeat.
    assert AuditEvent.objects.filter(action="assessment.draft_save").count() == 2


def test_draft_refused_once_authorised(child, tm):
    assessment = authorised_assessment(child, tm)
    with pytest.raises(ValidationError) as exc:
        services.assessment_save_draft(by=tm, assessment=assessment, text="Too late",
                                       expected_version=assessment.draft_version)
    assert "can no longer be changed" in errors_of(exc)["draft_text"][0]


def test_draft_needs_casework_permission(child, sw, users):
    assessment = started_assessment(child, sw)
    with pytest.raises(PermissionDenied):
        services.assessment_save_draft(by=users["analyst"], assessment=assessment, text="Not mine to write",
                                       expected_version=assessment.draft_version)


def test_no_work_on_a_referral_with_no_further_action(child, sw):
    episode = open_referral(child, sw)
    type(episode).objects.filter(pk=episode.pk).update(referral_nfa=True)
    episode.refresh_from_db()
    with pytest.raises(ValidationError) as exc:  # rules 8831/4000
        services.assessment_start(by=sw, episode=episode, start_date=REFERRAL)
    assert "no further action" in errors_of(exc)["start_date"][0]
    assert not CINPlan.objects.exists()

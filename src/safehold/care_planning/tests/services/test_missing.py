"""Tests of care_planning/services/missing.py."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from safehold.care_planning import selectors, services
from safehold.care_planning.models import MissingEpisode
from safehold.casework.models import StatutoryWork
from safehold.children_in_care.tests.helpers import looked_after

from .support import EASTER, at, errors_of, open_work

pytestmark = pytest.mark.django_db


def test_the_return_starts_a_72_hour_clock_for_the_return_interview(ten_year_old, sw):
    looked_after(ten_year_old, sw, start=EASTER)
    episode = services.missing_episode_record(by=sw, person=ten_year_old, kind="M", started_at=at(dt.date(2025, 5, 2),
                                                                                                   21, 30))
    assert episode.period is not None and episode.is_open
    services.missing_episode_update(by=sw, episode=episode, expected_version=episode.version,
                                    ended_at=at(dt.date(2025, 5, 3), 9, 15))
    work = open_work(ten_year_old, "RETURN_INTERVIEW").get()
    assert timezone.localtime(work.due_at) == at(dt.date(2025, 5, 6), 9, 15)  # hours: bank holiday counts
    services.missing_episode_update(by=sw, episode=episode, expected_version=episode.version,
                                    ended_at=episode.ended_at, interview_offered_at=at(dt.date(2025, 5, 6), 9, 0),
                                    interview_accepted=True)
    work.refresh_from_db()
    assert (work.status, work.on_time) == ("done", True)
    summary = selectors.missing_summary(ten_year_old, on=dt.date(2025, 5, 10))
    assert (summary["missing_12m"], summary["away_12m"], summary["repeat"]) == (1, 0, False)


def test_an_interview_offered_after_72_hours_is_late(ten_year_old, sw):
    looked_after(ten_year_old, sw, start=EASTER)
    episode = services.missing_episode_record(by=sw, person=ten_year_old, kind="A", started_at=at(dt.date(2025, 5, 2),
                                                                                                   20),
                                              ended_at=at(dt.date(2025, 5, 2), 23))
    services.missing_episode_update(by=sw, episode=episode, expected_version=episode.version,
                                    ended_at=episode.ended_at, interview_offered_at=at(dt.date(2025, 5, 6), 9))
    assert StatutoryWork.objects.get(person=ten_year_old, rule_code="RETURN_INTERVIEW").on_time is False


def test_three_episodes_in_ninety_days_flag_the_child_as_repeatedly_missing(ten_year_old, sw):
    looked_after(ten_year_old, sw, start=EASTER)
    for day in (dt.date(2025, 5, 2), dt.date(2025, 6, 1), dt.date(2025, 7, 1)):
        services.missing_episode_record(by=sw, person=ten_year_old, kind="M", started_at=at(day, 20),
                                        ended_at=at(day, 23))
    assert selectors.missing_summary(ten_year_old, on=dt.date(2025, 7, 2))["repeat"] is True
    assert selectors.missing_summary(ten_year_old, on=dt.date(2025, 9, 1))["repeat"] is False


def test_bad_missing_episodes_are_refused_naming_the_field(ten_year_old, sw):
    looked_after(ten_year_old, sw, start=EASTER)
    with pytest.raises(ValidationError) as exc:
        services.missing_episode_record(by=sw, person=ten_year_old, kind="M", started_at=at(dt.date(2025, 5, 2), 20),
                                        ended_at=at(dt.date(2025, 5, 2), 19))
    assert list(errors_of(exc)) == ["ended_at"]
    services.missing_episode_record(by=sw, person=ten_year_old, kind="M", started_at=at(dt.date(2025, 5, 2), 20))
    with pytest.raises(ValidationError) as exc:
        services.missing_episode_record(by=sw, person=ten_year_old, kind="A", started_at=at(dt.date(2025, 5, 3), 8))
    assert "no return recorded yet" in errors_of(exc)["started_at"][0]
    episode = MissingEpisode.objects.get()
    with pytest.raises(ValidationError) as exc:
        services.missing_episode_update(by=sw, episode=episode, expected_version=episode.version, ended_at=None,
                                        interview_offered_at=at(dt.date(2025, 5, 3), 9))
    assert list(errors_of(exc)) == ["interview_offered_at"]
    assert MissingEpisode.objects.count() == 1


def test_correcting_the_return_or_the_offer_judges_the_interview_again(ten_year_old, sw):
    looked_after(ten_year_old, sw, start=EASTER)
    episode = services.missing_episode_record(by=sw, person=ten_year_old, kind="M", started_at=at(dt.date(2025, 5, 2),
                                                                                                   20),
                                              ended_at=at(dt.date(2025, 5, 3), 9))
    services.missing_episode_update(by=sw, episode=episode, expected_version=episode.version, ended_at=episode.ended_at,
                                    interview_offered_at=at(dt.date(2025, 5, 4), 9))
    # The return was really the evening before: the clock restarts from then and the offer is still in time.
    services.missing_episode_update(by=sw, episode=episode, expected_version=episode.version,
                                    ended_at=at(dt.date(2025, 5, 2), 23), interview_offered_at=at(dt.date(2025, 5, 4), 9))
    live = StatutoryWork.objects.filter(person=ten_year_old, rule_code="RETURN_INTERVIEW").exclude(status="cancelled")
    assert [(w.status, w.on_time, timezone.localtime(w.due_at)) for w in live] == [
        ("done", True, at(dt.date(2025, 5, 5), 23))]
    # The offer was in fact made later, after the 72 hours: judged late.
    services.missing_episode_update(by=sw, episode=episode, expected_version=episode.version,
                                    ended_at=episode.ended_at, interview_offered_at=at(dt.date(2025, 5, 7), 9))
    assert live.get().on_time is False
    # Taken back: due again.
    services.missing_episode_update(by=sw, episode=episode, expected_version=episode.version,
                                    ended_at=episode.ended_at, interview_offered_at=None)
    assert live.get().status == "open"


def test_a_corrected_return_cannot_overlap_another_episode(ten_year_old, sw):
    looked_after(ten_year_old, sw, start=EASTER)
    first = services.missing_episode_record(by=sw, person=ten_year_old, kind="M", started_at=at(dt.date(2025, 5, 2), 20),
                                            ended_at=at(dt.date(2025, 5, 3), 8))
    services.missing_episode_record(by=sw, person=ten_year_old, kind="A", started_at=at(dt.date(2025, 5, 5), 20),
                                    ended_at=at(dt.date(2025, 5, 5), 23))
    with pytest.raises(ValidationError) as exc:
        services.missing_episode_update(by=sw, episode=first, expected_version=first.version,
                                        ended_at=at(dt.date(2025, 5, 6), 10))
    assert list(errors_of(exc)) == ["ended_at"]

"""Tests of child_protection/services/strategy.py."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from safehold.child_protection import selectors, services
from safehold.child_protection.models import (
    Section47Enquiry,
    StrategyDiscussion,
    StrategyParticipant,
)
from safehold.people.models import ChronologyEntry

from ..factories import Section47EnquiryFactory
from ..helpers import STRATEGY_DAY, at, open_referral, participants, plan_for, strategy
from .support import D, _another_child, errors_of, icpc, work


def test_strategy_without_police_and_health_is_refused_naming_them(child, episode, manager):
    with pytest.raises(ValidationError) as caught:
        strategy(episode, manager, agencies=("social_care", "education"))
    message = errors_of(caught)["participants"][0]
    assert message == ("A strategy discussion needs someone who took part from the police and health: add who "
                       "took part from each of these agencies")
    assert not StrategyDiscussion.objects.exists() and not StrategyParticipant.objects.exists()
    assert not work(child, "ICPC").exists()


def test_someone_who_did_not_take_part_does_not_count(child, episode, manager):
    people = participants("social_care", "health") + participants("police", attended=False)
    with pytest.raises(ValidationError) as caught:
        services.strategy_discussion_record(by=manager, episode=episode, held_at=at(STRATEGY_DAY),
                                            decision="start_s47", rationale="Concern", chaired_by=manager,
                                            participants=people)
    assert "from the police:" in errors_of(caught)["participants"][0]


def test_education_is_recommended_not_required(child, episode, manager):
    discussion = strategy(episode, manager)
    assert "education" in services.strategy_warnings(discussion)[0]
    other = strategy(open_referral(_another_child(child.allocations.get().team), manager), manager,
                     agencies=("social_care", "police", "health", "education"))
    assert services.strategy_warnings(other) == []


def test_no_further_action_starts_no_enquiry(child, episode, manager):
    discussion = strategy(episode, manager, decision=StrategyDiscussion.Decision.NO_FURTHER_CP)
    assert not Section47Enquiry.objects.exists()
    assert not work(child, "ICPC").exists()
    assert "No further child protection action" in ChronologyEntry.objects.get(
        person=child, event_type="strategy_discussion").summary
    assert discussion.decision == "no_further_cp"


@pytest.mark.parametrize("day, message", [
    (D(2025, 11, 30), "The strategy discussion must be on or after the referral date (1/12/2025)"),
    (D(2099, 1, 5), "The strategy discussion must be today or in the past"),
])
def test_strategy_outside_the_episode_is_refused(child, episode, manager, day, message):
    with pytest.raises(ValidationError) as caught:
        strategy(episode, manager, day=day)
    assert errors_of(caught)["held_on"] == [message]


def test_nothing_after_the_episode_closed(child, episode, manager):
    episode.closure_date, episode.closure_reason = D(2025, 12, 10), "RC7"
    episode.save()
    with pytest.raises(ValidationError) as caught:
        strategy(episode, manager)
    assert errors_of(caught)["held_on"] == [
        "The strategy discussion must be on or before the date the episode closed (10/12/2025)"]


def test_s47_cannot_start_before_its_strategy_discussion(child, episode, manager):
    with pytest.raises(ValidationError) as caught:
        strategy(episode, manager, s47_start_date=D(2025, 12, 18))
    assert errors_of(caught)["s47_start_date"] == [
        "The section 47 enquiry cannot start before the strategy discussion (19/12/2025)"]
    assert not Section47Enquiry.objects.exists()


def test_a_later_s47_start_date_is_kept_and_the_target_still_counts_from_the_discussion(child, episode, manager):
    enquiry = strategy(episode, manager, s47_start_date=D(2025, 12, 22)).enquiry
    assert enquiry.start_date == D(2025, 12, 22)
    assert enquiry.initial_cpc_target == D(2026, 1, 14)


def test_only_one_open_s47(child, episode, manager):
    strategy(episode, manager)
    with pytest.raises(ValidationError) as caught:
        strategy(episode, manager, day=D(2025, 12, 22))
    assert errors_of(caught)["decision"] == [
        "There is already an open section 47 enquiry (started 19/12/2025): record its outcome or its initial "
        "conference first"]
    assert Section47Enquiry.objects.count() == 1


def test_the_database_refuses_a_second_open_s47(child, episode, manager):
    first = strategy(episode, manager)
    second = strategy(episode, manager, decision=StrategyDiscussion.Decision.NO_FURTHER_CP, day=D(2025, 12, 22))
    with pytest.raises(IntegrityError), transaction.atomic():
        Section47EnquiryFactory(strategy_discussion=second, start_date=D(2025, 12, 22),
                                initial_cpc_target=D(2026, 1, 14))
    assert first.enquiry.is_open


def test_the_iro_cannot_record_a_strategy_discussion(child, episode, users):
    with pytest.raises(PermissionDenied):
        strategy(episode, users["iro"])


def test_conference_needs_the_s47_outcome_first(child, episode, manager):
    enquiry = strategy(episode, manager).enquiry
    with pytest.raises(ValidationError) as caught:
        icpc(enquiry, manager, D(2026, 1, 12))
    assert "Record the outcome of the section 47 enquiry before its initial conference" in errors_of(caught)["held_on"]


def test_an_episode_with_child_protection_work_open_cannot_close(child, episode, manager):
    strategy(episode, manager)
    assert selectors.episode_close_blockers(episode) == [
        "The section 47 enquiry from 19/12/2025 has no initial conference yet and was not concluded without one"]
    plan = plan_for(_another_child(child.allocations.get().team), manager)
    assert selectors.episode_close_blockers(plan.episode) == [
        "The child protection plan from 12/1/2026 is still open: end it first"]

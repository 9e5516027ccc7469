"""Builders for child protection tests: a referral, a strategy discussion, an enquiry, a plan.
Synthetic data only."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from safehold.child_protection import services
from safehold.child_protection.models import StrategyDiscussion

STRATEGY_DAY = dt.date(2025, 12, 19)  # a Friday before Christmas: the ICPC count crosses three bank holidays


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def participants(*agencies: str, attended: bool = True) -> list[dict]:
    agencies = agencies or ("social_care", "police", "health")
    names = {"social_care": "Jo Social Worker", "police": "DC Sam Police", "health": "Nurse Alex Health",
             "education": "Kim Education Lead", "other": "Lee Other"}
    return [{"name": names[a], "agency": a, "role": "Representative", "attended": attended} for a in agencies]


def open_referral(child, user, referral_date: dt.date = dt.date(2025, 12, 1)):
    from safehold.family_help.services import referral_open

    return referral_open(by=user, person=child, referral_date=referral_date, source="6")


def strategy(episode, user, *, day: dt.date = STRATEGY_DAY, decision=StrategyDiscussion.Decision.START_S47,
             agencies=("social_care", "police", "health"), s47_start_date=None):
    return services.strategy_discussion_record(
        by=user, episode=episode, held_at=at(day), decision=decision, rationale="Bruising seen at school",
        chaired_by=user, participants=participants(*agencies), s47_start_date=s47_start_date)


def completed_enquiry(episode, user, *, day: dt.date = STRATEGY_DAY, end: dt.date | None = None,
                      conference_needed: bool = True):
    discussion = strategy(episode, user, day=day)
    return services.section47_complete(by=user, enquiry=discussion.enquiry, end_date=end or day + dt.timedelta(days=5),
                                       outcome="substantiated", conference_needed=conference_needed)


def plan_for(child, manager, *, referral: dt.date = dt.date(2025, 12, 1), day: dt.date = STRATEGY_DAY,
             icpc: dt.date = dt.date(2026, 1, 12), category: str = "NEG", lead=None, episode=None):
    """A child on a plan: referral, strategy discussion, completed s47 and an ICPC deciding on a plan.
    `manager` needs CASEWORK_RECORD and CONFERENCE_RECORD (a team manager)."""
    episode = episode or open_referral(child, manager, referral)
    enquiry = completed_enquiry(episode, manager, day=day)
    conference = services.conference_initial_record(by=manager, enquiry=enquiry, held_on=icpc, chaired_by=manager,
                                                    outcome="plan", category=category,
                                                    lead_practitioner=lead or manager)
    return conference.started_plan

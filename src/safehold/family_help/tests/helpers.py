"""Builders for Family Help tests: a referral, an assessment, a plan. Synthetic data only."""

from __future__ import annotations

import datetime as dt

from safehold.family_help import services

REFERRAL = dt.date(2025, 1, 6)  # a Monday; the assessment is due 45 working days later, 2025-03-10
ASSESSMENT_DUE = dt.date(2025, 3, 10)


def open_referral(child, user, referral_date: dt.date = REFERRAL, **kwargs):
    return services.referral_open(by=user, person=child, referral_date=referral_date, source="2A", **kwargs)


def started_assessment(child, user, *, referral_date: dt.date = REFERRAL, start: dt.date | None = None,
                       episode=None):
    episode = episode or open_referral(child, user, referral_date)
    return services.assessment_start(by=user, episode=episode, start_date=start or episode.referral_date,
                                     lead_worker=user)


def authorised_assessment(child, manager, *, on: dt.date | None = None, factors=("16A",), episode=None,
                          start: dt.date | None = None):
    assessment = started_assessment(child, manager, episode=episode, start=start)
    return services.assessment_authorise(
        by=manager, assessment=assessment, expected_version=assessment.version,
        authorised_date=on or assessment.start_date + dt.timedelta(days=20), factors=list(factors),
        summary="Neglect identified; support through a child in need plan", primary_need="N1")


def cin_plan(child, manager, *, start: dt.date | None = None, episode=None):
    episode = episode or open_referral(child, manager)
    return services.cin_plan_start(by=manager, episode=episode, start_date=start or episode.referral_date,
                                   lead_practitioner=manager)


def early_help(child, user, start: dt.date = dt.date(2025, 2, 3)):
    return services.early_help_open(by=user, person=child, start_date=start, reason="Parenting support",
                                    lead_practitioner=user, lead_practitioner_role="Family support worker",
                                    organisation="Northfield Family Hub")

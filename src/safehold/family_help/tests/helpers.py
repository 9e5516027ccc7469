"""Builders for Family Help tests: a referral, an assessment, a plan. Synthetic data only."""

from __future__ import annotations

import datetime as dt

from safehold.family_help import services

REFERRAL = dt.date(2025, 1, 6)  # a Monday; the assessment is due 45 working days later, 2025-03-10
ASSESSMENT_DUE = dt.date(2025, 3, 10)


def open_referral(child, user, referral_date: dt.date = REFERRAL, **kwargs):
    return services.referral_open(by=user, person=child, referral_date=referral_date, source="2A", **kwargs)


def started_assessment(child, user, *, referral_date: dt.date = REFERRAL, start: dt.date | None = None,
                       episode=None, submitted: bool = False):
    """An assessment `user` started; with `submitted`, they have also submitted it for sign-off."""
    episode = episode or open_referral(child, user, referral_date)
    assessment = services.assessment_start(by=user, episode=episode, start_date=start or episode.referral_date,
                                           lead_worker=user)
    return submit(assessment, user) if submitted else assessment


def submit(assessment, user=None):
    """The worker submits the assessment for sign-off (casework.signoff, issue 14.2). Without `user`, a
    social worker of the assessment's team submits it, so that any manager may then authorise it."""
    from safehold.accounts.models import Role, User
    from safehold.accounts.tests.factories import UserFactory
    from safehold.casework.signoff import sign_off_for, sign_off_submit

    if user is None:
        lead = assessment.lead_worker
        user = (User.objects.filter(role=Role.SOCIAL_WORKER, team=lead.team).exclude(pk=lead.pk).first()
                if lead.team_id else None) or UserFactory(role=Role.SOCIAL_WORKER, team=lead.team)
    sign_off = sign_off_for(assessment)
    sign_off_submit(by=user, sign_off=sign_off, expected_version=sign_off.version)
    return assessment


def authorised_assessment(child, manager, *, on: dt.date | None = None, factors=("16A",), episode=None,
                          start: dt.date | None = None):
    assessment = submit(started_assessment(child, manager, episode=episode, start=start))
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

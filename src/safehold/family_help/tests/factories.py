"""Family Help test data (synthetic only): a referral's child in need episode and a CIN plan, as rows.

Use the builders in `helpers.py` (which go through the services) where the test is about what the service does;
these are for a record a test only needs to exist."""

import datetime as dt

import factory

from safehold.accounts.tests.factories import UserFactory
from safehold.family_help.codes import ReferralSource
from safehold.family_help.models import CINEpisode, CINPlan
from safehold.people.tests.factories import PersonFactory


class CINEpisodeFactory(factory.django.DjangoModelFactory):
    """An open episode from a police referral."""

    class Meta:
        model = CINEpisode

    person = factory.SubFactory(PersonFactory)
    referral_date = dt.date(2025, 1, 6)
    referral_source = ReferralSource.S6
    recorded_by = factory.SubFactory(UserFactory)


class CINPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CINPlan

    episode = factory.SubFactory(CINEpisodeFactory)
    person = factory.SelfAttribute("episode.person")
    start_date = factory.SelfAttribute("episode.referral_date")
    lead_practitioner = factory.SelfAttribute("episode.recorded_by")
    recorded_by = factory.SelfAttribute("episode.recorded_by")

"""Care planning test data (synthetic only): a missing episode, as a row."""

import datetime as dt

import factory

from safehold.accounts.tests.factories import UserFactory
from safehold.care_planning.codes import MissingKind
from safehold.care_planning.models import MissingEpisode
from safehold.people.tests.factories import PersonFactory


class MissingEpisodeFactory(factory.django.DjangoModelFactory):
    """A child missing overnight: gone at 10pm, back nine hours later."""

    class Meta:
        model = MissingEpisode

    person = factory.SubFactory(PersonFactory)
    kind = MissingKind.MISSING
    started_at = dt.datetime(2025, 5, 1, 22, tzinfo=dt.UTC)
    ended_at = factory.LazyAttribute(lambda o: o.started_at + dt.timedelta(hours=9) if o.started_at else None)
    recorded_by = factory.SubFactory(UserFactory)

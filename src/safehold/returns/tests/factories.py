"""Returns test data (synthetic only): a run as the Returns page lists it, without running it."""

import datetime as dt

import factory

from safehold.accounts.tests.factories import UserFactory
from safehold.returns.models import ReturnRun


class ReturnRunFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReturnRun

    kind = ReturnRun.Kind.CIN
    period_end = dt.date(2026, 3, 31)
    started_by = factory.SubFactory(UserFactory)

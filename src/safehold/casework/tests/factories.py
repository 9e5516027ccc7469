"""Casework test data (synthetic only): allocations and statutory visits."""

import datetime as dt

import factory

from safehold.accounts.tests.factories import TeamFactory, UserFactory
from safehold.casework.models import Allocation, Visit
from safehold.people.tests.factories import PersonFactory


class AllocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Allocation

    person = factory.SubFactory(PersonFactory)
    team = factory.SubFactory(TeamFactory)
    worker = None
    started_on = dt.date(2024, 1, 1)


class VisitFactory(factory.django.DjangoModelFactory):
    """A child in need visit at which the child was seen; `visited_by` records it unless told otherwise."""

    class Meta:
        model = Visit

    person = factory.SubFactory(PersonFactory)
    kind = Visit.Kind.CIN
    visited_on = dt.date(2026, 1, 5)
    visited_by = factory.SubFactory(UserFactory)
    child_seen = True
    recorded_by = factory.SelfAttribute("visited_by")

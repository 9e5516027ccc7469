"""Front door test data (synthetic only)."""

import datetime as dt

import factory
from django.utils import timezone

from safehold.accounts.tests.factories import UserFactory
from safehold.people.tests.factories import PersonFactory

from ..models import Contact


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    person = factory.SubFactory(PersonFactory)
    received_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(hours=1))
    source = "6"
    source_detail = "PC Example, Northshire Police"
    concern = factory.Sequence(lambda n: f"Concern number {n}: a neighbour heard shouting late at night")
    consent = "given"
    recorded_by = factory.SubFactory(UserFactory)


class UnlinkedContactFactory(ContactFactory):
    person = None
    subject_forename = "Maisie"
    subject_surname = "Thornbury"
    subject_dob = dt.date(2016, 3, 14)
    submitted_by = factory.SelfAttribute("recorded_by")

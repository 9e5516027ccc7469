"""Meetings test data (synthetic only): a booked meeting and the people invited to it."""

import datetime as dt

import factory
from django.utils import timezone

from safehold.accounts.tests.factories import UserFactory
from safehold.meetings.models import Invitee, InviteeAgency, Meeting, MeetingKind
from safehold.people.tests.factories import PersonFactory


class MeetingFactory(factory.django.DjangoModelFactory):
    """A core group meeting booked for three days from now."""

    class Meta:
        model = Meeting

    person = factory.SubFactory(PersonFactory)
    kind = MeetingKind.CORE_GROUP
    scheduled_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=3))
    venue = "Northfield Family Hub"
    booked_by = factory.SubFactory(UserFactory)


class InviteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitee

    meeting = factory.SubFactory(MeetingFactory)
    name = "Ms Patel"
    agency = InviteeAgency.EDUCATION
    role = "Head of year"

"""Information governance test data (synthetic only)."""

import datetime as dt

import factory

from safehold.accounts.tests.factories import UserFactory
from safehold.governance.models import RetentionReview, SubjectAccessRequest
from safehold.people.tests.factories import PersonFactory


class SubjectAccessRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SubjectAccessRequest

    person = factory.SubFactory(PersonFactory)
    requester_name = "A. Requester"
    requester_kind = SubjectAccessRequest.Requester.SUBJECT
    received_on = dt.date(2026, 11, 1)
    due_on = dt.date(2026, 12, 1)
    identity_checked = "Passport seen at the office"
    recorded_by = factory.SubFactory(UserFactory)


class RetentionReviewFactory(factory.django.DjangoModelFactory):
    """A record past its retention date under the schedule's `child` rule, waiting for review."""

    class Meta:
        model = RetentionReview

    person = factory.SubFactory(PersonFactory)
    subject_pk = factory.SelfAttribute("person.pk")
    subject_person_id = factory.SelfAttribute("person.person_id")
    rule = "child"
    rule_date = dt.date(2026, 1, 1)

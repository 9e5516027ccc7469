"""Builders for the accounts app's records: services, teams, users, named access grants and break-glass
access. Synthetic only: never real personal data."""

import datetime as dt

import factory
from django.utils import timezone
from faker import Faker

from safehold.accounts.models import BreakGlassAccess, Role, Service, Team, User

_faker = Faker("en_GB")
# Surnames the tests give children: a member of staff drawn with one (1 in 500 for "Hartley") shows it in the page
# header, and a test that checks a child's name is absent then fails on that draw alone.
_CHILDREN_SURNAMES = frozenset({"Carter", "Child", "Childname", "Clarkson", "Cole", "Doyle", "Ellis", "Else", "Hartley", "Hartly", "Held", "Lane", "Lindqvist", "Lowe", "Marlow", "Measureson", "Morrison", "Moss", "Ofteam", "Okafor", "Otherteam", "Pemberton", "Pennington", "Pryce", "Quillfeather", "Quinton", "Quist", "Reed", "Thornbury", "Waiting", "Walsh", "Whitfield"})


def _staff_surname() -> str:
    while True:
        name = _faker.last_name().replace("'", "")
        if name not in _CHILDREN_SURNAMES:
            return name


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Service area {n}")


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    team_id = factory.Sequence(lambda n: f"T{n:03d}")
    name = factory.Sequence(lambda n: f"Family Help Team {n}")
    kind = Team.Kind.FAMILY_HELP
    service = factory.SubFactory(ServiceFactory)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    # Names without an apostrophe: a page writes O'Sullivan as O&#x27;Sullivan, and a test that looks for the
    # name as typed would pass or fail with the draw (it did, twice).
    first_name = factory.LazyFunction(lambda: _faker.first_name().replace("'", ""))
    last_name = factory.LazyFunction(lambda: _staff_surname())
    role = Role.SOCIAL_WORKER
    team = factory.SubFactory(TeamFactory)
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class RecordAccessGrantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "accounts.RecordAccessGrant"

    person = factory.SubFactory("safehold.people.tests.factories.PersonFactory")
    user = factory.SubFactory(UserFactory)
    granted_by = factory.SubFactory(UserFactory, role=Role.TEAM_MANAGER)
    reason = "Named access for the allocated worker"


class BreakGlassAccessFactory(factory.django.DjangoModelFactory):
    """Break-glass access that began now and runs for the usual hour."""

    class Meta:
        model = BreakGlassAccess

    person = factory.SubFactory("safehold.people.tests.factories.PersonFactory")
    user = factory.SubFactory(UserFactory)
    reason_code = BreakGlassAccess.Reason.IMMEDIATE_SAFEGUARDING
    reason_text = "Police called about the child tonight; checking previous involvement"
    started_at = factory.LazyFunction(timezone.now)
    expires_at = factory.LazyAttribute(lambda o: o.started_at + dt.timedelta(hours=1))

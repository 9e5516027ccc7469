"""Test data builders (factory_boy + Faker). Synthetic only: never real personal data."""

import datetime as dt

import factory

from safehold.accounts.models import Role, Service, Team, User
from safehold.casework.models import Allocation
from safehold.people.models import Address, Person, Relationship
from safehold.people.validators import fold, name_key


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
    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    role = Role.SOCIAL_WORKER
    team = factory.SubFactory(TeamFactory)
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    kind = Person.Kind.CHILD
    person_id = factory.Sequence(lambda n: f"C{n:07d}")
    forename = factory.Faker("first_name", locale="en_GB")
    surname = factory.Faker("last_name", locale="en_GB")
    sex = "F"
    ethnicity = "WBRI"
    dob = factory.LazyFunction(lambda: dt.date(2015, 6, 1))
    search_name = factory.LazyAttribute(lambda o: fold(f"{o.forename} {o.surname}"))
    forename_key = factory.LazyAttribute(lambda o: name_key(o.forename))
    surname_key = factory.LazyAttribute(lambda o: name_key(o.surname))


class AddressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Address

    person = factory.SubFactory(PersonFactory)
    line1 = factory.Sequence(lambda n: f"{n} Station Road")
    town = "Northfield"
    postcode = "NF1 2AB"
    start_date = dt.date(2020, 1, 1)


class RelationshipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Relationship

    person = factory.SubFactory(PersonFactory)
    related = factory.SubFactory(PersonFactory, kind=Person.Kind.ADULT, dob=dt.date(1985, 1, 1))
    type = Relationship.Type.MOTHER


class AllocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Allocation

    person = factory.SubFactory(PersonFactory)
    team = factory.SubFactory(TeamFactory)
    worker = None
    started_on = dt.date(2024, 1, 1)

"""Builders for the people app's records: people, addresses, relationships and chronology entries (factory_boy +
Faker). Staff, teams and access grants: accounts.tests.factories. Synthetic only: never real personal data."""

import datetime as dt

import factory
from faker import Faker

from safehold.people.models import Address, Person, Relationship
from safehold.people.validators import fold, name_key

_faker = Faker("en_GB")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    kind = Person.Kind.CHILD
    # C9000000 upwards, clear of the hand-picked IDs tests use (C0000001 ...): factory sequences are
    # never reset between tests, so a low sequence would collide with them depending on test order.
    person_id = factory.Sequence(lambda n: f"C9{n:06d}")
    forename = factory.LazyFunction(lambda: _faker.first_name().replace("'", ""))
    surname = factory.LazyFunction(lambda: _faker.last_name().replace("'", ""))
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


# --- Added for the access, audit and people test suites -------------------------------------------

def valid_upn(body: str = "801200001001") -> str:
    """A UPN with the right check letter for a 12-character body (11 digits and a final digit or letter)."""
    from safehold.people.validators import upn_check_letter

    return upn_check_letter("?" + body) + body


def wrong_check_letter_upn(body: str = "801200001001") -> str:
    """The same body as valid_upn(body) with a different (wrong) check letter."""
    from safehold.people.validators import _UPN_LETTERS

    good = valid_upn(body)[0]
    bad = next(letter for letter in _UPN_LETTERS if letter != good)
    return bad + body


class ChronologyEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "people.ChronologyEntry"

    person = factory.SubFactory(PersonFactory)
    occurred_on = dt.date(2024, 1, 1)
    event_type = "person_recorded"
    summary = factory.Sequence(lambda n: f"Event number {n}")

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from safehold.accounts.models import Agency, Role, Team
from safehold.accounts.tests.factories import UserFactory
from safehold.people.tests.factories import PersonFactory

LONDON = ZoneInfo("Europe/London")


def at(y, m, d, hh=10, mm=0) -> dt.datetime:
    return dt.datetime(y, m, d, hh, mm, tzinfo=LONDON)


@pytest.fixture
def friday():
    """Friday 19 December 2025, 10:00: a contact received now is due Monday 22 December
    (timescales.md counting conventions)."""
    with time_machine.travel(at(2025, 12, 19, 10, 0), tick=False) as traveller:
        yield traveller


@pytest.fixture
def police(db):
    team = Team.objects.create(team_id="NPOL", name="Northshire Police", kind=Team.Kind.PARTNER)
    return UserFactory(username="pc_example", first_name="Pat", last_name="Constable", role=Role.PARTNER,
                       agency=Agency.POLICE, team=team)


@pytest.fixture
def health(db):
    team = Team.objects.create(team_id="NHLT", name="Northshire Health", kind=Team.Kind.PARTNER)
    return UserFactory(username="hv_example", role=Role.PARTNER, agency=Agency.HEALTH, team=team)


@pytest.fixture
def school(db):
    team = Team.objects.create(team_id="NSCH", name="Northfield Primary", kind=Team.Kind.PARTNER)
    return UserFactory(username="dsl_example", role=Role.PARTNER, agency=Agency.EDUCATION, team=team)


@pytest.fixture
def fd(users):
    return users["front_door"]


@pytest.fixture
def adult(db):
    return PersonFactory(kind="adult", forename="Joanne", surname="Hartley", dob=dt.date(1988, 7, 2))

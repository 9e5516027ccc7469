"""Shared fixtures: one user per role in one team, a child allocated to that team, and a client
signed in as any role. Each app builds its records with its own tests/factories.py (staff and teams:
safehold/accounts/tests/factories.py; people: safehold/people/tests/factories.py)."""

import os

import pytest

from safehold.accounts.models import Role, Team

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop

PASSWORD = "correct horse battery"


@pytest.fixture
def team(db):
    from safehold.accounts.tests.factories import TeamFactory

    return TeamFactory(name="Family Help North 1", team_id="FHN1")


@pytest.fixture
def other_team(db):
    from safehold.accounts.tests.factories import TeamFactory

    return TeamFactory(name="Family Help South 1", team_id="FHS1")


@pytest.fixture
def users(db, team):
    """One active user of every role; casework roles sit in `team`."""
    from safehold.accounts.tests.factories import UserFactory

    made = {}
    for role in Role:
        in_team = role in (Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.FRONT_DOOR)
        made[role.value] = UserFactory(
            username=f"{role.value}_user",
            role=role,
            team=team if in_team else (Team.objects.create(team_id="P01", name="Police", kind="partner")
                                      if role == Role.PARTNER else None),
            service=team.service if role == Role.SERVICE_MANAGER else None,
        )
    return made


@pytest.fixture
def sw(users):
    """The social worker of `team` (the shorthand many tests use)."""
    return users["social_worker"]


@pytest.fixture
def tm(users):
    """The team manager of `team`."""
    return users["team_manager"]


@pytest.fixture
def child(db, team):
    """A child allocated to `team` (unallocated to a worker)."""
    from safehold.casework.tests.factories import AllocationFactory
    from safehold.people.tests.factories import PersonFactory

    person = PersonFactory(forename="Amelia", surname="Hartley", person_id="C0000001")
    AllocationFactory(person=person, team=team)
    return person


@pytest.fixture
def login(client):
    def _login(user):
        client.force_login(user)
        return client

    return _login


@pytest.fixture
def other_child(db, other_team):
    """A child allocated to `other_team` (outside the social workers' team and service area)."""
    from safehold.casework.tests.factories import AllocationFactory
    from safehold.people.tests.factories import PersonFactory

    person = PersonFactory(forename="Oliver", surname="Brennan", person_id="C0000002")
    AllocationFactory(person=person, team=other_team)
    return person


@pytest.fixture
def restricted_child(child):
    """`child`, marked restricted (no one holds a grant yet)."""
    child.is_restricted = True
    child.restriction_reason = "Relative of a member of staff"
    child.save()
    return child

"""No page names a restricted child to someone who may not open the record (issue 15.2).

Every named URL in the project, as every role, with the matrix's objects built for a restricted
child who sits in every list we can put them in: held by the team unallocated, held by the social
worker as lead practitioner, with overdue statutory work and a contact waiting at the front door.
Nobody holds a grant, so no page may show the child's name, only "Restricted record" and the ID.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from safehold.casework.models import Allocation
from safehold.casework.work import work_raise
from safehold.front_door.tests.factories import ContactFactory
from safehold.people.tests.factories import AllocationFactory
from safehold.people.validators import fold

from .test_permission_matrix import ROLES, URL_NAMES, url_for

# A name no factory-made member of staff can share (staff names are random).
NAME_PARTS = ("Zephyrine", "Quillfeather")


@pytest.fixture
def restricted_in_every_list(restricted_child, users, team):
    child = restricted_child
    child.forename, child.surname = NAME_PARTS
    child.search_name = fold(" ".join(NAME_PARTS))
    child.save()
    sw = users["social_worker"]
    AllocationFactory(person=child, team=team, worker=sw, role=Allocation.Role.LEAD_PRACTITIONER)
    contact = ContactFactory(person=child, recorded_by=users["front_door"])
    work_raise(person=child, rule_code="CONTACT_DECISION", start=dt.date(2025, 1, 6), source=contact,
               title="Front door decision on a contact", team=team, worker=sw)
    return child


@pytest.mark.parametrize("name", [n for n in URL_NAMES
                                  if n not in ("logout", "people:grant_add", "people:grant_revoke")])  # POST only
def test_no_page_names_a_restricted_child(name, restricted_in_every_list, users, client):
    child = restricted_in_every_list
    url = url_for(name, child, None, users)
    leaks = []
    for role in ROLES:
        client.force_login(users[role])
        response = client.get(url)
        body = response.content.decode(errors="replace")
        if any(part in body for part in NAME_PARTS):
            leaks.append(f"{role} ({response.status_code})")
    assert not leaks, f"{name} names the restricted child to: {leaks}"


def test_the_team_managers_home_page_lists_the_restricted_child_by_id_only(restricted_in_every_list, users,
                                                                           login):
    body = login(users["team_manager"]).get(reverse("home")).content.decode()
    unallocated = body.split("Unallocated in your team", 1)[1]
    assert "Restricted record" in unallocated and restricted_in_every_list.person_id in unallocated
    body = login(users["social_worker"]).get(reverse("home")).content.decode()
    assert "Restricted record" in body.split("Children allocated to you", 1)[1]

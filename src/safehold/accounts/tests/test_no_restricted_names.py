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
from safehold.casework.tests.factories import AllocationFactory
from safehold.casework.work import work_raise
from safehold.front_door.tests.factories import ContactFactory
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
    today = dt.date.today()
    work_raise(person=child, rule_code="CONTACT_DECISION", start=today - dt.timedelta(days=5), source=contact,
               title="Front door decision on a contact", team=team, worker=sw)
    # In the measures too: an assessment completed this year (the drill-down of HP_ASSESS_45WD, which the
    # walk opens).
    from safehold.casework.models import StatutoryWork

    work = work_raise(person=child, rule_code="ASSESSMENT", start=today - dt.timedelta(days=60), source=child,
                      title="Assessment", team=team)
    StatutoryWork.objects.filter(pk=work.pk).update(status="done", completed_on=today - dt.timedelta(days=10),
                                                     on_time=True)
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


def test_the_audit_page_names_no_restricted_child(restricted_in_every_list, users, client):
    """The walk above opens the audit page without a query; here it is asked about the child and about the
    worker who changed the record."""
    child = restricted_in_every_list
    for role in ROLES:
        client.force_login(users[role])
        for query in ({"person_id": child.person_id}, {"username": users["social_worker"].username}):
            body = client.get(reverse("audit:index"), query).content.decode()
            assert not any(part in body for part in NAME_PARTS), f"{role} reads the name on the audit page"


def test_the_dashboard_register_names_no_restricted_child(restricted_in_every_list, users, client):
    from safehold.children_in_care.models import Placement, UnregisteredPlacementAuthorisation
    from safehold.children_in_care.tests.helpers import looked_after

    child, today = restricted_in_every_list, dt.date.today()
    looked_after(child, users["social_worker"], start=today - dt.timedelta(days=30))
    UnregisteredPlacementAuthorisation.objects.create(
        placement=Placement.objects.get(person=child), person=child, authorised_by=users["leader"],
        authorised_on=today - dt.timedelta(days=30), concerns="Not registered", reason="No registered home",
        plan_to_end="Provider to register", target_end_date=today + dt.timedelta(days=30))
    for role in ("team_manager", "service_manager", "analyst", "leader"):
        client.force_login(users[role])
        body = client.get(reverse("performance:dashboard")).content.decode()
        assert "Children in unregistered provision now (1)" in body
        assert not any(part in body for part in NAME_PARTS), role

"""Issue 17.5: a list page reads a fixed number of queries however many rows it shows (no query per row).

Each page is read with a few rows, then with more, as the role that uses it; the number of queries must not
grow. Pages with their own such test: the data quality page (returns), the sign-off list (casework), the
inbox (notifications), the worklists (worklists) and the care leavers' caseload (care_leavers)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from safehold.front_door.tests.factories import ContactFactory
from safehold.people.tests.factories import (
    AllocationFactory,
    PersonFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _children_allocated(users, team, n):
    for _ in range(n):
        AllocationFactory(person=PersonFactory(surname="Querycount"), team=team, worker=users["social_worker"])


def _contacts(users, team, n):
    for _ in range(n):
        ContactFactory(recorded_by=users["front_door"])


def _staff(users, team, n):
    for _ in range(n):
        UserFactory(team=team)


def _search_results(client):
    """The people search posts what was typed; its results are read at the address it redirects to."""
    response = client.post(reverse("people:search"), {"name": "Querycount"})
    assert response.status_code == 302
    return response["Location"]


# (page, role reading it, how rows are added, query string or how to reach the page)
PAGES = [
    ("home", "social_worker", _children_allocated, ""),
    ("front_door:queue", "front_door", _contacts, ""),
    ("people:search", "social_worker", _children_allocated, _search_results),
    ("accounts_users", "admin", _staff, ""),
    ("worklists:team", "team_manager", _children_allocated, ""),
]


@pytest.mark.parametrize(("name", "role", "add", "query"), PAGES, ids=[p[0] for p in PAGES])
def test_a_list_page_reads_the_same_number_of_queries_for_more_rows(client, users, team, name, role, add, query):
    client.force_login(users[role])
    url = query(client) if callable(query) else reverse(name) + query
    assert client.get(url).status_code == 200  # the first page of a session saves the session
    add(users, team, 2)
    with CaptureQueriesContext(connection) as few:
        few_page = client.get(url)
    add(users, team, 8)
    with CaptureQueriesContext(connection) as more:
        more_page = client.get(url)
    assert few_page.status_code == more_page.status_code == 200
    assert len(more_page.content) > len(few_page.content)  # the page shows the rows added
    assert len(more.captured_queries) == len(few.captured_queries), "\n".join(
        q["sql"][:200] for q in more.captured_queries)

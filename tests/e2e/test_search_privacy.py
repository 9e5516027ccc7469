"""Searching in a real browser keeps names out of addresses (issue 15: no personal data in logs), and
the back button still brings the results back: the search is posted, then shown at ?search=<key>."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from safehold.accounts.models import Role
from safehold.accounts.tests.factories import UserFactory
from safehold.casework.tests.factories import AllocationFactory
from safehold.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def worker(team):
    user = UserFactory(username="sam", first_name="Sam", role=Role.SOCIAL_WORKER, team=team)
    child = PersonFactory(forename="Amelia", surname="Hartley", person_id="C0000301", dob=dt.date(2016, 3, 14))
    AllocationFactory(person=child, team=team, worker=user)
    return user, child


def test_search_from_home_keeps_the_name_out_of_the_address_and_back_shows_the_results(page, sign_in, worker):
    visited = []
    page.on("request", lambda request: visited.append(request.url))
    sign_in("sam")
    page.get_by_label("Find a child or adult").fill("Amelia Hartley")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("heading", name="1 person found")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/people/\?search=[\w-]+$"))
    results_url = page.url

    page.get_by_role("link", name="Amelia Hartley").click()
    expect(page.get_by_role("heading", name="Amelia Hartley", level=1)).to_be_visible()
    page.go_back()
    expect(page).to_have_url(results_url)
    expect(page.get_by_role("heading", name="1 person found")).to_be_visible()
    page.reload()  # a GET: no "resubmit the form?" prompt
    expect(page.get_by_role("link", name="Amelia Hartley")).to_be_visible()

    # Searching again from the results page: still nothing in the address.
    page.get_by_label("Name").fill("Amelia")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("heading", name="1 person found")).to_be_visible()
    assert page.url != results_url

    leaked = [url for url in visited if "Amelia" in url or "Hartley" in url]
    assert leaked == []

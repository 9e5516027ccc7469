"""axe-core (bundled by axe-playwright-python, no download) on the main pages, including an error
state: no WCAG 2.0/2.1/2.2 A or AA violations. Keyboard: the skip link is the first tab stop."""

import datetime as dt

import pytest
from axe_playwright_python.sync_playwright import Axe

from safehold.accounts.models import Role
from safehold.accounts.tests.factories import UserFactory
from safehold.casework.tests.factories import AllocationFactory
from safehold.people.tests.factories import PersonFactory, RelationshipFactory

pytestmark = pytest.mark.django_db(transaction=True)
WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}}


@pytest.fixture
def worker(team):
    user = UserFactory(username="sam", first_name="Sam", role=Role.SOCIAL_WORKER, team=team)
    child = PersonFactory(forename="Amelia", surname="Hartley", person_id="C0000201", dob=dt.date(2016, 3, 14))
    RelationshipFactory(person=child, type="mother")
    AllocationFactory(person=child, team=team, worker=user)
    return user, child


def _violations(page) -> list[str]:
    results = Axe().run(page, options=WCAG_AA)
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])} elements)" for v in results.response["violations"]]


def test_main_pages_have_no_wcag_aa_violations(page, sign_in, worker):
    user, child = worker
    page.goto("/accounts/login/")
    assert _violations(page) == []
    sign_in("sam")
    for url in ["/", f"/people/{child.pk}/", f"/people/{child.pk}/edit/", "/people/new/",
                f"/people/{child.pk}/chronology/print/"]:
        page.goto(url)
        assert _violations(page) == [], url
    # Search results: the search is posted (no name in the address), so fill the form.
    page.goto("/people/")
    page.get_by_label("Name").fill("Amelia")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("heading", name="1 person found").wait_for()
    assert _violations(page) == [], page.url


def test_error_summary_state_is_accessible_and_focused(page, sign_in, worker):
    sign_in("sam")
    page.goto("/people/new/")
    page.get_by_role("button", name="Add person").click()
    assert page.title().startswith("Error: ")
    # GOV.UK Frontend moves focus to the error summary so screen readers announce it.
    assert page.evaluate("document.activeElement.classList.contains('govuk-error-summary')")
    link = page.locator(".govuk-error-summary a").first
    assert link.get_attribute("href") == "#id_forename"
    assert _violations(page) == []


def test_skip_link_is_the_first_tab_stop(page, sign_in, worker):
    sign_in("sam")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Skip to main content"


def test_the_checker_itself_catches_a_violation(page):
    """Guards the harness: an unlabelled field must be reported, or the checks above prove nothing."""
    page.set_content('<html lang="en"><head><title>t</title></head><body><main><input type="text"></main></body></html>')
    assert any(v.startswith("label:") for v in _violations(page))

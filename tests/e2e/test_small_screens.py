"""It works on a phone (issue 14.10): at 375 px wide the header and menu fit, tables become stacked rows, and no
page is wider than the screen (nothing cut off, no sideways scrolling)."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from safehold.accounts.models import Role
from safehold.accounts.tests.factories import UserFactory
from safehold.casework.tests.factories import AllocationFactory
from safehold.casework.work import work_raise
from safehold.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db(transaction=True)
PAGES = ["/", "/work/mine/", "/work/team/", "/notifications/", "/casework/sign-off/", "/people/search/",
         "/measures/", "/improvement/"]


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(viewport={"width": 375, "height": 800}, base_url=live_server.url)
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


def _overflow(page) -> int:
    return page.evaluate("Math.max(document.documentElement.scrollWidth, document.body.scrollWidth) - 375")


def test_pages_fit_a_phone(phone, team, shoot):
    worker = UserFactory(username="sam", first_name="Sam", last_name="Okafor", role=Role.SOCIAL_WORKER, team=team)
    UserFactory(username="tara", first_name="Tara", last_name="Whitfield", role=Role.TEAM_MANAGER, team=team)
    child = PersonFactory(forename="Amelia", surname="Hartley", person_id="C0000501", dob=dt.date(2016, 3, 14))
    alloc = AllocationFactory(person=child, team=team, worker=worker, started_on=dt.date(2025, 9, 1))
    work_raise(person=child, rule_code="CP_VISIT", start=dt.date(2025, 11, 1), source=alloc,
               title="Child protection visit")
    for username, pages in (("sam", ["/", "/work/mine/", f"/people/{child.pk}/", "/notifications/",
                                     "/casework/sign-off/", f"/casefile/people/{child.pk}/documents/"]),
                            ("tara", ["/work/team/"])):
        phone.goto("/accounts/login/")
        phone.get_by_label("Username").fill(username)
        phone.get_by_label("Password").fill("correct horse battery")
        phone.get_by_role("button", name="Sign in").click()
        phone.wait_for_url("**/")
        for url in pages:
            phone.goto(url)
            assert _overflow(phone) <= 0, f"{url} is wider than a 375 px screen by {_overflow(phone)} px"
        if username == "sam":
            phone.goto("/work/mine/")
            # The menu is behind GOV.UK's "Menu" toggle until opened.
            expect(phone.get_by_role("link", name="Find a person")).to_be_hidden()
            phone.get_by_role("button", name="Menu").click()
            expect(phone.get_by_role("link", name="Find a person")).to_be_visible()
            # The table is stacked: each cell says which column it is.
            expect(phone.locator("#my-work-table tbody tr").first).to_be_visible()
            shoot_phone = phone.screenshot
            from .conftest import SCREENSHOTS

            shoot_phone(path=str(SCREENSHOTS / "phone-my-work.png"), full_page=True)
        phone.context.clear_cookies()

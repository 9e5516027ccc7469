"""Issue 3's worklists in a real browser: a worker sees their overdue work on "My work" and filters it
without a page reload (htmx); their manager's team page shows caseloads and unallocated cases."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from safehold.accounts.models import Role
from safehold.accounts.tests.factories import UserFactory
from safehold.casework.tests.factories import AllocationFactory
from safehold.casework.work import work_raise
from safehold.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def county(team):
    today = dt.date.today()
    worker = UserFactory(username="sam", first_name="Sam", last_name="Okafor", role=Role.SOCIAL_WORKER, team=team)
    UserFactory(username="tara", first_name="Tara", last_name="Whitfield", role=Role.TEAM_MANAGER, team=team)
    kids = {}
    for first, last in (("Ava", "Moss"), ("Ben", "Lowe"), ("Cal", "Reed")):
        kid = PersonFactory(forename=first, surname=last)
        kids[first] = AllocationFactory(person=kid, team=team, worker=worker, started_on=today - dt.timedelta(days=200))
    work_raise(person=kids["Ava"].person, rule_code="ASSESSMENT", start=today - dt.timedelta(days=120),
               source=kids["Ava"], title="Child and family assessment authorised")
    work_raise(person=kids["Ben"].person, rule_code="CP_VISIT", start=today - dt.timedelta(days=40),
               source=kids["Ben"], title="Child protection visit")
    work_raise(person=kids["Cal"].person, rule_code="CP_VISIT", start=today, source=kids["Cal"],
               title="Child protection visit")
    waiting = PersonFactory(forename="Una", surname="Waiting")
    AllocationFactory(person=waiting, team=team, worker=None, started_on=today - dt.timedelta(days=3))
    return kids


def test_my_work_filters_without_reload_and_team_page(page, sign_in, shoot, county):
    sign_in("sam")
    page.goto("/work/mine/")
    table = page.locator("#my-work")
    expect(table).to_contain_text("Ava Moss")
    expect(table).to_contain_text("Ben Lowe")
    expect(table).to_contain_text("Cal Reed")
    expect(table.locator("tbody tr").first).to_contain_text("Ava Moss")  # the most overdue first
    expect(page.locator("#count-overdue")).to_have_text("2")
    shoot("worklists-my-work")

    page.evaluate("window.__noReload = true")
    page.get_by_label("Type of work").select_option("CP_VISIT")
    expect(table).not_to_contain_text("Ava Moss")
    expect(table).to_contain_text("Ben Lowe")
    expect(table).to_contain_text("Cal Reed")
    page.get_by_label("Overdue").check()
    expect(table).not_to_contain_text("Cal Reed")
    expect(table).to_contain_text("Ben Lowe")
    expect(table).to_contain_text("days overdue")
    assert page.evaluate("window.__noReload") is True  # swapped by htmx, not a new page
    assert "rule=CP_VISIT" in page.url  # the filter is in the address, so the page can be shared or reloaded

    page.get_by_role("button", name="Sign out").click()
    sign_in("tara")
    page.goto("/work/team/")
    expect(page.get_by_role("heading", name="Family Help North 1", level=1)).to_be_visible()
    caseloads = page.locator("#caseloads")
    expect(caseloads.locator("tr", has_text="Sam Okafor")).to_contain_text("3")
    expect(caseloads.locator("tr", has_text="Sam Okafor")).to_contain_text("Child and family assessment authorised")
    expect(page.locator("#unallocated")).to_contain_text("Una Waiting")
    expect(page.locator("#overdue-by-type")).to_contain_text("Assessment authorised")  # in words, not ASSESSMENT
    shoot("worklists-team")

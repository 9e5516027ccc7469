"""Care leavers in a real browser: a young person left care on her 18th birthday two months ago and has
a pathway plan. A team manager assigns her a personal adviser; the adviser records a pathway plan review
and her 18th birthday check-in (the SSDA903 OC3 items). The record page shows the adviser, the next
review due in 6 months, the check-in, and when the 19th birthday check-in window opens."""

import datetime as dt

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from playwright.sync_api import expect

from safehold.accounts.models import Role
from safehold.accounts.tests.factories import UserFactory
from safehold.care_leavers import selectors, services
from safehold.care_leavers.tests.helpers import left_care_at_18
from safehold.casework.tests.factories import AllocationFactory
from safehold.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db(transaction=True)
WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}}


def fill_date(page, name: str, day: dt.date):
    page.locator(f"#id_{name}").fill(str(day.day))
    page.locator(f"#id_{name}_month").fill(str(day.month))
    page.locator(f"#id_{name}_year").fill(str(day.year))


def violations(page) -> list[str]:
    results = Axe().run(page, options=WCAG_AA)
    return [f"{v['id']}: {v['help']}" for v in results.response["violations"]]


def day(d: dt.date) -> str:
    return f"{d.day} {d:%b %Y}"


@pytest.fixture
def county(team):
    manager = UserFactory(username="morgan", first_name="Morgan", last_name="Reid", role=Role.TEAM_MANAGER, team=team)
    adviser = UserFactory(username="pat", first_name="Pat", last_name="Okoro", role=Role.SOCIAL_WORKER, team=team)
    young = PersonFactory(forename="Keira", surname="Walsh", person_id="C0000888")
    AllocationFactory(person=young, team=team, started_on=dt.date(2023, 1, 5))
    left_care_at_18(young, manager, months_ago=2)
    services.pathway_plan_start(by=manager, person=young, start_date=timezone.localdate() - dt.timedelta(days=150),
                                summary="Stay with her foster carers' support; college in September")
    return {"manager": manager, "adviser": adviser, "young": young}


def test_manager_assigns_adviser_who_reviews_the_plan_and_records_the_birthday_check_in(page, sign_in, county):
    young, adviser = county["young"], county["adviser"]
    today = timezone.localdate()
    record = f"/people/{young.pk}/"

    sign_in("morgan")
    page.goto(record)
    expect(page.locator("#cl-category")).to_contain_text("Former relevant child")
    page.get_by_role("link", name="Assign a personal adviser").click()
    page.get_by_label("Personal adviser").select_option(str(adviser.pk))
    assert violations(page) == []
    page.get_by_role("button", name="Assign").click()
    expect(page.locator("#cl-adviser")).to_contain_text("Pat Okoro")
    page.get_by_role("button", name="Sign out").click()

    # The adviser reviews the pathway plan: the next review is due in 6 months.
    sign_in("pat")
    page.goto(record)
    page.get_by_role("link", name="Record a pathway plan review").click()
    fill_date(page, "review_date", today)
    page.get_by_label("What the review decided").fill("Keira starts a catering course; move to a supported flat")
    page.get_by_label("The young person's views").fill("Wants to live nearer her sister")
    page.get_by_role("button", name="Record the review").click()
    expect(page.locator("#cl-review-due")).to_have_text(day(selectors.add_months(today, 6)))
    expect(page.locator("#cl-pathway")).to_contain_text(f"last reviewed {day(today)}")

    # Her 18th birthday check-in: an error first (in touch, but no activity), then the OC3 items.
    page.get_by_role("link", name="Record check-in for the birthday at 18").click()
    page.get_by_label("In touch").select_option("YES")
    page.get_by_label("Main activity").select_option("0")
    page.get_by_label("Accommodation").select_option("D1")
    page.get_by_role("button", name="Record the check-in").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("903 rule 345")
    assert violations(page) == []
    page.get_by_label("Main activity").select_option("F5")
    page.get_by_role("button", name="Record the check-in").click()
    row = page.locator("#cl-check-in-18")
    expect(row).to_contain_text("YES")
    expect(row).to_contain_text("F5")
    expect(row).to_contain_text("D1")
    b19 = selectors.birthday(young.dob, 19)
    expect(page.locator("#cl-check-in-19")).to_contain_text(f"Due from {day(selectors.add_months(b19, -3))}")
    expect(page.locator("#chronology")).to_contain_text("Birthday check-in")
    assert violations(page) == []

    # The caseload lists her under her adviser.
    page.goto(f"/care-leavers/?team=&adviser={adviser.pk}")
    expect(page.locator("#cl-caseload")).to_contain_text("Keira Walsh")
    expect(page.locator("#cl-caseload")).to_contain_text(day(selectors.add_months(today, 6)))

"""Issue 12 in a real browser: a team manager goes from a red measure to the children behind it and
on to a child's record; the director reads the leaders' dashboard. Screenshots for the README."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from safehold.accounts.models import Role
from safehold.accounts.tests.factories import UserFactory
from safehold.casework.models import StatutoryWork
from safehold.casework.tests.factories import AllocationFactory
from safehold.casework.work import work_raise
from safehold.people.tests.factories import PersonFactory
from safehold.performance.tests.factories import MeasureTargetFactory
from safehold.synthetic.performance import seed_performance

from .test_accessibility import _violations

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def record(team):
    UserFactory(username="tess", first_name="Tess", last_name="Manning", role=Role.TEAM_MANAGER, team=team)
    UserFactory(username="dana", first_name="Dana", last_name="Okoro", role=Role.LEADER, team=None,
                is_director=True)
    today = dt.date.today()
    names = ["Maya", "Ravi", "Ola", "Finn", "Isla", "Theo", "Zara", "Noah", "Ava", "Leo", "Mia", "Sami"]
    for n, first in enumerate(names):  # one assessment completed every 3 weeks; a third of them late
        child = PersonFactory(forename=first, surname="Measureson", person_id=f"C00011{n:02d}")
        AllocationFactory(person=child, team=team)
        done = today - dt.timedelta(days=3 + 21 * n)
        work = work_raise(person=child, rule_code="ASSESSMENT", start=done - dt.timedelta(days=50), source=child,
                          title="Assessment", team=team)
        StatutoryWork.objects.filter(pk=work.pk).update(status="done", completed_on=done, on_time=n % 3 != 0)
    MeasureTargetFactory(target=85, amber_margin=5)
    seed_performance(seed=1, as_of=today, children=200, months=12)


def test_a_manager_goes_from_a_red_measure_to_the_children_behind_it(page, sign_in, shoot, record):
    sign_in("tess")
    page.get_by_role("link", name="Measures").first.click()
    expect(page.get_by_role("heading", name="How well the service is doing")).to_be_visible()
    page.get_by_role("link", name="Assessments completed within 45 working days").click()
    value = page.locator("#measure-value")
    expect(value).to_contain_text("66.7%")
    expect(value).to_contain_text("Red")
    expect(page.locator("#rag-rule")).to_contain_text("Green at 85.0% or more")
    expect(page.locator("svg[role=img] desc").first).to_contain_text("This council")
    shoot("measures-detail")
    assert _violations(page) == []
    page.get_by_role("link", name="12 assessments completed in the period").click()
    table = page.locator("#measure-children")
    expect(table.locator("tbody tr")).to_have_count(12)
    page.get_by_role("link", name="Show only those").click()
    expect(page.locator("#measure-children tbody tr")).to_have_count(8)
    page.get_by_role("link", name="Show the whole denominator").click()
    expect(table).to_contain_text("Maya Measureson")
    shoot("measures-children")
    assert _violations(page) == []
    page.get_by_role("link", name="Maya Measureson").click()
    expect(page.get_by_role("heading", name="Maya Measureson")).to_be_visible()


def test_the_director_reads_the_leaders_dashboard(page, sign_in, shoot, record):
    sign_in("dana")
    page.goto("/measures/dashboard/")
    expect(page.get_by_role("heading", name="Leaders' dashboard")).to_be_visible()
    for area in ("Front door", "Help and protection", "Children in care", "Care leavers", "Oversight and workforce"):
        expect(page.get_by_role("heading", name=area, exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="Children in unregistered provision now (0)")).to_be_visible()
    expect(page.locator("svg[role=img]").first).to_be_visible()
    shoot("measures-dashboard")
    assert _violations(page) == []
    page.goto("/measures/")
    assert _violations(page) == []

"""The returns page in a real browser: an analyst runs the SSDA903 return for a year, sees it finish
with its tables and the DfE validator's findings by rule and team, follows a finding to the child's
record, and downloads the return."""

import datetime as dt

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from safehold.accounts.models import Role
from safehold.accounts.tests.factories import UserFactory
from safehold.care_planning.models import CLAReview
from safehold.casework.tests.factories import AllocationFactory
from safehold.children_in_care.tests.helpers import looked_after
from safehold.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db(transaction=True)
WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}}


def violations(page) -> list[str]:
    results = Axe().run(page, options=WCAG_AA)
    return [f"{v['id']}: {v['help']}" for v in results.response["violations"]]


@pytest.fixture
def county(team):
    from safehold.care_planning import services as care_planning

    UserFactory(username="ana", first_name="Ana", last_name="Lyst", role=Role.ANALYST, team=None)
    worker = UserFactory(username="sam", role=Role.SOCIAL_WORKER, team=team)
    iro = UserFactory(username="ines", role=Role.IRO, team=None)
    child = PersonFactory(forename="Kai", surname="Doyle", person_id="C0000555", dob=dt.date(2013, 2, 1), sex="M",
                          upn="A123456789012")
    AllocationFactory(person=child, team=team, worker=worker, started_on=dt.date(2024, 1, 5))
    looked_after(child, worker, start=dt.date(2024, 6, 3), previous_permanence="Z1")
    care_planning.review_record(by=iro, person=child, review_date=dt.date(2024, 6, 28), participation="PN1")
    CLAReview.objects.update(participation="PN0")  # recorded wrongly before the form checked ages: rule 440
    return child


def test_an_analyst_runs_the_ssda903_return_and_follows_a_finding(page, sign_in, shoot, county):
    sign_in("ana")
    page.get_by_role("link", name="Returns").first.click()
    page.get_by_label("SSDA903 (children looked after)").check()
    page.get_by_label("Collection year").select_option("2025-03-31")
    assert violations(page) == []
    page.get_by_role("button", name="Run the return").click()
    expect(page.locator("#return-download")).to_be_visible()
    expect(page.locator("#return-tables")).to_contain_text("episodes.csv")
    expect(page.locator("#validation-by-rule")).to_contain_text("440")
    assert violations(page) == []
    shoot("returns-ssda903")
    with page.expect_download() as download:
        page.locator("#return-download").click()
    assert download.value.suggested_filename == "ssda903-2025-03-31.zip"
    page.get_by_text("Not allocated").or_(page.locator("summary").first).first.click()
    page.get_by_role("link", name="C0000555").first.click()
    expect(page.locator("h1")).to_contain_text("Kai Doyle")


def test_an_analyst_runs_the_census_and_sees_it_pass_the_dfe_rules(page, sign_in, team):
    from safehold.child_protection import services as cp
    from safehold.child_protection.tests.helpers import plan_for
    from safehold.family_help.tests.helpers import authorised_assessment, open_referral
    from safehold.people.models import Disability

    UserFactory(username="ana", role=Role.ANALYST, team=None)
    manager = UserFactory(username="max", role=Role.TEAM_MANAGER, team=team)
    child = PersonFactory(person_id="C0000777", dob=dt.date(2016, 5, 4), sex="F", upn_unknown="UN3")
    AllocationFactory(person=child, team=team, worker=manager, started_on=dt.date(2025, 12, 1))
    Disability.objects.create(person=child, code="NONE")
    episode = open_referral(child, manager, dt.date(2025, 12, 1))
    authorised_assessment(child, manager, episode=episode, start=dt.date(2025, 12, 2), on=dt.date(2025, 12, 22))
    plan = plan_for(child, manager, episode=episode)
    cp.conference_review_record(by=manager, plan=plan, held_on=dt.date(2026, 3, 24), chaired_by=manager,
                                outcome="plan_continues")
    sign_in("ana")
    page.get_by_role("link", name="Returns").first.click()
    page.get_by_label("Children in need census").check()
    page.get_by_label("Collection year").select_option("2026-03-31")
    page.get_by_role("button", name="Run the return").click()
    expect(page.locator("#return-download")).to_be_visible()
    expect(page.locator("#return-tables")).to_contain_text("cp_plans")
    expect(page.locator("#validation-clean")).to_contain_text("No errors")
    assert violations(page) == []
    with page.expect_download() as download:
        page.locator("#return-download").click()
    assert download.value.suggested_filename == "cin-2026-03-31.xml"


def test_an_analyst_draws_annex_a_as_at_today(page, sign_in, county):
    sign_in("ana")
    page.get_by_role("link", name="Returns").first.click()
    page.get_by_label("Ofsted Annex A lists").check()
    page.get_by_label("Collection year").select_option(index=page.locator("#id_period_end option").count() - 1)
    page.get_by_role("button", name="Run the return").click()
    expect(page.locator("#return-download")).to_be_visible()
    expect(page.locator("#return-tables")).to_contain_text("List 8")
    expect(page.locator("#validation-note")).to_contain_text("no validation rules for Annex A")
    assert violations(page) == []
    with page.expect_download() as download:
        page.locator("#return-download").click()
    assert download.value.suggested_filename.startswith("annex_a-") and download.value.suggested_filename.endswith(
        ".xlsx")

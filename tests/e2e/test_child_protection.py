"""Issue 3's child protection journey in a real browser: a strategy discussion with police, health
and social care starts a section 47 enquiry; its outcome needs a conference; the IRO's initial
conference starts a plan (neglect, LCPP named); a visit sees the child alone and records their
words; a review conference; the plan ends. Each step is in the chronology."""

import datetime as dt

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from safehold.accounts.models import Role
from safehold.accounts.tests.factories import UserFactory
from safehold.casework.tests.factories import AllocationFactory
from safehold.child_protection.models import CPPlan
from safehold.family_help.services import referral_open
from safehold.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db(transaction=True)
WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}}


@pytest.fixture
def county(team):
    worker = UserFactory(username="sam", first_name="Sam", last_name="Okafor", role=Role.SOCIAL_WORKER, team=team)
    iro = UserFactory(username="indira", first_name="Indira", last_name="Rowe", role=Role.IRO, team=None)
    child = PersonFactory(forename="Amelia", surname="Hartley", person_id="C0000301", dob=dt.date(2016, 3, 14))
    AllocationFactory(person=child, team=team, worker=worker, started_on=dt.date(2025, 11, 1))
    referral_open(by=worker, person=child, referral_date=dt.date(2025, 12, 1), source="6")
    return {"worker": worker, "iro": iro, "child": child}


def fill_date(page, name: str, day: dt.date):
    page.locator(f"#id_{name}").fill(str(day.day))
    page.locator(f"#id_{name}_month").fill(str(day.month))
    page.locator(f"#id_{name}_year").fill(str(day.year))


def violations(page) -> list[str]:
    results = Axe().run(page, options=WCAG_AA)
    return [f"{v['id']}: {v['help']}" for v in results.response["violations"]]


def test_strategy_to_plan_end(page, sign_in, shoot, county):
    child = county["child"]
    record = f"/people/{child.pk}/"
    sign_in("sam")
    page.goto(record)
    panel = page.locator("#panel-child_protection")
    page.get_by_role("link", name="Record a strategy discussion").click()
    expect(page.get_by_role("heading", name="Record a strategy discussion")).to_be_visible()

    # Police and health missing: refused, naming both agencies.
    fill_date(page, "held_on", dt.date(2025, 12, 19))
    page.get_by_label("Time it started").fill("10:30")
    page.get_by_label("Chaired by").select_option(label="Sam Okafor")
    page.locator("#id_p1_name").fill("Sam Okafor")
    page.locator("#id_p1_role").fill("Social worker")
    page.get_by_label("Start a section 47 enquiry").check()
    page.get_by_label("Reasons for the decision").fill("Bruising seen at school; the child said her dad hit her")
    page.get_by_role("button", name="Save the strategy discussion").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "A strategy discussion needs someone who took part from the police and health")
    assert violations(page) == []

    page.locator("#id_p2_name").fill("DC Sam Reed")
    page.locator("#id_p2_role").fill("Child abuse investigation team")
    page.locator("#id_p3_name").fill("Alex Moor")
    page.locator("#id_p3_role").fill("Named nurse for safeguarding")
    shoot("child-protection-strategy")
    page.get_by_role("button", name="Save the strategy discussion").click()
    expect(page.get_by_role("heading", name="Strategy discussion, 19 December 2025, 10:30")).to_be_visible()
    expect(page.locator("#participants")).to_contain_text("DC Sam Reed")
    expect(page.locator("#enquiry")).to_contain_text("14 January 2026")
    expect(page.locator(".govuk-warning-text")).to_contain_text("No one from education took part")

    page.get_by_role("link", name="Record the outcome of the enquiry").click()
    fill_date(page, "end_date", dt.date(2025, 12, 23))
    page.get_by_label("Concerns substantiated").check()
    page.get_by_label("Yes").check()
    page.get_by_label("What the enquiry found").fill("Bruising seen by the school nurse; the child's account consistent")
    page.get_by_role("button", name="Save the outcome").click()
    expect(panel).to_contain_text("awaiting the initial conference")

    # The IRO chairs and records the initial conference.
    page.get_by_role("button", name="Sign out").click()
    sign_in("indira")
    page.goto(record)
    page.get_by_role("link", name="Record the initial conference").click()
    fill_date(page, "held_on", dt.date(2026, 1, 12))
    page.get_by_label("Chaired by").select_option(label="Indira Rowe")
    page.get_by_label("The child needs a child protection plan").check()
    page.get_by_label("Category of abuse").select_option("NEG")
    page.get_by_label("Lead child protection practitioner").select_option(label="Sam Okafor")
    page.get_by_role("button", name="Save the conference").click()
    expect(panel.locator("#cp-plan")).to_contain_text("Neglect")
    expect(panel.locator("#cp-plan")).to_contain_text("Sam Okafor")
    expect(panel.locator("#cp-plan")).to_contain_text("12 Apr 2026")  # first review: 3 months after the ICPC

    # The lead practitioner visits and sees the child alone.
    page.get_by_role("button", name="Sign out").click()
    sign_in("sam")
    page.goto(record)
    panel.get_by_role("link", name="Record a visit").click()
    fill_date(page, "visited_on", dt.date(2026, 1, 20))
    page.locator("#id_child_seen").check()
    page.locator("#id_child_seen_alone").check()
    page.get_by_label("The child's words").fill("I feel safe when nan picks me up from school")
    page.get_by_role("button", name="Save the visit").click()
    expect(page.locator("#visits")).to_contain_text("I feel safe when nan picks me up from school")
    assert violations(page) == []

    # Review conference, then the plan ends.
    page.get_by_role("button", name="Sign out").click()
    sign_in("indira")
    page.goto(record)
    panel.get_by_role("link", name="Record a review conference").click()
    fill_date(page, "held_on", dt.date(2026, 4, 10))
    page.get_by_label("Chaired by").select_option(label="Indira Rowe")
    page.get_by_label("The plan continues").check()
    page.get_by_role("button", name="Save the conference").click()
    expect(panel.locator("#cp-plan")).to_contain_text("10 Oct 2026")  # next review: 6 months on
    panel.get_by_role("link", name="End the plan").click()
    fill_date(page, "end_date", dt.date(2026, 6, 1))
    page.get_by_label("Why the plan ended").fill("Risk reduced; Family Help continues with the family")
    page.get_by_role("button", name="End the plan").click()
    expect(panel).to_contain_text("No open section 47 enquiry or child protection plan")
    expect(panel.locator("#cp-past-plans")).to_contain_text("12 Jan 2026 to 1 Jun 2026")

    chronology = page.locator("#chronology")
    for text in ("Strategy discussion (Children's social care, Health, Police): Start a section 47 enquiry",
                 "Section 47 enquiry started; initial conference due by 14/1/2026",
                 "Section 47 enquiry completed: concerns substantiated; initial conference needed",
                 "Initial child protection conference (on time): child protection plan",
                 "Child protection plan started: Neglect; lead child protection practitioner Sam Okafor",
                 "Child protection visit by Sam Okafor: child seen alone (child's words recorded)",
                 "Review child protection conference (on time): the plan continues",
                 "Child protection plan ended (neglect): Risk reduced"):
        expect(chronology).to_contain_text(text)
    shoot("child-protection-record")
    plan = CPPlan.objects.get(person=child)
    assert plan.end_date == dt.date(2026, 6, 1)

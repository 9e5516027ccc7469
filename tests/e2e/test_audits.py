"""Issue 13.3 in a real browser: a quality lead plans a round of case file audits; an auditor (the
manager of another team) completes an audit with an action; the worker finds the action in "My work",
reads the audit and replies; the quality lead moderates it and reads the report. Screenshots for the
README."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from safehold.accounts.models import Role
from safehold.accounts.tests.factories import UserFactory
from safehold.casework.tests.factories import AllocationFactory
from safehold.improvement.models import AuditRound, AuditTool, AuditToolVersion, CaseAudit
from safehold.people.tests.factories import PersonFactory

from .test_accessibility import _violations

pytestmark = pytest.mark.django_db(transaction=True)

SECTIONS = [
    {"title": "The child's experience and voice", "questions": [
        "Is the child's lived experience clear from the record?",
        "Has the child been seen, and seen alone where appropriate, within timescales?"]},
    {"title": "Management oversight and supervision", "questions": [
        "Is there regular management oversight, with the rationale for decisions recorded?"]},
]


@pytest.fixture
def county(team, other_team):
    # A short version of the tool (the migration's may be there, or flushed by an earlier browser test).
    tool, _ = AuditTool.objects.get_or_create(name="Case file audit")
    AuditToolVersion.objects.create(tool=tool, number=tool.current.number + 1 if tool.current else 1,
                                    sections=SECTIONS)
    UserFactory(username="quinn", first_name="Quinn", last_name="Adeyemi", role=Role.QUALITY_ASSURANCE, team=None)
    sam = UserFactory(username="sam", first_name="Sam", last_name="Okafor", role=Role.SOCIAL_WORKER, team=team)
    UserFactory(username="tara", first_name="Tara", last_name="Whitfield", role=Role.TEAM_MANAGER, team=team)
    UserFactory(username="otto", first_name="Otto", last_name="Reyes", role=Role.TEAM_MANAGER, team=other_team)
    child = PersonFactory(forename="Amelia", surname="Hartley", person_id="C0000401", dob=dt.date(2016, 3, 14))
    AllocationFactory(person=child, team=team, worker=sam, started_on=dt.date(2025, 9, 1))
    return child


def _sign_out(page):
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/accounts/login/**")


def _fill_date(page, field: str, day: dt.date):
    page.locator(f"#id_{field}").fill(str(day.day))
    page.locator(f"#id_{field}_month").fill(str(day.month))
    page.locator(f"#id_{field}_year").fill(str(day.year))


def test_a_round_is_planned_audited_answered_and_reported(page, sign_in, shoot, county):
    due = dt.date.today() + dt.timedelta(days=28)

    # The quality lead plans a round.
    sign_in("quinn")
    page.goto("/improvement/audits/")
    page.get_by_role("link", name="Plan a round").click()
    expect(page.get_by_role("heading", name="Plan an audit round")).to_be_visible()
    page.get_by_label("Name of the round").fill("Practice audit, spring")
    page.get_by_label("Theme", exact=True).select_option(label="All practice")
    page.get_by_label("Every child matching the theme", exact=True).check()
    page.get_by_label("Seed").fill("1234")
    _fill_date(page, "due_on", due)
    page.get_by_label("Percentage to moderate").fill("100")
    page.get_by_label("Otto Reyes (team manager, Family Help South 1)").check()
    assert _violations(page) == []
    page.get_by_role("button", name="Plan the round").click()
    expect(page.get_by_role("heading", name="Practice audit, spring")).to_be_visible()
    expect(page.get_by_text("1 child sampled with seed 1234")).to_be_visible()
    expect(page.locator("#round-seed")).to_contain_text("1234")
    sample = page.locator("#round-sample")
    expect(sample).to_contain_text("Amelia Hartley")
    expect(sample).to_contain_text("Otto Reyes")
    shoot("audit-round")
    assert _violations(page) == []
    _sign_out(page)

    # The auditor, the manager of another team, completes the audit with an action for the worker.
    sign_in("otto")
    page.goto("/improvement/audits/mine/")
    expect(page.locator("#audits-to-do")).to_contain_text("Practice audit, spring")
    page.get_by_role("link", name="Do the audit").click()
    expect(page.get_by_role("heading", name="Audit of Amelia Hartley")).to_be_visible()
    expect(page.get_by_role("link", name="Open the child's record")).to_be_visible()
    page.locator("input[name=answer_0_0][value=yes]").check()
    page.locator("input[name=answer_0_1][value=partly]").check()
    page.get_by_label("Note on 1.2 (optional)").fill("Seen at school; not seen alone at the last visit.")
    page.locator("input[name=answer_1_0][value=no]").check()
    page.locator("input[name=section_grade_0][value=good]").check()
    page.locator("input[name=section_grade_1][value=requires_improvement]").check()
    page.get_by_role("button", name="Submit the audit").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Choose the overall grade")
    expect(summary).to_contain_text("Say what is working well")
    assert _violations(page) == []
    page.locator("input[name=grade][value=good]").check()
    page.get_by_label("Strengths: what is working well").fill("Amelia's voice is clear in every assessment.")
    page.get_by_label("What must change").fill("Record the rationale for management decisions.")
    page.get_by_label("Action 1 for the worker (optional)").fill("See Amelia alone at the next visit")
    _fill_date(page, "action_due_1", due)
    page.get_by_role("button", name="Save and come back later").click()  # the draft keeps all of it
    expect(page.get_by_text("Your answers were saved")).to_be_visible()
    expect(page.get_by_label("Action 1 for the worker (optional)")).to_have_value("See Amelia alone at the next visit")
    expect(page.locator("input[name=answer_0_1][value=partly]")).to_be_checked()
    shoot("audit-form")
    assert _violations(page) == []
    page.get_by_role("button", name="Submit the audit").click()
    expect(page.get_by_text("The audit was submitted")).to_be_visible()
    expect(page.locator("#audit-actions")).to_contain_text("See Amelia alone at the next visit")
    assert CaseAudit.objects.get().status == CaseAudit.Status.SUBMITTED
    _sign_out(page)

    # The worker finds the action in "My work", opens the audit and replies.
    sign_in("sam")
    page.get_by_role("link", name="My work").first.click()
    expect(page.get_by_role("heading", name="My work")).to_be_visible()
    expect(page.get_by_text("Audit action: See Amelia alone at the next visit")).to_be_visible()
    page.goto("/improvement/audits/mine/")
    assert _violations(page) == []
    page.get_by_role("link", name="Read the audit").click()
    expect(page.get_by_role("heading", name="Audit of Amelia Hartley")).to_be_visible()
    expect(page.locator("#audit-grades")).to_contain_text("Good")
    page.get_by_label("Your reply").fill("Booked a visit to see Amelia alone next week.")
    page.get_by_role("button", name="Send reply").click()
    expect(page.get_by_text("Your reply was added")).to_be_visible()
    expect(page.locator("#replies ~ .govuk-inset-text").first).to_contain_text("Booked a visit to see Amelia alone")
    assert _violations(page) == []
    _sign_out(page)

    # The quality lead moderates the audit and reads the report.
    sign_in("quinn")
    page.goto(f"/improvement/audits/rounds/{AuditRound.objects.get().pk}/")
    page.get_by_role("link", name="Moderate").click()
    page.get_by_label("Requires improvement to be good").check()
    page.get_by_role("button", name="Record the moderation").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Say why you changed the grade")
    assert _violations(page) == []
    page.get_by_label("Reason").fill("Oversight has no rationale recorded for four months.")
    page.get_by_role("button", name="Record the moderation").click()
    expect(page.get_by_text("Moderation recorded")).to_be_visible()
    page.goto("/improvement/audits/")
    expect(page.locator("#agreement-summary")).to_contain_text("0 of 1 (0%)")
    expect(page.locator("#agreement-summary")).to_contain_text("1 of 1 (100%)")
    expect(page.locator("#recurring-findings")).to_contain_text("Is there regular management oversight")
    expect(page.locator("#grades-by-team")).to_contain_text("Family Help North 1")
    shoot("audit-report")
    assert _violations(page) == []
    page.get_by_role("link", name="Case file audit", exact=True).click()
    expect(page.get_by_label("The questions")).to_have_value(
        "## The child's experience and voice\n" + "\n".join(SECTIONS[0]["questions"]) + "\n\n"
        "## Management oversight and supervision\n" + SECTIONS[1]["questions"][0])
    assert _violations(page) == []

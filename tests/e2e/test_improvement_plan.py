"""Issue 13 in a real browser: an officer records progress on an action of the improvement plan, prepares
the report to the scrutiny committee, opens its PDF (its pages' text read back, the charts drawn) and
marks it as presented. Screenshots of the pages and of the PDF for the README."""

import datetime as dt
import io

import pypdfium2
import pytest
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from safehold.accounts.models import Role
from safehold.accounts.tests.factories import UserFactory
from safehold.improvement import services
from safehold.performance.definitions import month_ends
from safehold.performance.tests.factories import ComparatorFactory, MeasureSnapshotFactory

from .conftest import SCREENSHOTS
from .test_accessibility import _violations

pytestmark = pytest.mark.django_db(transaction=True)
TODAY = timezone.localdate()


@pytest.fixture
def plan(improvement_facts):
    officer = UserFactory(username="simon", first_name="Simon", last_name="Achebe", role=Role.SERVICE_MANAGER,
                          team=None)
    leader = UserFactory(username="lesley", first_name="Lesley", last_name="Hart", role=Role.LEADER, team=None)
    start = TODAY - dt.timedelta(days=300)
    inspection = services.inspection_record(
        by=leader, kind="standard", on_site_from=start, on_site_to=start + dt.timedelta(days=11),
        published_on=start + dt.timedelta(days=45), lead_inspector="A. Inspector",
        grades={"leaders": "requires_improvement", "help_protection": "requires_improvement",
                "in_care": "requires_improvement", "care_leavers": "good"}
        | ({"overall": "requires_improvement"} if start <= dt.date(2026, 3, 31) else {}),
        improvements=["The timeliness of assessments of children's needs."])
    plan = services.plan_create(by=leader, title="Improvement plan", inspection=inspection, owner=leader)
    area = plan.areas.get()
    for n, day in enumerate(month_ends(TODAY, 14)):
        MeasureSnapshotFactory(as_at=day, value=60.0 + 2 * n)
    ComparatorFactory(period_end=dt.date(TODAY.year - 1, 3, 31), value=81.0)
    services.area_measure_add(by=leader, area=area, code="HP_ASSESS_45WD", target=85)
    services.action_add(by=leader, area=area, text="Weekly assessment clinics in every team", owner=officer,
                        starts_on=start + dt.timedelta(days=60), due_on=TODAY + dt.timedelta(days=60),
                        milestones=[("Clinics in half the teams", TODAY + dt.timedelta(days=20))])
    return plan


def _date(page, prefix: str, day: dt.date):
    page.locator(f"#id_{prefix}").fill(str(day.day))
    page.locator(f"#id_{prefix}_month").fill(str(day.month))
    page.locator(f"#id_{prefix}_year").fill(str(day.year))


def test_an_officer_updates_an_action_and_produces_the_committee_report(page, sign_in, shoot, plan):
    sign_in("simon")
    page.get_by_role("link", name="Improvement").first.click()
    page.get_by_role("link", name="Improvement plans").first.click()
    page.get_by_role("link", name="Improvement plan", exact=True).click()
    expect(page.locator("#area-1")).to_contain_text("The timeliness of assessments of children's needs.")
    expect(page.locator("#area-1-measures")).to_contain_text("Assessments completed within 45 working days")
    page.get_by_role("link", name="1.1").click()

    # A progress update, with a status set by hand: the reason is required.
    page.get_by_label("In progress").check()
    page.get_by_label("What has happened since the last update").fill("Clinics run in four of eight teams.")
    page.get_by_label("Status shown (RAG)").select_option("amber")
    page.get_by_role("button", name="Record the update").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Say why you set the status yourself")
    page.get_by_label("Why you set the status yourself").fill("Two teams are short of managers to run clinics.")
    page.get_by_role("button", name="Record the update").click()
    expect(page.locator("#updates")).to_contain_text("Clinics run in four of eight teams.")
    expect(page.locator("#action-rag")).to_contain_text("Amber")
    expect(page.locator("#action-rag")).to_contain_text("the rule gives green")
    shoot("improvement-action")
    assert _violations(page) == []

    page.get_by_role("link", name="Back to the plan").click()
    expect(page.locator("#plan-summary")).to_be_visible()
    shoot("improvement-plan")
    assert _violations(page) == []

    # The report for the next committee meeting.
    page.get_by_role("link", name="Prepare a report for a committee meeting").click()
    meeting = TODAY + dt.timedelta(days=14)
    _date(page, "meeting_on", meeting)
    page.get_by_label("Summary for councillors").fill(
        "Assessments are getting quicker: clinics run in half the teams. Two teams need managers first.")
    page.get_by_role("button", name="Make the draft").click()
    expect(page.locator("#report-status")).to_contain_text("A draft")
    expect(page.locator("#report-grades")).to_contain_text("Requires improvement to be good")
    chart = page.locator("svg[role=img]").first
    expect(chart.locator("desc")).to_contain_text("This council rose from")
    shoot("scrutiny-report")
    assert _violations(page) == []

    # The PDF: read its text back and draw its pages.
    href = page.locator("#report-pdf-link").get_attribute("href")
    response = page.request.get(href)
    assert response.ok and response.headers["content-type"] == "application/pdf"
    pdf = response.body()
    reader = PdfReader(io.BytesIO(pdf))
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())  # table cells wrap lines
    for words in ("Summary for councillors", "Assessments are getting quicker", "What the inspectors found",
                  "1.1 Weekly assessment clinics", "Two teams are short of managers", "Page 1 of"):
        assert words in text, words
    document = pypdfium2.PdfDocument(pdf)
    chart_page = next(i for i, p in enumerate(reader.pages) if "England" in p.extract_text())
    for number in sorted({0, chart_page}):
        image = document[number].render(scale=1.4).to_pil().convert("RGB")
        image.save(SCREENSHOTS / f"scrutiny-report-pdf-{number + 1}.png")
        if number == chart_page:  # the council's line is drawn in its blue, England's in black
            colours = image.getcolors(maxcolors=1_000_000)
            assert any(abs(r - 0x1d) < 24 and abs(g - 0x70) < 24 and abs(b - 0xb8) < 24 and n > 200
                       for n, (r, g, b) in colours)

    # Presented: archived and never changed after.
    page.get_by_role("button", name="Mark as presented to the committee").click()
    expect(page.locator("#report-status")).to_contain_text("Presented to the committee")
    expect(page.get_by_role("button", name="Save the summary")).to_have_count(0)
    assert page.request.get(href).body() == page.request.get(href).body()

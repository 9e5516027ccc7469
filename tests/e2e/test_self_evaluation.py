"""Issue 13 in a real browser: a leader records an inspection, reads where the council stands in the
inspection cycle, writes a judgement area of this year's self-evaluation with a measure as its evidence,
and reads the self-evaluation. Screenshots for the README."""

import datetime as dt
import importlib

import pytest
from django.apps import apps
from django.utils import timezone
from playwright.sync_api import expect

from safehold.accounts.models import Role
from safehold.accounts.tests.factories import UserFactory
from safehold.improvement import services
from safehold.performance.definitions import month_ends
from safehold.performance.tests.factories import MeasureSnapshotFactory

from .test_accessibility import _violations

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def council(db):
    # A transactional test empties every table after it runs, the framework's rows from the data migration
    # too: put them back (the migration's own function, idempotent).
    importlib.import_module("safehold.improvement.migrations.0002_judgement_areas_cycle_rules_audit_tool").forwards(
        apps, None)
    leader = UserFactory(username="lesley", first_name="Lesley", last_name="Hart", role=Role.LEADER, team=None)
    services.inspection_record(by=leader, kind="standard", on_site_from=dt.date(2021, 6, 7),
                               on_site_to=dt.date(2021, 6, 18),
                               grades={c: "good" for c in ("overall", "leaders", "help_protection",
                                                           "in_care_and_leavers")},
                               improvements=["The use of timescales in planning for children."])
    as_at = month_ends(timezone.localdate(), 1)[-1]
    MeasureSnapshotFactory(as_at=as_at, numerator=145, denominator=200, value=72.5)
    return leader, as_at


def _date(page, name: str, day: dt.date):
    page.locator(f"#id_{name}").fill(str(day.day))
    page.locator(f"#id_{name}_month").fill(str(day.month))
    page.locator(f"#id_{name}_year").fill(str(day.year))


def test_a_leader_records_an_inspection_and_writes_the_self_evaluation(page, sign_in, shoot, council):
    _leader, as_at = council
    sign_in("lesley")
    page.goto("/improvement/")
    expect(page.get_by_role("heading", name="Inspection and improvement", exact=True)).to_be_visible()
    page.get_by_role("link", name="Record an inspection or visit").click()

    page.get_by_label("Type of inspection").select_option(label="Standard inspection (ILACS)")
    _date(page, "on_site_from", dt.date(2025, 3, 3))
    _date(page, "on_site_to", dt.date(2025, 3, 14))
    page.get_by_label("Lead inspector").fill("Nadia Rahman")
    for area in ("Overall effectiveness", "The impact of leaders on social work practice with children and families",
                 "The experiences and progress of children who need help and protection",
                 "The experiences and progress of children in care"):
        page.get_by_label(area, exact=True).select_option(label="Requires improvement to be good")
    page.get_by_label("The experiences and progress of care leavers", exact=True).select_option(label="Good")
    page.get_by_label("Areas for improvement", exact=True).fill(
        "The quality and impact of management oversight, supervision and decision-making.\n"
        "Delays in assessment for children who need help.")
    page.get_by_role("button", name="Record the inspection").click()

    expect(page.get_by_role("heading", name="Standard inspection (ILACS), March 2025")).to_be_visible()
    expect(page.locator("#improvements-list li").nth(1)).to_have_text("Delays in assessment for children who need help.")
    assert _violations(page) == []

    page.get_by_role("link", name="Back to inspection and improvement").click()
    expect(page.locator("#cycle-window")).to_contain_text(
        "Opens 14 September 2027, expected about 14 March 2028, closes 14 September 2028.")
    expect(page.locator("#cycle-rule")).to_contain_text("standard inspection (two weeks)")
    expect(page.locator("#cycle-rule")).to_contain_text("Unconfirmed")
    expect(page.locator("#history-care_leavers")).to_contain_text("Good")
    expect(page.locator("#history-overall")).to_contain_text("Requires improvement to be good")
    shoot("improvement-overview")
    assert _violations(page) == []

    page.get_by_role("link", name="Self-evaluations").click()
    page.get_by_role("button", name="Start the self-evaluation").click()
    year = timezone.localdate().year
    expect(page.get_by_role("heading", name=f"Self-evaluation {year}", exact=True)).to_be_visible()

    page.get_by_role("link", name="Edit help and protection").click()
    page.get_by_label("Our grade").select_option(label="Requires improvement to be good")
    page.get_by_label("What we know about the quality and impact of practice").fill(
        "Too many assessments take longer than 45 working days; audits show the analysis is improving.")
    page.get_by_role("button", name="Save help and protection").click()
    expect(page.locator("#grade-help_protection")).to_contain_text("Requires improvement to be good")

    page.get_by_role("link", name="Edit help and protection").click()
    page.get_by_label("Quality of practice").check()
    page.get_by_label("A measure").select_option("HP_ASSESS_45WD")
    page.get_by_label("Note").fill("Below our target of 85%")
    page.get_by_role("button", name="Add the evidence").click()
    expect(page.locator("#evidence-table")).to_contain_text("Assessments completed within 45 working days: 72.5%")
    assert _violations(page) == []

    page.get_by_role("link", name=f"Back to self-evaluation {year}").click()
    evidence = page.locator("#evidence-help_protection-quality")
    expect(evidence).to_contain_text(f"72.5% as at {as_at:%-d %B %Y}")
    expect(evidence.get_by_role("link", name="Assessments completed within 45 working days")).to_have_attribute(
        "href", f"/measures/HP_ASSESS_45WD/?as_at={as_at.isoformat()}")
    expect(page.get_by_role("link", name="Download PDF")).to_have_attribute("href", f"/improvement/self-evaluation/{year}.pdf")
    shoot("self-evaluation")
    assert _violations(page) == []

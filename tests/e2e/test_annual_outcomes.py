"""A child's yearly SSDA903 outcomes (OC2) in a real browser: a 12-year-old in care for over a year; his
social worker opens last year's outcomes from the record, is told on the field what is missing (a
conviction question for a child of 10 or over, rule 543), answers, and the record shows them recorded;
the analyst's SSDA903 for that year then carries his row in OC2."""

import datetime as dt

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from playwright.sync_api import expect

from safehold.accounts.models import Role
from safehold.accounts.tests.factories import UserFactory
from safehold.care_planning.outcomes import year_ending_for
from safehold.casework.tests.factories import AllocationFactory
from safehold.children_in_care.tests.helpers import looked_after
from safehold.people.tests.factories import PersonFactory
from safehold.returns import ssda903

pytestmark = pytest.mark.django_db(transaction=True)
WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}}


def test_the_social_worker_records_last_years_outcomes_and_the_903_carries_them(page, sign_in, shoot, team):
    worker = UserFactory(username="sam", first_name="Sam", last_name="Okafor", role=Role.SOCIAL_WORKER, team=team)
    today = timezone.localdate()
    last_year_end = dt.date(year_ending_for(today).year - 1, 3, 31)
    child = PersonFactory(forename="Jordan", surname="Ellis", person_id="C0000777",
                          dob=dt.date(last_year_end.year - 12, 6, 1))
    AllocationFactory(person=child, team=team, worker=worker, started_on=last_year_end - dt.timedelta(days=500))
    looked_after(child, worker, start=last_year_end - dt.timedelta(days=450))

    sign_in("sam")
    page.goto(f"/people/{child.pk}/")
    row = page.locator(f"#cp-outcomes-{last_year_end.year}")
    expect(row).to_have_text("Not recorded")
    page.get_by_role("link", name=f"Record the outcomes for the year to {last_year_end:%-d %b %Y}").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Outcomes for the year to 31 March "
                                                                 f"{last_year_end.year}")
    page.get_by_role("group", name="Are the child's immunisations up to date?").get_by_label("Yes").check()
    page.get_by_label("Strengths and Difficulties Questionnaire (SDQ) score").fill("15")
    page.get_by_role("group", name="Was a substance misuse problem identified during the year?") \
        .get_by_label("No").check()
    page.get_by_role("button", name="Save").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("rule 543")
    summary.get_by_role("link").first.click()
    expect(page.locator("#id_convicted")).to_be_focused()
    assert [v["id"] for v in Axe().run(page, options=WCAG_AA).response["violations"]] == []
    shoot("care-planning-outcomes-errors")
    page.get_by_role("group", name="Was the child convicted").get_by_label("No").check()
    page.get_by_role("button", name="Save").click()
    expect(page.locator(f"#cp-outcomes-{last_year_end.year}")).to_contain_text("Recorded")

    row = next(r for r in ssda903.build(last_year_end)["oc2"] if r["CHILD"] == "C0000777")
    assert (row["IMMUNISATIONS"], row["SDQ_SCORE"], row["CONVICTED"], row["SUBSTANCE_MISUSE"]) == ("1", "15", "0", "0")

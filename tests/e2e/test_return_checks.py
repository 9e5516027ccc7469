"""Issue 16 'Done means': the census rules checked as work is saved, in a real browser. A worker records an
assessment that started months ago and has not been authorised: on saving, the page says beside the start date
that the census will query it (DfE rule 8670Q, in the worker's words). When the manager authorises it, the
query is gone from the assessment and from the child's record (which still lists what else the census will
ask about); the data quality page counted it meanwhile.
Synthetic data only."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from safehold.accounts.models import Role
from safehold.accounts.tests.factories import UserFactory
from safehold.casework.tests.factories import AllocationFactory
from safehold.family_help import services
from safehold.family_help.models import Assessment
from safehold.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db(transaction=True)


def fill_date(page, name: str, day: dt.date):
    page.locator(f"#id_{name}").fill(str(day.day))
    page.locator(f"#id_{name}_month").fill(str(day.month))
    page.locator(f"#id_{name}_year").fill(str(day.year))


@pytest.fixture
def county(team):
    worker = UserFactory(username="sam", first_name="Sam", last_name="Okafor", role=Role.SOCIAL_WORKER, team=team)
    UserFactory(username="tara", first_name="Tara", last_name="Whitfield", role=Role.TEAM_MANAGER, team=team)
    UserFactory(username="ana", first_name="Ana", last_name="Lyle", role=Role.ANALYST)
    child = PersonFactory(forename="Mia", surname="Rowntree", person_id="C0000777", dob=dt.date(2015, 5, 2))
    AllocationFactory(person=child, team=team, worker=worker, started_on=dt.date(2026, 1, 5))
    today = timezone.localdate()
    started = today - dt.timedelta(days=100)  # about 70 working days: well past the 45 an assessment has
    referral = started - dt.timedelta(days=3)
    if referral < dt.date(today.year if today.month >= 4 else today.year - 1, 4, 1):
        pytest.skip("early in the collection year: an assessment 60 working days old began in the year before")
    episode = services.referral_open(by=worker, person=child, referral_date=referral, source="2A",
                                     raise_assessment=False)
    return {"child": child, "episode": episode, "started": started}


def test_a_worker_sees_what_the_census_will_query_and_putting_it_right_clears_it(page, sign_in, shoot, county):
    child, episode = county["child"], county["episode"]
    sign_in("sam")
    page.goto(f"/family-help/people/{child.pk}/episodes/{episode.pk}/")
    page.get_by_role("link", name="Start an assessment").click()
    fill_date(page, "start_date", county["started"])
    page.get_by_role("button", name="Start the assessment").click()
    page.wait_for_url("**/assessments/*/")
    checks = page.locator("#return-checks")
    expect(checks).to_contain_text("The census or the SSDA903 will question this record")
    expect(checks).to_contain_text("started more than 45 working days before the census date and is not authorised")
    expect(checks).to_contain_text("DfE rule 8670Q")
    expect(checks).to_contain_text(f"the assessment's start date: {county['started'].isoformat()}")
    shoot("return-checks-assessment")
    page.get_by_label("The assessment").press_sequentially("Mia talked with me about school and home.")
    expect(page.locator("#draft-status")).to_contain_text("Draft saved at", timeout=15_000)
    page.get_by_role("button", name="Submit for sign-off").click()
    expect(page.locator(".govuk-notification-banner").first).to_contain_text("Submitted for sign-off")
    page.get_by_role("button", name="Sign out").click()

    # The data quality page counts it for the team.
    sign_in("ana")
    page.goto("/returns/data-quality/")
    expect(page.locator("#dq-findings")).to_contain_text("C0000777")
    expect(page.locator("#dq-findings")).to_contain_text("8670Q")
    page.get_by_role("button", name="Sign out").click()

    # The manager authorises it: the record no longer breaks the rule.
    sign_in("tara")
    page.goto(f"/family-help/people/{child.pk}/episodes/{episode.pk}/")
    page.get_by_role("link", name="Authorise", exact=True).click()
    page.get_by_label("Neglect", exact=True).check()
    page.get_by_label("Primary need").select_option(label="Abuse or neglect")
    page.get_by_role("button", name="Authorise").click()
    expect(page.locator(".govuk-notification-banner").first).to_contain_text("Assessment authorised")
    page.get_by_role("button", name="Sign out").click()

    sign_in("sam")
    assessment = Assessment.objects.get(person=child)

    page.goto(f"/family-help/people/{child.pk}/assessments/{assessment.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Assessment")
    expect(page.locator("#return-checks")).to_have_count(0)
    page.goto(f"/people/{child.pk}/")
    # The record still lists what else the census will ask about (no disability recorded, no UPN), not this.
    expect(page.locator("#return-checks")).to_contain_text("DfE rule 8540")
    expect(page.locator("#return-checks")).not_to_contain_text("8670Q")

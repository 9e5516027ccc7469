"""Family Help in a real browser: a worker records a referral and writes an assessment (autosaved as
they type), a manager authorises it with the factors identified, a child in need plan starts, a
visit (child seen alone, in their own words) and a review are recorded, the plan ends and the
manager signs off the closure (RC7). The worker submits the assessment for sign-off, and the manager is
told. Every step is in the chronology. Then: a session that ends
while the worker is writing loses nothing; and two people writing the same draft in two browsers: the
one whose page is stale is told who saved it and when, sees their text, keeps their own and chooses,
and the manager cannot authorise a draft nobody has submitted. Synthetic data only."""

import datetime as dt

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from playwright.sync_api import expect

from safehold.accounts.models import Role
from safehold.accounts.tests.factories import UserFactory
from safehold.casework.models import StatutoryWork, Visit
from safehold.casework.tests.factories import AllocationFactory
from safehold.family_help import services
from safehold.family_help.models import Assessment, CINEpisode
from safehold.people.models import Disability
from safehold.people.tests.factories import PersonFactory

from .conftest import SCREENSHOTS

pytestmark = pytest.mark.django_db(transaction=True)
WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}}


@pytest.fixture
def county(team):
    worker = UserFactory(username="sam", first_name="Sam", last_name="Okafor", role=Role.SOCIAL_WORKER, team=team)
    manager = UserFactory(username="tara", first_name="Tara", last_name="Whitfield", role=Role.TEAM_MANAGER,
                          team=team)
    child = PersonFactory(forename="Amelia", surname="Hartley", person_id="C0000301", dob=dt.date(2016, 3, 14),
                          communication_needs="Uses Makaton signs; give her time to answer")
    Disability.objects.create(person=child, code="COMM")
    AllocationFactory(person=child, team=team, worker=worker, started_on=dt.date(2025, 9, 1))
    return {"worker": worker, "manager": manager, "child": child}


def _violations(page) -> list[str]:
    results = Axe().run(page, options=WCAG_AA)
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])} elements)" for v in results.response["violations"]]


def _sign_out(page):
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/accounts/login/**")


def test_referral_to_closure(page, sign_in, shoot, county):
    child = county["child"]
    sign_in("sam")
    page.goto(f"/people/{child.pk}/")
    page.locator("#panel-family_help").get_by_role("link", name="Record a referral").click()
    page.get_by_label("Where did the referral come from?").select_option("2A")
    page.get_by_label("Primary need (if known)").select_option("N1")
    page.get_by_role("button", name="Record the referral").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Episode of need from")
    episode = CINEpisode.objects.get(person=child)
    due = StatutoryWork.objects.get(person=child, rule_code="ASSESSMENT").due_on
    expect(page.locator("#assessment-timescale")).to_contain_text(f"{due.day} {due:%B %Y}")
    expect(page.locator("#child-needs")).to_contain_text("Uses Makaton signs")

    # The worker starts the assessment and writes: the draft is saved as she types.
    page.get_by_role("link", name="Start an assessment").click()
    expect(page.locator("#child-needs")).to_contain_text("Communication")
    page.get_by_role("button", name="Start the assessment").click()
    page.wait_for_url("**/assessments/*/")
    page.wait_for_load_state()  # htmx is listening once the page has loaded
    box = page.get_by_label("The assessment")
    box.press_sequentially("Amelia showed me her drawings and talked about school.")
    expect(page.locator("#draft-status")).to_contain_text("Draft saved at", timeout=15_000)
    assessment = Assessment.objects.get(person=child)
    assert assessment.draft_text == "Amelia showed me her drawings and talked about school."
    assert _violations(page) == []
    shoot("family-help-assessment")
    # She has finished: she submits it for sign-off, and it can no longer be changed while it waits.
    page.get_by_role("button", name="Submit for sign-off").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Submitted for sign-off")
    page.goto(f"/family-help/people/{child.pk}/assessments/{assessment.pk}/")
    expect(page.locator("#assessment-sign-off")).to_contain_text("Submitted for sign-off")
    expect(page.get_by_label("The assessment")).to_have_count(0)
    _sign_out(page)

    # The manager is told, and authorises it with the factors identified.
    sign_in("tara")
    expect(page.locator("#unread-count")).to_contain_text("1")
    page.goto(f"/family-help/people/{child.pk}/episodes/{episode.pk}/")
    page.get_by_role("link", name="Authorise", exact=True).click()
    expect(page.get_by_label("Analysis and summary")).to_have_value(
        "Amelia showed me her drawings and talked about school.")
    page.get_by_label("Neglect", exact=True).check()
    page.get_by_label("Domestic violence: parent or carer subject").check()
    page.get_by_role("button", name="Authorise").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Assessment authorised within 45 working days")
    expect(page.locator("#assessments")).to_contain_text("16A: Neglect")
    _sign_out(page)

    # The worker starts a plan, visits, reviews, ends the plan and asks for the episode to close.
    sign_in("sam")
    page.goto(f"/family-help/people/{child.pk}/episodes/{episode.pk}/")
    page.get_by_role("link", name="Start a child in need plan").click()
    page.get_by_role("button", name="Start the plan").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Child in need plan started")

    page.get_by_role("link", name="Record a visit").first.click()
    expect(page.locator("#child-needs")).to_contain_text("Uses Makaton signs")
    page.get_by_label("Child in need visit").check()
    page.locator("#id_child_seen").check()  # Yes
    page.locator("#id_child_seen_alone").check()  # Yes
    page.get_by_label("The child's words").fill("I like my teacher. I want to stay at my school.")
    page.get_by_role("button", name="Save the visit").click()
    expect(page.locator("#visits")).to_contain_text("I want to stay at my school.")
    visit = Visit.objects.get(person=child)
    assert visit.child_seen and visit.child_seen_alone and visit.kind == "cin"

    page.get_by_role("link", name="Record a review").click()
    page.get_by_label("What did the review decide?").fill("Good progress; continue the plan for now")
    page.get_by_role("button", name="Save the review").click()
    page.get_by_role("link", name="End the plan").click()
    page.get_by_label("Why is the plan ending?").fill("Outcomes achieved; no longer a child in need")
    page.get_by_role("button", name="End the plan").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Child in need plan ended")

    page.get_by_role("link", name="Ask for the episode to close").click()
    page.get_by_label("Services ceased for any other reason, incl. no longer in need").check()
    page.get_by_label("Why can the episode close?").fill("Plan outcomes met; family agree")
    page.get_by_role("button", name="Ask a manager to close").click()
    expect(page.locator("#closure-request")).to_contain_text("Awaiting a manager's sign-off")
    _sign_out(page)

    # The manager signs off the closure with reason RC7.
    sign_in("tara")
    page.goto(f"/family-help/people/{child.pk}/episodes/{episode.pk}/")
    page.get_by_role("link", name="Close the episode").click()
    expect(page.get_by_label("Services ceased for any other reason, incl. no longer in need")).to_be_checked()
    page.get_by_role("button", name="Sign off and close").click()
    expect(page.locator("#closure")).to_contain_text("RC7")
    expect(page.locator("#closure")).to_contain_text("Signed off by Tara Whitfield")
    shoot("family-help-episode")
    episode.refresh_from_db()
    assert episode.closure_date == timezone.localdate() and episode.closure_signed_off_by == county["manager"]

    page.goto(f"/people/{child.pk}/")
    chronology = page.locator("#chronology")
    for step in ("Referral received from Schools", "Assessment started", "Assessment authorised by Tara Whitfield",
                 "Child in need plan started", "Child in need visit by Sam Okafor: child seen alone",
                 "Child in need plan reviewed", "Child in need plan ended", "Closure requested by Sam Okafor",
                 "Episode of need closed: RC7"):
        expect(chronology).to_contain_text(step)


def test_ended_session_loses_nothing(page, sign_in, shoot, county):
    child, worker = county["child"], county["worker"]
    episode = services.referral_open(by=worker, person=child, referral_date=timezone.localdate(), source="6")
    assessment = services.assessment_start(by=worker, episode=episode, start_date=timezone.localdate())
    sign_in("sam")
    page.goto(f"/family-help/people/{child.pk}/assessments/{assessment.pk}/")
    box = page.get_by_label("The assessment")
    box.press_sequentially("First visit done.")
    expect(page.locator("#draft-status")).to_contain_text("Draft saved at", timeout=15_000)

    # The session ends while she is writing (here: its cookies are gone).
    page.context.clear_cookies()
    box.press_sequentially(" Mother described the night of the incident.")
    banner = page.locator("#draft-session-ended")
    expect(banner).to_be_visible(timeout=15_000)
    expect(banner).to_contain_text("Your session has ended. What you wrote is kept on this device: sign in again "
                                   "and it will be restored.")
    shoot("family-help-session-ended")
    assert Assessment.objects.get(pk=assessment.pk).draft_text == "First visit done."

    # She signs in again and opens the assessment: her words come back and are saved.
    sign_in("sam")
    page.goto(f"/family-help/people/{child.pk}/assessments/{assessment.pk}/")
    expect(page.get_by_label("The assessment")).to_have_value(
        "First visit done. Mother described the night of the incident.")
    expect(page.locator("#draft-restored")).to_be_visible()
    expect(page.locator("#draft-status")).to_contain_text("Draft saved at", timeout=15_000)
    assert Assessment.objects.get(pk=assessment.pk).draft_text == (
        "First visit done. Mother described the night of the incident.")
    # Once the server has it, nothing is left on the device.
    assert page.evaluate("Object.keys(window.localStorage).filter(k => k.startsWith('safehold-draft')).length") == 0


def test_two_people_writing_one_draft(browser, live_server, page, sign_in, shoot, county):
    """Sam and Tara both have the assessment open. Sam's words are saved first; Tara's page is then
    stale: her autosave is refused and she is told, in the page, that Sam changed the draft and when,
    with his text to read, while hers stays in her box. She chooses to save hers over his; Sam's page
    is now the stale one and he is told it was Tara. Tara cannot authorise while Sam is writing."""
    child, worker, manager = county["child"], county["worker"], county["manager"]
    episode = services.referral_open(by=worker, person=child, referral_date=timezone.localdate(), source="6")
    assessment = services.assessment_start(by=worker, episode=episode, start_date=timezone.localdate())
    url = f"/family-help/people/{child.pk}/assessments/{assessment.pk}/"

    sign_in("sam")
    page.goto(url)
    page.wait_for_load_state()
    other = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=live_server.url)
    other.set_default_timeout(15_000)
    tara = other.new_page()
    try:
        tara.goto("/accounts/login/")
        tara.get_by_label("Username").fill("tara")
        tara.get_by_label("Password").fill("correct horse battery")
        tara.get_by_role("button", name="Sign in").click()
        tara.wait_for_url("**/")
        tara.goto(url)
        tara.wait_for_load_state()

        # Sam writes first and is saved.
        page.get_by_label("The assessment").press_sequentially("Mother described the night of the incident.")
        expect(page.locator("#draft-status")).to_contain_text("Draft saved at", timeout=15_000)

        # Tara writes on her page, opened before Sam's save: she is told, and keeps her text.
        tara_box = tara.get_by_label("The assessment")
        tara_box.press_sequentially("School report: attendance 82%.")
        status = tara.locator("#draft-status")
        expect(status).to_contain_text("Sam Okafor changed this draft at", timeout=15_000)
        expect(status).to_contain_text("Your text has not been saved")
        expect(tara.get_by_role("status")).to_contain_text("Sam Okafor changed this draft")
        expect(tara_box).to_have_value("School report: attendance 82%.")
        assert Assessment.objects.get(pk=assessment.pk).draft_text == "Mother described the night of the incident."
        tara.get_by_text("The draft Sam Okafor saved at").click()
        expect(tara.locator("#draft-theirs-text")).to_contain_text("Mother described the night of the incident.")
        assert _violations(tara) == []
        tara.screenshot(path=str(SCREENSHOTS / "family-help-draft-conflict.png"), full_page=True)

        # She goes on typing: autosave waits for her choice, and nothing is overwritten.
        tara_box.press_sequentially(" GP: no concerns.")
        tara.wait_for_timeout(3_000)
        assert Assessment.objects.get(pk=assessment.pk).draft_text == "Mother described the night of the incident."

        # She chooses to save hers over his, having read it.
        tara.get_by_role("button", name="Save my text over theirs").click()
        expect(status).to_contain_text("Draft saved at", timeout=15_000)
        saved = Assessment.objects.get(pk=assessment.pk)
        assert saved.draft_text == "School report: attendance 82%. GP: no concerns."
        assert saved.draft_saved_by == manager

        # Sam's page is now the stale one: he is told it was Tara, and his words stay in his box.
        page.get_by_label("The assessment").press_sequentially(" Father absent.")
        expect(page.locator("#draft-status")).to_contain_text("Tara Whitfield changed this draft at", timeout=15_000)
        expect(page.get_by_label("The assessment")).to_have_value(
            "Mother described the night of the incident. Father absent.")
        assert Assessment.objects.get(pk=assessment.pk).draft_text == "School report: attendance 82%. GP: no concerns."
        # His text is kept on his device until he chooses.
        assert page.evaluate("Object.keys(window.localStorage).filter(k => k.startsWith('safehold-draft')).length") == 1

        # Sam chooses to save his text over hers: Tara cannot authorise a draft he has not submitted.
        page.get_by_role("button", name="Save my text over theirs").click()
        expect(page.locator("#draft-status")).to_contain_text("Draft saved at", timeout=15_000)
        tara.goto(f"/family-help/people/{child.pk}/assessments/{assessment.pk}/authorise/")
        expect(tara.locator("#open-items")).to_contain_text("It has not been submitted for sign-off")
        tara.get_by_label("Neglect", exact=True).check()
        tara.get_by_role("button", name="Authorise").click()
        expect(tara.locator(".govuk-error-summary")).to_contain_text("It has not been submitted for sign-off")
        assert Assessment.objects.get(pk=assessment.pk).authorised_date is None
    finally:
        other.close()

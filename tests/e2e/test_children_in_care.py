"""Children in care in a real browser: a 15-year-old comes into care under police protection (L1)
with a foster carer, moves to an interim care order (C1), is visited and has his first review on time;
a social worker's move to an unregistered children's home is stopped with the law explained; she asks a
director from the refusal, the director is told and authorises it with a reason, a plan and a target date, and the child appears on the leaders'
live register with the Ofsted notice; he moves on to a registered foster carer and is visited within
the week; he goes missing and is offered a return home interview within 72 hours; the young person
leaves care at 18 and, as a care leaver, has a pathway plan and his 18th birthday check-in. Each step
is in the chronology and the SSDA903 episodes table."""

import datetime as dt

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from safehold.accounts.models import Role
from safehold.accounts.tests.factories import UserFactory
from safehold.casework.tests.factories import AllocationFactory
from safehold.children_in_care.tests.helpers import foster, unregistered_home
from safehold.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db(transaction=True)
WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}}


@pytest.fixture
def county(team):
    worker = UserFactory(username="sam", first_name="Sam", last_name="Okafor", role=Role.SOCIAL_WORKER, team=team)
    director = UserFactory(username="lesley", first_name="Lesley", last_name="Hart", role=Role.LEADER, team=None,
                           is_director=True)
    child = PersonFactory(forename="Jordan", surname="Ellis", person_id="C0000777", dob=dt.date(2008, 4, 1))
    AllocationFactory(person=child, team=team, worker=worker, started_on=dt.date(2024, 1, 5))
    iro = UserFactory(username="ines", first_name="Ines", last_name="Romero", role=Role.IRO, team=None)
    return {"worker": worker, "director": director, "child": child, "carer": foster(), "iro": iro,
            "second_carer": foster(name="Northshire Fostering carer 07"),
            "home": unregistered_home("Bespoke Solo Provision 1")}


def fill_date(page, name: str, day: dt.date):
    page.locator(f"#id_{name}").fill(str(day.day))
    page.locator(f"#id_{name}_month").fill(str(day.month))
    page.locator(f"#id_{name}_year").fill(str(day.year))


def violations(page) -> list[str]:
    results = Axe().run(page, options=WCAG_AA)
    return [f"{v['id']}: {v['help']}" for v in results.response["violations"]]


def test_into_care_unregistered_move_stopped_then_authorised_and_leaving_care(page, sign_in, shoot, county):
    child, home = county["child"], county["home"]
    record = f"/people/{child.pk}/"
    sign_in("sam")
    page.goto(record)
    page.get_by_role("link", name="Record that the child became looked after").click()
    fill_date(page, "start_date", dt.date(2024, 3, 2))
    page.get_by_label("Legal status").select_option("L1")
    page.get_by_label("Category of need").select_option("N1")
    # No episode of need is open: one is opened with the period of care, so the census counts him.
    page.get_by_label("Where the referral came from").select_option("6")
    page.get_by_label("Provider from the register").select_option(str(county["carer"].pk))
    assert violations(page) == []
    page.get_by_role("button", name="Record the period of care").click()
    expect(page.locator("#cic-legal-status")).to_contain_text("L1")
    expect(page.locator("#chronology")).to_contain_text("Referral received from Police")

    # Police protection ends: an interim care order, same carer (a new 903 episode, RNE L).
    page.get_by_role("link", name="Change the legal status").click()
    fill_date(page, "start_date", dt.date(2024, 3, 4))
    page.get_by_label("New legal status").select_option("C1")
    page.get_by_role("button", name="Record the change").click()
    expect(page.locator("#cic-legal-status")).to_contain_text("C1 Interim care order")

    # The first statutory visit and the first review are due from the day he came into care.
    due = page.locator("#cp-due")
    expect(due).to_contain_text("Statutory visit in the new placement")
    expect(due).to_contain_text("2 Apr 2024")  # first review: 20 working days, Easter skipped
    page.get_by_role("link", name="Record a statutory visit").click()
    fill_date(page, "visited_on", dt.date(2024, 3, 6))
    page.get_by_role("group", name="Was the child seen?").get_by_label("Yes").check()
    page.get_by_role("group", name="Was the child seen alone?").get_by_label("Yes").check()
    page.get_by_label("The child's words").fill("I want to stay at this school")
    assert violations(page) == []
    page.get_by_role("button", name="Save the visit").click()
    expect(page.locator("#cp-last-visit")).to_contain_text("child seen alone")
    expect(page.locator("#chronology")).to_contain_text("Statutory visit by Sam Okafor (on time)")
    page.get_by_role("button", name="Sign out").click()

    sign_in("ines")
    page.goto(record)
    page.get_by_role("link", name="Record a looked after review").click()
    fill_date(page, "review_date", dt.date(2024, 3, 28))
    page.get_by_label("PN1: Child attended and spoke for themselves").check()
    page.get_by_role("group", name="Does the care plan meet the child's needs?").get_by_label("Yes").check()
    assert violations(page) == []
    page.get_by_role("button", name="Save the review").click()
    expect(page.locator("#cp-last-review")).to_contain_text("Review 1 on 28 Mar 2024 (PN1)")
    expect(page.locator("#chronology")).to_contain_text("Looked after review 1 (on time)")
    expect(page.locator("#cp-due")).to_contain_text("Second looked after review")
    page.get_by_role("button", name="Sign out").click()
    sign_in("sam")
    page.goto(record)

    # The worker tries to move him to a children's home that is not registered: stopped, the law explained.
    page.get_by_role("link", name="Change the placement").click()
    fill_date(page, "start_date", dt.date(2024, 4, 1))
    page.get_by_label("Provider from the register").select_option(str(home.pk))
    page.get_by_label("Reason for the placement change").select_option("CREQB")
    page.get_by_role("button", name="Record the move").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Care Standards Act 2000")
    expect(summary).to_contain_text("Only a director")
    assert violations(page) == []
    shoot("children-in-care-guard")
    # She asks a director, from the refusal, with her reasons: nothing is placed while it waits.
    page.get_by_label("Why this placement, and what else was tried (for the director)").fill(
        "Forty registered homes could not take him; risk of exploitation where he is")
    page.get_by_role("button", name="Ask a director to authorise").click()
    expect(page.locator("#request-state")).to_have_text("Waiting for a director")
    page.get_by_role("button", name="Sign out").click()

    # The director is told, reads the request and authorises it with the plan to end it and a target date.
    sign_in("lesley")
    expect(page.locator("#unread-count")).to_contain_text("1")
    page.goto("/notifications/")
    page.locator("#notifications").get_by_role("button").first.click()
    expect(page.locator("#request-concerns")).to_contain_text("not registered with Ofsted")
    expect(page.get_by_label("Why no registered placement can meet the child's needs")).to_have_value(
        "Forty registered homes could not take him; risk of exploitation where he is")
    page.get_by_label("Plan to end the placement or have the provider registered").fill(
        "Provider applies to Ofsted this week; daily search for a registered home")
    fill_date(page, "authorise-target_end_date", dt.date(2024, 4, 29))
    assert violations(page) == []
    shoot("children-in-care-director-request")
    page.get_by_role("button", name="Authorise and make the placement").click()
    expect(page.locator("#request-state")).to_have_text("Authorised")
    page.goto(record)
    expect(page.locator("#cic-placement")).to_contain_text("Unregistered: authorised by a director")

    page.get_by_role("link", name="Unregistered placements").first.click()
    expect(page.locator("main")).to_contain_text("Jordan Ellis")
    expect(page.locator("main")).to_contain_text(home.name)
    expect(page.locator("main")).to_contain_text("Ofsted must be")
    assert violations(page) == []
    shoot("children-in-care-register")
    page.get_by_role("button", name="Sign out").click()

    # He moves on to a registered foster carer (his second move) and is visited within the week.
    sign_in("sam")
    page.goto(record)
    page.get_by_role("link", name="Change the placement").click()
    fill_date(page, "start_date", dt.date(2024, 4, 20))
    page.get_by_label("Provider from the register").select_option(str(county["second_carer"].pk))
    page.get_by_label("Reason for the placement change").select_option("CARPL")
    page.get_by_role("button", name="Record the move").click()
    expect(page.locator("#cp-due")).to_contain_text("27 Apr 2024")
    page.get_by_role("link", name="Record a statutory visit").click()
    fill_date(page, "visited_on", dt.date(2024, 4, 24))
    page.get_by_role("group", name="Was the child seen?").get_by_label("Yes").check()
    page.get_by_role("group", name="Was the child seen alone?").get_by_label("No").check()
    page.get_by_role("button", name="Save the visit").click()
    expect(page.locator("#chronology")).to_contain_text("Statutory visit by Sam Okafor (on time): child seen, not")

    # He goes missing overnight; on his return a return home interview is offered within 72 hours.
    page.get_by_role("link", name="Record a missing episode").click()
    page.get_by_label("Missing", exact=True).check()
    fill_date(page, "started_on", dt.date(2024, 5, 10))
    page.get_by_label("Time the child went missing").fill("21:30")
    fill_date(page, "ended_on", dt.date(2024, 5, 11))
    page.get_by_label("Time the child returned").fill("09:00")
    assert violations(page) == []
    page.get_by_role("button", name="Save the episode").click()
    expect(page.locator("#cp-due")).to_contain_text("Return home interview offered")
    expect(page.locator("#cp-due")).to_contain_text("14 May 2024 09:00")
    page.locator("#cp-missing").get_by_role("link", name="Update").click()
    fill_date(page, "offered_on", dt.date(2024, 5, 12))
    page.get_by_label("Time the interview was offered").fill("10:00")
    page.get_by_role("group", name="Did the child accept the interview?").get_by_label("Yes").check()
    fill_date(page, "held_on", dt.date(2024, 5, 13))
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#cp-missing")).to_contain_text("accepted, held 13 May 2024")
    expect(page.locator("#cp-missing")).to_contain_text("10 May 2024 21:30")
    expect(page.locator("#chronology")).to_contain_text("Return home interview offered (on time): accepted")
    shoot("care-planning-record")

    # He leaves care on his 18th birthday, into independent living with support (E5).
    page.get_by_role("link", name="Record that the child left care").click()
    fill_date(page, "end_date", dt.date(2026, 4, 1))
    page.get_by_label("Reason the child left care").select_option("E5")
    page.get_by_role("button", name="Record leaving care").click()
    expect(page.locator("#panel-children_in_care-heading")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Left care on 1 Apr 2026")

    # The 903 episodes: S (L1), L (C1), P (the home), ending E5; and the chronology has every step.
    rows = page.locator("#cic-episodes tbody tr")
    expect(rows).to_have_count(4)
    expect(rows.nth(0)).to_contain_text("L1")
    expect(rows.nth(1)).to_contain_text("C1")
    expect(rows.nth(3)).to_contain_text("E5")
    chronology = page.locator("#chronology")
    for text in ("Became looked after", "Legal status", "Placement", "Left care"):
        expect(chronology).to_contain_text(text)
    shoot("children-in-care-record")

    # Now a care leaver (former relevant at 18): his pathway plan and the 18th birthday check-in.
    expect(page.locator("#cl-category")).to_contain_text("Former relevant")
    page.get_by_role("link", name="Record the pathway plan").click()
    fill_date(page, "start_date", dt.date(2026, 4, 10))
    page.get_by_label("Plan summary").fill("College in September; a supported flat near his brother")
    page.get_by_label("The young person's views").fill("Wants to stay near his football club")
    page.get_by_role("button", name="Save the plan").click()
    expect(page.locator("#cl-pathway")).to_contain_text("10 Apr 2026")
    expect(page.locator("#cl-review-due")).to_have_text("10 Oct 2026")
    page.get_by_role("link", name="Record check-in for the birthday at 18").click()
    page.get_by_label("In touch").select_option("YES")
    page.get_by_label("Main activity").select_option("F5")
    page.get_by_label("Accommodation").select_option("D1")
    fill_date(page, "recorded_on", dt.date(2026, 4, 20))
    page.get_by_role("button", name="Record the check-in").click()
    expect(page.locator("#cl-check-in-18")).to_contain_text("YES")
    expect(page.locator("#chronology")).to_contain_text("Birthday check-in")
    shoot("care-leaver-record")

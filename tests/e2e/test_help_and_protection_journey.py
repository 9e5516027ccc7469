"""Issue 3's whole journey for one child, in a real browser, with the clock moved forward between
steps: a police officer's contact; the front door links it and decides on an immediate strategy
discussion; the MACPT strategy discussion starts a section 47 enquiry; the initial conference
(chaired by the IRO) starts a child protection plan; a visit; the first review; the plan ends.
Every step appears in the chronology, in the worker's "My work" while it is due, and in the audit."""

import datetime as dt
import zoneinfo

import pytest
import time_machine
from playwright.sync_api import expect

from safehold.accounts.models import Agency, Role, Team
from safehold.accounts.tests.factories import UserFactory
from safehold.audit.models import AuditEvent
from safehold.casework.models import StatutoryWork
from safehold.casework.tests.factories import AllocationFactory
from safehold.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db(transaction=True)
LONDON = zoneinfo.ZoneInfo("Europe/London")


def at(day: dt.date, hour: int = 9):
    return time_machine.travel(dt.datetime(day.year, day.month, day.day, hour, 0, tzinfo=LONDON), tick=True)


def fill_date(page, name: str, day: dt.date):
    page.locator(f"#id_{name}").fill(str(day.day))
    page.locator(f"#id_{name}_month").fill(str(day.month))
    page.locator(f"#id_{name}_year").fill(str(day.year))


@pytest.fixture
def county(team):
    police = Team.objects.create(team_id="NPOL", name="Northshire Police", kind=Team.Kind.PARTNER)
    front_door = Team.objects.create(team_id="FD01", name="Front door", kind=Team.Kind.FRONT_DOOR)
    UserFactory(username="pc_rowe", first_name="Dana", last_name="Rowe", role=Role.PARTNER, agency=Agency.POLICE,
                team=police)
    UserFactory(username="fran", first_name="Fran", last_name="Achebe", role=Role.FRONT_DOOR, team=front_door)
    sam = UserFactory(username="sam", first_name="Sam", last_name="Okafor", role=Role.SOCIAL_WORKER, team=team)
    UserFactory(username="indira", first_name="Indira", last_name="Rowe", role=Role.IRO, team=None)
    UserFactory(username="ada", first_name="Ada", last_name="Mensah", role=Role.ADMIN, team=None)
    child = PersonFactory(forename="Amelia", surname="Hartley", person_id="C0000401", dob=dt.date(2016, 3, 14))
    AllocationFactory(person=child, team=team, worker=sam, started_on=dt.date(2025, 6, 1))
    return child


def switch(page, sign_in, username):
    page.goto("/")
    if page.get_by_role("button", name="Sign out").count():
        page.get_by_role("button", name="Sign out").click()
    sign_in(username)


def test_contact_to_child_protection_plan_and_its_end(page, sign_in, shoot, county):
    child = county
    record = f"/people/{child.pk}/"

    with at(dt.date(2026, 3, 2), 8):  # Monday
        switch(page, sign_in, "pc_rowe")
        page.goto("/front-door/partner/contacts/")
        page.get_by_role("link", name="Make a contact about a child").click()
        page.get_by_label("Child's first name").fill("Amelia")
        page.get_by_label("Child's last name").fill("Hartley")
        page.get_by_label("Your concern").fill("Amelia has bruises to her arms and says her dad hit her.")
        page.get_by_label("Consent not needed because of safeguarding risk").check()
        page.get_by_role("button", name="Send the contact").click()
        expect(page.get_by_text("Contact sent to the front door")).to_be_visible()

        switch(page, sign_in, "fran")
        page.goto("/front-door/")
        awaiting = page.locator("#awaiting")
        if awaiting.get_by_role("link", name="Link to a person").count():
            awaiting.get_by_role("link", name="Link to a person").click()
            page.get_by_role("button", name="Link to Amelia Hartley").click()
        else:
            awaiting.get_by_role("link", name="Amelia Hartley").first.click()
        page.get_by_label("Immediate strategy discussion").check()
        page.get_by_label("Rationale").fill("Injuries and a disclosure of physical abuse: reasonable cause to "
                                            "suspect significant harm, so a strategy discussion today.")
        page.get_by_role("button", name="Record the decision").click()
        expect(page.get_by_text("Decision recorded: Immediate strategy discussion")).to_be_visible()

    with at(dt.date(2026, 3, 2), 11):
        switch(page, sign_in, "sam")
        page.goto(record)
        page.get_by_role("link", name="Record a strategy discussion").click()
        fill_date(page, "held_on", dt.date(2026, 3, 2))
        page.get_by_label("Time it started").fill("10:30")
        page.get_by_label("Chaired by").select_option(label="Sam Okafor")
        page.locator("#id_p1_name").fill("Sam Okafor")
        page.locator("#id_p1_role").fill("Social worker")
        page.locator("#id_p2_name").fill("DC Sam Reed")
        page.locator("#id_p2_role").fill("Child abuse investigation team")
        page.locator("#id_p3_name").fill("Alex Moor")
        page.locator("#id_p3_role").fill("Named nurse for safeguarding")
        page.get_by_label("Start a section 47 enquiry").check()
        page.get_by_label("Reasons for the decision").fill("Injuries consistent with the child's account")
        page.get_by_role("button", name="Save the strategy discussion").click()
        # 15 working days after Monday 2 March 2026 is Monday 23 March (timescales.md ICPC).
        expect(page.locator("#enquiry")).to_contain_text("23 March 2026")
        page.goto("/work/mine/")
        expect(page.locator("table").first).to_contain_text("Initial child protection conference")
        expect(page.locator("table").first).to_contain_text("Amelia Hartley")
        shoot("journey-my-work")

    with at(dt.date(2026, 3, 9)):
        switch(page, sign_in, "sam")
        page.goto(record)
        page.get_by_role("link", name="Record the outcome of the enquiry").click()
        fill_date(page, "end_date", dt.date(2026, 3, 6))
        page.get_by_label("Concerns substantiated").check()
        page.get_by_label("Yes").check()
        page.get_by_label("What the enquiry found").fill("Bruising seen by the school nurse; the child's account consistent")
        page.get_by_role("button", name="Save the outcome").click()

    with at(dt.date(2026, 3, 20), 15):
        switch(page, sign_in, "indira")
        page.goto(record)
        page.get_by_role("link", name="Record the initial conference").click()
        fill_date(page, "held_on", dt.date(2026, 3, 20))
        page.get_by_label("Chaired by").select_option(label="Indira Rowe")
        page.get_by_label("The child needs a child protection plan").check()
        page.get_by_label("Category of abuse").select_option("PHY")
        page.get_by_label("Lead child protection practitioner").select_option(label="Sam Okafor")
        page.get_by_role("button", name="Save the conference").click()
        expect(page.locator("#panel-child_protection #cp-plan")).to_contain_text("Physical abuse")

    with at(dt.date(2026, 3, 25)):
        switch(page, sign_in, "sam")
        page.goto(record)
        page.locator("#panel-child_protection").get_by_role("link", name="Record a visit").click()
        fill_date(page, "visited_on", dt.date(2026, 3, 25))
        page.locator("#id_child_seen").check()
        page.locator("#id_child_seen_alone").check()
        page.get_by_label("The child's words").fill("My arm doesn't hurt any more")
        page.get_by_role("button", name="Save the visit").click()
        expect(page.locator("#visits")).to_contain_text("My arm doesn't hurt any more")

    with at(dt.date(2026, 6, 15)):
        switch(page, sign_in, "indira")
        page.goto(record)
        panel = page.locator("#panel-child_protection")
        panel.get_by_role("link", name="Record a review conference").click()
        fill_date(page, "held_on", dt.date(2026, 6, 15))
        page.get_by_label("Chaired by").select_option(label="Indira Rowe")
        page.get_by_label("The plan continues").check()
        page.get_by_role("button", name="Save the conference").click()

    with at(dt.date(2026, 7, 1)):
        switch(page, sign_in, "indira")
        page.goto(record)
        panel = page.locator("#panel-child_protection")
        panel.get_by_role("link", name="End the plan").click()
        fill_date(page, "end_date", dt.date(2026, 7, 1))
        page.get_by_label("Why the plan ended").fill("Father has left the home; the family works with Family Help")
        page.get_by_role("button", name="End the plan").click()
        expect(panel).to_contain_text("No open section 47 enquiry or child protection plan")
        chronology = page.locator("#chronology")
        for text in ("Contact received", "Front door decision", "Strategy discussion", "Section 47 enquiry started",
                     "Initial child protection conference", "Child protection plan started",
                     "Child protection visit", "Review child protection conference", "Child protection plan ended"):
            expect(chronology).to_contain_text(text)
        shoot("journey-chronology")

        # The worker's list no longer holds the plan's visits; the conference was judged on time.
        switch(page, sign_in, "sam")
        page.goto("/work/mine/")
        expect(page.locator("body")).not_to_contain_text("Child protection visit")
        icpc = StatutoryWork.objects.get(person=child, rule_code="ICPC")
        assert icpc.status == "done" and icpc.on_time and icpc.due_on == dt.date(2026, 3, 23)

        # The information governance officer sees each change and each view in the audit log.
        switch(page, sign_in, "ada")
        page.goto(f"/audit/?person_id={child.person_id}")
        changes = page.locator("#changes")
        for action in ("contact", "strategy", "section47", "conference", "plan"):
            assert AuditEvent.objects.filter(person_id=child.pk, action__icontains=action).exists(), action
        expect(changes).to_contain_text("Sam Okafor")
        expect(page.locator("#record-views")).to_contain_text("indira")

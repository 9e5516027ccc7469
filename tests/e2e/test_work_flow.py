"""The day's work flowing from person to person, in a real browser (issue 14.2 to 14.4): a worker submits a
visit for sign-off; her manager is told (the header counts it), opens it from the inbox, returns it with what
must change; the worker is told, reads why and resubmits; the manager signs it off. The chair sees the
conferences and reviews of the children they chair. Synthetic data only."""

import datetime as dt

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from playwright.sync_api import expect

from safehold.accounts.models import Role
from safehold.accounts.tests.factories import TeamFactory, UserFactory
from safehold.casework.models import Allocation, SignOff
from safehold.casework.tests.factories import AllocationFactory
from safehold.casework.work import work_raise
from safehold.family_help import services
from safehold.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db(transaction=True)
WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}}


def _violations(page) -> list[str]:
    results = Axe().run(page, options=WCAG_AA)
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])} elements)" for v in results.response["violations"]]


def _sign_out(page):
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/accounts/login/**")


@pytest.fixture
def county(team):
    worker = UserFactory(username="sam", first_name="Sam", last_name="Okafor", role=Role.SOCIAL_WORKER, team=team)
    manager = UserFactory(username="tara", first_name="Tara", last_name="Whitfield", role=Role.TEAM_MANAGER,
                          team=team)
    child = PersonFactory(forename="Amelia", surname="Hartley", person_id="C0000401", dob=dt.date(2016, 3, 14))
    AllocationFactory(person=child, team=team, worker=worker, started_on=dt.date(2025, 9, 1))
    episode = services.referral_open(by=worker, person=child, referral_date=timezone.localdate(), source="6",
                                     primary_need="N1")
    plan = services.cin_plan_start(by=manager, episode=episode, start_date=timezone.localdate(),
                                   lead_practitioner=worker)
    return {"worker": worker, "manager": manager, "child": child, "plan": plan}


def test_a_visit_is_submitted_returned_and_signed_off(page, sign_in, shoot, county):
    child = county["child"]
    sign_in("sam")
    page.goto(f"/family-help/people/{child.pk}/visits/new/")
    page.get_by_label("Child in need visit").check()
    page.locator("#id_child_seen").check()
    page.locator("#id_child_seen_alone").check()
    page.get_by_label("The child's words").fill("I like my teacher.")
    page.get_by_role("button", name="Save the visit").click()

    # The record shows the draft; the worker submits it from its sign-off page.
    page.goto(f"/people/{child.pk}/")
    panel = page.locator("#panel-sign_off")
    expect(panel).to_contain_text("Child in need visit on")
    expect(panel).to_contain_text("Draft")
    panel.get_by_role("link", name="Child in need visit on").click()
    page.get_by_label("Note for your manager (optional)").fill("Home visit after school")
    page.get_by_role("button", name="Submit for sign-off").click()
    expect(page.locator("#sign-off-state")).to_have_text("Submitted for sign-off")
    _sign_out(page)

    # The manager is told: the header counts it; the inbox links to it.
    sign_in("tara")
    expect(page.locator("#unread-count")).to_contain_text("1")
    page.get_by_role("link", name="Notifications").click()
    expect(page.locator("#notifications")).to_contain_text("is waiting for your sign-off")
    assert _violations(page) == []
    shoot("notifications-inbox")
    page.locator("#notifications").get_by_role("button").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Child in need visit on")
    expect(page.locator("#record-summary")).to_contain_text("I like my teacher.")
    expect(page.locator("#unread-count")).to_have_count(0)
    # Returning needs a reason: the error summary names the field, nothing changes.
    page.get_by_role("button", name="Return to the worker").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Say what must change")
    page.get_by_label("What must change before it can be signed off").fill("Say where the visit took place")
    page.get_by_role("button", name="Return to the worker").click()
    expect(page.locator("#sign-off-state")).to_have_text("Returned for changes")
    _sign_out(page)

    # The worker reads why, and resubmits.
    sign_in("sam")
    page.goto("/notifications/")
    page.locator("#notifications").get_by_role("button").first.click()
    expect(page.locator("#return-reason")).to_contain_text("Say where the visit took place")
    assert _violations(page) == []
    shoot("sign-off-returned")
    page.get_by_role("button", name="Submit for sign-off").click()
    _sign_out(page)

    # The manager finds it in the sign-off list and signs it off.
    sign_in("tara")
    page.get_by_role("link", name="Sign-off", exact=True).click()
    expect(page.locator("#waiting")).to_contain_text("Amelia Hartley")
    shoot("sign-off-waiting")
    page.locator("#waiting").get_by_role("link", name="Child in need visit on").click()
    page.get_by_role("button", name="Sign off").click()
    expect(page.locator("#sign-off-state")).to_have_text("Authorised")
    expect(page.locator("#sign-off-history")).to_contain_text("Returned for changes by Tara Whitfield")
    sign_off = SignOff.objects.get(person=child, kind="visit")
    assert sign_off.state == "authorised" and sign_off.decided_by == county["manager"]


def test_the_chair_sees_what_they_chair(page, sign_in, shoot, county):
    child, worker = county["child"], county["worker"]
    reviewing = TeamFactory(name="Independent reviewing", kind="reviewing")
    UserFactory(username="ira", first_name="Ira", last_name="Chandra", role=Role.IRO, team=reviewing)
    chair = AllocationFactory(person=child, team=reviewing, worker=None, role=Allocation.Role.IRO,
                              started_on=dt.date(2025, 9, 1))
    from safehold.accounts.models import User

    Allocation.objects.filter(pk=chair.pk).update(worker=User.objects.get(username="ira"))
    holder = Allocation.objects.get(person=child, role="allocated_worker")
    work_raise(person=child, rule_code="ICPC", start=timezone.localdate() - dt.timedelta(days=30), source=holder,
               title="Initial child protection conference", team=holder.team, worker=worker)
    sign_in("ira")
    page.get_by_role("link", name="Chairing").click()
    table = page.locator("#chair-table")
    expect(table).to_contain_text("Amelia Hartley")
    expect(table).to_contain_text("Initial child protection conference")
    expect(table).to_contain_text("Sam Okafor")
    expect(table).to_contain_text("overdue")
    assert _violations(page) == []
    shoot("chair-worklist")


def test_a_case_note_from_a_template_and_a_document(page, sign_in, shoot, county, tmp_path):
    import importlib

    from django.apps import apps

    # The starter templates of migration casefile/0002 (a transactional test empties every table when it ends).
    importlib.import_module("safehold.casefile.migrations.0002_starter_templates").forwards(apps, None)
    child = county["child"]
    sign_in("sam")
    page.goto(f"/people/{child.pk}/")
    page.locator("#panel-casefile").get_by_role("link", name="Write a case note").click()
    page.get_by_role("link", name="Direct work with the child").click()
    expect(page.get_by_label("The note")).to_contain_text("What the child said or showed")
    page.get_by_label("Subject").fill("Life story book")
    page.get_by_label("The note").fill("We drew the places Amelia has lived. She said: 'I want to stay here.'")
    page.get_by_role("button", name="Save the note").click()
    expect(page.locator("main")).to_contain_text("Direct work with the child: Life story book")
    expect(page.locator("main")).to_contain_text("I want to stay here.")
    assert _violations(page) == []
    shoot("case-notes")

    # A document: a file that is not what its name says is refused by the field; a real one is kept.
    page.goto(f"/casefile/people/{child.pk}/documents/")
    fake = tmp_path / "report.pdf"
    fake.write_bytes(b"MZ\x90\x00 not a pdf")
    page.get_by_label("Title").fill("School report")
    page.get_by_label("Kind of document").select_option("report")
    page.get_by_label("File").set_input_files(str(fake))
    page.get_by_role("button", name="Upload the document").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Safehold keeps PDF")
    real = tmp_path / "school-report.pdf"
    real.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    page.get_by_label("Title").fill("School report")
    page.get_by_label("Kind of document").select_option("report")
    page.get_by_label("File").set_input_files(str(real))
    page.get_by_role("button", name="Upload the document").click()
    expect(page.locator("#documents")).to_contain_text("School report")
    assert _violations(page) == []
    shoot("documents")
    with page.expect_download() as download:
        page.locator("#documents").get_by_role("link", name="School report").click()
    assert download.value.suggested_filename == "school-report.pdf"


def test_a_conference_is_booked_ahead_and_recorded_held(page, sign_in, shoot, county):
    child = county["child"]
    UserFactory(username="ira", first_name="Ira", last_name="Chandra", role=Role.IRO, team=None)
    holder = Allocation.objects.get(person=child, role="allocated_worker")
    work_raise(person=child, rule_code="ICPC", start=timezone.localdate(), source=holder,
               title="Initial child protection conference", team=holder.team, worker=county["worker"])
    day = timezone.localdate() + dt.timedelta(days=5)
    sign_in("sam")
    page.goto(f"/people/{child.pk}/")
    page.locator("#panel-meetings").get_by_role("link", name="Book a meeting").click()
    page.get_by_label("Meeting").select_option("icpc")
    page.locator("#id_day").fill(str(day.day))
    page.locator("#id_day_month").fill(str(day.month))
    page.locator("#id_day_year").fill(str(day.year))
    page.get_by_label("Time").fill("10:00")
    page.get_by_label("Where, or how people join").fill("Northfield Family Hub, room 2")
    page.get_by_label("Chair").select_option(label="Ira Chandra (Independent reviewing officer / conference chair)")
    page.get_by_label("Invitee 1: name").fill("DC Jones")
    page.get_by_label("Invitee 1: agency").select_option("police")
    page.get_by_label("Invitee 2: name").fill("Ms Patel")
    page.get_by_label("Invitee 2: agency").select_option("education")
    assert _violations(page) == []
    shoot("meeting-book")
    page.get_by_role("button", name="Book the meeting").click()
    expect(page.locator("#meeting-status")).to_have_text("Booked")
    _sign_out(page)

    # The chair is told and sees it among the meetings booked for them.
    sign_in("ira")
    expect(page.locator("#unread-count")).to_contain_text("1")
    page.get_by_role("link", name="Chairing").click()
    expect(page.locator("#booked")).to_contain_text("Initial child protection conference")
    page.locator("#booked").get_by_role("link", name="Initial child protection conference").click()
    # After the meeting: who came, and the minutes.
    page.get_by_role("group", name="DC Jones (Police)").get_by_label("Attended").check()
    page.get_by_role("group", name="Ms Patel (Education)").get_by_label("Sent apologies").check()
    page.get_by_label("Ms Patel sent a report").check()
    page.get_by_label("Minutes").fill("Agreed a child protection plan (neglect). Core group within 10 working days.")
    page.locator("#id_held-held_on").fill(str(timezone.localdate().day))
    page.locator("#id_held-held_on_month").fill(str(timezone.localdate().month))
    page.locator("#id_held-held_on_year").fill(str(timezone.localdate().year))
    page.get_by_role("button", name="Record the meeting held").click()
    expect(page.locator("#meeting-status")).to_have_text("Held")
    expect(page.locator("#invitees")).to_contain_text("Sent apologies; sent a report")
    assert _violations(page) == []
    shoot("meeting-held")


def test_the_family_as_a_picture(page, sign_in, shoot, county):
    from safehold.people.models import Address, Relationship

    child = county["child"]
    people = {}
    for key, (forename, surname, sex, kind, born) in {
            "mother": ("Grace", "Hartley", "F", "mother", 1990), "father": ("Tom", "Hartley", "M", "father", 1988),
            "nan": ("Ivy", "Hartley", "F", "grandparent", 1960), "brother": ("Leo", "Hartley", "M", "sibling", 2019),
            "sister": ("Mia", "Cole", "F", "half_sibling", 2022),
            "partner": ("Dan", "Cole", "M", "parent_partner", 1985)}.items():
        people[key] = PersonFactory(forename=forename, surname=surname, sex=sex, dob=dt.date(born, 3, 1),
                                    kind="adult" if born < 2000 else "child")
        Relationship.objects.create(person=child, related=people[key], type=kind)
    for p in (child, people["mother"], people["brother"], people["sister"], people["partner"]):
        Address.objects.create(person=p, line1="1 Mill Lane", town="Northfield", postcode="NF1 2AB")
    sign_in("sam")
    page.goto(f"/people/{child.pk}/")
    figure = page.locator("#genogram")
    expect(figure.get_by_role("img")).to_be_visible()
    expect(figure).to_contain_text("Grace Hartley")
    expect(figure).to_contain_text("Half-sibling")
    assert _violations(page) == []
    figure.screenshot(path=str(__import__("tests.e2e.conftest", fromlist=["SCREENSHOTS"]).SCREENSHOTS / "genogram.png"))


def test_a_printed_assessment_and_a_letter(page, sign_in, county):
    import importlib

    from django.apps import apps

    from safehold.people.models import Address, Relationship

    importlib.import_module("safehold.casefile.migrations.0004_starter_letters").forwards(apps, None)
    child = county["child"]
    services.assessment_start(by=county["worker"], episode=child.cin_episodes.get(), start_date=timezone.localdate())
    mother = PersonFactory(forename="Grace", surname="Hartley", sex="F", kind="adult", dob=dt.date(1990, 5, 1))
    Relationship.objects.create(person=child, related=mother, type="mother")
    Address.objects.create(person=mother, line1="1 Mill Lane", town="Northfield", postcode="NF1 2AB")
    sign_in("sam")
    page.goto(f"/people/{child.pk}/")
    page.locator("#printables summary").click()
    with page.expect_download() as download:
        page.locator("#printables").get_by_role("link", name="Child and family assessment").click()
    assert download.value.suggested_filename.startswith("assessment-C0000401")
    assert open(download.value.path(), "rb").read(5) == b"%PDF-"

    page.locator("#panel-casefile").get_by_role("link", name="Write a letter").click()
    page.get_by_role("link", name="Outcome of the assessment").click()
    page.locator("#letter-recipients").get_by_role("link", name="Grace Hartley").click()
    expect(page.get_by_role("textbox", name="The letter")).to_contain_text("Dear Grace Hartley,")
    expect(page.get_by_label("Address")).to_have_value("1 Mill Lane\nNorthfield\nNF1 2AB")
    assert _violations(page) == []
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#documents")).to_contain_text("Letter to Grace Hartley: Outcome of the assessment")

"""Issue 2's journey in a real browser: sign in, search, open a record, read and filter the
chronology, be refused a restricted record, break glass with a reason, and see it in the audit."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from safehold.accounts.models import Role
from safehold.accounts.tests.factories import UserFactory
from safehold.casework.models import Allocation
from safehold.casework.tests.factories import AllocationFactory
from safehold.people.chronology import record_event
from safehold.people.models import Person
from safehold.people.tests.factories import AddressFactory, PersonFactory, RelationshipFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def county(team):
    worker = UserFactory(username="sam", first_name="Sam", last_name="Okafor", role=Role.SOCIAL_WORKER, team=team)
    manager = UserFactory(username="tara", first_name="Tara", last_name="Whitfield", role=Role.TEAM_MANAGER, team=team)
    admin = UserFactory(username="ada", first_name="Ada", last_name="Mensah", role=Role.ADMIN, team=None)
    amelia = PersonFactory(forename="Amelia", surname="Hartley", person_id="C0000101", dob=dt.date(2016, 3, 14))
    mother = PersonFactory(forename="Joanne", surname="Hartley", person_id="A0000102", kind=Person.Kind.ADULT,
                           dob=dt.date(1988, 7, 2))
    RelationshipFactory(person=amelia, related=mother, type="mother", parental_responsibility=True)
    AddressFactory(person=amelia, line1="12 Mill Lane", postcode="SH1 4AB")
    AddressFactory(person=mother, line1="12 Mill Lane", postcode="SH1 4AB")
    AllocationFactory(person=amelia, team=team, worker=worker, started_on=dt.date(2025, 9, 1))
    record_event(person=amelia, event_type="person_recorded", occurred=dt.date(2025, 8, 28),
                 summary="Child put on the record")
    record_event(person=amelia, event_type="allocation", occurred=dt.date(2025, 9, 1),
                 summary="Allocated worker: Sam Okafor")
    restricted = PersonFactory(forename="Noah", surname="Pemberton", person_id="C0000103", is_restricted=True,
                               restriction_reason="Relative of a member of staff")
    AllocationFactory(person=restricted, team=team, started_on=dt.date(2025, 10, 1))
    return {"worker": worker, "manager": manager, "admin": admin, "amelia": amelia, "restricted": restricted}


def test_search_open_record_and_filter_chronology(page, sign_in, shoot, county):
    sign_in("sam")
    expect(page.get_by_role("heading", name="Hello, Sam")).to_be_visible()
    expect(page.get_by_role("link", name="Amelia Hartley")).to_be_visible()
    shoot("home-social-worker")

    page.get_by_role("link", name="Find a person").click()
    page.get_by_label("Name").fill("Amelia Hartly")  # misspelt on purpose: fuzzy search
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("heading", name="1 person found")).to_be_visible()
    shoot("search")
    page.get_by_role("link", name="Amelia Hartley").click()

    expect(page.get_by_role("heading", name="Amelia Hartley", level=1)).to_be_visible()
    expect(page.locator("#relationships")).to_contain_text("Joanne Hartley")
    expect(page.locator("#household")).to_contain_text("Joanne Hartley")
    expect(page.locator("#allocations")).to_contain_text("Sam Okafor")
    chronology = page.locator("#chronology")
    expect(chronology).to_contain_text("Child put on the record")
    expect(chronology).to_contain_text("Allocated worker: Sam Okafor")
    shoot("child-record")

    # Filter the chronology to allocations only; htmx swaps the table without a page load.
    page.get_by_label("Allocation changed").check()
    expect(chronology).not_to_contain_text("Child put on the record")
    expect(chronology).to_contain_text("Allocated worker: Sam Okafor")

    page.get_by_role("link", name="Printable chronology").click()
    expect(page.get_by_role("heading", name="Chronology: Amelia Hartley")).to_be_visible()
    expect(page.locator("body")).to_contain_text("Showing: Allocation changed")


def test_restricted_record_refused_then_break_glass_is_audited(page, sign_in, shoot, county):
    sign_in("sam")
    page.goto(f"/people/{county['restricted'].pk}/")
    expect(page.get_by_role("heading", name="This record is restricted")).to_be_visible()
    expect(page.locator("body")).not_to_contain_text("Pemberton")
    shoot("restricted-refused")

    page.get_by_role("link", name="Open this record with a reason").click()
    page.get_by_role("button", name="Open the record").click()  # nothing filled in
    expect(page).to_have_title("Error: Open a record with a reason – Safehold")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Choose why you need to open this record")
    expect(summary).to_contain_text("Enter your password to confirm it is you")
    shoot("break-glass-errors")

    page.get_by_label("Immediate safeguarding concern").check()
    page.get_by_label("Explain the reason").fill("Police call out of hours about the child's safety tonight")
    page.get_by_label("Your password").fill("correct horse battery")
    page.get_by_role("button", name="Open the record").click()
    expect(page.get_by_role("heading", name="Noah Pemberton", level=1)).to_be_visible()
    expect(page.get_by_text("Restricted record", exact=True).first).to_be_visible()

    # The information governance officer sees the break-glass and the view in the audit.
    page.get_by_role("button", name="Sign out").click()
    sign_in("ada")
    page.get_by_role("link", name="Audit").click()
    expect(page.locator("#break-glass-report")).to_contain_text("Police call out of hours")
    page.get_by_label("Person ID of the child or adult").fill("C0000103")
    page.get_by_role("button", name="Show").click()
    views = page.locator("#record-views")
    expect(views).to_contain_text("Break glass")
    expect(views).to_contain_text("Refused: restricted record")
    expect(views).to_contain_text("sam")
    shoot("audit")


def test_add_person_refuses_bad_input_then_warns_of_duplicate(page, sign_in, shoot, county):
    sign_in("sam")
    page.get_by_role("link", name="Add a person").click()
    page.locator("#id_dob").fill("1")
    page.locator("#id_dob_month").fill("1")
    page.locator("#id_dob_year").fill(str(dt.date.today().year + 1))
    page.get_by_label("NHS number").fill("943 476 5918")
    page.get_by_role("button", name="Add person").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter a first name")
    expect(summary).to_contain_text("Date of birth must be today or in the past")
    expect(summary).to_contain_text("the check digit of this one is wrong")
    shoot("add-person-errors")
    assert Person.objects.count() == 3

    page.get_by_label("First name").fill("Amelia")
    page.get_by_label("Last name").fill("Hartly")
    page.locator("#id_dob").fill("14")
    page.locator("#id_dob_month").fill("3")
    page.locator("#id_dob_year").fill("2016")
    page.get_by_label("NHS number").fill("943 476 5919")
    page.get_by_role("button", name="Add person").click()
    expect(page.locator("#possible-duplicates")).to_contain_text("Amelia Hartley")
    shoot("possible-duplicate")
    assert Person.objects.count() == 3
    page.get_by_role("button", name="None of these: add the new person").click()
    expect(page.get_by_role("heading", name="Amelia Hartly", level=1)).to_be_visible()
    assert Person.objects.count() == 4
    assert not Allocation.objects.filter(person__surname="Hartly").exists()

"""Issue 14.1 in a real browser: a front door decision reaches the team the routing rules name; the
team's manager, who could not open the child's record before, finds the child in the unallocated
queue on their home page, opens the record, and allocates a worker from the queue; the worker then
has the child, and the assessment, in their own lists."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from safehold.accounts.models import Role, Team
from safehold.accounts.tests.factories import TeamFactory, UserFactory
from safehold.front_door.models import RoutingRule
from safehold.front_door.tests.factories import ContactFactory
from safehold.people.models import Address
from safehold.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db(transaction=True)

RATIONALE = ("Maya's school reports she is often hungry and her mother is unwell. The family want help, "
             "so a Family Help assessment is the right response.")


@pytest.fixture
def county(db):
    front_door = Team.objects.create(team_id="FD01", name="Front door", kind=Team.Kind.FRONT_DOOR)
    lynn = TeamFactory(team_id="FHW1", name="Family Help West", kind=Team.Kind.FAMILY_HELP)
    other = TeamFactory(team_id="FHE1", name="Family Help East", kind=Team.Kind.FAMILY_HELP)
    RoutingRule.objects.create(order=10, postcode_prefixes="PE30 PE31", team=lynn)
    RoutingRule.objects.create(order=90, team=other)
    fran = UserFactory(username="fran", first_name="Fran", last_name="Achebe", role=Role.FRONT_DOOR,
                       team=front_door)
    UserFactory(username="tess", first_name="Tess", last_name="Manning", role=Role.TEAM_MANAGER, team=lynn)
    UserFactory(username="sam", first_name="Sam", last_name="Okafor", role=Role.SOCIAL_WORKER, team=lynn)
    UserFactory(username="eli", first_name="Eli", last_name="Stone", role=Role.SOCIAL_WORKER, team=other)
    maya = PersonFactory(forename="Maya", surname="Lindqvist", person_id="C0000601", dob=dt.date(2017, 9, 9))
    Address.objects.create(person=maya, line1="3 Tower Street", town="Kings Lynn", postcode="PE30 1EJ",
                           start_date=dt.date(2019, 1, 1))
    ContactFactory(person=maya, recorded_by=fran, concern="School reports Maya is often hungry")
    return maya


def test_a_decision_reaches_the_team_and_its_manager_allocates_from_the_queue(page, sign_in, shoot, county):
    maya = county
    # The team manager cannot open Maya's record yet: no team holds her case.
    sign_in("tess")
    page.goto(f"/people/{maya.pk}/")
    expect(page.get_by_role("heading", name="This record is outside your access")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()

    sign_in("fran")
    page.goto("/front-door/")
    page.locator("#awaiting").get_by_role("link", name="Check and decide").first.click()
    routes = page.locator("#routes-preview")
    expect(routes).to_contain_text("Family Help West")
    expect(routes).to_contain_text("postcodes PE30, PE31")
    page.get_by_label("Referral for a Family Help assessment").check()
    page.get_by_label("Rationale").fill(RATIONALE)
    shoot("front_door-routing")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_text("Decision recorded: Referral for a Family Help assessment. Sent to Family Help West")
           ).to_be_visible()
    expect(page.locator("#contact-routed")).to_contain_text("routing rule")
    page.get_by_role("button", name="Sign out").click()

    # The manager finds Maya in the unallocated queue and allocates Sam.
    sign_in("tess")
    queue = page.locator("main")
    expect(queue).to_contain_text("Unallocated in your team (1)")
    page.get_by_role("link", name="Allocate C0000601").click()
    expect(page.get_by_role("heading", name="Allocate the case")).to_be_visible()
    worker = page.locator("#id_worker")
    # Only the manager's own team: Eli in Family Help East is not offered.
    expect(worker.locator("option")).to_have_text(["Unallocated (held by the team)", "Tess Manning (Family Help West)",
                                                   "Sam Okafor (Family Help West)"])
    worker.select_option(label="Sam Okafor (Family Help West)")
    page.get_by_role("button", name="Allocate").click()
    expect(page.get_by_text("Allocation recorded")).to_be_visible()
    involvement = page.locator("#allocations")
    expect(involvement).to_contain_text("Sam Okafor")
    expect(page.locator("#open-involvement")).to_contain_text("Open episode of need")
    shoot("front_door-routed-record")
    page.get_by_role("button", name="Sign out").click()

    # Sam has Maya and her assessment.
    sign_in("sam")
    expect(page.locator("main")).to_contain_text("Maya Lindqvist")
    page.goto("/work/mine/")
    expect(page.locator("main")).to_contain_text("Maya Lindqvist")

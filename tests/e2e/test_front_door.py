"""Issue 3's front door journey in a real browser: a police officer makes a contact through the
partner form; a front door practitioner links it to the child, checks previous involvement (the
child and a brother) and decides on a referral for a Family Help assessment with a rationale; the
officer then sees the outcome, and only that."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from safehold.accounts.models import Agency, Role, Team
from safehold.accounts.tests.factories import UserFactory
from safehold.casework.tests.factories import AllocationFactory
from safehold.family_help.models import CINEpisode
from safehold.family_help.tests.factories import CINEpisodeFactory
from safehold.front_door.models import Contact, RoutingRule
from safehold.people.tests.factories import PersonFactory, RelationshipFactory

pytestmark = pytest.mark.django_db(transaction=True)

RATIONALE = ("Amelia disclosed being hit at home; her brother was referred last year for similar concerns. "
             "A Family Help assessment is needed to understand the risk.")


@pytest.fixture
def county(team):
    police_team = Team.objects.create(team_id="NPOL", name="Northshire Police", kind=Team.Kind.PARTNER)
    front_door = Team.objects.create(team_id="FD01", name="Front door", kind=Team.Kind.FRONT_DOOR)
    officer = UserFactory(username="pc_rowe", first_name="Dana", last_name="Rowe", role=Role.PARTNER,
                          agency=Agency.POLICE, team=police_team)
    fran = UserFactory(username="fran", first_name="Fran", last_name="Achebe", role=Role.FRONT_DOOR, team=front_door)
    amelia = PersonFactory(forename="Amelia", surname="Hartley", person_id="C0000301", dob=dt.date(2016, 3, 14))
    leo = PersonFactory(forename="Leo", surname="Hartley", person_id="C0000302", dob=dt.date(2012, 2, 2))
    RelationshipFactory(person=amelia, related=leo, type="sibling")
    AllocationFactory(person=leo, team=team, started_on=dt.date(2024, 5, 2))
    CINEpisodeFactory(person=leo, referral_date=dt.date(2024, 5, 2), referral_source="2A",
                      closure_date=dt.date(2024, 8, 30), closure_reason="RC8", recorded_by=fran)
    RoutingRule.objects.create(order=10, team=team)  # every Family Help decision to the social workers' team
    return {"officer": officer, "fran": fran, "amelia": amelia}


def test_partner_contact_linked_checked_decided_and_outcome_seen(page, sign_in, shoot, county):
    # The officer makes a contact. They do not know the child's date of birth and misspell the surname.
    sign_in("pc_rowe")
    page.goto("/front-door/partner/contacts/")
    page.get_by_role("link", name="Make a contact about a child").click()
    page.get_by_role("button", name="Send the contact").click()  # nothing filled in
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter the child's first name")
    expect(summary).to_contain_text("Enter your concern")
    page.get_by_label("Child's first name").fill("Amelia")
    page.get_by_label("Child's last name").fill("Hartly")
    page.get_by_label("Your concern").fill("Called to a domestic incident. Amelia said her stepfather hit her.")
    page.get_by_label("Consent not needed because of safeguarding risk").check()
    page.get_by_role("button", name="Send the contact").click()
    expect(page.get_by_text("Contact sent to the front door")).to_be_visible()
    expect(page.locator("#partner-contacts")).to_contain_text("Awaiting a decision")
    contact = Contact.objects.get()
    assert contact.person is None and contact.source == "6"

    # The front door practitioner links it to Amelia and checks previous involvement.
    page.get_by_role("button", name="Sign out").click()
    sign_in("fran")
    page.goto("/front-door/")
    expect(page.locator("#awaiting")).to_contain_text("Not linked to a record")
    page.get_by_role("link", name="Link to a person").click()
    expect(page.locator("#child-results")).to_contain_text("Amelia Hartley")
    page.get_by_role("button", name="Link to Amelia Hartley").click()
    expect(page.get_by_text("Contact linked to Amelia Hartley (C0000301)")).to_be_visible()
    involvement = page.locator("#involvement")
    expect(involvement).to_contain_text("Leo Hartley")
    expect(involvement).to_contain_text("Referral from Schools")
    expect(involvement).to_contain_text("Closed 30 Aug 2024")
    shoot("front_door-contact-check")

    page.get_by_role("button", name="Record the decision").click()  # nothing chosen
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose the decision")
    page.get_by_label("Referral for a Family Help assessment").check()
    page.get_by_label("Rationale").fill(RATIONALE)
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_text("Decision recorded: Referral for a Family Help assessment. Sent to Family Help North 1")
           ).to_be_visible()
    expect(page.locator("#contact-decision")).to_contain_text("Fran Achebe")
    contact.refresh_from_db()
    assert contact.cin_episode_id == CINEpisode.objects.get(person=county["amelia"]).pk

    # The officer sees the outcome, not the rationale or the child's record.
    page.get_by_role("button", name="Sign out").click()
    sign_in("pc_rowe")
    page.goto("/front-door/partner/contacts/")
    mine = page.locator("#partner-contacts")
    expect(mine).to_contain_text("Referral for a Family Help assessment")
    expect(page.locator("body")).not_to_contain_text("stepfather hit her. A Family Help")
    expect(page.locator("body")).not_to_contain_text("C0000301")
    expect(page.locator("body")).not_to_contain_text("her brother was referred")
    shoot("front_door-partner-outcome")

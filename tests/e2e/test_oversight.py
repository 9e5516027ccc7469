"""Issue 3's oversight journey in a real browser: a manager records management oversight with an
action on a child's case (after being told what is missing), then records a worker's supervision
discussing that case."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from safehold.accounts.models import Role
from safehold.accounts.tests.factories import UserFactory
from safehold.casework.tests.factories import AllocationFactory
from safehold.oversight.models import ManagementOversight, Supervision
from safehold.people.models import Disability
from safehold.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def county(team):
    worker = UserFactory(username="sam", first_name="Sam", last_name="Okafor", role=Role.SOCIAL_WORKER, team=team)
    manager = UserFactory(username="tara", first_name="Tara", last_name="Whitfield", role=Role.TEAM_MANAGER, team=team)
    amelia = PersonFactory(forename="Amelia", surname="Hartley", person_id="C0000301", dob=dt.date(2016, 3, 14),
                           communication_needs="Uses Makaton signs; give her time to answer")
    Disability.objects.create(person=amelia, code="COMM")
    AllocationFactory(person=amelia, team=team, worker=worker, started_on=dt.date(2025, 9, 1))
    return {"worker": worker, "manager": manager, "amelia": amelia}


def test_manager_records_oversight_and_supervision(page, sign_in, shoot, county):
    amelia = county["amelia"]
    sign_in("tara")
    page.goto(f"/people/{amelia.pk}/")
    panel = page.locator("#panel-oversight")
    expect(panel).to_contain_text("No management oversight recorded")
    panel.get_by_role("link", name="Record management oversight").click()
    expect(page.get_by_role("heading", name="Record management oversight")).to_be_visible()
    expect(page.locator("#disability-panel")).to_contain_text("Uses Makaton signs")

    page.get_by_label("Case review").check()
    page.get_by_label("What you read").fill("Child and family assessment and the last two visit records")
    page.get_by_label("What you decided").fill("Continue the child in need plan; convene a review")
    page.locator("#id_action_1").fill("Arrange the child in need review meeting")
    page.get_by_role("button", name="Record oversight").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter the rationale for your decision")
    expect(summary).to_contain_text("Action 1: choose who owns the action")
    expect(summary).to_contain_text("Action 1: enter the date the action is due")
    assert not ManagementOversight.objects.exists()

    page.get_by_label("Rationale").fill("School attendance has improved and the family engage well")
    page.get_by_label("Who owns action 1").select_option(label="Sam Okafor (Family Help North 1)")
    due = dt.date.today() + dt.timedelta(days=14)
    page.locator("#id_action_1_due_on").fill(str(due.day))
    page.locator("#id_action_1_due_on_month").fill(str(due.month))
    page.locator("#id_action_1_due_on_year").fill(str(due.year))
    shoot("oversight-record")
    page.get_by_role("button", name="Record oversight").click()

    expect(page.get_by_text("Management oversight recorded")).to_be_visible()
    expect(panel).to_contain_text("Continue the child in need plan")
    expect(panel.locator("#oversight-actions")).to_contain_text("Arrange the child in need review meeting")
    expect(panel.locator("#oversight-next-due")).to_be_visible()
    expect(page.locator("#chronology")).to_contain_text("Management oversight (case review)")

    # Supervision of the worker, from the team's page, discussing Amelia's case.
    page.goto("/work/team/")
    page.get_by_role("link", name="Record supervision of Sam Okafor").first.click()
    expect(page.get_by_role("heading", name="Record supervision of Sam Okafor")).to_be_visible()
    case = page.locator(f"#case-{amelia.pk}")
    expect(case).to_contain_text("Amelia Hartley")
    expect(case.locator("#disability-panel")).to_contain_text("Uses Makaton signs")
    page.get_by_label("Supervision notes").fill("Workload manageable; wellbeing discussed; training booked")
    page.locator(f"#id_case_{amelia.pk}_discussion").fill("Progress against the plan; school attendance")
    page.locator(f"#id_case_{amelia.pk}_decision").fill("Review meeting within two weeks")
    page.get_by_role("button", name="Record supervision").click()

    expect(page.get_by_role("heading", name="Supervision of Sam Okafor")).to_be_visible()
    expect(page.locator("#supervision-cases")).to_contain_text("Progress against the plan")
    shoot("oversight-supervision")
    assert Supervision.objects.get().cases.get().person == amelia

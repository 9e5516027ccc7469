import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from safehold.accounts.tests.factories import TeamFactory, UserFactory
from safehold.casework.models import StatutoryWork
from safehold.casework.tests.factories import AllocationFactory
from safehold.oversight.models import ManagementOversight, OversightAction, Supervision
from safehold.oversight.tests.factories import days, make_oversight, make_supervision
from safehold.people.models import Disability
from safehold.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def _date(prefix: str, d: dt.date) -> dict:
    return {f"{prefix}_day": d.day, f"{prefix}_month": d.month, f"{prefix}_year": d.year}


def test_record_page_shows_disability_and_communication_needs(users, child, login):
    Disability.objects.create(person=child, code="AUT")
    child.communication_needs = "Uses Makaton; give time to answer"
    child.save()
    body = login(users["team_manager"]).get(reverse("oversight:record", args=[child.pk])).content.decode()
    assert 'id="disability-panel"' in body and "Uses Makaton" in body
    assert "Record management oversight" in body


def test_record_prefills_the_decision_point(users, child, login):
    url = reverse("oversight:record", args=[child.pk]) + "?decision_point=closure"
    body = login(users["team_manager"]).get(url).content.decode()
    assert 'value="closure" checked' in body


def test_record_oversight_with_an_action(users, child, login):
    client = login(users["team_manager"])
    sw = users["social_worker"]
    data = {"decision_point": "step_down", "what_was_read": "Review of the plan", "decision": "Step down to early help",
            "rationale": "Goals met; family agree", "action_1": "Hand over to the family hub", "action_1_owner": sw.pk,
            **_date("occurred_on", timezone.localdate()), **_date("action_1_due_on", days(14))}
    response = client.post(reverse("oversight:record", args=[child.pk]), data)
    assert response.status_code == 302 and response["Location"] == reverse("people:detail", args=[child.pk])
    o = ManagementOversight.objects.get(person=child)
    assert o.decision_point == "step_down" and o.actions.get().owner == sw
    page = client.get(reverse("people:detail", args=[child.pk])).content.decode()
    assert "Management oversight recorded" in page
    assert "Step down to early help" in page and "Hand over to the family hub" in page
    assert 'id="oversight-next-due"' in page  # the case is open: the next oversight is raised


def test_record_oversight_errors_on_fields_and_nothing_saved(users, child, login):
    data = {"decision_point": "case_review", "decision": "Carry on", "rationale": "",
            "action_1": "Visit", **_date("action_1_due_on", days(-1)), **_date("occurred_on", timezone.localdate())}
    response = login(users["team_manager"]).post(reverse("oversight:record", args=[child.pk]), data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "There is a problem" in body
    assert "Enter the rationale for your decision" in body
    assert "Action 1: choose who owns the action" in body
    assert "Action 1: the due date must be today or in the future" in body
    assert 'href="#id_rationale"' in body and 'href="#id_action_1_owner"' in body
    assert not ManagementOversight.objects.exists()


def test_record_refused_for_a_child_outside_the_managers_team(users, other_child, login):
    response = login(users["team_manager"]).get(reverse("oversight:record", args=[other_child.pk]))
    assert response.status_code == 403


def test_panel_link_only_for_managers(users, child, login):
    make_oversight(person=child, by=users["team_manager"])
    detail = reverse("people:detail", args=[child.pk])
    record = reverse("oversight:record", args=[child.pk])
    assert record in login(users["team_manager"]).get(detail).content.decode()
    body = login(users["social_worker"]).get(detail).content.decode()
    assert record not in body and "Continue the plan" in body


def test_owner_marks_an_action_done(users, child, login):
    o = make_oversight(person=child, by=users["team_manager"],
                       actions=[("Visit the child", users["social_worker"], days(3))])
    action = o.actions.get()
    url = reverse("oversight:action_complete", args=[child.pk, action.pk])
    client = login(users["social_worker"])
    assert client.get(url).status_code == 405
    response = client.post(url, {"next": reverse("worklists:my_work")})
    assert response.status_code == 302 and response["Location"] == reverse("worklists:my_work")
    action.refresh_from_db()
    assert action.completed_on == timezone.localdate()
    again = client.post(url)
    assert again.status_code == 400 and "already marked done" in again.content.decode()


def test_action_complete_refuses_others_and_other_childrens_actions(users, child, login):
    o = make_oversight(person=child, by=users["team_manager"],
                       actions=[("Visit the child", users["social_worker"], days(3))])
    action = o.actions.get()
    assert login(users["front_door"]).post(
        reverse("oversight:action_complete", args=[child.pk, action.pk])).status_code == 403
    other = PersonFactory()
    AllocationFactory(person=other, team=users["team_manager"].team)
    assert login(users["team_manager"]).post(
        reverse("oversight:action_complete", args=[other.pk, action.pk])).status_code == 404
    assert login(users["team_manager"]).post(
        reverse("oversight:action_complete", args=[child.pk, action.pk]),
        {"next": "https://evil.example/"})["Location"] == reverse("people:detail", args=[child.pk])
    assert OversightAction.objects.filter(completed_on__isnull=False).count() == 1


@pytest.fixture
def allocated(users, team):
    kid = PersonFactory(forename="Maisie", surname="Carter")
    AllocationFactory(person=kid, team=team, worker=users["social_worker"], started_on=dt.date(2025, 1, 1))
    Disability.objects.create(person=kid, code="HEAR")
    return kid


def test_supervision_form_lists_the_workers_cases_and_records(users, allocated, login):
    client = login(users["team_manager"])
    sw = users["social_worker"]
    url = reverse("oversight:supervision_new", args=[sw.pk])
    body = client.get(url).content.decode()
    assert "Maisie Carter" in body and "Hearing" in body
    data = {"notes": "Caseload manageable", f"case_{allocated.pk}_discussion": "Plan progressing",
            f"case_{allocated.pk}_decision": "Review in a month", **_date("held_on", timezone.localdate())}
    response = client.post(url, data)
    s = Supervision.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("oversight:supervision_detail", args=[s.pk])
    detail = client.get(response["Location"]).content.decode()
    assert "Plan progressing" in detail and "Maisie Carter" in detail
    # The worker reads their own supervision.
    assert login(sw).get(response["Location"]).status_code == 200


def test_supervision_form_errors(users, allocated, login):
    url = reverse("oversight:supervision_new", args=[users["social_worker"].pk])
    data = {"notes": "", f"case_{allocated.pk}_decision": "Something", **_date("held_on", days(2))}
    body = login(users["team_manager"]).post(url, data).content.decode()
    assert "The date of supervision must be today or in the past" in body
    assert "Enter a summary of the supervision" in body
    assert "Enter the discussion summary for Maisie Carter" in body
    assert not Supervision.objects.exists()


def test_supervision_refused_for_another_teams_worker(users, login):
    outsider = UserFactory(team=TeamFactory())
    client = login(users["team_manager"])
    assert client.get(reverse("oversight:supervision_new", args=[outsider.pk])).status_code == 403
    s = make_supervision(worker=outsider, supervisor=UserFactory(role="team_manager", team=outsider.team))
    assert client.get(reverse("oversight:supervision_detail", args=[s.pk])).status_code == 403


def test_supervision_detail_masks_restricted_records_the_reader_cannot_open(users, allocated, login):
    s = make_supervision(worker=users["social_worker"], supervisor=users["team_manager"])
    s.cases.create(person=allocated, discussion="Discussed")
    allocated.is_restricted = True
    allocated.save()
    body = login(users["leader"]).get(reverse("oversight:supervision_detail", args=[s.pk])).content.decode()
    assert "Maisie" not in body and f"Restricted record {allocated.person_id}" in body


def test_next_oversight_overdue_shows_on_the_record(users, child, login):
    make_oversight(person=child, by=users["team_manager"], occurred_on=dt.date(2025, 1, 1))
    from safehold.casework.work import work_raise

    work_raise(person=child, rule_code="MANAGEMENT_OVERSIGHT", start=dt.date(2025, 1, 1),
               source=ManagementOversight.objects.get(), title="Management oversight of the case")
    assert StatutoryWork.objects.filter(person=child).count() == 1
    body = login(users["social_worker"]).get(reverse("people:detail", args=[child.pk])).content.decode()
    assert "Next management oversight due by 1 April 2025" in body and "Overdue" in body

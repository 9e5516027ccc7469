import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from safehold.accounts.models import Role
from safehold.accounts.tests.factories import TeamFactory, UserFactory
from safehold.audit.models import AuditEvent
from safehold.casework.models import StatutoryWork
from safehold.casework.tests.factories import AllocationFactory
from safehold.oversight.models import ManagementOversight, OversightAction, Supervision, SupervisionCase
from safehold.oversight.services import oversight_action_complete, oversight_record, supervision_record
from safehold.oversight.tests.factories import make_oversight
from safehold.people.models import ChronologyEntry
from safehold.people.tests.factories import PersonFactory
from safehold.timescales.engine import Unit
from safehold.timescales.tests.factories import RuleVersionFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 1, 15)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(dt.datetime(2026, 1, 15, 10, 0), tick=False):
        yield


def _record(users, child, **kw):
    args = dict(by=users["team_manager"], person=child, decision_point="case_review", what_was_read="The assessment",
                decision="Continue the plan", rationale="Risks are reducing", actions=[])
    args.update(kw)
    return oversight_record(**args)


def test_oversight_recorded_with_actions_audit_and_chronology(users, child):
    sw = users["social_worker"]
    o = _record(users, child, actions=[{"action": "Visit the child at school", "owner": sw, "due_on": TODAY},
                                       {"action": "", "owner": None, "due_on": None}])
    assert o.occurred_on == TODAY and o.recorded_by == users["team_manager"]
    action = o.actions.get()
    assert action.owner == sw and action.due_on == TODAY and action.completed_on is None
    assert AuditEvent.objects.filter(action="oversight.record", object_id=str(o.pk), person_id=child.pk).exists()
    assert AuditEvent.objects.filter(action="oversight_action.create", person_id=child.pk).count() == 1
    entry = ChronologyEntry.objects.get(person=child, event_type="oversight")
    assert "Continue the plan" in entry.summary and "1 action set" in entry.summary


def test_rationale_decision_and_decision_point_are_required(users, child):
    with pytest.raises(ValidationError) as exc:
        _record(users, child, decision_point="nonsense", decision=" ", rationale="")
    errors = exc.value.message_dict
    assert errors["rationale"] == ["Enter the rationale for your decision"]
    assert errors["decision"] == ["Enter what you decided"]
    assert errors["decision_point"] == ["Choose the decision point this oversight is for"]
    assert not ManagementOversight.objects.exists()


def test_each_action_needs_an_owner_and_a_due_date_not_in_the_past(users, child):
    with pytest.raises(ValidationError) as exc:
        _record(users, child, actions=[
            {"action": "Convene a meeting", "owner": None, "due_on": None},
            {"action": "Chase health", "owner": users["social_worker"], "due_on": TODAY - dt.timedelta(days=1)},
            {"action": "", "owner": users["social_worker"], "due_on": TODAY},
        ])
    errors = exc.value.message_dict
    assert errors["action_1_owner"] == ["Action 1: choose who owns the action"]
    assert errors["action_1_due_on"] == ["Action 1: enter the date the action is due"]
    assert errors["action_2_due_on"] == ["Action 2: the due date must be today or in the future"]
    assert errors["action_3"] == ["Action 3: enter what needs to be done"]
    assert not ManagementOversight.objects.exists() and not OversightAction.objects.exists()


def test_action_owner_must_be_active_staff(users, child):
    with pytest.raises(ValidationError) as exc:
        _record(users, child, actions=[{"action": "Share the plan", "owner": users["partner"], "due_on": TODAY}])
    assert "action_1_owner" in exc.value.message_dict


def test_oversight_date_not_in_the_future(users, child):
    with pytest.raises(ValidationError) as exc:
        _record(users, child, occurred_on=TODAY + dt.timedelta(days=1))
    assert exc.value.message_dict["occurred_on"] == ["The date of the oversight must be today or in the past"]


@pytest.mark.parametrize("role", ["social_worker", "iro", "front_door", "analyst", "leader", "admin", "partner"])
def test_only_managers_record_oversight(users, child, role):
    with pytest.raises(PermissionDenied):
        _record(users, child, by=users[role])


def test_oversight_completes_open_work_and_raises_the_next_in_three_months(users, child):
    first = _record(users, child, occurred_on=dt.date(2025, 9, 1))
    work = StatutoryWork.objects.get(person=child, rule_code="MANAGEMENT_OVERSIGHT", status="open")
    assert work.due_on == dt.date(2025, 12, 1)  # timescales.md MANAGEMENT_OVERSIGHT: 3 months (local)
    assert (work.source_type, work.source_id) == ("oversight.managementoversight", str(first.pk))
    second = _record(users, child)  # today, 15 Jan 2026: late
    work.refresh_from_db()
    assert work.status == "done" and work.completed_on == TODAY and work.on_time is False
    assert work.completion_id == str(second.pk)
    nxt = StatutoryWork.objects.get(person=child, rule_code="MANAGEMENT_OVERSIGHT", status="open")
    assert nxt.due_on == dt.date(2026, 4, 15) and nxt.started_on == TODAY
    # A manager's task: with the team holding the case and the manager, not the social worker.
    assert nxt.team == child.allocations.get().team and nxt.worker == users["team_manager"]


def test_oversight_on_time_and_council_frequency_from_rule_versions(users, child):
    RuleVersionFactory(code="MANAGEMENT_OVERSIGHT", amount=6, unit=Unit.WEEKS, effective_from=dt.date(2025, 1, 1))
    _record(users, child, occurred_on=dt.date(2026, 1, 1))
    work = StatutoryWork.objects.get(person=child, rule_code="MANAGEMENT_OVERSIGHT", status="open")
    assert work.due_on == dt.date(2026, 2, 12)
    _record(users, child)
    work.refresh_from_db()
    assert work.on_time is True


def test_backdated_oversight_does_not_complete_later_work(users, child):
    _record(users, child, occurred_on=dt.date(2026, 1, 10))
    _record(users, child, occurred_on=dt.date(2025, 12, 1))
    open_work = StatutoryWork.objects.filter(person=child, rule_code="MANAGEMENT_OVERSIGHT", status="open")
    assert [w.started_on for w in open_work] == [dt.date(2026, 1, 10)]


def test_no_next_oversight_raised_for_a_closed_case(users):
    person = PersonFactory()
    _record(users, person)
    assert not StatutoryWork.objects.filter(person=person).exists()


def test_action_complete_by_owner_with_chronology(users, child):
    o = make_oversight(person=child, by=users["team_manager"],
                       actions=[("Visit the child", users["social_worker"], TODAY)])
    action = oversight_action_complete(by=users["social_worker"], action=o.actions.get())
    assert action.completed_on == TODAY and action.completed_by == users["social_worker"]
    assert ChronologyEntry.objects.filter(person=child, event_type="oversight_action").exists()
    assert AuditEvent.objects.filter(action="oversight_action.complete", person_id=child.pk).exists()
    with pytest.raises(ValidationError) as exc:
        oversight_action_complete(by=users["team_manager"], action=action)
    assert exc.value.message_dict["completed_on"] == ["This action was already marked done on 15/01/2026"]


def test_action_complete_refused_for_others_and_bad_dates(users, child):
    o = make_oversight(person=child, by=users["team_manager"], occurred_on=dt.date(2026, 1, 10),
                       actions=[("Visit the child", users["team_manager"], TODAY)])
    action = o.actions.get()
    with pytest.raises(PermissionDenied):
        oversight_action_complete(by=users["front_door"], action=action)
    with pytest.raises(ValidationError) as exc:
        oversight_action_complete(by=users["team_manager"], action=action, completed_on=dt.date(2026, 1, 9))
    assert exc.value.message_dict["completed_on"] == [
        "The date the action was done must be on or after the oversight (10/01/2026)"]
    with pytest.raises(ValidationError):
        oversight_action_complete(by=users["team_manager"], action=action, completed_on=TODAY + dt.timedelta(days=1))


# --- Supervision ------------------------------------------------------------------------------------

@pytest.fixture
def caseload(users, team):
    sw = users["social_worker"]
    kids = [PersonFactory(forename=f"Child{i}") for i in range(2)]
    for kid in kids:
        AllocationFactory(person=kid, team=team, worker=sw, started_on=dt.date(2025, 6, 1))
    return kids


def test_supervision_recorded_with_cases(users, caseload):
    sw, tm = users["social_worker"], users["team_manager"]
    s = supervision_record(by=tm, worker=sw, held_on=TODAY, notes="Workload and wellbeing",
                           cases=[{"person": caseload[0], "discussion": "Progress on the plan",
                                   "decision": "Step down at next review"}])
    assert s.supervisor == tm and s.held_on == TODAY
    case = SupervisionCase.objects.get(supervision=s)
    assert case.person == caseload[0] and case.decision == "Step down at next review"
    assert AuditEvent.objects.filter(action="supervision.record", object_id=str(s.pk)).exists()
    assert AuditEvent.objects.filter(action="supervision_case.record", person_id=caseload[0].pk).exists()
    # Supervision is about the worker: nothing on the child's chronology.
    assert not ChronologyEntry.objects.filter(person=caseload[0]).exists()


def test_supervision_rules(users, caseload, child):
    sw, tm = users["social_worker"], users["team_manager"]
    with pytest.raises(ValidationError) as exc:
        supervision_record(by=tm, worker=sw, held_on=TODAY + dt.timedelta(days=1), notes=" ",
                           cases=[{"person": caseload[0], "discussion": ""}])
    errors = exc.value.message_dict
    assert errors["held_on"] == ["The date of supervision must be today or in the past"]
    assert errors["notes"] == ["Enter a summary of the supervision"]
    assert f"case_{caseload[0].pk}_discussion" in errors
    # `child` is held by the team, not allocated to this worker.
    with pytest.raises(ValidationError) as exc:
        supervision_record(by=tm, worker=sw, held_on=TODAY, notes="Notes",
                           cases=[{"person": child, "discussion": "Talked about it"}])
    assert exc.value.message_dict[f"case_{child.pk}_discussion"] == [
        f"The case of Amelia Hartley was not allocated to {sw} on 15/01/2026"]
    # Allocated only from June 2025: not in a supervision held before then.
    with pytest.raises(ValidationError):
        supervision_record(by=tm, worker=sw, held_on=dt.date(2025, 5, 1), notes="Notes",
                           cases=[{"person": caseload[0], "discussion": "Before allocation"}])
    assert not Supervision.objects.exists()


def test_supervision_only_by_a_manager_of_the_workers_team_or_service(users, team, caseload):
    sw = users["social_worker"]
    supervision_record(by=users["service_manager"], worker=sw, held_on=TODAY, notes="Skip-level", cases=[])
    outsider = UserFactory(role=Role.TEAM_MANAGER, team=TeamFactory())
    other_service_manager = UserFactory(role=Role.SERVICE_MANAGER, team=None, service=TeamFactory().service)
    for by in (outsider, other_service_manager, users["social_worker"], users["front_door"], users["leader"]):
        with pytest.raises(PermissionDenied):
            supervision_record(by=by, worker=sw, held_on=TODAY, notes="Notes", cases=[])
    with pytest.raises(PermissionDenied):  # not their own supervision
        supervision_record(by=users["team_manager"], worker=users["team_manager"], held_on=TODAY, notes="N", cases=[])
    assert Supervision.objects.count() == 1

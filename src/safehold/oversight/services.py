"""Recording management oversight and supervision. Each service checks the rules, writes the record
with its audit rows (and chronology entry for a child), and keeps the MANAGEMENT_OVERSIGHT statutory
work in step, in one transaction.

Periods come from the timescales engine (../shared/domain/timescales.md: SUPERVISION 1 month and
MANAGEMENT_OVERSIGHT 3 months, both local standards a council changes with a RuleVersion)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from safehold.accounts.models import Role
from safehold.accounts.policy import Perm, Scope, has_perm, require, scope_of
from safehold.audit.actions import AuditAction
from safehold.audit.services import audit_change, snapshot
from safehold.casework.models import Allocation, StatutoryWork
from safehold.casework.work import holder_of, work_complete, work_raise
from safehold.people.chronology import record_event

from .models import DecisionPoint, ManagementOversight, OversightAction, Supervision, SupervisionCase

OVERSIGHT_RULE = "MANAGEMENT_OVERSIGHT"  # timescales.md: previous oversight on an open case -> next, 3 months (local)
SUPERVISION_RULE = "SUPERVISION"  # timescales.md: previous supervision of a worker -> next, 1 month (local)
# Staff who may own an action from oversight (not partner agencies, administrators or analysts).
ACTION_OWNER_ROLES = (Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.SERVICE_MANAGER, Role.FRONT_DOOR, Role.IRO)


def _name(person) -> str:
    return f"restricted record {person.person_id}" if person.is_restricted else person.full_name


def manages(user, worker) -> bool:
    """Is `user` a manager of `worker`'s team (team managers) or service (service managers)?"""
    if not has_perm(user, Perm.OVERSIGHT_RECORD) or worker is None or user.pk == worker.pk or not worker.team_id:
        return False
    scope = scope_of(user)
    if scope is Scope.ALL:
        return True
    if scope is Scope.TEAM:
        return bool(user.team_id) and user.team_id == worker.team_id
    if scope is Scope.SERVICE:
        service_id = user.service_id or (user.team.service_id if user.team_id else None)
        return service_id is not None and worker.team.service_id == service_id
    return False


@transaction.atomic
def oversight_record(*, by, person, decision_point: str, what_was_read: str, decision: str, rationale: str,
                     actions: list[dict], occurred_on: dt.date | None = None) -> ManagementOversight:
    """Record a manager's oversight of a child's case, with actions (each with an owner and a due date).

    Completes the child's open MANAGEMENT_OVERSIGHT work and, while the case is open, raises the next
    one from the date of this oversight."""
    require(by, Perm.OVERSIGHT_RECORD)
    today = timezone.localdate()
    occurred_on = occurred_on or today
    what_was_read, decision, rationale = (what_was_read or "").strip(), (decision or "").strip(), (rationale or "").strip()
    errors: dict[str, list[str]] = {}
    if decision_point not in DecisionPoint.values:
        errors["decision_point"] = ["Choose the decision point this oversight is for"]
    if occurred_on > today:
        errors["occurred_on"] = ["The date of the oversight must be today or in the past"]
    if not decision:
        errors["decision"] = ["Enter what you decided"]
    if not rationale:
        errors["rationale"] = ["Enter the rationale for your decision"]
    rows = []
    for n, item in enumerate(actions, start=1):
        text, owner, due_on = (item.get("action") or "").strip(), item.get("owner"), item.get("due_on")
        if not text and owner is None and due_on is None:
            continue  # an unused action row
        prefix = f"action_{n}"
        if not text:
            errors[prefix] = [f"Action {n}: enter what needs to be done"]
        if owner is None:
            errors[f"{prefix}_owner"] = [f"Action {n}: choose who owns the action"]
        elif not owner.is_active or owner.role not in ACTION_OWNER_ROLES:
            errors[f"{prefix}_owner"] = [f"Action {n}: the owner must be an active member of staff"]
        if due_on is None:
            errors[f"{prefix}_due_on"] = [f"Action {n}: enter the date the action is due"]
        elif due_on < today:
            errors[f"{prefix}_due_on"] = [f"Action {n}: the due date must be today or in the future"]
        rows.append((text, owner, due_on))
    if errors:
        raise ValidationError(errors)

    oversight = ManagementOversight.objects.create(
        person=person, recorded_by=by, recorded_at=timezone.now(), occurred_on=occurred_on,
        decision_point=decision_point, what_was_read=what_was_read, decision=decision, rationale=rationale,
    )
    audit_change(actor=by, action=AuditAction.OVERSIGHT_RECORD, instance=oversight, person_id=person.pk)
    for text, owner, due_on in rows:
        action = OversightAction.objects.create(oversight=oversight, action=text, owner=owner, due_on=due_on)
        audit_change(actor=by, action=AuditAction.OVERSIGHT_ACTION_CREATE, instance=action, person_id=person.pk)
    summary = f"Management oversight ({oversight.get_decision_point_display().lower()}): {decision}"
    if rows:
        summary = f"{summary[:250]} ({len(rows)} action{'s' if len(rows) != 1 else ''} set)"
    record_event(person=person, event_type="oversight", occurred=occurred_on, summary=summary, source=oversight,
                 recorded_by=by)

    # The MANAGEMENT_OVERSIGHT clock: this oversight stops the open one (if it started on or before
    # this date) and starts the next while the case is open.
    open_work = StatutoryWork.objects.select_for_update().filter(
        person=person, rule_code=OVERSIGHT_RULE, status=StatutoryWork.Status.OPEN)
    for work in open_work.filter(started_on__lte=occurred_on):
        work_complete(work=work, done=occurred_on, by_event=oversight)
    holding = Allocation.objects.filter(person=person, ended_on__isnull=True).order_by("started_on").first()
    if holding and not open_work.exists():
        # The next oversight is a manager's task: it sits with the team holding the case and the
        # manager who recorded this one (so it shows in their work, not the social worker's).
        team, _worker = holder_of(person)
        work_raise(person=person, rule_code=OVERSIGHT_RULE, start=occurred_on, source=oversight,
                   title="Management oversight of the case", team=team or holding.team, worker=by)
    return oversight


@transaction.atomic
def oversight_action_complete(*, by, action: OversightAction, completed_on: dt.date | None = None) -> OversightAction:
    """Mark an oversight action done: by its owner, or by a manager."""
    action = OversightAction.objects.select_for_update(of=("self",)).select_related("oversight__person").get(pk=action.pk)
    if by.pk != action.owner_id and not has_perm(by, Perm.OVERSIGHT_RECORD):
        raise PermissionDenied("Only the action's owner or a manager can mark it done")
    today = timezone.localdate()
    completed_on = completed_on or today
    if action.completed_on:
        raise ValidationError({"completed_on": [f"This action was already marked done on {action.completed_on:%d/%m/%Y}"]})
    if completed_on > today:
        raise ValidationError({"completed_on": ["The date the action was done must be today or in the past"]})
    if completed_on < action.oversight.occurred_on:
        raise ValidationError({"completed_on": [
            f"The date the action was done must be on or after the oversight ({action.oversight.occurred_on:%d/%m/%Y})"]})
    before = snapshot(action, ["completed_on", "completed_by_id"])
    action.completed_on, action.completed_by = completed_on, by
    action.save(update_fields=["completed_on", "completed_by", "updated_at"])
    person = action.oversight.person
    audit_change(actor=by, action=AuditAction.OVERSIGHT_ACTION_COMPLETE, instance=action, before=before,
                 after=snapshot(action, ["completed_on", "completed_by_id"]), person_id=person.pk)
    late = " (after its due date)" if completed_on > action.due_on else ""
    record_event(person=person, event_type="oversight_action", occurred=completed_on,
                 summary=f"Oversight action done{late}: {action.action}", source=action, recorded_by=by)
    return action


@transaction.atomic
def supervision_record(*, by, worker, held_on: dt.date | None, notes: str, cases: list[dict]) -> Supervision:
    """Record a worker's supervision and the cases discussed (each must be allocated to the worker on
    the day). Only a manager of the worker's team or service records it."""
    require(by, Perm.OVERSIGHT_RECORD)
    if not manages(by, worker):
        raise PermissionDenied(f"Only a manager of {worker}'s team or service can record their supervision")
    today = timezone.localdate()
    notes = (notes or "").strip()
    errors: dict[str, list[str]] = {}
    if held_on is None:
        errors["held_on"] = ["Enter the date of supervision"]
    elif held_on > today:
        errors["held_on"] = ["The date of supervision must be today or in the past"]
    if not notes:
        errors["notes"] = ["Enter a summary of the supervision"]
    allocated: set[int] = set()
    if held_on is not None and cases:
        allocated = set(
            Allocation.objects.filter(person__in=[c["person"].pk for c in cases], worker=worker,
                                      started_on__lte=held_on)
            .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=held_on))
            .values_list("person_id", flat=True)
        )
    seen: set[int] = set()
    rows = []
    for item in cases:
        person = item["person"]
        key = f"case_{person.pk}_discussion"
        discussion, decision = (item.get("discussion") or "").strip(), (item.get("decision") or "").strip()
        if person.pk in seen:
            errors[key] = [f"The case of {_name(person)} is listed twice"]
        seen.add(person.pk)
        if not discussion:
            errors[key] = [f"Enter the discussion summary for {_name(person)}"]
        if held_on is not None and person.pk not in allocated:
            errors[key] = [f"The case of {_name(person)} was not allocated to {worker} on {held_on:%d/%m/%Y}"]
        rows.append((person, discussion, decision))
    if errors:
        raise ValidationError(errors)
    supervision = Supervision.objects.create(worker=worker, supervisor=by, held_on=held_on, notes=notes,
                                             recorded_at=timezone.now())
    audit_change(actor=by, action=AuditAction.SUPERVISION_RECORD, instance=supervision)
    for person, discussion, decision in rows:
        case = SupervisionCase.objects.create(supervision=supervision, person=person, discussion=discussion,
                                              decision=decision)
        audit_change(actor=by, action=AuditAction.SUPERVISION_CASE_RECORD, instance=case, person_id=person.pk)
    return supervision

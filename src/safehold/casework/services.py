"""Allocating a child's case to a worker and team. History is kept: a change ends the current
allocation the day before the new one starts (design-notes.md "Time is data")."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from safehold.accounts.policy import Perm, has_perm
from safehold.audit.actions import AuditAction
from safehold.audit.services import audit_change, snapshot
from safehold.notifications.models import Kind as NotificationKind
from safehold.notifications.services import notify, team_managers
from safehold.people.chronology import record_event

from .models import Allocation, SWReason
from .work import WORK_OF_ROLE, work_reassign, work_reassign_role


@transaction.atomic
def allocation_change(*, by, person, team, worker=None, started_on: dt.date | None = None,
                      role: str = Allocation.Role.ALLOCATED_WORKER, reason: str = "", sw_reason: str = "") -> Allocation:
    """Allocate `person`'s case to `team` (and `worker`, or leave it unallocated in the team)."""
    if not has_perm(by, Perm.CASE_ALLOCATE):
        raise PermissionDenied("Only managers allocate cases")
    started_on = started_on or timezone.localdate()
    errors: dict[str, list[str]] = {}
    if started_on > timezone.localdate():
        errors["started_on"] = ["The allocation date must be today or in the past"]
    if worker is not None and worker.team_id and worker.team_id != team.pk:
        errors["worker"] = [f"{worker} is in {worker.team}, not {team}"]
    current = Allocation.objects.select_for_update().filter(person=person, role=role, ended_on__isnull=True).first()
    if current and started_on < current.started_on:
        errors.setdefault("started_on", []).append(
            f"The new allocation cannot start before the current one ({current.started_on:%d/%m/%Y})"
        )
    if current and current.team_id == team.pk and current.worker_id == (worker.pk if worker else None):
        errors["worker"] = ["The case is already allocated to this worker and team"]
    if sw_reason and sw_reason not in SWReason.values:
        errors["sw_reason"] = ["Choose the reason for the new social worker from the list"]
    if errors:
        raise ValidationError(errors)
    if current:
        before = snapshot(current, ["ended_on", "end_reason"])
        current.ended_on = max(current.started_on, started_on - dt.timedelta(days=1))
        current.end_reason = reason or "Reallocated"
        current.save(update_fields=["ended_on", "end_reason", "updated_at"])
        audit_change(actor=by, action=AuditAction.ALLOCATION_END, instance=current, before=before,
                     after=snapshot(current, ["ended_on", "end_reason"]), person_id=person.pk, reason=reason)
    if worker is not None and not sw_reason and role == Allocation.Role.ALLOCATED_WORKER:
        # The first worker the child has ever had is FCONTA (903 SW10bSTG2); other changes need a reason.
        first = not Allocation.objects.filter(person=person, role=role, worker__isnull=False).exists()
        sw_reason = SWReason.FCONTA if first else ""
    allocation = Allocation.objects.create(person=person, team=team, worker=worker, role=role, started_on=started_on,
                                           sw_reason=sw_reason)
    if role == Allocation.Role.ALLOCATED_WORKER:
        work_reassign(person=person, team=team, worker=worker)
    else:
        if role in WORK_OF_ROLE:  # the IRO's or adviser's open work moves to the new one
            work_reassign_role(person=person, rule_codes=WORK_OF_ROLE[role], team=team, worker=worker)
    audit_change(actor=by, action=AuditAction.ALLOCATION_START, instance=allocation, person_id=person.pk, reason=reason)
    who = f"{worker} ({team})" if worker else f"{team}, awaiting a worker"
    record_event(person=person, event_type="allocation", occurred=started_on,
                 summary=f"{allocation.get_role_display()}: {who}", source=allocation, recorded_by=by)
    if worker is not None:
        notify(recipients=[worker], kind=NotificationKind.ALLOCATION, actor=by, person=person,
               title=f"{person.person_id} is allocated to you: {allocation.get_role_display().lower()} "
                     f"from {started_on:%-d %B %Y}",
               url=reverse("people:detail", args=[person.pk]))
    else:
        _tell_team(by=by, person=person, team=team, why=reason or "reallocated to the team")
    return allocation


def _tell_team(*, by, person, team, why: str) -> None:
    """A case waiting in a team's unallocated queue: its managers are told (issue 14.3)."""
    notify(recipients=team_managers(team), kind=NotificationKind.CASE_ARRIVED, actor=by, person=person,
           title=f"{person.person_id} is waiting for a worker in {team}: {why}"[:200],
           url=reverse("worklists:team") + f"?team={team.pk}")


@transaction.atomic
def allocation_receive(*, by, person, team, role: str = Allocation.Role.ALLOCATED_WORKER, on: dt.date,
                       reason: str) -> Allocation:
    """A case arrives in `team` with no worker yet, from a front door decision (issue 14.1): it shows in
    the team's unallocated queue, the team may open the record from now on (accounts.policy scopes by
    open allocation), and the manager allocates a worker from there. The child's open work in that
    role follows it to the team. The caller (front_door.services.contact_decide) decides the team."""
    if not (has_perm(by, Perm.CONTACT_DECIDE) or has_perm(by, Perm.CASE_ALLOCATE)):
        raise PermissionDenied("Only the front door and managers send a case to a team")
    if Allocation.objects.filter(person=person, role=role, ended_on__isnull=True).exists():
        raise ValidationError({"team": [f"{person.person_id} already has an open {Allocation.Role(role).label.lower()}"]})
    allocation = Allocation.objects.create(person=person, team=team, worker=None, role=role, started_on=on)
    if role == Allocation.Role.ALLOCATED_WORKER:
        work_reassign(person=person, team=team, worker=None)
    audit_change(actor=by, action=AuditAction.ALLOCATION_START, instance=allocation, person_id=person.pk, reason=reason)
    record_event(person=person, event_type="allocation", occurred=on,
                 summary=f"{allocation.get_role_display()}: {team}, awaiting a worker ({reason})",
                 source=allocation, recorded_by=by)
    _tell_team(by=by, person=person, team=team, why=reason)
    return allocation

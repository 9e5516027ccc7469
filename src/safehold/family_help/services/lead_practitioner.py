"""The Family Help lead practitioner holds the case (casework.Allocation, families-first.md section 6): taken
when a child in need plan or early help starts, given up when the last plan they lead ends."""

from __future__ import annotations

import datetime as dt

from safehold.audit.actions import AuditAction
from safehold.audit.services import audit_change, snapshot
from safehold.casework.models import Allocation

from ..models import CINPlan, EarlyHelpEpisode


def _lead_allocate(*, by, person, lead, on: dt.date) -> None:
    """The lead practitioner holds the case as the family's single point of contact."""
    team = lead.team
    if team is None:
        holder = Allocation.objects.filter(person=person, ended_on__isnull=True).select_related("team").first()
        team = holder.team if holder else None
    if team is None:
        return
    current = Allocation.objects.select_for_update().filter(
        person=person, role=Allocation.Role.LEAD_PRACTITIONER, ended_on__isnull=True).first()
    if current and current.worker_id == lead.pk:
        return
    if current:
        before = snapshot(current, ["ended_on", "end_reason"])
        current.ended_on = max(current.started_on, on - dt.timedelta(days=1))
        current.end_reason = "A new Family Help lead practitioner"
        current.save(update_fields=["ended_on", "end_reason", "updated_at"])
        audit_change(actor=by, action=AuditAction.ALLOCATION_END, instance=current, before=before,
                     after=snapshot(current, ["ended_on", "end_reason"]), person_id=person.pk)
    allocation = Allocation.objects.create(person=person, team=team, worker=lead, started_on=on,
                                           role=Allocation.Role.LEAD_PRACTITIONER)
    audit_change(actor=by, action=AuditAction.ALLOCATION_START, instance=allocation, person_id=person.pk)


def _lead_release(*, by, person, lead, on: dt.date, reason: str) -> None:
    """End the lead practitioner's allocation unless they still lead another open plan for the child."""
    still_leading = (CINPlan.objects.filter(person=person, lead_practitioner=lead, end_date__isnull=True).exists()
                     or EarlyHelpEpisode.objects.filter(person=person, lead_practitioner=lead,
                                                        end_date__isnull=True).exists())
    if still_leading:
        return
    current = Allocation.objects.select_for_update().filter(
        person=person, role=Allocation.Role.LEAD_PRACTITIONER, worker=lead, ended_on__isnull=True).first()
    if current is None:
        return
    before = snapshot(current, ["ended_on", "end_reason"])
    current.ended_on = max(current.started_on, on)
    current.end_reason = reason
    current.save(update_fields=["ended_on", "end_reason", "updated_at"])
    audit_change(actor=by, action=AuditAction.ALLOCATION_END, instance=current, before=before,
                 after=snapshot(current, ["ended_on", "end_reason"]), person_id=person.pk)

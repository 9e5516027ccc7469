"""Deprivation of liberty orders (903 DoLo table, rules 700 to 710), and the placements a child under one
must not be in."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Q

from safehold.accounts.policy import Perm
from safehold.accounts.policy import require as _require
from safehold.audit.actions import AuditAction
from safehold.audit.services import audit_change, snapshot
from safehold.core.concurrency import save_if_unchanged
from safehold.core.validation import add_error as _add
from safehold.core.validation import check_day as _check_day
from safehold.core.validation import d
from safehold.core.validation import raise_if_errors as _raise
from safehold.people.chronology import record_event

from ..codes import (
    DOLO_NOT_ALLOWED,
    PlacementType,
)
from ..models import (
    DeprivationOfLibertyOrder,
    Placement,
)


def dolo_placement_errors(person, placement_type: str, start: dt.date, end: dt.date | None = None) -> list[str]:
    """Rule 710: a child under a DoLO must not be placed in K1, P1, R5 or K3."""
    if placement_type not in DOLO_NOT_ALLOWED:
        return []
    for order in DeprivationOfLibertyOrder.objects.filter(person=person, start_date__lte=end or dt.date.max):
        if order.end_date is None or order.end_date >= start:
            return [f"{person.full_name} is under a deprivation of liberty order from {d(order.start_date)}: a child "
                    f"under a DoLO must not be placed in {PlacementType(placement_type).label} ({placement_type}) "
                    "(903 rule 710). Expected placements are a children's home (K2) or Z12/Z13 (rule 709)"]
    return []


def _dolo_checks(errors, person, start_date, end_date, review_date, court, exclude_pk=None) -> None:
    if _check_day(errors, "start_date", start_date, "The date the order starts"):
        if person.dob and start_date < person.dob:
            _add(errors, "start_date", "The order cannot start before the child's date of birth (903 rule 708)")
    if end_date and start_date and end_date < start_date:
        _add(errors, "end_date", "The end date must be on or after the start date (903 rule 701)")
    if review_date and start_date and review_date < start_date:
        _add(errors, "review_date", "The review date must be on or after the start date")
    if not (court or "").strip():
        _add(errors, "court", "Enter the court that made the order")
    if start_date:
        others = DeprivationOfLibertyOrder.objects.filter(person=person).exclude(pk=exclude_pk)
        for other in others:
            if (other.start_date <= (end_date or dt.date.max)
                    and (other.end_date is None or other.end_date >= start_date)):
                _add(errors, "start_date", f"The order would overlap the order from {d(other.start_date)}: orders "
                                           "must not overlap (903 DoLo rules)")
                break
        clash = Placement.objects.filter(person=person, placement_type__in=DOLO_NOT_ALLOWED,
                                         start_date__lte=end_date or dt.date.max).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=start_date)).first()
        if clash:
            _add(errors, "start_date", f"The child is in {clash.get_placement_type_display()} ({clash.placement_type}) "
                                       f"from {d(clash.start_date)}: a child under a DoLO must not be placed in K1, "
                                       "P1, R5 or K3 (903 rule 710). Move the child first")


@transaction.atomic
def dolo_record(*, by, person, start_date, court: str, end_date=None, review_date=None) -> DeprivationOfLibertyOrder:
    """Record a deprivation of liberty order (903 DoLo table)."""
    _require(by, Perm.CASEWORK_RECORD)
    errors: dict[str, list[str]] = {}
    _dolo_checks(errors, person, start_date, end_date, review_date, court)
    _raise(errors)
    order = DeprivationOfLibertyOrder.objects.create(person=person, start_date=start_date, end_date=end_date,
                                                     review_date=review_date, court=court.strip(), recorded_by=by)
    audit_change(actor=by, action=AuditAction.DOLO_RECORD, instance=order, person_id=person.pk)
    record_event(person=person, event_type="dolo", occurred=start_date, source=order, recorded_by=by,
                 summary=f"Deprivation of liberty order made by {order.court}")
    return order


@transaction.atomic
def dolo_update(*, by, order: DeprivationOfLibertyOrder, expected_version: int, start_date, court: str,
                end_date=None, review_date=None) -> DeprivationOfLibertyOrder:
    _require(by, Perm.CASEWORK_RECORD)
    errors: dict[str, list[str]] = {}
    _dolo_checks(errors, order.person, start_date, end_date, review_date, court, exclude_pk=order.pk)
    _raise(errors)
    fields = ["start_date", "end_date", "review_date", "court"]
    before = snapshot(order, fields)
    order.start_date, order.end_date, order.review_date, order.court = start_date, end_date, review_date, court.strip()
    save_if_unchanged(order, expected_version=expected_version, fields=fields)
    audit_change(actor=by, action=AuditAction.DOLO_UPDATE, instance=order, before=before, after=snapshot(order, fields),
                 person_id=order.person_id)
    return order

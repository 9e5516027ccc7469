"""Reads the measures share: statutory work timeliness, who holds each case, who is looked after."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import Q

from safehold.casework.models import Allocation, StatutoryWork
from safehold.children_in_care.models import PeriodOfCare

from ..definitions import Row, year_before


def work_rows(rule_codes: Iterable[str], as_at: dt.date, *, basis: str) -> list[Row]:
    """Timeliness of statutory work (casework.StatutoryWork, whose due dates the timescales engine set).

    basis "completed": the work done in the 12 months to `as_at`, on time or not (the DfE's way for
    assessments and initial conferences: of those completed in the year).
    basis "due": the work that fell due in the 12 months to `as_at`: done on time by then, or not
    (late, or still not done). Done on the due date is on time (casework/work.py).
    """
    start = year_before(as_at)
    qs = StatutoryWork.objects.filter(rule_code__in=list(rule_codes))
    if basis == "completed":
        qs = qs.filter(status=StatutoryWork.Status.DONE, completed_on__gte=start, completed_on__lte=as_at)
    else:
        qs = qs.filter(due_on__gte=start, due_on__lte=as_at).exclude(status=StatutoryWork.Status.CANCELLED)
    rows = []
    for person_id, team_id, worker_id, status, completed_on, due_on, on_time in qs.values_list(
            "person_id", "team_id", "worker_id", "status", "completed_on", "due_on", "on_time"):
        done = status == StatutoryWork.Status.DONE and completed_on is not None and completed_on <= as_at
        met = bool(done and on_time)
        extra = f"due {due_on:%-d %b %Y}, " + (f"done {completed_on:%-d %b %Y}" if done else "not done")
        rows.append(Row(person_id, met, team_id=team_id, worker_id=worker_id, extra=extra))
    return rows


def looked_after_on(as_at: dt.date) -> dict[int, dt.date]:
    """Children looked after on `as_at`: person pk -> the start of their current period of care."""
    return dict(PeriodOfCare.objects.filter(start_date__lte=as_at)
                .filter(Q(end_date__isnull=True) | Q(end_date__gt=as_at))
                .values_list("person_id", "start_date"))


def holders_on(person_ids: Iterable[int], as_at: dt.date) -> dict[int, tuple[int, int | None]]:
    """The team (and worker) holding each child's case on `as_at` (the allocated worker's allocation)."""
    ids = list(set(person_ids))
    out: dict[int, tuple[int, int | None]] = {}
    if not ids:
        return out
    for person_id, team_id, worker_id in (Allocation.objects.filter(
            person_id__in=ids, role=Allocation.Role.ALLOCATED_WORKER, started_on__lte=as_at)
            .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=as_at))
            .order_by("started_on", "id").values_list("person_id", "team_id", "worker_id")):
        out[person_id] = (team_id, worker_id)
    return out


def with_holders(rows: list[Row], as_at: dt.date) -> list[Row]:
    """Fill each row's team and worker from who held the child's case on `as_at`."""
    held = holders_on((r.subject_id for r in rows), as_at)
    for r in rows:
        r.team_id, r.worker_id = held.get(r.subject_id, (None, None))
    return rows

"""Raising and completing statutory work (casework.models.StatutoryWork).

Domain services call these inside their own transaction: raising work when the event that starts
a clock is recorded, completing it when the event that stops it is recorded. Due dates come from
the timescales engine with the rule version in force on the start date.
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q
from django.utils import timezone

from safehold.timescales import due_date_with_rule

from .models import Allocation, StatutoryWork


def _label(obj: models.Model) -> tuple[str, str]:
    return obj._meta.label_lower, str(obj.pk)


def holder_of(person) -> tuple:
    """(team, worker) holding the child's case now: the allocated worker, else the lead practitioner."""
    allocs = {a.role: a for a in Allocation.objects.filter(person=person, ended_on__isnull=True)}
    for role in (Allocation.Role.ALLOCATED_WORKER, Allocation.Role.LEAD_CP_PRACTITIONER,
                 Allocation.Role.LEAD_PRACTITIONER):
        if role in allocs:
            return allocs[role].team, allocs[role].worker
    return None, None


def work_raise(*, person, rule_code: str, start: dt.date | dt.datetime, source: models.Model, title: str,
               team=None, worker=None) -> StatutoryWork:
    """Start the clock on a piece of statutory work. Team and worker default to the case holder."""
    due = due_date_with_rule(rule_code, start)
    if team is None and worker is None:
        team, worker = holder_of(person)
    source_type, source_id = _label(source)
    started_at = start if isinstance(start, dt.datetime) else None
    due_at = due.due if isinstance(due.due, dt.datetime) else None
    due_on = timezone.localtime(due.due).date() if due_at and due.due.tzinfo else (
        due.due.date() if isinstance(due.due, dt.datetime) else due.due)
    started_on = timezone.localtime(start).date() if started_at and start.tzinfo else (
        start.date() if isinstance(start, dt.datetime) else start)
    return StatutoryWork.objects.create(
        person=person, rule_code=rule_code, rule_version_id=due.version_id, title=title,
        source_type=source_type, source_id=source_id, started_on=started_on, started_at=started_at,
        due_on=due_on, due_at=due_at, team=team, worker=worker,
    )


def work_complete(*, work: StatutoryWork, done: dt.date | dt.datetime, by_event: models.Model) -> StatutoryWork:
    """Stop the clock: record when, by which event, and whether it was on time (done on the due
    date is on time; timescales.md "Counting conventions")."""
    if isinstance(done, dt.datetime):
        work.completed_at = done
        work.completed_on = timezone.localtime(done).date() if done.tzinfo else done.date()
        work.on_time = done <= work.due_at if work.due_at else work.completed_on <= work.due_on
    else:
        work.completed_on = done
        work.on_time = done <= work.due_on
    work.status = StatutoryWork.Status.DONE
    work.completion_type, work.completion_id = _label(by_event)
    work.save(update_fields=["completed_on", "completed_at", "on_time", "status", "completion_type",
                             "completion_id", "updated_at"])
    return work


def open_work_for(*, source: models.Model, rule_code: str | None = None):
    source_type, source_id = _label(source)
    qs = StatutoryWork.objects.filter(source_type=source_type, source_id=source_id, status=StatutoryWork.Status.OPEN)
    return qs.filter(rule_code=rule_code) if rule_code else qs


def work_complete_for(*, source: models.Model, rule_code: str, done, by_event: models.Model) -> StatutoryWork | None:
    """Complete the open work of `rule_code` started by `source`, if any."""
    work = open_work_for(source=source, rule_code=rule_code).first()
    return work_complete(work=work, done=done, by_event=by_event) if work else None


def work_cancel(*, source: models.Model, reason: str, rule_code: str | None = None) -> int:
    """Close open work that is no longer needed (e.g. the episode closed); it is not judged."""
    return open_work_for(source=source, rule_code=rule_code).update(
        status=StatutoryWork.Status.CANCELLED, cancel_reason=reason[:200], updated_at=timezone.now())


# Work that belongs to another role's allocation than the allocated worker's: it stays with the IRO
# or personal adviser when the social worker changes.
WORK_OF_ROLE = {
    Allocation.Role.IRO: ("IRO_CONTACT",),
    Allocation.Role.PERSONAL_ADVISER: ("PATHWAY_PLAN_REVIEW", "PA_CONTACT", "PA_VISIT_NEW_HOME"),
}


def work_reassign(*, person, team, worker) -> int:
    """When a case is reallocated, its open work follows it (management oversight stays with managers,
    and the IRO's and personal adviser's work with them where one is allocated)."""
    keep = ["MANAGEMENT_OVERSIGHT"]
    for role in Allocation.objects.filter(person=person, ended_on__isnull=True,
                                          role__in=list(WORK_OF_ROLE)).values_list("role", flat=True):
        keep.extend(WORK_OF_ROLE[role])
    return StatutoryWork.objects.filter(person=person, status=StatutoryWork.Status.OPEN).exclude(
        rule_code__in=keep).update(team=team, worker=worker, updated_at=timezone.now())


def open_work_q() -> Q:
    return Q(status=StatutoryWork.Status.OPEN)


def work_reassign_role(*, person, rule_codes, team, worker) -> int:
    """Move the open work of `rule_codes` (an IRO's or personal adviser's) to a newly allocated one."""
    return StatutoryWork.objects.filter(person=person, status=StatutoryWork.Status.OPEN,
                                        rule_code__in=rule_codes).update(team=team, worker=worker,
                                                                         updated_at=timezone.now())

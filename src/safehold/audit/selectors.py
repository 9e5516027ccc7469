"""Reading the audit log: who looked at a record, what a user looked at, what changed, break-glass."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from safehold.accounts.models import BreakGlassAccess

from .models import AccessEvent, AuditEvent


def _person_ids(person_pk: int) -> list[int]:
    """The record and every duplicate merged into it: their history is one history."""
    from safehold.people.models import Person

    return [person_pk, *Person.objects.filter(merged_into_id=person_pk).values_list("pk", flat=True)]


def record_history(person_pk: int) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(person_id__in=_person_ids(person_pk)).select_related("actor")[:500]


def views_of_record(person_pk: int, *, since: dt.datetime | None = None) -> QuerySet[AccessEvent]:
    qs = AccessEvent.objects.filter(person_id__in=_person_ids(person_pk)).select_related("user")
    if since:
        qs = qs.filter(at__gte=since)
    return qs[:500]


def views_by_user(user_id: int, *, since: dt.datetime | None = None) -> QuerySet[AccessEvent]:
    qs = AccessEvent.objects.filter(user_id=user_id)
    if since:
        qs = qs.filter(at__gte=since)
    return qs[:500]


def changes_by_user(user_id: int, *, since: dt.datetime | None = None) -> QuerySet[AuditEvent]:
    qs = AuditEvent.objects.filter(actor_id=user_id)
    if since:
        qs = qs.filter(at__gte=since)
    return qs[:500]


def break_glass_report(*, since: dt.datetime | None = None, team_id: int | None = None) -> QuerySet[BreakGlassAccess]:
    """Every break-glass opening (for managers and information governance), newest first."""
    qs = BreakGlassAccess.objects.select_related("user", "person")
    if since:
        qs = qs.filter(started_at__gte=since)
    if team_id:
        from safehold.casework.models import Allocation

        held = Allocation.objects.filter(team_id=team_id, ended_on__isnull=True).values("person_id")
        qs = qs.filter(person_id__in=held)
    return qs[:200]

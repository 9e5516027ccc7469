"""Reading the audit log: who looked at a record, what a user looked at, what changed.

These read the log alone (audit is the floor every app writes to, so it imports no app above it). A
record's history is asked by the ids of the record and of the duplicates merged into it
(`people.selectors.merged_ids`); the information governance page that applies the access policy to
what it shows is `governance.audit_log`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import QuerySet

from .models import AccessEvent, AuditEvent


def record_history(person_ids: Iterable[int]) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(person_id__in=list(person_ids)).select_related("actor")[:500]


def views_of_record(person_ids: Iterable[int], *, since: dt.datetime | None = None) -> QuerySet[AccessEvent]:
    qs = AccessEvent.objects.filter(person_id__in=list(person_ids)).select_related("user")
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

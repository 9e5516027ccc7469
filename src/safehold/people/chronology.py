"""The chronology: every significant event on a person's record, in date order.

Each app registers its event types once (in its AppConfig.ready) and its services call
`record_event` in the same transaction as the change. The record page filters on the registered
types, so a new app adds events without touching the chronology.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import models

from .models import ChronologyEntry, Person


@dataclass(frozen=True)
class EventType:
    code: str
    label: str
    group: str


_REGISTRY: dict[str, EventType] = {}


def register_event_type(code: str, label: str, group: str) -> None:
    existing = _REGISTRY.get(code)
    if existing and existing != EventType(code, label, group):
        raise ValueError(f"Chronology event type {code!r} registered twice with different labels")
    _REGISTRY[code] = EventType(code, label, group)


def event_types() -> list[EventType]:
    return sorted(_REGISTRY.values(), key=lambda e: (e.group, e.label))


def event_label(code: str) -> str:
    return _REGISTRY[code].label if code in _REGISTRY else code


def record_event(
    *,
    person: Person,
    event_type: str,
    occurred: dt.date | dt.datetime,
    summary: str,
    source: models.Model | None = None,
    recorded_by=None,
) -> ChronologyEntry:
    if event_type not in _REGISTRY:
        raise ValueError(f"Unregistered chronology event type {event_type!r}")
    occurred_at = occurred if isinstance(occurred, dt.datetime) else None
    occurred_on = occurred.date() if isinstance(occurred, dt.datetime) else occurred
    return ChronologyEntry.objects.create(
        person=person,
        occurred_on=occurred_on,
        occurred_at=occurred_at,
        event_type=event_type,
        summary=summary[:300],
        source_type=source._meta.label_lower if source is not None else "",
        source_id=str(source.pk) if source is not None else "",
        recorded_by=recorded_by if getattr(recorded_by, "pk", None) else None,
    )

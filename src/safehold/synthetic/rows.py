"""Saving the statutory clocks and chronology entries a seeder built before the rows they point at had keys:
each carries its source (and a clock its completing event) as an object until then."""

from __future__ import annotations

from safehold.casework.models import StatutoryWork
from safehold.people.models import ChronologyEntry


def save_work_and_chronology(work: list[StatutoryWork], chronology: list[ChronologyEntry]) -> None:
    """Point each clock at its source (`_source`) and completing event (`_event`), each chronology entry at
    its source, and save both in bulk. Call after the sources are saved."""
    for w in work:
        w.source_id = str(w._source.pk)
        event = getattr(w, "_event", None)
        if event is not None:
            w.completion_type, w.completion_id = event._meta.label_lower, str(event.pk)
    StatutoryWork.objects.bulk_create(work, batch_size=5000)
    for entry in chronology:
        entry.source_type, entry.source_id = entry._source._meta.label_lower, str(entry._source.pk)
    ChronologyEntry.objects.bulk_create(chronology, batch_size=5000)

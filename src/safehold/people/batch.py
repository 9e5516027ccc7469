"""Loading people in bulk (issue 17.3): what the returns' importers write of the people app, and how.

`returns/imports` reads a file, checks each child against the rules and reports; what it loads it hands to
the batch-load module of the app that owns the rows (this one, `front_door.batch`, `family_help.batch`,
`child_protection.batch`, `children_in_care.batch`, `care_planning.batch`, `casework.batch`). Each says
what an imported row of its own holds (the defaults a file cannot give) and writes its rows in bulk, inside
the importer's one transaction. The services write one change at a time; these write thousands."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from .models import ChronologyEntry, Disability, Person
from .services import _set_search_keys

if TYPE_CHECKING:
    from django.db.models import Model

    from safehold.accounts.models import User

UNKNOWN_NAME = "Not known"  # the returns carry no names; a worker adds them from the source system


def imported_person(person_id: str, *, by: User, sex: str, ethnicity: str, dob: dt.date | None, **more: Any) -> Person:
    """A child first met in an imported return (unsaved): no names (the returns carry none), search keys set."""
    person = Person(person_id=person_id, forename=UNKNOWN_NAME, surname=UNKNOWN_NAME, sex=sex, ethnicity=ethnicity,
                    dob=dob, recorded_by=by, **more)
    _set_search_keys(person)
    return person


def people_add(people: list[Person]) -> None:
    Person.objects.bulk_create(people, batch_size=2000)


def disabilities_add(disabilities: list[Disability]) -> None:
    Disability.objects.bulk_create(disabilities, batch_size=5000)


class ChronologyBatch:
    """The chronology entries an import makes, written together at the end (`save`); `touched` is every
    person one was noted for (the import audits each)."""

    def __init__(self, *, by: User) -> None:
        self.by = by
        self.entries: list[ChronologyEntry] = []
        self.touched: dict[int, Person] = {}

    def note(self, person: Person, day: dt.date, event_type: str, summary: str, source: Model) -> None:
        self.entries.append(ChronologyEntry(person=person, occurred_on=day, event_type=event_type, summary=summary,
                                            source_type=source._meta.label_lower, recorded_by=self.by))
        self.touched[person.pk] = person

    def save(self) -> None:
        ChronologyEntry.objects.bulk_create(self.entries, batch_size=5000)

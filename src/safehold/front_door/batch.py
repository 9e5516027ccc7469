"""Loading contacts in bulk (issue 17.3; the pattern is `people/batch.py`): a contact from an imported return."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.utils import timezone

from .models import Contact

if TYPE_CHECKING:
    from safehold.accounts.models import User
    from safehold.people.models import Person


def imported_contact(person: Person, *, day: dt.date, source: str, by: User, concern: str) -> Contact:
    """A contact a return reports (unsaved): received at 9am on its day (the returns carry the date only); the
    return does not say whether consent was sought."""
    return Contact(person=person, received_at=timezone.make_aware(dt.datetime.combine(day, dt.time(9))),
                   source=source, consent="not_sought", recorded_by=by, concern=concern)


def contacts_add(contacts: list[Contact]) -> None:
    Contact.objects.bulk_create(contacts, batch_size=2000)

"""The audit log as information governance reads it: the one access policy applied to what the page
shows (issue 15), and the break-glass report. The log itself is read through `audit.selectors`; this
module sits above the record it describes, so it may ask people, the front door and casework."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from safehold.accounts.models import BreakGlassAccess
from safehold.accounts.policy import Perm, has_perm, visible_q
from safehold.audit.models import AuditEvent
from safehold.casework.models import Allocation
from safehold.front_door.models import Contact
from safehold.people.models import Person


def openable_person_ids(reader, person_ids) -> set[int]:
    """Of `person_ids`, the records `reader` may open now (the one policy, one query). A merged
    duplicate opens when the record it was merged into does."""
    ids = {pk for pk in person_ids if pk is not None}
    if not ids:
        return set()
    rows = Person.objects.filter(pk__in=ids).values_list("pk", "merged_into_id")
    survivors = {pk: merged or pk for pk, merged in rows}
    visible = set(Person.objects.filter(pk__in=set(survivors.values())).filter(visible_q(reader))
                  .values_list("pk", flat=True))
    return {pk for pk, survivor in survivors.items() if survivor in visible}


def redact_for(events, reader) -> list[AuditEvent]:
    """The change rows as `reader` may see them: the before and after values of a change to a person
    whose record the reader may not open are hidden (`values_hidden`); who, when, what and which
    fields stay, so information governance can still answer "who changed this record"."""
    events = list(events)
    # A partner's contact is audited before it is linked to a child (no person on the row), and carries
    # the child's details as the partner gave them: it belongs to the child it was linked to since, and
    # an unlinked one to the front door (who may read unlinked contacts).
    contact_ids = {int(e.object_id) for e in events
                   if e.person_id is None and e.object_type == "front_door.contact" and e.object_id.isdigit()}
    linked = dict(Contact.objects.filter(pk__in=contact_ids).values_list("pk", "person_id")) if contact_ids else {}
    owner = {e.pk: (e.person_id if e.person_id is not None else linked.get(int(e.object_id)))
             for e in events if e.person_id is not None or int(e.object_id or 0) in linked}
    openable = openable_person_ids(reader, set(owner.values()))
    front_door = has_perm(reader, Perm.CONTACT_DECIDE)
    for e in events:
        person = owner.get(e.pk)
        if person is not None:
            e.values_hidden = person not in openable
        elif e.object_type == "front_door.contact":
            e.values_hidden = not front_door
        else:
            e.values_hidden = False
    return events


def break_glass_report(*, since: dt.datetime | None = None, team_id: int | None = None) -> QuerySet[BreakGlassAccess]:
    """Every break-glass opening (for managers and information governance), newest first."""
    qs = BreakGlassAccess.objects.select_related("user", "person")
    if since:
        qs = qs.filter(started_at__gte=since)
    if team_id:
        held = Allocation.objects.filter(team_id=team_id, ended_on__isnull=True).values("person_id")
        qs = qs.filter(person_id__in=held)
    return qs[:200]

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


def openable_person_ids(reader, person_ids) -> set[int]:
    """Of `person_ids`, the records `reader` may open now (the one policy, one query). A merged
    duplicate opens when the record it was merged into does."""
    from safehold.accounts.policy import visible_q
    from safehold.people.models import Person

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
    from safehold.accounts.policy import Perm, has_perm
    from safehold.front_door.models import Contact

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

"""The front door panel on a child's record page (people.record_panels): the contacts about the
child, with their source and decision, and a link to record a new one."""

from __future__ import annotations

from safehold.accounts.policy import Perm, has_perm

from . import selectors


def front_door_panel(request, person) -> dict | None:
    if person.kind != person.Kind.CHILD:
        return None
    can_record = has_perm(request.user, Perm.CONTACT_RECORD)
    contacts = selectors.contacts_of(person)
    if not (contacts or can_record):
        return None
    return {
        "contacts": contacts,
        "can_record": can_record,
        "can_open": can_record or has_perm(request.user, Perm.CONTACT_DECIDE),
    }

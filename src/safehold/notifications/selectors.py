"""Reading the inbox: the unread count for the header (one query) and a page of notifications with the
child named only where the reader may open the record now (one more query)."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Paginator

from safehold.accounts.policy import visible_q
from safehold.people.models import Person

from .models import Notification

PAGE_SIZE = 50


def unread_count(user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


@dataclass
class InboxRow:
    notification: Notification
    child_name: str  # "" when the reader may not open the child's record now


def inbox(user, *, page: int = 1, unread_only: bool = False):
    """(page object, rows): newest first; the child's name only for records `user` may open now."""
    qs = Notification.objects.filter(recipient=user).select_related("actor", "person")
    if unread_only:
        qs = qs.filter(read_at__isnull=True)
    page_obj = Paginator(qs, PAGE_SIZE).get_page(page)
    notes = list(page_obj.object_list)
    pks = {n.person_id for n in notes if n.person_id}
    visible = set(Person.objects.filter(pk__in=pks).filter(visible_q(user)).values_list("pk", flat=True)) if pks else set()
    rows = [InboxRow(n, f"{n.person.forename} {n.person.surname}" if n.person_id in visible else "") for n in notes]
    return page_obj, rows

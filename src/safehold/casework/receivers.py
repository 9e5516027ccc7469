"""casework's answers to events published below it (people.signals, accounts.signals)."""

from __future__ import annotations

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from safehold.notifications.models import Kind
from safehold.notifications.services import notify

from .models import Allocation
from .selectors import case_holders


def move_imported_staff_allocations(sender, imported, account, **kwargs) -> int:
    """An imported staff record mapped to an account (accounts.signals.staff_mapped): the child
    allocations it holds move to the account."""
    return Allocation.objects.filter(worker=imported).update(worker=account, updated_at=timezone.now())


def tell_holders_of_break_glass(sender, access, **kwargs) -> None:
    """The workers who hold the case are told that someone outside it opened the record, and why (issue 14.3)."""
    person = access.person
    notify(recipients=case_holders(person), kind=Kind.BREAK_GLASS, actor=access.user, person=person,
           title=f"{access.user} opened the record of {person.person_id} by break-glass: "
                 f"{access.get_reason_code_display()}",
           url=reverse("people:detail", args=[person.pk]))


def end_allocations_merged_away(sender, keep, duplicate, **kwargs) -> None:
    """Two records are being merged (people.signals.person_merging): an open allocation of the duplicate
    in a role the survivor already holds ends, so the survivor keeps one allocation per role."""
    held = Allocation.objects.filter(person=keep, role=OuterRef("role"), ended_on__isnull=True)
    today = timezone.localdate()
    for alloc in Allocation.objects.filter(person=duplicate, ended_on__isnull=True).filter(Exists(held)):
        alloc.ended_on = max(alloc.started_on, today)
        alloc.end_reason = "Ended when the duplicate record was merged"
        alloc.save(update_fields=["ended_on", "end_reason", "updated_at"])

"""casework's answers to events published below it (people.signals, accounts.signals)."""

from __future__ import annotations

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

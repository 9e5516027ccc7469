"""The management oversight panel on a child's record page."""

from django.utils import timezone

from safehold.accounts.policy import Perm, has_perm

from . import selectors


def oversight_panel(request, person) -> dict:
    return {
        "history": selectors.oversight_of(person, limit=5),
        "open_actions": selectors.open_actions_of(person),
        "next_due": selectors.next_oversight_due(person),
        "can_record": has_perm(request.user, Perm.OVERSIGHT_RECORD),
        "user_id": request.user.pk,
        "today": timezone.localdate(),
    }

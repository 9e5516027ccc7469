"""The meetings panel on a child's record page: booked meetings, and the last ones held."""

from safehold.accounts.policy import Perm, has_perm

from .models import Meeting


def meetings_panel(request, person) -> dict | None:
    rows = list(Meeting.objects.filter(person=person).exclude(status=Meeting.Status.CANCELLED)
                .select_related("chair").order_by("-scheduled_at")[:6])
    can_book = has_perm(request.user, Perm.CASEWORK_RECORD) or has_perm(request.user, Perm.CONFERENCE_RECORD)
    if not rows and not can_book:
        return None
    return {"rows": rows, "can_book": can_book, "person": person}

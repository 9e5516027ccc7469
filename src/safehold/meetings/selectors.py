"""Reading meetings: a child's (booked first), a chair's booked meetings, and how a booking stands against the
statutory date it is for."""

from __future__ import annotations

from django.utils import timezone

from safehold.casework.models import StatutoryWork
from safehold.people.selectors import mask_restricted

from .models import RULES_OF_KIND, Meeting


def meetings_of(person) -> list[Meeting]:
    return list(Meeting.objects.filter(person=person).select_related("chair").prefetch_related("invitees")
                .order_by("-scheduled_at", "-pk"))


def booked_for_chair(user, *, limit: int = 50) -> list[Meeting]:
    rows = list(Meeting.objects.filter(chair=user, status=Meeting.Status.BOOKED).select_related("person")
                .order_by("scheduled_at", "pk")[:limit])
    mask_restricted([m.person for m in rows], user)
    return rows


def due_work_for(meeting: Meeting) -> StatutoryWork | None:
    """The open statutory work this meeting is for (the earliest due of its kind for the child), if any."""
    rules = RULES_OF_KIND.get(meeting.kind, ())
    if not rules:
        return None
    return (StatutoryWork.objects.filter(person=meeting.person, status=StatutoryWork.Status.OPEN, rule_code__in=rules)
            .order_by("due_on").first())


def booked_late(meeting: Meeting) -> str:
    """A sentence when the booking is after the date the meeting is due, else ""."""
    work = due_work_for(meeting)
    if work is None:
        return ""
    day = timezone.localtime(meeting.scheduled_at).date()
    if day > work.due_on:
        return (f"Booked for after the date it is due ({work.due_on:%-d %B %Y}): it will be late unless it is "
                f"brought forward.")
    return ""

"""What the worklists do each day beyond showing work: the chairs' reminders (issue 14.4). The worklists
know what is coming due; they call `notifications.notify` to tell each chair, once per meeting."""

from __future__ import annotations

from django.urls import reverse

from safehold.accounts.models import User
from safehold.notifications.models import Kind
from safehold.notifications.services import notify

from .selectors import chair_reminders_due


def chair_reminders(*, on, days: int) -> int:
    """Tell each chair, once per meeting, of the conferences and reviews of their children due within
    `days` of `on` or overdue. Returns how many notifications were made."""
    due = chair_reminders_due(on, days)
    chairs = {u.pk: u for u in User.objects.filter(pk__in={chair for _w, _p, chair, _t, _d in due}, is_active=True)}
    made = 0
    url = reverse("worklists:chair")
    for work_id, person, chair_id, title, due_on in due:
        if chair_id not in chairs:
            continue
        when = "was due" if due_on < on else "is due"
        made += len(notify(recipients=[chairs[chair_id]], kind=Kind.MEETING_DUE, person=person, url=url,
                           key=f"chair:{work_id}", title=f"{title} for {person.person_id} {when} by {due_on:%-d %B %Y}"))
    return made

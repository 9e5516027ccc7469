"""What the care_planning service tests share besides fixtures: helpers and dates."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from safehold.casework.models import StatutoryWork

# Monday 14 April 2025: Good Friday (18 Apr), Easter Monday (21 Apr) and the May Day holiday (5 May)
# fall in the next 20 working days.
EASTER = dt.date(2025, 4, 14)


def open_work(child, code=None):
    qs = StatutoryWork.objects.filter(person=child, status="open")
    return qs.filter(rule_code=code) if code else qs


def due(child, code) -> dt.date:
    return open_work(child, code).get().due_on


def errors_of(exc) -> dict:
    return exc.value.message_dict


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))

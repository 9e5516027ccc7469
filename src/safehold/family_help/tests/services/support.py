"""What the family_help service tests share besides fixtures: helpers and dates."""

from __future__ import annotations

import datetime as dt

from safehold.people.models import ChronologyEntry


def errors_of(exc_info) -> dict:
    return exc_info.value.message_dict


def events(child, event_type):
    return list(ChronologyEntry.objects.filter(person=child, event_type=event_type).order_by("occurred_on", "id"))


PP = {"pp_start_date": dt.date(2025, 2, 3)}

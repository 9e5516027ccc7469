"""The open period, placement and 903 episode of a child in care, and ending an episode: shared by the
services that change them (periods, placements, legal status)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError

from safehold.audit.actions import AuditAction
from safehold.audit.services import audit_change, snapshot

from ..models import (
    CareEpisode,
    PeriodOfCare,
    Placement,
)


def open_state(person):
    """The open period, placement and episode, locked; (None, None, None) if not looked after."""
    period = PeriodOfCare.objects.select_for_update().filter(person=person, end_date__isnull=True).first()
    if period is None:
        return None, None, None
    placement = Placement.objects.select_for_update().filter(person=person, end_date__isnull=True).first()
    episode = CareEpisode.objects.select_for_update().filter(person=person, end_date__isnull=True).first()
    return period, placement, episode


def not_looked_after(person) -> ValidationError:
    return ValidationError({"start_date": [f"{person.full_name} is not looked after: record the child becoming "
                                           "looked after first"]})


def end_episode(by, episode: CareEpisode, end: dt.date, reason: str) -> None:
    before = snapshot(episode, ["end_date", "reason_ended"])
    episode.end_date, episode.reason_ended = end, reason
    episode.save(update_fields=["end_date", "reason_ended", "updated_at"])
    audit_change(actor=by, action=AuditAction.CARE_EPISODE_END, instance=episode, before=before,
                 after=snapshot(episode, ["end_date", "reason_ended"]), person_id=episode.person_id)

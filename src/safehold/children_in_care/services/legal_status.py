"""A child's legal status: which statuses fit the child's age, and a change of status inside a period of
care (the 903 episode ends X1 and a new one starts, rule 433)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from safehold.accounts.policy import Perm
from safehold.accounts.policy import require as _require
from safehold.audit.actions import AuditAction
from safehold.audit.services import audit_change, snapshot
from safehold.care_planning import services as care_planning
from safehold.core.validation import add_error as _add
from safehold.core.validation import check_day as _check_day
from safehold.core.validation import d
from safehold.core.validation import raise_if_errors as _raise
from safehold.people.chronology import record_event

from ..codes import (
    AGE_OF_CRIMINAL_RESPONSIBILITY,
    CARE_ORDER_MAX_AGE,
    CARE_ORDER_STATUSES,
    LOOKED_AFTER_MAX_AGE,
    SHORT_BREAK_STATUSES,
    YOUTH_JUSTICE_STATUSES,
    LegalStatus,
)
from ..models import (
    CareEpisode,
)
from .episodes import end_episode, not_looked_after, open_state


def legal_status_errors(person, legal_status: str, on: dt.date | None) -> list[str]:
    """Does `legal_status` fit the child's age on `on`? Messages for the legal_status field."""
    if legal_status not in LegalStatus.values:
        return ["Choose the child's legal status from the list"]
    if on is None:
        return []
    if person.dob is None and not person.is_unborn:
        return ["Record the child's date of birth before recording a legal status (the age decides which statuses "
                "are possible)"]
    if person.dob is None or person.dob > on:
        return ["A child who is not yet born on that date cannot become looked after: record the legal status "
                "once the child is born"]
    age = person.age_on(on)
    if age > LOOKED_AFTER_MAX_AGE:
        return [f"{person.full_name} is {age} on {d(on)}: a person aged 18 or over cannot be looked after, so no "
                "legal status can start"]
    if legal_status in YOUTH_JUSTICE_STATUSES and age < AGE_OF_CRIMINAL_RESPONSIBILITY:
        return [f"Legal status {legal_status} is a youth justice status and needs the child to be at least "
                f"{AGE_OF_CRIMINAL_RESPONSIBILITY} (the age of criminal responsibility): {person.full_name} is {age}"]
    if legal_status in CARE_ORDER_STATUSES and age > CARE_ORDER_MAX_AGE:
        return [f"A care order cannot be made for a child aged 17 (Children Act 1989 s31(3)): {person.full_name} "
                f"is {age} on {d(on)}. Choose the status the child is actually looked after under"]
    return []


@transaction.atomic
def legal_status_change(*, by, person, start_date: dt.date, legal_status: str) -> CareEpisode:
    """A new legal status from `start_date`, same placement: the episode ends X1 and one with RNE L
    starts the same day (rule 433). On the day an episode started, that episode takes the new status
    (P becomes B, T becomes U: ssda903.md 3.2 RNE table)."""
    _require(by, Perm.CASEWORK_RECORD)
    period, placement, episode = open_state(person)
    if period is None:
        raise not_looked_after(person)
    errors: dict[str, list[str]] = {}
    if _check_day(errors, "start_date", start_date, "The date the legal status changed"):
        if start_date < episode.start_date:
            _add(errors, "start_date", f"The date must be on or after the start of the current episode "
                                       f"({d(episode.start_date)})")
    for message in legal_status_errors(person, legal_status, start_date):
        _add(errors, "legal_status", message)
    if legal_status == episode.legal_status:
        _add(errors, "legal_status", f"The child's legal status is already {legal_status}: choose the new status")
    elif {legal_status, episode.legal_status} & SHORT_BREAK_STATUSES:
        _add(errors, "legal_status", "A short break (V3/V4) is its own period of care: end the period, then start a "
                                     "new one with the new legal status")
    _raise(errors)
    if start_date == episode.start_date:
        before = snapshot(episode, ["legal_status", "reason_new_episode"])
        episode.legal_status = legal_status
        episode.reason_new_episode = {"P": "B", "T": "U"}.get(episode.reason_new_episode, episode.reason_new_episode)
        episode.save(update_fields=["legal_status", "reason_new_episode", "updated_at"])
        audit_change(actor=by, action=AuditAction.CARE_EPISODE_LEGAL_STATUS, instance=episode, before=before,
                     after=snapshot(episode, ["legal_status", "reason_new_episode"]), person_id=person.pk)
        new = episode
    else:
        end_episode(by, episode, start_date, "X1")
        new = CareEpisode.objects.create(person=person, period=period, placement=placement, start_date=start_date,
                                         reason_new_episode="L", legal_status=legal_status,
                                         category_of_need=episode.category_of_need)
        audit_change(actor=by, action=AuditAction.CARE_EPISODE_START, instance=new, person_id=person.pk)
    record_event(person=person, event_type="legal_status_change", occurred=start_date, source=new, recorded_by=by,
                 summary=f"Legal status changed to {LegalStatus(legal_status).label} ({legal_status})")
    care_planning.legal_status_changed(episode=new, by=by)
    return new

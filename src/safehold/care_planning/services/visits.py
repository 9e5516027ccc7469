"""Statutory visits to a child in care (reg 28): the visit clock of the placement the child was in."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Max

from safehold.accounts.policy import Perm
from safehold.accounts.policy import require as _require
from safehold.audit.actions import AuditAction
from safehold.audit.services import audit_change
from safehold.casework.models import Visit
from safehold.casework.signoff import sign_off_open
from safehold.casework.signoff_kinds import visit_title
from safehold.children_in_care.models import Placement
from safehold.core.validation import add_error as _add
from safehold.core.validation import raise_if_errors
from safehold.people.chronology import record_event

from ..clocks import VISIT_RULES
from ..selectors import next_visit_rule, timing_words
from .common import complete_any, lock_period, period_on, start_clock


@transaction.atomic
def visit_record(*, by, person, visited_on: dt.date, child_seen: bool | None, child_seen_alone: bool = False,
                 childs_words: str = "", notes: str = "", visited_by=None) -> Visit:
    """Record a statutory visit to a child in care (casework.Visit, kind "cla"), in the placement the
    child was in that day. A visit at which the child was seen stops the visit clock and starts the
    next; a visit where the child was not seen leaves the visit due (Annex A list 8)."""
    _require(by, Perm.CASEWORK_RECORD)
    errors: dict[str, list[str]] = {}
    period = period_on(person, visited_on, errors, "visited_on", "visit")
    placement = None
    if period is not None:
        period = lock_period(period)
        placement = (Placement.objects.filter(period=period, start_date__lte=visited_on)
                     .order_by("-start_date").first())
        if placement is None or (placement.end_date and visited_on > placement.end_date):
            _add(errors, "visited_on", "The child was not in a placement on that date")
    if child_seen is None:
        _add(errors, "child_seen", "Say whether the child was seen")
    elif child_seen_alone and not child_seen:
        _add(errors, "child_seen_alone", "The child cannot have been seen alone if they were not seen")
    raise_if_errors(errors)
    visited_by = visited_by or by
    context_type = Placement._meta.label_lower
    previous_latest = Visit.objects.filter(context_type=context_type, context_id=str(placement.pk),
                                           child_seen=True).aggregate(m=Max("visited_on"))["m"]
    visit = Visit.objects.create(
        person=person, kind=Visit.Kind.CLA, visited_on=visited_on, visited_by=visited_by, child_seen=bool(child_seen),
        child_seen_alone=bool(child_seen_alone), childs_words=(childs_words or "").strip(),
        notes=(notes or "").strip(), context_type=context_type, context_id=str(placement.pk), recorded_by=by)
    audit_change(actor=by, action=AuditAction.CLA_VISIT_RECORD, instance=visit, person_id=person.pk)
    sign_off_open(by=by, record=visit, kind="visit", person=visit.person, title=visit_title(visit))
    timing = ""
    if child_seen and (previous_latest is None or visited_on > previous_latest):
        # A visit dated before the latest one (recorded late) changes nothing that is due.
        work = complete_any(source=placement, rule_codes=VISIT_RULES, done=visited_on, by_event=visit)
        timing = timing_words(work)
        if placement.end_date is None:
            start_clock(person, next_visit_rule(placement, visited_on), visited_on, placement)
    seen = "child not seen" if not child_seen else ("child seen alone" if child_seen_alone else
                                                     "child seen, not alone")
    record_event(person=person, event_type="cla_visit", occurred=visited_on,
                 summary=f"Statutory visit by {visited_by}{timing}: {seen}"
                         + (" (child's words recorded)" if visit.childs_words else ""),
                 source=visit, recorded_by=by)
    return visit

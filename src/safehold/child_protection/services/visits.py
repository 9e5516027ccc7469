"""Child protection visits (casework.Visit, kind "cp"): each visit at which the child is seen stops the
CP_VISIT clock and starts the next."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from safehold.accounts.policy import Perm
from safehold.accounts.policy import require as _require
from safehold.audit.actions import AuditAction
from safehold.audit.services import audit_change
from safehold.casework.models import Visit
from safehold.casework.signoff import sign_off_open
from safehold.casework.signoff_kinds import visit_title
from safehold.casework.work import work_cancel, work_complete_for, work_raise
from safehold.core.validation import add_error as _add
from safehold.core.validation import d
from safehold.people.chronology import record_event

from ..models import CPPlan
from ..selectors import PLAN_CONTEXT
from ._common import _check_in_plan, _open_plan_locked


@transaction.atomic
def cp_visit_record(*, by, plan: CPPlan, visited_on: dt.date, child_seen: bool, child_seen_alone: bool,
                    childs_words: str = "", notes: str = "", visited_by=None) -> Visit:
    """Record a child protection visit (casework.Visit, kind "cp"): who visited, when, whether the
    child was seen and seen alone, and the child's words (Annex A lists 4 and 7). A visit at which
    the child was seen stops the CP_VISIT clock and starts the next (10 working days, a local
    standard in timescales.md); a visit without seeing the child leaves the visit due."""
    _require(by, Perm.CASEWORK_RECORD)
    plan = _open_plan_locked(plan)
    visited_by = visited_by or by
    errors: dict[str, list[str]] = {}
    if not plan.is_open:
        _add(errors, "visited_on", f"This plan ended on {d(plan.end_date)}")
    if visited_on is None:
        _add(errors, "visited_on", "Enter the date of the visit")
    else:
        _check_in_plan(errors, "visited_on", plan, visited_on, "The visit date")
    if child_seen is None:
        _add(errors, "child_seen", "Say whether the child was seen")
    if child_seen_alone and not child_seen:
        _add(errors, "child_seen_alone", "The child cannot have been seen alone if they were not seen")
    if errors:
        raise ValidationError(errors)
    previous_latest = Visit.objects.filter(context_type=PLAN_CONTEXT, context_id=str(plan.pk),
                                           child_seen=True).aggregate(m=Max("visited_on"))["m"]
    visit = Visit.objects.create(
        person=plan.person, kind=Visit.Kind.CP, visited_on=visited_on, visited_by=visited_by,
        child_seen=bool(child_seen), child_seen_alone=bool(child_seen_alone), childs_words=(childs_words or "").strip(),
        notes=(notes or "").strip(), context_type=PLAN_CONTEXT, context_id=str(plan.pk), recorded_by=by)
    audit_change(actor=by, action=AuditAction.CP_VISIT_RECORD, instance=visit, person_id=plan.person_id)
    sign_off_open(by=by, record=visit, kind="visit", person=visit.person, title=visit_title(visit))
    timing = ""
    if child_seen and (previous_latest is None or visited_on > previous_latest):
        # A later visit than any before stops the clock and starts the next one; a visit recorded
        # late, dated before the last one, changes nothing that is due.
        work = work_complete_for(source=plan, rule_code="CP_VISIT", done=visited_on, by_event=visit)
        if work is not None and not work.on_time:
            timing = f" (late: due by {d(work.due_on)})"
        work_cancel(source=plan, rule_code="CP_VISIT", reason="Superseded by a later visit")
        work_raise(person=plan.person, rule_code="CP_VISIT", start=visited_on, source=plan,
                   title="Child protection visit")
    if not child_seen:
        seen = "child not seen"
    elif child_seen_alone:
        seen = "child seen alone"
    else:
        seen = "child seen, not alone"
    summary = f"Child protection visit by {visited_by}{timing}: {seen}"
    if visit.childs_words:
        summary += " (child's words recorded)"
    record_event(person=plan.person, event_type="cp_visit", occurred=visited_on, summary=summary, source=visit,
                 recorded_by=by)
    return visit

"""Core group meetings of a child protection plan (the first stops CORE_GROUP_FIRST)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction

from safehold.accounts.policy import Perm
from safehold.accounts.policy import require as _require
from safehold.audit.actions import AuditAction
from safehold.audit.services import audit_change
from safehold.casework.work import work_complete_for
from safehold.core.validation import add_error as _add
from safehold.core.validation import d
from safehold.people.chronology import record_event

from ..models import CoreGroupMeeting, CPPlan
from ._common import _check_in_plan, _open_plan_locked


@transaction.atomic
def core_group_record(*, by, plan: CPPlan, held_on: dt.date, attendees: str, notes: str = "") -> CoreGroupMeeting:
    """Record a core group meeting; the first stops the CORE_GROUP_FIRST clock (timescales.md, local)."""
    _require(by, Perm.CASEWORK_RECORD)
    plan = _open_plan_locked(plan)
    errors: dict[str, list[str]] = {}
    if held_on is None:
        _add(errors, "held_on", "Enter the date of the meeting")
    else:
        _check_in_plan(errors, "held_on", plan, held_on, "The meeting date")
    if not (attendees or "").strip():
        _add(errors, "attendees", "Enter who attended the meeting")
    if errors:
        raise ValidationError(errors)
    meeting = CoreGroupMeeting.objects.create(plan=plan, person=plan.person, held_on=held_on,
                                              attendees=attendees.strip(), notes=(notes or "").strip(), recorded_by=by)
    audit_change(actor=by, action=AuditAction.CORE_GROUP_RECORD, instance=meeting, person_id=plan.person_id)
    work = work_complete_for(source=plan, rule_code="CORE_GROUP_FIRST", done=held_on, by_event=meeting)
    summary = "Core group meeting"
    if work is not None:
        summary = "First core group meeting" + (" (on time)" if work.on_time else f" (late: due by {d(work.due_on)})")
    record_event(person=plan.person, event_type="core_group", occurred=held_on, summary=summary, source=meeting,
                 recorded_by=by)
    return meeting

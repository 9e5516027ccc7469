"""Section 47 enquiries: started by a strategy discussion (with the ICPC clock, census InitialCPCtarget) and
completed with their outcome and whether an initial conference is needed (census ICPCnotRequired)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction

from safehold.accounts.policy import Perm
from safehold.accounts.policy import require as _require
from safehold.audit.actions import AuditAction
from safehold.audit.services import audit_change, snapshot
from safehold.casework.work import work_cancel, work_raise
from safehold.core.concurrency import save_if_unchanged
from safehold.core.validation import add_error as _add
from safehold.core.validation import d, local_date
from safehold.people.chronology import record_event
from safehold.timescales import due_date

from ..models import Section47Enquiry, StrategyDiscussion
from ._common import _check_date


def _s47_start(*, by, discussion: StrategyDiscussion, start_date: dt.date) -> Section47Enquiry:
    strategy_date = local_date(discussion.held_at)
    # Census InitialCPCtarget: 15 working days from the strategy discussion (timescales.md ICPC).
    target = due_date("ICPC", strategy_date)
    enquiry = Section47Enquiry.objects.create(
        episode=discussion.episode, person=discussion.person, strategy_discussion=discussion,
        start_date=start_date, initial_cpc_target=target, recorded_by=by)
    audit_change(actor=by, action=AuditAction.SECTION47_START, instance=enquiry, person_id=discussion.person_id)
    record_event(person=discussion.person, event_type="section_47", occurred=start_date,
                 summary=f"Section 47 enquiry started; initial conference due by {d(target)}",
                 source=enquiry, recorded_by=by)
    work_raise(person=discussion.person, rule_code="ICPC", start=strategy_date, source=enquiry,
               title="Initial child protection conference")
    return enquiry


@transaction.atomic
def section47_complete(*, by, enquiry: Section47Enquiry, end_date: dt.date, outcome: str, conference_needed: bool,
                       expected_version: int | None = None, findings: str = "") -> Section47Enquiry:
    """Record the end and outcome of a section 47 enquiry, and whether an initial conference is
    needed (census ICPCnotRequired). No conference needed: the ICPC work is no longer needed."""
    _require(by, Perm.CASEWORK_RECORD)
    errors: dict[str, list[str]] = {}
    if enquiry.end_date:
        _add(errors, "end_date", f"This enquiry's outcome was already recorded on {d(enquiry.end_date)}")
    if end_date is None:
        _add(errors, "end_date", "Enter the date the enquiry ended")
    else:
        strategy_date = local_date(enquiry.strategy_discussion.held_at)
        if end_date < enquiry.start_date:
            _add(errors, "end_date", f"The enquiry cannot end before it started ({d(enquiry.start_date)})")
        elif end_date < strategy_date:
            _add(errors, "end_date", f"The enquiry cannot end before the strategy discussion ({d(strategy_date)})")
        _check_date(errors, "end_date", end_date, enquiry.episode, "The date the enquiry ended")
    if outcome not in Section47Enquiry.Outcome.values:
        _add(errors, "outcome", "Choose the outcome of the enquiry")
    if conference_needed is None:
        _add(errors, "conference_needed", "Say whether an initial child protection conference is needed")
    if errors:
        raise ValidationError(errors)
    before = snapshot(enquiry, ["end_date", "outcome", "icpc_not_required", "findings"])
    enquiry.end_date, enquiry.outcome = end_date, outcome
    enquiry.icpc_not_required = not conference_needed
    enquiry.completed_by = by
    enquiry.findings = (findings or "").replace("\r\n", "\n").strip()
    fields = ["end_date", "outcome", "icpc_not_required", "completed_by", "findings"]
    if expected_version is not None:
        save_if_unchanged(enquiry, expected_version=expected_version, fields=fields)
    else:
        enquiry.version += 1
        enquiry.save(update_fields=[*fields, "version", "updated_at"])
    audit_change(actor=by, action=AuditAction.SECTION47_COMPLETE, instance=enquiry, before=before,
                 after=snapshot(enquiry, ["end_date", "outcome", "icpc_not_required"]), person_id=enquiry.person_id)
    summary = f"Section 47 enquiry completed: {enquiry.get_outcome_display().lower()}; "
    summary += "initial conference needed" if conference_needed else "no initial conference needed"
    record_event(person=enquiry.person, event_type="section_47", occurred=end_date, summary=summary,
                 source=enquiry, recorded_by=by)
    if not conference_needed:
        work_cancel(source=enquiry, rule_code="ICPC",
                    reason="The section 47 enquiry concluded that no initial conference was needed")
    return enquiry

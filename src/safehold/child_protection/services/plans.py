"""Child protection plans: started by an initial conference (with the first review, core group and visit
clocks, the lead child protection practitioner's allocation, and the end of any open child in need plan)
and ended by a review conference or on their own (cp_plan_end)."""

from __future__ import annotations

import datetime as dt
import logging

from django.core.exceptions import FieldError, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from safehold.accounts.policy import Perm
from safehold.accounts.policy import require as _require
from safehold.audit.actions import AuditAction
from safehold.audit.services import audit_change, snapshot
from safehold.casework.models import Allocation
from safehold.casework.work import work_cancel, work_raise
from safehold.core.concurrency import EditConflict
from safehold.core.validation import add_error as _add
from safehold.core.validation import d
from safehold.people.chronology import record_event

from .. import rules
from ..models import ChildProtectionConference, CPPlan
from ..selectors import lasting_over_two_years, plan_last_activity
from ._common import _check_date, _open_plan_locked, _require_category

log = logging.getLogger(__package__)  # safehold.child_protection.services, as before the split


def _plan_start(*, by, conference: ChildProtectionConference, category: str, lead_practitioner) -> CPPlan:
    person, start = conference.person, conference.held_on  # rule 2885: the plan starts on the ICPC date
    # Rule 8730 NumberOfPreviousCPP: this child's earlier plans.
    previous = CPPlan.objects.filter(person=person, start_date__lt=start).count()
    plan = CPPlan.objects.create(
        episode=conference.episode, person=person, initial_conference=conference, start_date=start,
        initial_category=category, latest_category=category, lead_practitioner=lead_practitioner,
        number_of_previous_plans=previous, recorded_by=by)
    audit_change(actor=by, action=AuditAction.CP_PLAN_START, instance=plan, person_id=person.pk)
    _lcpp_allocate(by=by, plan=plan)
    ended_cin = _end_open_cin_plan(by=by, person=person, cp_start=start)
    summary = (f"Child protection plan started: {plan.get_initial_category_display()}; lead child protection "
               f"practitioner {lead_practitioner}")
    if previous:
        summary += f"; second or later plan ({previous} previous)"
    if ended_cin:
        summary += f". The child in need plan from {d(ended_cin[0])} ended on {d(ended_cin[1])}"
    record_event(person=person, event_type="cp_plan_start", occurred=start, summary=summary, source=plan,
                 recorded_by=by)
    # timescales.md: RCPC_FIRST and CORE_GROUP_FIRST from the ICPC; CP_VISIT from the plan start.
    work_raise(person=person, rule_code="RCPC_FIRST", start=start, source=plan,
               title="First review child protection conference")
    work_raise(person=person, rule_code="CORE_GROUP_FIRST", start=start, source=plan,
               title="First core group meeting")
    work_raise(person=person, rule_code="CP_VISIT", start=start, source=plan, title="Child protection visit")
    return plan


def _lcpp_allocate(*, by, plan: CPPlan) -> None:
    """The LCPP holds the case beside the Family Help lead practitioner (families-first.md section 6)."""
    lead = plan.lead_practitioner
    team = lead.team
    if team is None:
        holder = Allocation.objects.filter(person=plan.person, ended_on__isnull=True).select_related("team").first()
        team = holder.team if holder else None
    if team is None:
        return
    current = Allocation.objects.select_for_update().filter(
        person=plan.person, role=Allocation.Role.LEAD_CP_PRACTITIONER, ended_on__isnull=True).first()
    if current and current.worker_id == lead.pk:
        return
    if current:
        before = snapshot(current, ["ended_on", "end_reason"])
        current.ended_on = max(current.started_on, plan.start_date - dt.timedelta(days=1))
        current.end_reason = "A new child protection plan started"
        current.save(update_fields=["ended_on", "end_reason", "updated_at"])
        audit_change(actor=by, action=AuditAction.ALLOCATION_END, instance=current, before=before,
                     after=snapshot(current, ["ended_on", "end_reason"]), person_id=plan.person_id)
    allocation = Allocation.objects.create(person=plan.person, team=team, worker=lead,
                                           role=Allocation.Role.LEAD_CP_PRACTITIONER, started_on=plan.start_date)
    audit_change(actor=by, action=AuditAction.ALLOCATION_START, instance=allocation, person_id=plan.person_id)


def _lcpp_release(*, by, plan: CPPlan, on: dt.date) -> None:
    current = Allocation.objects.filter(person=plan.person, role=Allocation.Role.LEAD_CP_PRACTITIONER,
                                        ended_on__isnull=True).first()
    if current is None:
        return
    before = snapshot(current, ["ended_on", "end_reason"])
    current.ended_on = max(current.started_on, on)
    current.end_reason = "The child protection plan ended"
    current.save(update_fields=["ended_on", "end_reason", "updated_at"])
    audit_change(actor=by, action=AuditAction.ALLOCATION_END, instance=current, before=before,
                 after=snapshot(current, ["ended_on", "end_reason"]), person_id=plan.person_id)


def _end_open_cin_plan(*, by, person, cp_start: dt.date) -> tuple[dt.date, dt.date] | None:
    """Rules 4001/4003: a CIN plan must not be open alongside a CP plan. End the child's open CIN
    plan (family_help.CINPlan, if that app has it) the day before the CP plan starts.
    Returns (CIN plan start, end) when one was ended."""
    try:
        from django.apps import apps  # noqa: PLC0415

        CINPlan = apps.get_model("family_help", "CINPlan")
    except (ImportError, LookupError):
        return None
    try:
        cin_plan = CINPlan.objects.select_for_update().filter(person=person, end_date__isnull=True).first()
    except FieldError:  # pragma: no cover - depends on the family_help app's field names
        log.warning("family_help.CINPlan has no person/end_date fields: CIN plan left open")
        return None
    if cin_plan is None:
        return None
    start = getattr(cin_plan, "start_date", None)
    end = cp_start - dt.timedelta(days=1)
    if start and end < start:
        end = start
    before = snapshot(cin_plan, ["end_date"])
    fields = {"end_date": end}
    names = {f.name for f in CINPlan._meta.get_fields()}
    for name, value in (("end_reason", "A child protection plan started"),):
        if name in names:
            fields[name] = value
    if "version" in names:
        fields["version"] = F("version") + 1
    if "updated_at" in names:
        fields["updated_at"] = timezone.now()
    CINPlan.objects.filter(pk=cin_plan.pk).update(**fields)
    cin_plan.refresh_from_db()
    audit_change(actor=by, action=AuditAction.CIN_PLAN_END, instance=cin_plan, before=before,
                 after=snapshot(cin_plan, ["end_date"]), person_id=person.pk,
                 reason="A child protection plan started (CIN census rules 4001/4003)")
    work_cancel(source=cin_plan, reason="A child protection plan started")
    return (start or end), end


def _check_end_after_activity(errors: dict, plan: CPPlan, end_date: dt.date, *, field: str) -> None:
    last = plan_last_activity(plan)
    if last and end_date < last[0]:
        _add(errors, field, f"The plan cannot end before its last {last[1]} ({d(last[0])})")


@transaction.atomic
def cp_plan_end(*, by, plan: CPPlan, end_date: dt.date, end_reason: str, latest_category: str = "",
                expected_version: int | None = None) -> CPPlan:
    """End a child protection plan (CPPendDate) with its reason; the latest category of abuse may be
    updated. Open work for the plan (reviews, core group, visits) is no longer needed."""
    _require(by, Perm.CONFERENCE_RECORD)
    plan = _open_plan_locked(plan)
    if expected_version is not None and plan.version != expected_version:
        raise EditConflict(current=plan, changed_fields={})
    errors: dict[str, list[str]] = {}
    if not plan.is_open:
        _add(errors, "end_date", f"This plan already ended on {d(plan.end_date)}")
    if end_date is None:
        _add(errors, "end_date", "Enter the date the plan ended")
    else:
        problem = rules.plan_end_problem(plan.start_date, end_date)
        if problem:
            _add(errors, "end_date", problem)
        else:
            _check_end_after_activity(errors, plan, end_date, field="end_date")
        _check_date(errors, "end_date", end_date, plan.episode, "The plan end date")
    if not (end_reason or "").strip():
        _add(errors, "end_reason", "Enter why the plan is ending")
    _require_category(errors, "latest_category", latest_category, required=False)
    if errors:
        raise ValidationError(errors)
    _plan_close(by=by, plan=plan, end_date=end_date, end_reason=end_reason.strip(), latest_category=latest_category)
    return plan


def _plan_close(*, by, plan: CPPlan, end_date: dt.date, end_reason: str, latest_category: str = "") -> None:
    before = snapshot(plan, ["end_date", "end_reason", "latest_category"])
    if latest_category:
        plan.latest_category = latest_category
    plan.end_date, plan.end_reason, plan.ended_by = end_date, end_reason, by
    plan.version += 1
    plan.save(update_fields=["end_date", "end_reason", "ended_by", "latest_category", "version", "updated_at"])
    audit_change(actor=by, action=AuditAction.CP_PLAN_END, instance=plan, before=before,
                 after=snapshot(plan, ["end_date", "end_reason", "latest_category"]), person_id=plan.person_id)
    work_cancel(source=plan, reason="The child protection plan ended")
    _lcpp_release(by=by, plan=plan, on=end_date)
    summary = f"Child protection plan ended ({plan.get_latest_category_display().lower()}): {end_reason}"
    if lasting_over_two_years(plan, end_date):
        summary = "Child protection plan ended after two years or more: " + summary.split(": ", 1)[1]
    record_event(person=plan.person, event_type="cp_plan_end", occurred=end_date, summary=summary, source=plan,
                 recorded_by=by)

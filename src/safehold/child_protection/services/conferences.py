"""Child protection conferences: the initial conference after a section 47 enquiry (which may start a plan)
and the review conferences of a plan (which continue it or end it)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction

from safehold.accounts.policy import Perm
from safehold.accounts.policy import require as _require
from safehold.audit.actions import AuditAction
from safehold.audit.services import audit_change, snapshot
from safehold.casework.work import open_work_for, work_complete, work_complete_for, work_raise
from safehold.core.validation import add_error as _add
from safehold.core.validation import d, local_date
from safehold.people.chronology import record_event

from .. import rules
from ..codes import CategoryOfAbuse
from ..models import ChildProtectionConference, CPPlan, Section47Enquiry
from ..selectors import last_review_on
from ._common import _check_date, _open_plan_locked, _require_category
from .plans import _check_end_after_activity, _plan_close, _plan_start

Outcome = ChildProtectionConference.Outcome


def _check_conference_day(errors: dict, held_on: dt.date) -> None:
    # Rule 8875: the date of a child protection conference cannot be a weekend.
    if held_on.weekday() >= 5:
        _add(errors, "held_on", f"A conference cannot be held at a weekend ({held_on:%A} {d(held_on)})")


@transaction.atomic
def conference_initial_record(*, by, enquiry: Section47Enquiry, held_on: dt.date, chaired_by, outcome: str,
                              category: str = "", lead_practitioner=None, notes: str = "") -> ChildProtectionConference:
    """Record an initial child protection conference. Stops the ICPC clock (on time if held by the
    InitialCPCtarget). A decision for a plan starts the plan on the conference date (rule 2885)."""
    _require(by, Perm.CONFERENCE_RECORD)
    enquiry = Section47Enquiry.objects.select_for_update(of=("self",)).select_related(
        "strategy_discussion", "episode", "person").get(pk=enquiry.pk)
    errors: dict[str, list[str]] = {}
    if enquiry.icpc_held_on:
        _add(errors, "held_on", f"The initial conference for this enquiry was held on {d(enquiry.icpc_held_on)}")
    elif enquiry.icpc_not_required:
        _add(errors, "held_on", "This enquiry concluded that no initial conference was needed")
    elif not enquiry.end_date:
        _add(errors, "held_on", "Record the outcome of the section 47 enquiry before its initial conference")
    if held_on is None:
        _add(errors, "held_on", "Enter the date of the conference")
    else:
        strategy_date = local_date(enquiry.strategy_discussion.held_at)
        if held_on < strategy_date:
            _add(errors, "held_on",
                 f"The conference date must be on or after the strategy discussion ({d(strategy_date)})")
        elif rules.conference_before_enquiry(held_on, enquiry.start_date):
            _add(errors, "held_on",
                 "The conference date must be on or after the start of the section 47 enquiry "
                 f"({d(enquiry.start_date)})")
        elif enquiry.end_date and held_on < enquiry.end_date:
            _add(errors, "held_on",
                 "The conference date must be on or after the end of the section 47 enquiry "
                 f"({d(enquiry.end_date)})")
        _check_conference_day(errors, held_on)
        _check_date(errors, "held_on", held_on, enquiry.episode, "The conference date")
    if chaired_by is None:
        _add(errors, "chaired_by", "Choose who chaired the conference")
    if outcome not in (Outcome.PLAN, Outcome.NO_PLAN):
        _add(errors, "outcome", "Choose whether the conference decided on a child protection plan")
    if outcome == Outcome.PLAN:
        _require_category(errors, "category", category, required=True)
        if lead_practitioner is None:
            _add(errors, "lead_practitioner", "Choose the lead child protection practitioner")
        if held_on is not None:
            _check_no_plan_overlap(errors, enquiry.person, held_on)
    elif category:
        _add(errors, "category", "Only give a category of abuse when the child is to have a plan")
    if errors:
        raise ValidationError(errors)

    conference = ChildProtectionConference.objects.create(
        person=enquiry.person, episode=enquiry.episode, kind=ChildProtectionConference.Kind.INITIAL,
        enquiry=enquiry, held_on=held_on, chaired_by=chaired_by, outcome=outcome,
        category=category if outcome == Outcome.PLAN else "", notes=(notes or "").strip(), recorded_by=by)
    before = snapshot(enquiry, ["icpc_held_on"])
    enquiry.icpc_held_on = held_on  # census DateOfInitialCPC, at the Section47 level (rule 2884)
    enquiry.version += 1
    enquiry.save(update_fields=["icpc_held_on", "version", "updated_at"])
    audit_change(actor=by, action=AuditAction.CP_CONFERENCE_INITIAL, instance=conference, person_id=enquiry.person_id)
    audit_change(actor=by, action=AuditAction.SECTION47_ICPC, instance=enquiry, before=before,
                 after=snapshot(enquiry, ["icpc_held_on"]), person_id=enquiry.person_id)
    work = work_complete_for(source=enquiry, rule_code="ICPC", done=held_on, by_event=conference)
    timing = ""
    if work is not None:
        timing = " (on time)" if work.on_time else f" (late: due by {d(work.due_on)})"
    record_event(person=enquiry.person, event_type="icpc", occurred=held_on,
                 summary=f"Initial child protection conference{timing}: {conference.get_outcome_display().lower()}",
                 source=conference, recorded_by=by)
    if outcome == Outcome.PLAN:
        plan = _plan_start(by=by, conference=conference, category=category, lead_practitioner=lead_practitioner)
        conference.plan = plan
        conference.save(update_fields=["plan", "updated_at"])
    return conference


def _check_no_plan_overlap(errors: dict, person, start: dt.date) -> None:
    # Rules 8935 (only one open plan) and 8940 (plans must not overlap).
    open_plan = CPPlan.objects.select_for_update().filter(person=person, end_date__isnull=True).first()
    if open_plan:
        _add(errors, "outcome",
             f"The child already has a child protection plan from {d(open_plan.start_date)}: record a review "
             "conference for that plan instead")
        return
    overlapping = CPPlan.objects.filter(person=person, start_date__lte=start, end_date__gt=start).first() or \
        CPPlan.objects.filter(person=person, start_date__gt=start).first()
    if overlapping:
        _add(errors, "held_on",
             f"A plan starting on {d(start)} would overlap the plan from {d(overlapping.start_date)} "
             f"to {d(overlapping.end_date)}")


@transaction.atomic
def conference_review_record(*, by, plan: CPPlan, held_on: dt.date, chaired_by, outcome: str, category: str = "",
                             end_reason: str = "", notes: str = "") -> ChildProtectionConference:
    """Record a review child protection conference. Stops the RCPC clock; the plan continues (next
    review within 6 months, timescales.md RCPC_NEXT) or ends on the conference date."""
    _require(by, Perm.CONFERENCE_RECORD)
    plan = _open_plan_locked(plan)
    errors: dict[str, list[str]] = {}
    if not plan.is_open:
        _add(errors, "held_on", f"This plan ended on {d(plan.end_date)}")
    if held_on is None:
        _add(errors, "held_on", "Enter the date of the conference")
    else:
        last_review = last_review_on(plan)
        if held_on <= plan.start_date:  # rule 8841: a review is after the plan start
            _add(errors, "held_on",
                 "The review conference must be after the initial conference that started the plan "
                 f"({d(plan.start_date)})")
        elif last_review and held_on <= last_review:
            _add(errors, "held_on", f"The review conference must be after the last review ({d(last_review)})")
        _check_conference_day(errors, held_on)
        _check_date(errors, "held_on", held_on, plan.episode, "The conference date")
    if chaired_by is None:
        _add(errors, "chaired_by", "Choose who chaired the conference")
    if outcome not in (Outcome.PLAN_CONTINUES, Outcome.PLAN_ENDS):
        _add(errors, "outcome", "Choose whether the plan continues or ends")
    _require_category(errors, "category", category, required=False)
    if outcome == Outcome.PLAN_ENDS:
        if not (end_reason or "").strip():
            _add(errors, "end_reason", "Enter why the plan is ending")
        elif held_on is not None:
            _check_end_after_activity(errors, plan, held_on, field="held_on")
    if errors:
        raise ValidationError(errors)

    conference = ChildProtectionConference.objects.create(
        person=plan.person, episode=plan.episode, kind=ChildProtectionConference.Kind.REVIEW, plan=plan,
        held_on=held_on, chaired_by=chaired_by, outcome=outcome, category=category, notes=(notes or "").strip(),
        recorded_by=by)
    audit_change(actor=by, action=AuditAction.CP_CONFERENCE_REVIEW, instance=conference, person_id=plan.person_id)
    timing = ""
    for work in open_work_for(source=plan).filter(rule_code__in=["RCPC_FIRST", "RCPC_NEXT"]):
        work_complete(work=work, done=held_on, by_event=conference)
        timing = " (on time)" if work.on_time else f" (late: due by {d(work.due_on)})"
    if category and category != plan.latest_category:
        before = snapshot(plan, ["latest_category"])
        plan.latest_category = category
        plan.version += 1
        plan.save(update_fields=["latest_category", "version", "updated_at"])
        audit_change(actor=by, action=AuditAction.CP_PLAN_CATEGORY, instance=plan, before=before,
                     after=snapshot(plan, ["latest_category"]), person_id=plan.person_id)
    summary = f"Review child protection conference{timing}: {conference.get_outcome_display().lower()}"
    if category:
        summary += f"; category {CategoryOfAbuse(category).label.lower()}"
    record_event(person=plan.person, event_type="rcpc", occurred=held_on, summary=summary, source=conference,
                 recorded_by=by)
    if outcome == Outcome.PLAN_CONTINUES:
        work_raise(person=plan.person, rule_code="RCPC_NEXT", start=held_on, source=plan,
                   title="Review child protection conference")
    else:
        _plan_close(by=by, plan=plan, end_date=held_on, end_reason=end_reason.strip())
    return conference

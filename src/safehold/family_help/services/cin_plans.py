"""Child in need plans (census CINPlanStartDate, CINPlanEndDate)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from safehold.accounts.policy import Perm
from safehold.accounts.policy import require as _require
from safehold.audit.actions import AuditAction
from safehold.audit.services import audit_change, snapshot
from safehold.casework.work import work_cancel
from safehold.core.concurrency import save_if_unchanged
from safehold.core.validation import add_error as _add
from safehold.core.validation import d
from safehold.core.validation import raise_if_errors as _raise
from safehold.people.chronology import record_event

from ..models import CINEpisode, CINPlan
from ._common import _check_end, _check_in_episode, _cp_models, _locked_episode, _require_open_episode
from .lead_practitioner import _lead_allocate, _lead_release


@transaction.atomic
def cin_plan_start(*, by, episode: CINEpisode, start_date: dt.date, lead_practitioner) -> CINPlan:
    """Start a child in need plan (census CINPlanStartDate) with its Family Help lead practitioner."""
    _require(by, Perm.CASEWORK_RECORD)
    episode = _locked_episode(episode)
    person = episode.person
    errors: dict[str, list[str]] = {}
    _require_open_episode(errors, "start_date", episode)
    _check_in_episode(errors, "start_date", start_date, episode, "The plan start date")  # rule 4015
    if lead_practitioner is None:
        _add(errors, "lead_practitioner", "Choose the lead practitioner")
    current = CINPlan.objects.select_for_update().filter(person=person, end_date__isnull=True).first()
    if current:  # rule 4004
        _add(errors, "start_date", f"The child in need plan from {d(current.start_date)} is still open: end it first")
    elif start_date:
        overlap = CINPlan.objects.filter(person=person, start_date__lte=start_date, end_date__gte=start_date).first()
        if overlap:  # rule 4014
            _add(errors, "start_date", f"A plan starting on {d(start_date)} would overlap the plan from "
                                       f"{d(overlap.start_date)} to {d(overlap.end_date)}: start it after "
                                       f"{d(overlap.end_date)}")
    CPPlan, _ = _cp_models()
    open_cp = list(CPPlan.objects.filter(person=person, end_date__isnull=True))
    if open_cp:  # rules 4001/4003
        _add(errors, "start_date", f"{person.full_name} has a child protection plan from {d(open_cp[0].start_date)}: "
                                   "a child in need plan cannot be open at the same time")
    _raise(errors)
    plan = CINPlan.objects.create(episode=episode, person=person, start_date=start_date,
                                  lead_practitioner=lead_practitioner, recorded_by=by)
    audit_change(actor=by, action=AuditAction.CIN_PLAN_START, instance=plan, person_id=person.pk)
    _lead_allocate(by=by, person=person, lead=lead_practitioner, on=start_date)
    record_event(person=person, event_type="cin_plan", occurred=start_date,
                 summary=f"Child in need plan started; lead practitioner {lead_practitioner}", source=plan,
                 recorded_by=by)
    return plan


@transaction.atomic
def cin_plan_end(*, by, plan: CINPlan, end_date: dt.date, expected_version: int, end_reason: str = "") -> CINPlan:
    """End a child in need plan (census CINPlanEndDate)."""
    _require(by, Perm.CASEWORK_RECORD)
    plan = CINPlan.objects.select_for_update(of=("self",)).select_related("person", "episode").get(pk=plan.pk)
    errors: dict[str, list[str]] = {}
    _check_end(errors, "end_date", plan, end_date, "plan")
    if not (end_reason or "").strip():
        _add(errors, "end_reason", "Say why the plan is ending")
    _raise(errors)
    before = snapshot(plan, ["end_date", "end_reason"])
    plan.end_date, plan.end_reason = end_date, end_reason.strip()
    save_if_unchanged(plan, expected_version=expected_version, fields=["end_date", "end_reason"])
    audit_change(actor=by, action=AuditAction.CIN_PLAN_END, instance=plan, before=before,
                 after=snapshot(plan, ["end_date", "end_reason"]), person_id=plan.person_id)
    work_cancel(source=plan, reason="The child in need plan ended")
    _lead_release(by=by, person=plan.person, lead=plan.lead_practitioner, on=end_date,
                  reason="The child in need plan ended")
    record_event(person=plan.person, event_type="cin_plan", occurred=end_date,
                 summary=f"Child in need plan ended: {plan.end_reason}", source=plan, recorded_by=by)
    return plan

"""The plan's outcomes, actions and contingency (issue 14.6)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from safehold.accounts.policy import Perm
from safehold.accounts.policy import require as _require
from safehold.audit.actions import AuditAction
from safehold.audit.services import audit_change, snapshot
from safehold.core.concurrency import save_if_unchanged
from safehold.core.validation import add_error as _add
from safehold.core.validation import d

from ..models import CPPlan, PlanAction, PlanOutcome


def _open_plan_for_content(plan):
    plan = CPPlan.objects.select_for_update(of=("self",)).get(pk=plan.pk)
    if plan.end_date is not None:
        raise ValidationError({"outcome": [f"This plan ended on {d(plan.end_date)}"]})
    return plan


@transaction.atomic
def plan_outcome_add(*, by, plan, outcome: str):
    _require(by, Perm.CASEWORK_RECORD)
    plan = _open_plan_for_content(plan)
    if not (outcome or "").strip():
        raise ValidationError({"outcome": ["Write the outcome for the child, as the conference agreed it"]})
    number = (plan.outcomes.aggregate(n=Max("number"))["n"] or 0) + 1
    made = PlanOutcome.objects.create(plan=plan, number=number, outcome=outcome.strip()[:400], recorded_by=by)
    audit_change(actor=by, action=AuditAction.CP_PLAN_OUTCOME_ADD, instance=made, person_id=plan.person_id)
    return made


@transaction.atomic
def plan_action_add(*, by, outcome, action: str, owner: str, owner_agency: str, due_on: dt.date | None):
    _require(by, Perm.CASEWORK_RECORD)
    _open_plan_for_content(outcome.plan)
    errors: dict[str, list[str]] = {}
    if not (action or "").strip():
        _add(errors, "action", "Say what will be done")
    if not (owner or "").strip():
        _add(errors, "owner", "Say who will do it")
    if owner_agency not in dict(PlanAction._meta.get_field("owner_agency").choices):
        _add(errors, "owner_agency", "Choose their agency or role")
    if due_on is None:
        _add(errors, "due_on", "Enter the date it will be done by")
    if errors:
        raise ValidationError(errors)
    made = PlanAction.objects.create(outcome=outcome, action=action.strip()[:400], owner=owner.strip()[:120],
                                     owner_agency=owner_agency, due_on=due_on, recorded_by=by)
    audit_change(actor=by, action=AuditAction.CP_PLAN_ACTION_ADD, instance=made, person_id=outcome.plan.person_id)
    return made


@transaction.atomic
def plan_action_done(*, by, action, done_on: dt.date):
    _require(by, Perm.CASEWORK_RECORD)
    if done_on > timezone.localdate():
        raise ValidationError({"done_on": ["The date it was done must be today or in the past"]})
    before = snapshot(action, ["done_on"])
    action.done_on = done_on
    action.save(update_fields=["done_on", "updated_at"])
    audit_change(actor=by, action=AuditAction.CP_PLAN_ACTION_DONE, instance=action, before=before,
                 after=snapshot(action, ["done_on"]), person_id=action.outcome.plan.person_id)
    return action


@transaction.atomic
def plan_contingency_save(*, by, plan, text: str, expected_version: int):
    _require(by, Perm.CASEWORK_RECORD)
    if not (text or "").strip():
        raise ValidationError({"contingency": ["Write what will happen if the plan is not working or the risk grows"]})
    before = snapshot(plan, ["contingency"])
    plan.contingency = text.replace("\r\n", "\n").strip()
    save_if_unchanged(plan, expected_version=expected_version, fields=["contingency"])
    audit_change(actor=by, action=AuditAction.CP_PLAN_CONTINGENCY, instance=plan, before=before,
                 after=snapshot(plan, ["contingency"]), person_id=plan.person_id)
    return plan

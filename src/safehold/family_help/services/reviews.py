"""Reviews of a child in need plan or an early help plan."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from safehold.accounts.policy import Perm
from safehold.accounts.policy import require as _require
from safehold.audit.actions import AuditAction
from safehold.audit.services import audit_change
from safehold.casework.signoff import sign_off_open
from safehold.core.validation import add_error as _add
from safehold.core.validation import check_day as _check_day
from safehold.core.validation import d
from safehold.core.validation import raise_if_errors as _raise
from safehold.people.chronology import record_event

from ..models import CINPlan, EarlyHelpEpisode, PlanReview
from ..signoff_kinds import plan_review_title


@transaction.atomic
def plan_review_record(*, by, plan: CINPlan | EarlyHelpEpisode, review_date: dt.date, outcome: str) -> PlanReview:
    """Review a child in need plan or an early help plan."""
    _require(by, Perm.CASEWORK_RECORD)
    if not isinstance(plan, (CINPlan, EarlyHelpEpisode)):
        raise TypeError("plan must be a CINPlan or an EarlyHelpEpisode")
    what = "plan" if isinstance(plan, CINPlan) else "early help"
    plan = type(plan).objects.select_for_update(of=("self",)).select_related("person").get(pk=plan.pk)
    errors: dict[str, list[str]] = {}
    if _check_day(errors, "review_date", review_date, "The review date"):
        if review_date < plan.start_date:
            _add(errors, "review_date", f"The review date must be on or after the {what} started "
                                        f"({d(plan.start_date)})")
        if plan.end_date and review_date > plan.end_date:
            _add(errors, "review_date", f"The review date must be on or before the {what} ended ({d(plan.end_date)})")
    if not (outcome or "").strip():
        _add(errors, "outcome", "Say what the review decided")
    _raise(errors)
    review = PlanReview.objects.create(
        person=plan.person, review_date=review_date, outcome=outcome.strip(), recorded_by=by,
        cin_plan=plan if isinstance(plan, CINPlan) else None,
        early_help=plan if isinstance(plan, EarlyHelpEpisode) else None)
    audit_change(actor=by, action=AuditAction.PLAN_REVIEW_RECORD, instance=review, person_id=plan.person_id)
    sign_off_open(by=by, record=review, kind="plan_review", person=plan.person, title=plan_review_title(review))
    label = "Child in need plan" if isinstance(plan, CINPlan) else "Family Help (early help) plan"
    record_event(person=plan.person, event_type="plan_review", occurred=review_date,
                 summary=f"{label} reviewed: {review.outcome}", source=review, recorded_by=by)
    return review

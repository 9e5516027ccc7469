"""Looked after reviews chaired by an IRO (CPPCR 2010 reg 33), the care plan with its permanence plan,
and the IRO's own contact with the child between reviews."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction

from safehold.accounts.models import Role
from safehold.accounts.policy import Perm
from safehold.accounts.policy import require as _require
from safehold.audit.actions import AuditAction
from safehold.audit.services import audit_change
from safehold.casework.models import StatutoryWork
from safehold.casework.signoff import sign_off_open
from safehold.children_in_care.models import PeriodOfCare, Placement
from safehold.core.validation import add_error as _add
from safehold.core.validation import d, raise_if_errors
from safehold.people.chronology import record_event

from ..clocks import REVIEW_RULES
from ..codes import (
    UNDER_FOUR_ONLY,
    Participation,
    PermanencePlan,
)
from ..models import (
    CarePlan,
    CLAReview,
    IROContact,
)
from ..selectors import iro_holder, next_visit_rule, timing_words
from ..signoff_kinds import care_plan_title
from .common import complete_any, lock_period, period_on, restart_clock, simple_record, start_clock


def _iro(by, chosen, errors: dict, field: str, what: str):
    """The IRO who `what`: the one chosen, or the user recording it when they are an IRO."""
    iro = chosen or (by if by.role == Role.IRO else None)
    if iro is None:
        _add(errors, field, f"Choose the independent reviewing officer who {what}")
    elif iro.role != Role.IRO:
        _add(errors, field, f"{iro} is not an independent reviewing officer")
    return iro


@transaction.atomic
def review_record(*, by, person, review_date: dt.date, participation: str, chaired_by=None,
                  care_plan_endorsed: bool = True, recommendations: str = "") -> CLAReview:
    """Record a looked after review chaired by an IRO. Stops the review clock that was running and
    starts the next; reviews are recorded in date order within a period of care."""
    _require(by, Perm.CONFERENCE_RECORD)
    errors: dict[str, list[str]] = {}
    period = period_on(person, review_date, errors, "review_date", "review")
    chaired_by = _iro(by, chaired_by, errors, "chaired_by", "chaired the review")
    if participation not in Participation.values:
        _add(errors, "participation", "Choose how the child took part in the review")
    elif review_date and person.dob:
        # ../shared/domain/ssda903.md "Reviews": PN0 only under 4, PN1-PN7 only 4 or over (rules 440, 441).
        age = person.age_on(review_date)
        if age < 4 and participation not in UNDER_FOUR_ONLY:
            _add(errors, "participation", f"The child was {age} at the review: a child under 4 is recorded as PN0")
        elif age >= 4 and participation in UNDER_FOUR_ONLY:
            _add(errors, "participation", f"The child was {age} at the review: PN0 is only for a child under 4")
    latest = None
    if period is not None:
        period = lock_period(period)
        latest = period.reviews.order_by("-review_date", "-sequence").first()
        if latest and review_date < latest.review_date:
            _add(errors, "review_date",
                 f"Review {latest.sequence} was on {d(latest.review_date)}: reviews are recorded in date order")
    raise_if_errors(errors)
    sequence = (latest.sequence + 1) if latest else 1
    review = CLAReview.objects.create(
        person=person, period=period, review_date=review_date, participation=participation, sequence=sequence,
        chaired_by=chaired_by, care_plan_endorsed=care_plan_endorsed,
        recommendations=(recommendations or "").strip(), recorded_by=by)
    audit_change(actor=by, action=AuditAction.CLA_REVIEW_RECORD, instance=review, person_id=person.pk)
    work = restart_clock(person=person, period=period, rule_codes=REVIEW_RULES, day=review_date, event=review,
                         next_rule="CLA_REVIEW_SECOND" if sequence == 1 else "CLA_REVIEW_NEXT")
    in_care = period.end_date is None
    if sequence == 1 and in_care and not period.care_plans.exists():
        start_clock(person, "PERMANENCE_PLAN", review_date, period)
    # The review is the IRO's contact with the child too.
    restart_clock(person=person, period=period, rule_codes=("IRO_CONTACT",), next_rule="IRO_CONTACT", day=review_date,
                  event=review, holder=iro_holder(person))
    if sequence == 1 and in_care:
        _weekly_visits_end(period, review_date)
    record_event(person=person, event_type="cla_review", occurred=review_date,
                 summary=f"Looked after review {sequence}{timing_words(work)}, chaired by {review.chaired_by}: "
                         f"{participation} {Participation(participation).label}",
                 source=review, recorded_by=by)
    return review


def _weekly_visits_end(period: PeriodOfCare, first_review: dt.date) -> None:
    """Weekly visits last until the first review (reg 28); the running weekly clock becomes four-weekly,
    counted from the same last visit."""
    for work in StatutoryWork.objects.filter(person_id=period.person_id, rule_code="CLA_VISIT_WEEKLY",
                                             status=StatutoryWork.Status.OPEN):
        work.status = StatutoryWork.Status.CANCELLED
        work.cancel_reason = "First review held: visits are now at most four-weekly"
        work.save(update_fields=["status", "cancel_reason", "updated_at"])
        placement = Placement.objects.get(pk=work.source_id)
        start_clock(work.person, next_visit_rule(placement, first_review), work.started_on, placement)


@transaction.atomic
def care_plan_record(*, by, person, agreed_on: dt.date, permanence_plan: str, summary: str = "") -> CarePlan:
    """Record the care plan with its permanence plan (Annex A list 8); stops the PERMANENCE_PLAN clock."""
    _require(by, Perm.CASEWORK_RECORD)
    errors: dict[str, list[str]] = {}
    period = period_on(person, agreed_on, errors, "agreed_on", "care plan")
    if permanence_plan not in PermanencePlan.values:
        _add(errors, "permanence_plan", "Choose the permanence plan")
    raise_if_errors(errors)
    period = lock_period(period)
    plan = CarePlan.objects.create(person=person, period=period, agreed_on=agreed_on, permanence_plan=permanence_plan,
                                   summary=(summary or "").strip(), recorded_by=by)
    audit_change(actor=by, action=AuditAction.CARE_PLAN_RECORD, instance=plan, person_id=person.pk)
    sign_off_open(by=by, record=plan, kind="care_plan", person=person, title=care_plan_title(plan))
    work = complete_any(source=period, rule_codes=("PERMANENCE_PLAN",), done=agreed_on, by_event=plan)
    record_event(person=person, event_type="care_plan", occurred=agreed_on,
                 summary=f"Care plan agreed{timing_words(work)}: permanence plan {plan.get_permanence_plan_display()}",
                 source=plan, recorded_by=by)
    return plan


@transaction.atomic
def iro_contact_record(*, by, person, contact_on: dt.date, method: str, notes: str = "", iro=None) -> IROContact:
    """The IRO's own contact with the child between reviews (Annex A list 8)."""
    _require(by, Perm.CONFERENCE_RECORD)
    errors: dict[str, list[str]] = {}
    iro = _iro(by, iro, errors, "iro", "was in contact with the child")
    if method not in IROContact.Method.values:
        _add(errors, "method", "Choose how the IRO was in contact with the child")
    if errors:
        period_on(person, contact_on, errors, "contact_on", "IRO contact")
        raise ValidationError(errors)
    return simple_record(by=by, person=person, day=contact_on, field="contact_on", what="IRO contact",
                         model=IROContact, date_field="contact_on", rule_codes=("IRO_CONTACT",),
                         next_rule="IRO_CONTACT", event_type="iro_contact",
                         event_summary=f"IRO contact with the child by {iro} ({IROContact.Method(method).label.lower()})",
                         method=method, iro=iro, notes=(notes or "").strip())

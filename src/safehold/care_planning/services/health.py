"""Health assessments (initial, then reviews by age) and dental checks."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from safehold.accounts.policy import Perm
from safehold.accounts.policy import require as _require
from safehold.audit.actions import AuditAction
from safehold.audit.services import audit_change
from safehold.core.validation import add_error as _add
from safehold.core.validation import d, raise_if_errors
from safehold.people.chronology import record_event

from ..clocks import HEALTH_RULES
from ..codes import (
    HealthAssessmentKind,
)
from ..models import (
    DentalCheck,
    HealthAssessment,
)
from ..selectors import timing_words
from .common import lock_period, period_on, restart_clock, simple_record


@transaction.atomic
def health_assessment_record(*, by, person, assessed_on: dt.date) -> HealthAssessment:
    """The first health assessment in a period is the initial one; later ones are reviews, due every 6
    months under 5 and every 12 months from 5 (timescales.md HEALTH_ASSESSMENT_*)."""
    _require(by, Perm.CASEWORK_RECORD)
    errors: dict[str, list[str]] = {}
    period = period_on(person, assessed_on, errors, "assessed_on", "health assessment")
    latest = None
    if period is not None:
        period = lock_period(period)
        latest = period.health_assessments.order_by("-assessed_on").first()
        if period.health_assessments.filter(assessed_on=assessed_on).exists():
            _add(errors, "assessed_on", f"A health assessment on {d(assessed_on)} is already recorded")
    raise_if_errors(errors)
    earlier = period.health_assessments.filter(assessed_on__lt=assessed_on).exists()
    kind = HealthAssessmentKind.REVIEW if earlier else HealthAssessmentKind.INITIAL
    if not earlier:  # recorded late, before the one thought to be the initial assessment
        period.health_assessments.update(kind=HealthAssessmentKind.REVIEW)
    assessment = HealthAssessment.objects.create(person=person, period=period, kind=kind, assessed_on=assessed_on,
                                                 recorded_by=by)
    audit_change(actor=by, action=AuditAction.HEALTH_ASSESSMENT_RECORD, instance=assessment, person_id=person.pk)
    work = None
    if latest is None or assessed_on > latest.assessed_on:
        age = person.age_on(assessed_on)
        work = restart_clock(person=person, period=period, rule_codes=HEALTH_RULES, day=assessed_on, event=assessment,
                             next_rule="HEALTH_ASSESSMENT_UNDER5" if age is not None and age < 5 else "HEALTH_ASSESSMENT")
    record_event(person=person, event_type="health_assessment", occurred=assessed_on,
                 summary=f"{assessment.get_kind_display()}{timing_words(work)}", source=assessment, recorded_by=by)
    return assessment


@transaction.atomic
def dental_check_record(*, by, person, checked_on: dt.date) -> DentalCheck:
    _require(by, Perm.CASEWORK_RECORD)
    return simple_record(by=by, person=person, day=checked_on, field="checked_on", what="dental check",
                         model=DentalCheck, date_field="checked_on", rule_codes=("DENTAL_CHECK",),
                         next_rule="DENTAL_CHECK", event_type="dental_check", event_summary="Dental check",
                         recorded_by=by)

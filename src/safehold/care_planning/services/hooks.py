"""Hooks children_in_care.services calls inside its own transaction, so a period of care and its first
clocks are saved together or not at all: a period starts, a placement starts, a legal status
changes, a period ends."""

from __future__ import annotations

from safehold.casework.work import work_cancel
from safehold.children_in_care.codes import LegalStatus, PlacementType
from safehold.children_in_care.models import CareEpisode, PeriodOfCare, Placement
from safehold.core.validation import d

from ..clocks import PEP_FROM_AGE, PEP_UNTIL_AGE
from ..selectors import iro_holder
from .common import start_clock


def period_started(*, period: PeriodOfCare, by) -> None:
    """Becoming looked after starts the first review, health, dental, PEP and IRO clocks."""
    person, start = period.person, period.start_date
    start_clock(person, "CLA_REVIEW_FIRST", start, period)
    start_clock(person, "HEALTH_ASSESSMENT_INITIAL", start, period)
    start_clock(person, "DENTAL_CHECK", start, period)
    age = person.age_on(start)
    if age is not None and PEP_FROM_AGE <= age < PEP_UNTIL_AGE:
        start_clock(person, "PEP_INITIAL", start, period)
    start_clock(person, "IRO_CONTACT", start, period, **iro_holder(person))


def placement_started(*, placement: Placement, by) -> None:
    """Every placement needs a visit within a week (reg 28(2)); the last placement's visits stop."""
    for earlier in Placement.objects.filter(period_id=placement.period_id).exclude(pk=placement.pk):
        work_cancel(source=earlier, reason="The child moved placement")
    start_clock(placement.person, "CLA_VISIT_FIRST", placement.start_date, placement)


def legal_status_changed(*, episode: CareEpisode, by) -> None:
    """A care order (s31) for a child living with a parent: a visit within a week of the order, then at
    most every 6 weeks (timescales.md 1.2, reg 28)."""
    placement = episode.placement
    if placement.placement_type == PlacementType.P1 and episode.legal_status == LegalStatus.C2 and placement.end_date is None:
        work_cancel(source=placement, reason="A care order was made: visit within a week of the order")
        start_clock(episode.person, "CLA_VISIT_FIRST", episode.start_date, placement)


def period_ended(*, period: PeriodOfCare, by) -> None:
    """Leaving care stops every care planning clock of the period (none of them is judged)."""
    reason = f"The child left care on {d(period.end_date)}"
    work_cancel(source=period, reason=reason)
    for placement in Placement.objects.filter(period_id=period.pk):
        work_cancel(source=placement, reason=reason)

"""Periods of care: the child becomes looked after (the period, its first placement and 903 episode, and
the care planning and care leavers clocks they start), and leaves care."""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.db import transaction

from safehold.accounts.policy import Perm, has_perm
from safehold.accounts.policy import require as _require
from safehold.audit.actions import AuditAction
from safehold.audit.services import audit_change, snapshot
from safehold.care_leavers import services as care_leavers
from safehold.care_planning import services as care_planning
from safehold.core.concurrency import save_if_unchanged
from safehold.core.validation import add_error as _add
from safehold.core.validation import check_day as _check_day
from safehold.core.validation import d
from safehold.core.validation import raise_if_errors as _raise
from safehold.family_help.codes import PrimaryNeed
from safehold.family_help.services import referral_open
from safehold.people.chronology import record_event

from ..codes import (
    LEAVING_CARE_REASONS,
    LegalStatus,
    PreviousPermanence,
    ReasonEpisodeCeased,
)
from ..models import (
    CareEpisode,
    DeprivationOfLibertyOrder,
    PeriodOfCare,
    Provider,
)
from ..selectors import episode_of_need_on
from .dolo import dolo_placement_errors
from .episodes import end_episode, open_state
from .legal_status import legal_status_errors
from .placements import end_placement, make_placement, overlapping_placement, resolve_placement
from .unregistered import Authorisation, apply_guard, refusal_audited

NO_LATER_EPISODE = {"E2", "E15"}  # rule 437

_DATE_PERM = re.compile(r"^(\d{2}|ZZ)/(\d{2}|ZZ)/(\d{4})$")


def _check_previous_permanence(errors, code: str, la: str, when: str, start_date) -> None:
    """903 PrevPerm rules (ssda903.md 3.1): P1-P4 need the LA and the date (630); Z1 has neither (635);
    the date is dd/mm/yyyy with ZZ for an unknown day or month, and before the child came into care (632)."""
    la, when = la.strip(), when.strip().upper()
    if not code:
        if la or when:
            _add(errors, "previous_permanence", "Choose the previous permanence order the details are for")
        return
    if code not in PreviousPermanence.values:
        _add(errors, "previous_permanence", "Choose a previous permanence option from the list")
    elif code == PreviousPermanence.Z1:
        if la or when:
            _add(errors, "previous_permanence", "Z1 (no previous permanence order) takes no local authority or "
                                                "date (903 rule 635)")
    else:
        if not la:
            _add(errors, "previous_permanence_la", "Enter the local authority that made the arrangements (rule 630)")
        match = _DATE_PERM.match(when)
        if not match:
            _add(errors, "previous_permanence_date", "Enter the date of the order as dd/mm/yyyy, with ZZ for an "
                                                     "unknown day or month (rule 630)")
        elif start_date and "ZZ" not in when:
            try:
                order = dt.datetime.strptime(when, "%d/%m/%Y").date()
            except ValueError:
                _add(errors, "previous_permanence_date", "The date of the order must be a real date")
            else:
                if order >= start_date:
                    _add(errors, "previous_permanence_date", "The previous permanence order must be before the "
                                                             "child came into care (903 rule 632)")


def period_start(*, by, person, start_date: dt.date, legal_status: str, category_of_need: str,
                 placement_type: str = "", provider: Provider | None = None, intended_until_18: bool = False,
                 weekly_visits: bool = False,
                 authorisation: Authorisation | None = None, previous_permanence: str = "",
                 previous_permanence_la: str = "", previous_permanence_date: str = "",
                 referral_source: str = "") -> PeriodOfCare:
    """The child becomes looked after: a period of care, its first placement and the first 903
    episode, with RNE S (rule 357). A child looked after is a child in need and is counted in the CIN
    census (cin-census.md): when no episode of need covers the start date and `referral_source` is given,
    one is opened on that date with the category of need as its primary need."""
    with refusal_audited(by=by, person=person, placement_type=placement_type, provider=provider), transaction.atomic():
        _require(by, Perm.CASEWORK_RECORD, Perm.PLACEMENT_AUTHORISE_UNREGISTERED)
        errors: dict[str, list[str]] = {}
        if person.kind != person.Kind.CHILD:
            _add(errors, "start_date", "Only a child can become looked after")
        if _check_day(errors, "start_date", start_date, "The date the child became looked after"):
            if person.dob and start_date < person.dob:
                _add(errors, "start_date", f"The date must be on or after the child's date of birth ({d(person.dob)})")
        for message in legal_status_errors(person, legal_status, start_date):
            _add(errors, "legal_status", message)
        if category_of_need not in PrimaryNeed.values:
            _add(errors, "category_of_need", "Choose the category of need (N1 to N9)")
        open_period = PeriodOfCare.objects.select_for_update().filter(person=person, end_date__isnull=True).first()
        if open_period:
            _add(errors, "start_date", f"{person.full_name} is already looked after, since {d(open_period.start_date)}: "
                                       "record a change of placement or legal status instead")
        elif start_date:
            last = PeriodOfCare.objects.filter(person=person).order_by("-end_date").first()
            if last and last.reason_ended in NO_LATER_EPISODE:
                _add(errors, "start_date", f"The last period of care ended with {last.reason_ended} "
                                           f"({last.get_reason_ended_display()}): no later episode is allowed "
                                           "(903 rule 437)")
            elif last and last.end_date > start_date:
                _add(errors, "start_date", f"The date falls inside the period of care from {d(last.start_date)} to "
                                           f"{d(last.end_date)}: it must be on or after {d(last.end_date)}")
        _check_previous_permanence(errors, previous_permanence, previous_permanence_la, previous_permanence_date,
                                   start_date)
        placement_type = resolve_placement(errors, placement_type=placement_type, provider=provider,
                                           start_date=start_date)
        if start_date and placement_type:
            clash = overlapping_placement(person, start_date)
            if clash and clash.end_date != start_date:
                _add(errors, "start_date", f"The placement would overlap the placement from {d(clash.start_date)}"
                                           f"{' to ' + d(clash.end_date) if clash.end_date else ''}: choose a later date")
            for message in dolo_placement_errors(person, placement_type, start_date):
                _add(errors, "placement_type", message)
        _raise(errors)
        concerns = apply_guard(errors, by=by, person=person, placement_type=placement_type, provider=provider,
                               start_date=start_date, authorisation=authorisation)
        period = PeriodOfCare.objects.create(person=person, start_date=start_date, recorded_by=by,
                                             previous_permanence=previous_permanence,
                                             previous_permanence_la=previous_permanence_la.strip().upper(),
                                             previous_permanence_date=previous_permanence_date.strip().upper())
        audit_change(actor=by, action=AuditAction.PERIOD_OF_CARE_START, instance=period, person_id=person.pk)
        placement = make_placement(by=by, person=person, period=period, placement_type=placement_type, provider=provider,
                                   start_date=start_date, intended_until_18=intended_until_18, weekly_visits=weekly_visits,
                                   concerns=concerns,
                                   authorisation=authorisation)
        episode = CareEpisode.objects.create(person=person, period=period, placement=placement, start_date=start_date,
                                             reason_new_episode="S", legal_status=legal_status,
                                             category_of_need=category_of_need)
        audit_change(actor=by, action=AuditAction.CARE_EPISODE_START, instance=episode, person_id=person.pk)
        record_event(person=person, event_type="became_looked_after", occurred=start_date, source=period, recorded_by=by,
                     summary=f"Became looked after: {LegalStatus(legal_status).label} ({legal_status}); placed in "
                             f"{placement}")
        if referral_source and has_perm(by, Perm.CASEWORK_RECORD) and not episode_of_need_on(person, start_date):
            # No assessment clock: the child's needs are assessed through the care plan and its reviews.
            referral_open(by=by, person=person, referral_date=start_date, source=referral_source,
                          primary_need=category_of_need, raise_assessment=False)
        care_leavers.care_started(period=period, by=by)
        care_planning.period_started(period=period, by=by)
        care_planning.placement_started(placement=placement, by=by)
        return period


@transaction.atomic
def period_end(*, by, person, end_date: dt.date, reason: str, expected_version: int | None = None) -> PeriodOfCare:
    """The child leaves care: placement, episode and period end on `end_date`, the episode with an
    E-code (REC). X1 is refused: it means the child stays looked after (rule 432)."""
    _require(by, Perm.CASEWORK_RECORD)
    period, placement, episode = open_state(person)
    if period is None:
        raise ValidationError({"end_date": [f"{person.full_name} is not looked after"]})
    errors: dict[str, list[str]] = {}
    if reason == ReasonEpisodeCeased.X1:
        _add(errors, "reason", "X1 means the child stays looked after: choose the reason the child left care "
                               "(an E code)")
    elif reason not in [c.value for c in _leaving_reasons()]:
        _add(errors, "reason", "Choose the reason the child left care")
    if _check_day(errors, "end_date", end_date, "The date the child left care"):
        latest = max(x.start_date for x in (period, placement, episode) if x is not None)
        if end_date < period.start_date:
            _add(errors, "end_date", f"The date must be on or after the child became looked after "
                                     f"({d(period.start_date)})")
        elif end_date < latest:
            _add(errors, "end_date", f"The date must be on or after the start of the current placement and episode "
                                     f"({d(latest)})")
        open_dolo = DeprivationOfLibertyOrder.objects.filter(person=person, start_date__lte=end_date).filter(
            end_date__isnull=True).first()
        if open_dolo:
            _add(errors, "end_date", f"The deprivation of liberty order from {d(open_dolo.start_date)} is still open: "
                                     "record the date it ended first (a DoLO must be closed when care ends, 903 "
                                     "rules 700-710)")
    _raise(errors)
    if placement is not None:
        end_placement(by, placement, end_date, "", None)
    if episode is not None:
        end_episode(by, episode, end_date, reason)
    before = snapshot(period, ["end_date", "reason_ended"])
    period.end_date, period.reason_ended = end_date, reason
    save_if_unchanged(period, expected_version=period.version if expected_version is None else expected_version,
                      fields=["end_date", "reason_ended"])
    audit_change(actor=by, action=AuditAction.PERIOD_OF_CARE_END, instance=period, before=before,
                 after=snapshot(period, ["end_date", "reason_ended"]), person_id=person.pk)
    record_event(person=person, event_type="left_care", occurred=end_date, source=period, recorded_by=by,
                 summary=f"Left care: {period.get_reason_ended_display()} ({reason})")
    care_planning.period_ended(period=period, by=by)
    care_leavers.care_ended(period=period, by=by)
    return period


def _leaving_reasons():
    return LEAVING_CARE_REASONS


LEAVING_REASON_CHOICES = [(c.value, f"{c.value}: {c.label}") for c in LEAVING_CARE_REASONS]

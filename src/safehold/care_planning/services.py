"""Care planning changes: each records one event, checks it against the period of care, and stops and
starts the statutory clocks it touches (casework.work, due dates from the timescales engine).

The clocks (../shared/domain/timescales.md, rule codes in timescales/rules.py):
- Reviews (CPPCR 2010 reg 33): CLA_REVIEW_FIRST from becoming looked after, CLA_REVIEW_SECOND from the
  first review, CLA_REVIEW_NEXT from each later one. The care plan with its permanence plan is due
  with the second review (PERMANENCE_PLAN).
- Visits (reg 28, timescales.md 1.2): CLA_VISIT_FIRST from the start of every placement, then from
  each visit at which the child was seen: CLA_VISIT (6 weeks), CLA_VISIT_LONG_TERM (3 months) after
  the first year of a placement intended to last until 18, and for a child on an interim care order
  living with a parent CLA_VISIT_WEEKLY until the first review, then CLA_VISIT_FOUR_WEEKLY.
- Health: HEALTH_ASSESSMENT_INITIAL from becoming looked after, then HEALTH_ASSESSMENT_UNDER5 or
  HEALTH_ASSESSMENT by the child's age at the last one. DENTAL_CHECK, PEP_INITIAL then PEP_REVIEW,
  and IRO_CONTACT are local standards the council can change in the admin.
- Missing episodes: RETURN_INTERVIEW, 72 hours from the return to the interview being offered.

children_in_care.services calls period_started, placement_started and period_ended inside its own
transaction, so a period of care and its first clocks are saved together or not at all.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from safehold.accounts.policy import Perm
from safehold.audit.services import audit_change, snapshot
from safehold.casework.models import Allocation, StatutoryWork, Visit
from safehold.casework.signoff import sign_off_open
from safehold.casework.signoff_kinds import visit_title
from safehold.casework.work import open_work_for, work_cancel, work_complete, work_raise
from safehold.children_in_care.models import CareEpisode, PeriodOfCare, Placement
from safehold.core.concurrency import save_if_unchanged
from safehold.core.validation import add_error as _add
from safehold.core.validation import d
from safehold.accounts.policy import require as _require
from safehold.people.chronology import record_event
from safehold.people.models import Person

from . import outcomes
from .codes import (
    UNDER_FOUR_ONLY,
    HealthAssessmentKind,
    MissingKind,
    Participation,
    PermanencePlan,
    SDQReason,
)
from .models import (
    AnnualOutcomes,
    CarePlan,
    CLAReview,
    DentalCheck,
    HealthAssessment,
    IROContact,
    MissingEpisode,
    PersonalEducationPlan,
)
from .signoff_kinds import care_plan_title

# Personal education plans: the virtual school's duty is for children of compulsory school age, and
# most councils start PEPs in the early years (from age 3) and keep them to 18. A local choice.
PEP_FROM_AGE = 3
PEP_UNTIL_AGE = 18

VISIT_RULES = ("CLA_VISIT_FIRST", "CLA_VISIT", "CLA_VISIT_LONG_TERM", "CLA_VISIT_WEEKLY", "CLA_VISIT_FOUR_WEEKLY")
REVIEW_RULES = ("CLA_REVIEW_FIRST", "CLA_REVIEW_SECOND", "CLA_REVIEW_NEXT")
HEALTH_RULES = ("HEALTH_ASSESSMENT_INITIAL", "HEALTH_ASSESSMENT_UNDER5", "HEALTH_ASSESSMENT")
PEP_RULES = ("PEP_INITIAL", "PEP_REVIEW")
# Every clock this app starts, for the record panel and for period_ended.
CARE_PLANNING_RULES = (*REVIEW_RULES, "PERMANENCE_PLAN", *VISIT_RULES, *HEALTH_RULES, "DENTAL_CHECK", *PEP_RULES,
                       "IRO_CONTACT")

TITLES = {
    "CLA_REVIEW_FIRST": "First looked after review",
    "CLA_REVIEW_SECOND": "Second looked after review",
    "CLA_REVIEW_NEXT": "Looked after review",
    "PERMANENCE_PLAN": "Care plan with a permanence plan",
    "CLA_VISIT_FIRST": "Statutory visit in the new placement",
    "CLA_VISIT": "Statutory visit",
    "CLA_VISIT_LONG_TERM": "Statutory visit",
    "CLA_VISIT_WEEKLY": "Statutory visit (weekly)",
    "CLA_VISIT_FOUR_WEEKLY": "Statutory visit",
    "HEALTH_ASSESSMENT_INITIAL": "Initial health assessment",
    "HEALTH_ASSESSMENT_UNDER5": "Review health assessment",
    "HEALTH_ASSESSMENT": "Review health assessment",
    "DENTAL_CHECK": "Dental check",
    "PEP_INITIAL": "Personal education plan",
    "PEP_REVIEW": "Personal education plan review",
    "IRO_CONTACT": "IRO contact with the child",
    "RETURN_INTERVIEW": "Return home interview offered",
}








def _iro(by, chosen, errors: dict, field: str, what: str):
    """The IRO who `what`: the one chosen, or the user recording it when they are an IRO."""
    from safehold.accounts.models import Role

    iro = chosen or (by if by.role == Role.IRO else None)
    if iro is None:
        _add(errors, field, f"Choose the independent reviewing officer who {what}")
    elif iro.role != Role.IRO:
        _add(errors, field, f"{iro} is not an independent reviewing officer")
    return iro


def _raise(person, rule_code: str, start, source, **holder) -> StatutoryWork:
    return work_raise(person=person, rule_code=rule_code, start=start, source=source, title=TITLES[rule_code],
                      **holder)


def _iro_holder(person) -> dict:
    """The IRO's own work sits with the allocated IRO where there is one, else the case holder."""
    alloc = Allocation.objects.filter(person=person, role=Allocation.Role.IRO, ended_on__isnull=True).first()
    return {"team": alloc.team, "worker": alloc.worker} if alloc else {}


def _complete_any(*, source, rule_codes, done, by_event) -> StatutoryWork | None:
    """Stop whichever of `rule_codes` is running from `source` (the earliest due), cancelling the rest."""
    open_ = list(open_work_for(source=source).filter(rule_code__in=rule_codes).order_by("due_on", "id"))
    if not open_:
        return None
    work = work_complete(work=open_[0], done=done, by_event=by_event)
    for other in open_[1:]:
        other.status = StatutoryWork.Status.CANCELLED
        other.cancel_reason = "Superseded"
        other.save(update_fields=["status", "cancel_reason", "updated_at"])
    return work


def _restart(*, person, period: PeriodOfCare, rule_codes, next_rule: str | None, day: dt.date, event,
             holder: dict | None = None) -> StatutoryWork | None:
    """An event on `day` stops the running clock of `rule_codes` and starts `next_rule` from `day`,
    unless the clock started after `day` (the event was recorded late: it changes nothing that is
    due). No new clock once the child has left care."""
    running = open_work_for(source=period).filter(rule_code__in=rule_codes).order_by("due_on", "id").first()
    if running is not None and day < running.started_on:
        return None
    work = _complete_any(source=period, rule_codes=rule_codes, done=day, by_event=event)
    if next_rule and period.end_date is None:
        _raise(person, next_rule, day, period, **(holder or {}))
    return work


def _timing(work: StatutoryWork | None) -> str:
    if work is None:
        return ""
    return " (on time)" if work.on_time else f" (late: due by {d(work.due_on)})"


def _period_on(person, day: dt.date, errors: dict, field: str, what: str) -> PeriodOfCare | None:
    """The period of care `day` falls in, or an error naming `field`."""
    if day is None:
        _add(errors, field, f"Enter the date of the {what}")
        return None
    if day > timezone.localdate():
        _add(errors, field, f"The date of the {what} cannot be in the future")
        return None
    period = (PeriodOfCare.objects.filter(person=person, start_date__lte=day).order_by("-start_date").first())
    if period is None:
        first = PeriodOfCare.objects.filter(person=person).order_by("start_date").first()
        if first is None:
            _add(errors, field, f"{person.full_name} has never been looked after, so there is no {what} to record")
        else:
            _add(errors, field, f"The {what} cannot be before the child became looked after on {d(first.start_date)}")
        return None
    if period.end_date and day > period.end_date:
        _add(errors, field, f"The {what} cannot be after the child left care on {d(period.end_date)}")
        return None
    return period


def _lock(period: PeriodOfCare) -> PeriodOfCare:
    # Two people recording against one period at once are serialised on its row.
    return PeriodOfCare.objects.select_for_update(of=("self",)).get(pk=period.pk)


# --- Hooks from children_in_care ----------------------------------------------------------------------------

def period_started(*, period: PeriodOfCare, by) -> None:
    """Becoming looked after starts the first review, health, dental, PEP and IRO clocks."""
    person, start = period.person, period.start_date
    _raise(person, "CLA_REVIEW_FIRST", start, period)
    _raise(person, "HEALTH_ASSESSMENT_INITIAL", start, period)
    _raise(person, "DENTAL_CHECK", start, period)
    age = person.age_on(start)
    if age is not None and PEP_FROM_AGE <= age < PEP_UNTIL_AGE:
        _raise(person, "PEP_INITIAL", start, period)
    _raise(person, "IRO_CONTACT", start, period, **_iro_holder(person))


def placement_started(*, placement: Placement, by) -> None:
    """Every placement needs a visit within a week (reg 28(2)); the last placement's visits stop."""
    for earlier in Placement.objects.filter(period_id=placement.period_id).exclude(pk=placement.pk):
        work_cancel(source=earlier, reason="The child moved placement")
    _raise(placement.person, "CLA_VISIT_FIRST", placement.start_date, placement)


def legal_status_changed(*, episode: CareEpisode, by) -> None:
    """A care order (s31) for a child living with a parent: a visit within a week of the order, then at
    most every 6 weeks (timescales.md 1.2, reg 28)."""
    placement = episode.placement
    if placement.placement_type == "P1" and episode.legal_status == "C2" and placement.end_date is None:
        work_cancel(source=placement, reason="A care order was made: visit within a week of the order")
        _raise(episode.person, "CLA_VISIT_FIRST", episode.start_date, placement)


def period_ended(*, period: PeriodOfCare, by) -> None:
    """Leaving care stops every care planning clock of the period (none of them is judged)."""
    reason = f"The child left care on {d(period.end_date)}"
    work_cancel(source=period, reason=reason)
    for placement in Placement.objects.filter(period_id=period.pk):
        work_cancel(source=placement, reason=reason)


# --- Reviews and the care plan --------------------------------------------------------------------------------

@transaction.atomic
def review_record(*, by, person, review_date: dt.date, participation: str, chaired_by=None,
                  care_plan_endorsed: bool = True, recommendations: str = "") -> CLAReview:
    """Record a looked after review chaired by an IRO. Stops the review clock that was running and
    starts the next; reviews are recorded in date order within a period of care."""
    _require(by, Perm.CONFERENCE_RECORD)
    errors: dict[str, list[str]] = {}
    period = _period_on(person, review_date, errors, "review_date", "review")
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
        period = _lock(period)
        latest = period.reviews.order_by("-review_date", "-sequence").first()
        if latest and review_date < latest.review_date:
            _add(errors, "review_date",
                 f"Review {latest.sequence} was on {d(latest.review_date)}: reviews are recorded in date order")
    if errors:
        raise ValidationError(errors)
    sequence = (latest.sequence + 1) if latest else 1
    review = CLAReview.objects.create(
        person=person, period=period, review_date=review_date, participation=participation, sequence=sequence,
        chaired_by=chaired_by, care_plan_endorsed=care_plan_endorsed,
        recommendations=(recommendations or "").strip(), recorded_by=by)
    audit_change(actor=by, action="cla_review.record", instance=review, person_id=person.pk)
    work = _restart(person=person, period=period, rule_codes=REVIEW_RULES, day=review_date, event=review,
                    next_rule="CLA_REVIEW_SECOND" if sequence == 1 else "CLA_REVIEW_NEXT")
    in_care = period.end_date is None
    if sequence == 1 and in_care and not period.care_plans.exists():
        _raise(person, "PERMANENCE_PLAN", review_date, period)
    # The review is the IRO's contact with the child too.
    _restart(person=person, period=period, rule_codes=("IRO_CONTACT",), next_rule="IRO_CONTACT", day=review_date,
             event=review, holder=_iro_holder(person))
    if sequence == 1 and in_care:
        _weekly_visits_end(period, review_date)
    record_event(person=person, event_type="cla_review", occurred=review_date,
                 summary=f"Looked after review {sequence}{_timing(work)}, chaired by {review.chaired_by}: "
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
        _raise(work.person, next_visit_rule(placement, first_review), work.started_on, placement)


@transaction.atomic
def care_plan_record(*, by, person, agreed_on: dt.date, permanence_plan: str, summary: str = "") -> CarePlan:
    """Record the care plan with its permanence plan (Annex A list 8); stops the PERMANENCE_PLAN clock."""
    _require(by, Perm.CASEWORK_RECORD)
    errors: dict[str, list[str]] = {}
    period = _period_on(person, agreed_on, errors, "agreed_on", "care plan")
    if permanence_plan not in PermanencePlan.values:
        _add(errors, "permanence_plan", "Choose the permanence plan")
    if errors:
        raise ValidationError(errors)
    period = _lock(period)
    plan = CarePlan.objects.create(person=person, period=period, agreed_on=agreed_on, permanence_plan=permanence_plan,
                                   summary=(summary or "").strip(), recorded_by=by)
    audit_change(actor=by, action="care_plan.record", instance=plan, person_id=person.pk)
    sign_off_open(by=by, record=plan, kind="care_plan", person=person, title=care_plan_title(plan))
    work = _complete_any(source=period, rule_codes=("PERMANENCE_PLAN",), done=agreed_on, by_event=plan)
    record_event(person=person, event_type="care_plan", occurred=agreed_on,
                 summary=f"Care plan agreed{_timing(work)}: permanence plan {plan.get_permanence_plan_display()}",
                 source=plan, recorded_by=by)
    return plan


# --- Statutory visits -----------------------------------------------------------------------------------------

def next_visit_rule(placement: Placement, visited_on: dt.date) -> str:
    """The visiting interval that runs from a visit on `visited_on` (timescales.md 1.2, reg 28)."""
    episode = (CareEpisode.objects.filter(placement=placement, start_date__lte=visited_on)
               .order_by("-start_date").first())
    reviewed = CLAReview.objects.filter(period_id=placement.period_id, review_date__lte=visited_on).exists()
    if placement.placement_type == "P1" and episode and episode.legal_status == "C1":
        # Interim care order and living with parent: weekly until the first review, then <= 4 weeks.
        return "CLA_VISIT_FOUR_WEEKLY" if reviewed else "CLA_VISIT_WEEKLY"
    if placement.weekly_visits:
        # Connected person with temporary approval (reg 24): weekly until the first review, then <= 4
        # weeks; placed with a parent before assessment (reg 19): weekly, then <= 6 weeks.
        if not reviewed:
            return "CLA_VISIT_WEEKLY"
        return "CLA_VISIT" if placement.placement_type == "P1" else "CLA_VISIT_FOUR_WEEKLY"
    first_year_over = visited_on >= _add_year(placement.start_date)
    if placement.intended_until_18 and first_year_over:
        return "CLA_VISIT_LONG_TERM"
    return "CLA_VISIT"


def _add_year(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


@transaction.atomic
def visit_record(*, by, person, visited_on: dt.date, child_seen: bool | None, child_seen_alone: bool = False,
                 childs_words: str = "", notes: str = "", visited_by=None) -> Visit:
    """Record a statutory visit to a child in care (casework.Visit, kind "cla"), in the placement the
    child was in that day. A visit at which the child was seen stops the visit clock and starts the
    next; a visit where the child was not seen leaves the visit due (Annex A list 8)."""
    _require(by, Perm.CASEWORK_RECORD)
    errors: dict[str, list[str]] = {}
    period = _period_on(person, visited_on, errors, "visited_on", "visit")
    placement = None
    if period is not None:
        period = _lock(period)
        placement = (Placement.objects.filter(period=period, start_date__lte=visited_on)
                     .order_by("-start_date").first())
        if placement is None or (placement.end_date and visited_on > placement.end_date):
            _add(errors, "visited_on", "The child was not in a placement on that date")
    if child_seen is None:
        _add(errors, "child_seen", "Say whether the child was seen")
    elif child_seen_alone and not child_seen:
        _add(errors, "child_seen_alone", "The child cannot have been seen alone if they were not seen")
    if errors:
        raise ValidationError(errors)
    visited_by = visited_by or by
    context_type = Placement._meta.label_lower
    previous_latest = Visit.objects.filter(context_type=context_type, context_id=str(placement.pk),
                                           child_seen=True).aggregate(m=Max("visited_on"))["m"]
    visit = Visit.objects.create(
        person=person, kind=Visit.Kind.CLA, visited_on=visited_on, visited_by=visited_by, child_seen=bool(child_seen),
        child_seen_alone=bool(child_seen_alone), childs_words=(childs_words or "").strip(),
        notes=(notes or "").strip(), context_type=context_type, context_id=str(placement.pk), recorded_by=by)
    audit_change(actor=by, action="cla_visit.record", instance=visit, person_id=person.pk)
    sign_off_open(by=by, record=visit, kind="visit", person=visit.person, title=visit_title(visit))
    timing = ""
    if child_seen and (previous_latest is None or visited_on > previous_latest):
        # A visit dated before the latest one (recorded late) changes nothing that is due.
        work = _complete_any(source=placement, rule_codes=VISIT_RULES, done=visited_on, by_event=visit)
        timing = _timing(work)
        if placement.end_date is None:
            _raise(person, next_visit_rule(placement, visited_on), visited_on, placement)
    seen = "child not seen" if not child_seen else ("child seen alone" if child_seen_alone else
                                                     "child seen, not alone")
    record_event(person=person, event_type="cla_visit", occurred=visited_on,
                 summary=f"Statutory visit by {visited_by}{timing}: {seen}"
                         + (" (child's words recorded)" if visit.childs_words else ""),
                 source=visit, recorded_by=by)
    return visit


# --- Health, dental, education, IRO contact -----------------------------------------------------------------

@transaction.atomic
def health_assessment_record(*, by, person, assessed_on: dt.date) -> HealthAssessment:
    """The first health assessment in a period is the initial one; later ones are reviews, due every 6
    months under 5 and every 12 months from 5 (timescales.md HEALTH_ASSESSMENT_*)."""
    _require(by, Perm.CASEWORK_RECORD)
    errors: dict[str, list[str]] = {}
    period = _period_on(person, assessed_on, errors, "assessed_on", "health assessment")
    latest = None
    if period is not None:
        period = _lock(period)
        latest = period.health_assessments.order_by("-assessed_on").first()
        if period.health_assessments.filter(assessed_on=assessed_on).exists():
            _add(errors, "assessed_on", f"A health assessment on {d(assessed_on)} is already recorded")
    if errors:
        raise ValidationError(errors)
    earlier = period.health_assessments.filter(assessed_on__lt=assessed_on).exists()
    kind = HealthAssessmentKind.REVIEW if earlier else HealthAssessmentKind.INITIAL
    if not earlier:  # recorded late, before the one thought to be the initial assessment
        period.health_assessments.update(kind=HealthAssessmentKind.REVIEW)
    assessment = HealthAssessment.objects.create(person=person, period=period, kind=kind, assessed_on=assessed_on,
                                                 recorded_by=by)
    audit_change(actor=by, action="health_assessment.record", instance=assessment, person_id=person.pk)
    work = None
    if latest is None or assessed_on > latest.assessed_on:
        age = person.age_on(assessed_on)
        work = _restart(person=person, period=period, rule_codes=HEALTH_RULES, day=assessed_on, event=assessment,
                        next_rule="HEALTH_ASSESSMENT_UNDER5" if age is not None and age < 5 else "HEALTH_ASSESSMENT")
    record_event(person=person, event_type="health_assessment", occurred=assessed_on,
                 summary=f"{assessment.get_kind_display()}{_timing(work)}", source=assessment, recorded_by=by)
    return assessment


def _simple_record(*, by, person, day, field: str, what: str, model, date_field: str, rule_codes, next_rule,
                   event_type: str, event_summary: str, **values):
    """Record a dated event against the period of care it falls in; the latest one stops its clock
    and starts the next (one recorded late, dated before the latest, changes nothing that is due)."""
    errors: dict[str, list[str]] = {}
    period = _period_on(person, day, errors, field, what)
    if errors:
        raise ValidationError(errors)
    period = _lock(period)
    latest = model.objects.filter(period=period).aggregate(m=Max(date_field))["m"]
    row = model.objects.create(person=person, period=period, **{date_field: day}, **values)
    audit_change(actor=by, action=f"{event_type}.record", instance=row, person_id=person.pk)
    work = None
    if latest is None or day > latest:
        holder = _iro_holder(person) if next_rule == "IRO_CONTACT" else {}
        work = _restart(person=person, period=period, rule_codes=rule_codes, next_rule=next_rule, day=day, event=row,
                        holder=holder)
    record_event(person=person, event_type=event_type, occurred=day, summary=event_summary + _timing(work), source=row,
                 recorded_by=by)
    return row


@transaction.atomic
def dental_check_record(*, by, person, checked_on: dt.date) -> DentalCheck:
    _require(by, Perm.CASEWORK_RECORD)
    return _simple_record(by=by, person=person, day=checked_on, field="checked_on", what="dental check",
                          model=DentalCheck, date_field="checked_on", rule_codes=("DENTAL_CHECK",),
                          next_rule="DENTAL_CHECK", event_type="dental_check", event_summary="Dental check",
                          recorded_by=by)


@transaction.atomic
def education_plan_record(*, by, person, held_on: dt.date, school: str = "", summary: str = "") -> PersonalEducationPlan:
    """A personal education plan meeting: the first stops PEP_INITIAL, each starts the next termly review."""
    _require(by, Perm.CASEWORK_RECORD)
    school = (school or "").strip()
    return _simple_record(by=by, person=person, day=held_on, field="held_on", what="personal education plan",
                          model=PersonalEducationPlan, date_field="held_on", rule_codes=PEP_RULES,
                          next_rule="PEP_REVIEW", event_type="education_plan",
                          event_summary="Personal education plan" + (f" ({school})" if school else ""),
                          school=school, summary=(summary or "").strip(), recorded_by=by)


@transaction.atomic
def iro_contact_record(*, by, person, contact_on: dt.date, method: str, notes: str = "", iro=None) -> IROContact:
    """The IRO's own contact with the child between reviews (Annex A list 8)."""
    _require(by, Perm.CONFERENCE_RECORD)
    errors: dict[str, list[str]] = {}
    iro = _iro(by, iro, errors, "iro", "was in contact with the child")
    if method not in IROContact.Method.values:
        _add(errors, "method", "Choose how the IRO was in contact with the child")
    if errors:
        _period_on(person, contact_on, errors, "contact_on", "IRO contact")
        raise ValidationError(errors)
    return _simple_record(by=by, person=person, day=contact_on, field="contact_on", what="IRO contact",
                          model=IROContact, date_field="contact_on", rule_codes=("IRO_CONTACT",),
                          next_rule="IRO_CONTACT", event_type="iro_contact",
                          event_summary=f"IRO contact with the child by {iro} ({IROContact.Method(method).label.lower()})",
                          method=method, iro=iro, notes=(notes or "").strip())


# --- Missing episodes -----------------------------------------------------------------------------------------

def _check_missing_times(errors, started_at, ended_at) -> None:
    now = timezone.now()
    if started_at is None:
        _add(errors, "started_at", "Enter the date and time the child went missing")
    elif started_at > now:
        _add(errors, "started_at", "The time the child went missing cannot be in the future")
    if ended_at is not None:
        if ended_at > now:
            _add(errors, "ended_at", "The time the child returned cannot be in the future")
        elif started_at and ended_at < started_at:
            _add(errors, "ended_at", "The time the child returned must be after the time they went missing")


def _overlapping_episode(person, started_at, ended_at, *, exclude=None) -> MissingEpisode | None:
    """Another episode of this child's that overlaps started_at..ended_at (open-ended if None)."""
    if started_at is None:
        return None
    qs = MissingEpisode.objects.select_for_update().filter(person=person, started_at__lte=ended_at or timezone.now())
    for other in qs.exclude(pk=exclude):
        if other.ended_at is None or other.ended_at >= started_at:
            return other
    return None


def _return_interview_clock(episode: MissingEpisode) -> StatutoryWork | None:
    """Keep the RETURN_INTERVIEW clock in step with the episode as it now stands: 72 hours from the
    return as recorded (a corrected return time restarts it), stopped by the offer as recorded (a
    corrected offer is judged again; an offer taken back reopens it)."""
    label, pk = MissingEpisode._meta.label_lower, str(episode.pk)
    clocks = StatutoryWork.objects.filter(source_type=label, source_id=pk, rule_code="RETURN_INTERVIEW").exclude(
        status=StatutoryWork.Status.CANCELLED).order_by("-id")
    work = clocks.first()
    if episode.ended_at is None:
        return None
    back = timezone.localtime(episode.ended_at)
    if work is None or work.started_at != episode.ended_at:
        clocks.update(status=StatutoryWork.Status.CANCELLED, cancel_reason="Return time corrected",
                      updated_at=timezone.now())
        work = _raise(episode.person, "RETURN_INTERVIEW", back, episode)
    if episode.interview_offered_at is not None:
        return work_complete(work=work, done=episode.interview_offered_at, by_event=episode)
    if work.status == StatutoryWork.Status.DONE:  # the offer was taken back: due again
        work.status, work.completed_on, work.completed_at, work.on_time = StatutoryWork.Status.OPEN, None, None, None
        work.completion_type = work.completion_id = ""
        work.save(update_fields=["status", "completed_on", "completed_at", "on_time", "completion_type",
                                 "completion_id", "updated_at"])
    return work


@transaction.atomic
def missing_episode_record(*, by, person, kind: str, started_at: dt.datetime,
                           ended_at: dt.datetime | None = None) -> MissingEpisode:
    """Record that a child went missing or was away from placement (903 MISSING), with the return if
    known. The return starts the 72-hour clock for offering a return home interview."""
    _require(by, Perm.CASEWORK_RECORD)
    errors: dict[str, list[str]] = {}
    if kind not in MissingKind.values:
        _add(errors, "kind", "Say whether the child was missing or away from placement")
    _check_missing_times(errors, started_at, ended_at)
    if not errors:
        other = _overlapping_episode(person, started_at, ended_at)
        if other is not None:
            when = timezone.localtime(other.started_at)
            _add(errors, "started_at", f"This overlaps the episode that started {when:%d/%m/%Y %H:%M}"
                 + ("" if other.ended_at else ", which has no return recorded yet"))
    if errors:
        raise ValidationError(errors)
    start_day = timezone.localtime(started_at).date()
    period = (PeriodOfCare.objects.filter(person=person, start_date__lte=start_day)
              .order_by("-start_date").first())
    if period and period.end_date and period.end_date < start_day:
        period = None
    episode = MissingEpisode.objects.create(person=person, period=period, kind=kind, started_at=started_at,
                                            ended_at=ended_at, recorded_by=by)
    audit_change(actor=by, action="missing_episode.record", instance=episode, person_id=person.pk)
    label = MissingKind(kind).label
    record_event(person=person, event_type="missing_episode", occurred=start_day,
                 summary=f"{label} from {timezone.localtime(started_at):%H:%M}", source=episode, recorded_by=by)
    if ended_at is not None:
        _returned(by, episode)
    return episode


def _returned(by, episode: MissingEpisode) -> None:
    _return_interview_clock(episode)
    back = timezone.localtime(episode.ended_at)
    record_event(person=episode.person, event_type="missing_return", occurred=back.date(),
                 summary=f"Returned at {back:%H:%M}: return home interview to be offered within 72 hours",
                 source=episode, recorded_by=by)


@transaction.atomic
def missing_episode_update(*, by, episode: MissingEpisode, expected_version: int, ended_at: dt.datetime | None,
                           interview_offered_at: dt.datetime | None = None, interview_accepted: bool | None = None,
                           interview_held_on: dt.date | None = None, interview_notes: str = "") -> MissingEpisode:
    """Record the return and the return home interview (offered, accepted, held). Offering the
    interview stops the RETURN_INTERVIEW clock (timescales.md: 72 hours from the return)."""
    _require(by, Perm.CASEWORK_RECORD)
    errors: dict[str, list[str]] = {}
    _check_missing_times(errors, episode.started_at, ended_at)
    if episode.ended_at and ended_at is None:
        _add(errors, "ended_at", "Enter the date and time the child returned")
    if interview_offered_at is not None:
        if ended_at is None:
            _add(errors, "interview_offered_at", "A return home interview is offered after the child returns")
        elif interview_offered_at < ended_at:
            _add(errors, "interview_offered_at", "The interview cannot be offered before the child returned")
        elif interview_offered_at > timezone.now():
            _add(errors, "interview_offered_at", "The date the interview was offered cannot be in the future")
    if interview_accepted is not None and interview_offered_at is None:
        _add(errors, "interview_accepted", "Record when the interview was offered before whether it was accepted")
    if interview_held_on is not None:
        if not interview_accepted:
            _add(errors, "interview_held_on", "An interview can only be held if the child accepted it")
        elif interview_offered_at and interview_held_on < timezone.localtime(interview_offered_at).date():
            _add(errors, "interview_held_on", "The interview cannot be held before it was offered")
        elif interview_held_on > timezone.localdate():
            _add(errors, "interview_held_on", "The date the interview was held cannot be in the future")
    if errors:
        raise ValidationError(errors)
    other = _overlapping_episode(episode.person, episode.started_at, ended_at, exclude=episode.pk)
    if other is not None:
        when = timezone.localtime(other.started_at)
        raise ValidationError({"ended_at": [f"This overlaps the episode that started {when:%d/%m/%Y %H:%M}"]})
    fields = ["ended_at", "interview_offered_at", "interview_accepted", "interview_held_on", "interview_notes"]
    before = snapshot(episode, fields)
    was_open = episode.ended_at is None
    episode.ended_at = ended_at
    episode.interview_offered_at = interview_offered_at
    episode.interview_accepted = interview_accepted
    episode.interview_held_on = interview_held_on
    episode.interview_notes = (interview_notes or "").strip()
    save_if_unchanged(episode, expected_version=expected_version, fields=fields)
    episode.version = expected_version + 1
    audit_change(actor=by, action="missing_episode.update", instance=episode, before=before,
                 after=snapshot(episode, fields), person_id=episode.person_id)
    if was_open and ended_at is not None:
        _returned(by, episode)
    work = _return_interview_clock(episode)
    if work is not None and interview_offered_at is not None and before["interview_offered_at"] != \
            snapshot(episode, ["interview_offered_at"])["interview_offered_at"]:
        accepted = {True: "accepted", False: "declined", None: "answer not yet known"}[interview_accepted]
        record_event(person=episode.person, event_type="return_interview",
                     occurred=timezone.localtime(interview_offered_at).date(),
                     summary=f"Return home interview offered{_timing(work)}: {accepted}", source=episode,
                     recorded_by=by)
    return episode


__all__ = [
    "care_plan_record",
    "dental_check_record",
    "education_plan_record",
    "health_assessment_record",
    "iro_contact_record",
    "legal_status_changed",
    "missing_episode_record",
    "missing_episode_update",
    "next_visit_rule",
    "period_ended",
    "period_started",
    "placement_started",
    "review_record",
    "visit_record",
]


# --- Annual outcomes (SSDA903 OC2) ---------------------------------------------------------------------

OUTCOME_FIELDS = ["immunisations_up_to_date", "development_checks_up_to_date", "sdq_score", "sdq_reason", "convicted",
                  "substance_misuse", "intervention_received", "intervention_offered"]
SDQ_MAX = 40  # rule 180: a score from 0 to 40


@transaction.atomic
def outcomes_update(*, by, person, year_ending: dt.date, expected_version: int | None = None,
                    **values) -> AnnualOutcomes:
    """The child's OC2 answers for the year to `year_ending`: every item that applies at the child's age,
    and none that does not (ssda903.md 3.1 OC2; each message names the DfE rule)."""
    _require(by, Perm.CASEWORK_RECORD)
    # One save at a time per child, so two first saves of a year cannot both create it.
    Person.objects.select_for_update().filter(pk=person.pk).first()
    errors: dict[str, list[str]] = {}
    v = {f: values.get(f) for f in OUTCOME_FIELDS}
    v["sdq_reason"] = v["sdq_reason"] or ""
    if (year_ending.month, year_ending.day) != (3, 31):
        _add(errors, "year_ending", "The year must end on 31 March")
    elif year_ending > outcomes.year_ending_for(timezone.localdate()):
        _add(errors, "year_ending", "The year cannot end after the current collection year")
    if person.dob is None:
        _add(errors, "year_ending", "Record the child's date of birth first: which items apply depends on their age")
    elif not PeriodOfCare.objects.filter(person=person, start_date__lte=year_ending).exclude(
            end_date__lt=outcomes.year_start(year_ending)).exists():
        _add(errors, "year_ending", f"{person} was not looked after in the year to {d(year_ending)}")
    _raise_if(errors)
    age = outcomes.applies(person.dob, year_ending)
    needed = {"immunisations_up_to_date": "Say whether the child's immunisations are up to date (rule 191)",
              "substance_misuse": "Say whether a substance misuse problem was identified (rule 191)"}
    for field, message in needed.items():
        if v[field] is None:
            _add(errors, field, message)
    if age.development and v["development_checks_up_to_date"] is None:
        _add(errors, "development_checks_up_to_date",
             "Say whether the development assessments are up to date: the child is under 5 at 31 March (rule 545)")
    if not age.development and v["development_checks_up_to_date"] is not None:
        _add(errors, "development_checks_up_to_date", "Development assessments are only asked about for a child under "
                                                      "5 at 31 March (rule 546)")
    if age.conviction and v["convicted"] is None:
        _add(errors, "convicted", "Say whether the child was convicted or cautioned: they are 10 or over at 31 March "
                                  "(rule 543)")
    if not age.conviction and v["convicted"] is not None:
        _add(errors, "convicted", "Conviction is not asked about for a child under 10 at 31 March (rule 542)")
    score, reason = v["sdq_score"], v["sdq_reason"]
    if score is not None and not 0 <= score <= SDQ_MAX:
        _add(errors, "sdq_score", f"The SDQ score must be a whole number from 0 to {SDQ_MAX} (rule 180)")
    if reason and reason not in SDQReason.values:
        _add(errors, "sdq_reason", "Choose the reason there is no SDQ score from the list (rule 196)")
    if age.sdq:
        if score is None and not reason:
            _add(errors, "sdq_score", "Enter the SDQ score, or choose the reason there is none (rule 186)")
        if score is not None and reason:
            _add(errors, "sdq_reason", "Leave the reason blank when there is a score (rule 197a)")
        if reason == SDQReason.SDQ1 and not age.sdq1:
            _add(errors, "sdq_reason", "The child is within the SDQ age range all year: choose another reason (rule 157)")
    elif score is not None or reason:
        _add(errors, "sdq_score", "The SDQ is not asked about for a child under 4 at 31 March or 17 before 1 April "
                                  "(rules 188, 189)")
    if v["substance_misuse"]:
        if v["intervention_received"] is None:
            _add(errors, "intervention_received", "Say whether the child received an intervention (rule 192)")
        elif v["intervention_received"] and v["intervention_offered"] is not None:
            _add(errors, "intervention_offered", "Leave this blank when the child received an intervention (rule 158)")
        elif v["intervention_received"] is False and v["intervention_offered"] is None:
            _add(errors, "intervention_offered", "Say whether an intervention was offered and refused (rule 159)")
    elif v["intervention_received"] is not None or v["intervention_offered"] is not None:
        _add(errors, "intervention_received", "Interventions are only asked about when a substance misuse problem was "
                                              "identified (rule 193)")
    _raise_if(errors)
    record = AnnualOutcomes.objects.filter(person=person, year_ending=year_ending).first()
    created = record is None
    if created:
        record = AnnualOutcomes.objects.create(person=person, year_ending=year_ending, recorded_by=by, **v)
        audit_change(actor=by, action="outcomes.record", instance=record, person_id=person.pk)
        return record
    before = snapshot(record, OUTCOME_FIELDS)
    for field, value in v.items():
        setattr(record, field, value)
    record.recorded_by = by
    save_if_unchanged(record, expected_version=record.version if expected_version is None else expected_version,
                      fields=[*OUTCOME_FIELDS, "recorded_by"])
    audit_change(actor=by, action="outcomes.update", instance=record, before=before,
                 after=snapshot(record, OUTCOME_FIELDS), person_id=person.pk)
    return record


def _raise_if(errors: dict) -> None:
    if errors:
        raise ValidationError(errors)

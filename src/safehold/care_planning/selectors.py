"""Reads for care planning: what is due for a child in care, the latest of each statutory event
(Annex A list 8's "date of last ..." columns), missing episodes with the repeat flag, and what the
services read to decide a clock (the next visit interval, who holds the IRO's work, a clock's timeliness
in words)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Max, Q
from django.utils import timezone

from safehold.casework.models import Allocation, StatutoryWork, Visit
from safehold.children_in_care.codes import LegalStatus, PlacementType
from safehold.children_in_care.models import CareEpisode, PeriodOfCare, Placement
from safehold.core.validation import d

from . import outcomes
from .clocks import CARE_PLANNING_RULES
from .codes import MissingKind
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

# A child is flagged as repeatedly missing after this many episodes (missing or away) in this many days.
# The statutory guidance on children who go missing names no number; 3 in 90 days is a common local
# threshold (police and many LSCPs). A local choice, UNCONFIRMED.
REPEAT_EPISODES = 3
REPEAT_WINDOW_DAYS = 90


def missing_summary(person, *, on: dt.date | None = None) -> dict:
    """Annex A list 8's missing columns for `person` on `on`: episodes missing (M) and away (A) in the
    last 12 months, the last episode's return interview, and the repeat flag."""
    on = on or timezone.localdate()
    year_ago = on - dt.timedelta(days=365)
    episodes = list(MissingEpisode.objects.filter(person=person).order_by("-started_at"))
    in_year = [e for e in episodes if year_ago < timezone.localtime(e.started_at).date() <= on]
    window_start = on - dt.timedelta(days=REPEAT_WINDOW_DAYS)
    recent = [e for e in episodes if timezone.localtime(e.started_at).date() > window_start]
    last_returned = next((e for e in episodes if e.ended_at), None)
    return {
        "episodes": episodes[:10],
        "open": next((e for e in episodes if e.ended_at is None), None),
        "missing_12m": sum(1 for e in in_year if e.kind == MissingKind.MISSING),
        "away_12m": sum(1 for e in in_year if e.kind == MissingKind.AWAY),
        "last_returned": last_returned,
        "repeat": len(recent) >= REPEAT_EPISODES,
        "recent_count": len(recent),
    }


def care_planning_summary(person) -> dict:
    """What the record page shows: the open period's clocks, and the latest of each event."""
    period = PeriodOfCare.objects.filter(person=person).order_by("-start_date").first()
    today = timezone.localdate()
    work = list(StatutoryWork.objects.filter(person=person, status=StatutoryWork.Status.OPEN)
                .filter(Q(rule_code__in=CARE_PLANNING_RULES) | Q(rule_code="RETURN_INTERVIEW"))
                .select_related("worker").order_by("due_on", "id"))
    now = timezone.now()
    for w in work:  # hour rules (the return interview) are overdue from their time, not the next day
        w.overdue = w.due_at < now if w.due_at else w.due_on < today
    last_visit = (Visit.objects.filter(person=person, kind=Visit.Kind.CLA).select_related("visited_by")
                  .order_by("-visited_on", "-id").first())
    summary = {
        "period": period,
        "in_care": bool(period and period.end_date is None),
        "work": work,
        "overdue": sum(1 for w in work if w.overdue),
        "last_review": CLAReview.objects.filter(person=person).select_related("chaired_by").first(),
        "care_plan": CarePlan.objects.filter(person=person).first(),
        "last_visit": last_visit,
        "last_health": HealthAssessment.objects.filter(person=person).first(),
        "last_dental": DentalCheck.objects.filter(person=person).first(),
        "last_pep": PersonalEducationPlan.objects.filter(person=person).first(),
        "last_iro_contact": IROContact.objects.filter(person=person).select_related("iro").first(),
        "missing": missing_summary(person, on=today),
    }
    summary["outcomes"] = _outcomes_years(person, period, today)
    summary["has_history"] = bool(period or summary["missing"]["episodes"])
    return summary


def _outcomes_years(person, period, today: dt.date) -> list[tuple[dt.date, object]]:
    """The last finished collection year and the current one, each with the child's OC2 answers or None,
    for the years the latest period of care touches."""
    if period is None:
        return []
    current = outcomes.year_ending_for(today)
    ends = [e for e in (dt.date(current.year - 1, 3, 31), current)
            if period.start_date <= e and (period.end_date is None or period.end_date >= outcomes.year_start(e))]
    have = {o.year_ending: o for o in AnnualOutcomes.objects.filter(person=person, year_ending__in=ends)}
    return [(e, have.get(e)) for e in ends]


def next_visit_rule(placement: Placement, visited_on: dt.date) -> str:
    """The visiting interval that runs from a visit on `visited_on` (timescales.md 1.2, reg 28)."""
    episode = (CareEpisode.objects.filter(placement=placement, start_date__lte=visited_on)
               .order_by("-start_date").first())
    reviewed = CLAReview.objects.filter(period_id=placement.period_id, review_date__lte=visited_on).exists()
    if placement.placement_type == PlacementType.P1 and episode and episode.legal_status == LegalStatus.C1:
        # Interim care order and living with parent: weekly until the first review, then <= 4 weeks.
        return "CLA_VISIT_FOUR_WEEKLY" if reviewed else "CLA_VISIT_WEEKLY"
    if placement.weekly_visits:
        # Connected person with temporary approval (reg 24): weekly until the first review, then <= 4
        # weeks; placed with a parent before assessment (reg 19): weekly, then <= 6 weeks.
        if not reviewed:
            return "CLA_VISIT_WEEKLY"
        return "CLA_VISIT" if placement.placement_type == PlacementType.P1 else "CLA_VISIT_FOUR_WEEKLY"
    first_year_over = visited_on >= _add_year(placement.start_date)
    if placement.intended_until_18 and first_year_over:
        return "CLA_VISIT_LONG_TERM"
    return "CLA_VISIT"


def _add_year(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


def iro_holder(person) -> dict:
    """Who holds the IRO's own work: the allocated IRO where there is one, else (empty) the case holder."""
    alloc = Allocation.objects.filter(person=person, role=Allocation.Role.IRO, ended_on__isnull=True).first()
    return {"team": alloc.team, "worker": alloc.worker} if alloc else {}


def timing_words(work: StatutoryWork | None) -> str:
    """A stopped clock's timeliness as the chronology says it: " (on time)" or " (late: due by 3/2/2026)"."""
    if work is None:
        return ""
    return " (on time)" if work.on_time else f" (late: due by {d(work.due_on)})"


def reviews_for(period: PeriodOfCare):
    return CLAReview.objects.filter(period=period).order_by("sequence")


def placement_on(person, day: dt.date) -> Placement | None:
    return (Placement.objects.filter(person=person, start_date__lte=day)
            .filter(Q(end_date__isnull=True) | Q(end_date__gte=day)).order_by("-start_date").first())


def list8_dates(person_ids, *, on: dt.date | None = None) -> dict[int, dict]:
    """Annex A list 8's "date of last ..." columns for many children at once (the returns issue reads
    this): latest review, social work visit, IRO contact, health assessment and dental check, and the
    current permanence plan, each on or before `on`."""
    on = on or timezone.localdate()
    ids = list(person_ids)
    out: dict[int, dict] = {pk: {} for pk in ids}

    def latest(qs, date_field: str, key: str) -> None:
        for row in qs.filter(person_id__in=ids, **{f"{date_field}__lte": on}).values("person_id").annotate(
                m=Max(date_field)):
            out[row["person_id"]][key] = row["m"]

    latest(CLAReview.objects, "review_date", "last_review")
    latest(Visit.objects.filter(kind=Visit.Kind.CLA, child_seen=True), "visited_on", "last_visit")
    latest(IROContact.objects, "contact_on", "last_iro_contact")
    latest(HealthAssessment.objects, "assessed_on", "last_health_assessment")
    latest(DentalCheck.objects, "checked_on", "last_dental_check")
    for plan in CarePlan.objects.filter(person_id__in=ids, agreed_on__lte=on).order_by("person_id", "-agreed_on"):
        out[plan.person_id].setdefault("permanence_plan", plan.get_permanence_plan_display())
    return out

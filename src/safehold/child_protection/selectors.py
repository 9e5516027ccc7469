"""Reading a child's child protection position: open enquiries, plans, flags and what is due."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Max
from django.utils import timezone

from safehold.casework.models import StatutoryWork, Visit
from safehold.core.validation import d
from safehold.timescales.engine import add_months

from .models import ChildProtectionConference, CoreGroupMeeting, CPPlan, Section47Enquiry, StrategyDiscussion

PLAN_CONTEXT = CPPlan._meta.label_lower  # "child_protection.cpplan": casework.Visit.context_type

# measures.md "CP plans lasting 2+ years" and timescales.md "CP plan duration flag": plans lasting
# 2 years or more are the national indicator.
TWO_YEARS_MONTHS = 24


def is_repeat_plan(plan: CPPlan) -> bool:
    """A second or subsequent plan for this child (measures.md; census NumberOfPreviousCPP, rule 8730)."""
    return plan.number_of_previous_plans >= 1


def lasting_over_two_years(plan: CPPlan, on: dt.date | None = None) -> bool:
    """Has the plan lasted two years or more by `on` (or by its end, if it ended before `on`)?"""
    on = on or timezone.localdate()
    until = min(on, plan.end_date) if plan.end_date else on
    return until >= add_months(plan.start_date, TWO_YEARS_MONTHS)


def open_enquiry(person) -> Section47Enquiry | None:
    """The section 47 enquiry still open (no initial conference yet and one not ruled out)."""
    return (Section47Enquiry.objects.filter(person=person, icpc_held_on__isnull=True, icpc_not_required=False)
            .select_related("strategy_discussion").first())


def current_plan(person) -> CPPlan | None:
    return CPPlan.objects.filter(person=person, end_date__isnull=True).select_related("lead_practitioner").first()


def plans_of(person) -> list[CPPlan]:
    return list(CPPlan.objects.filter(person=person).select_related("lead_practitioner"))


def visits_of(plan: CPPlan) -> list[Visit]:
    return list(Visit.objects.filter(context_type=PLAN_CONTEXT, context_id=str(plan.pk)).select_related("visited_by"))


def open_work(source, rule_codes: list[str]) -> StatutoryWork | None:
    return (StatutoryWork.objects.filter(source_type=source._meta.label_lower, source_id=str(source.pk),
                                         status=StatutoryWork.Status.OPEN, rule_code__in=rule_codes)
            .order_by("due_on").first())


@dataclass
class PlanSummary:
    plan: CPPlan
    next_review: StatutoryWork | None
    next_visit: StatutoryWork | None
    first_core_group: StatutoryWork | None
    last_visit: Visit | None
    last_review: ChildProtectionConference | None
    repeat: bool
    over_two_years: bool
    core_groups: list[CoreGroupMeeting] = field(default_factory=list)
    visits: list[Visit] = field(default_factory=list)
    conferences: list[ChildProtectionConference] = field(default_factory=list)


def plan_summary(plan: CPPlan, on: dt.date | None = None) -> PlanSummary:
    visits = visits_of(plan)
    conferences = list(plan.conferences.select_related("chaired_by").order_by("-held_on", "-id"))
    if plan.initial_conference not in conferences:
        conferences.append(plan.initial_conference)
    return PlanSummary(
        plan=plan,
        next_review=open_work(plan, ["RCPC_FIRST", "RCPC_NEXT"]),
        next_visit=open_work(plan, ["CP_VISIT"]),
        first_core_group=open_work(plan, ["CORE_GROUP_FIRST"]),
        last_visit=visits[0] if visits else None,
        last_review=next((c for c in conferences if c.kind == ChildProtectionConference.Kind.REVIEW), None),
        repeat=is_repeat_plan(plan),
        over_two_years=lasting_over_two_years(plan, on),
        core_groups=list(plan.core_groups.all()),
        visits=visits,
        conferences=conferences,
    )


def strategy_discussions_of(person) -> list[StrategyDiscussion]:
    return list(StrategyDiscussion.objects.filter(person=person).prefetch_related("participants"))


def icpc_overdue(enquiry: Section47Enquiry, on: dt.date | None = None) -> bool:
    on = on or timezone.localdate()
    return enquiry.is_open and enquiry.initial_cpc_target < on


def episode_close_blockers(episode) -> list[str]:
    """Why an episode of need cannot close yet, for the Family Help closure service: an unfinished
    section 47 enquiry (CIN rule 8868: it needs its ICPC date or ICPCnotRequired) or an open child
    protection plan (rule 8565: no activity after closure)."""
    blockers = []
    for enquiry in Section47Enquiry.objects.filter(episode=episode, icpc_held_on__isnull=True,
                                                   icpc_not_required=False):
        blockers.append(f"The section 47 enquiry from {d(enquiry.start_date)} has no initial conference yet "
                        "and was not concluded without one")
    for plan in CPPlan.objects.filter(episode=episode, end_date__isnull=True):
        blockers.append(f"The child protection plan from {d(plan.start_date)} is still open: end it first")
    return blockers


def last_review_on(plan: CPPlan) -> dt.date | None:
    """The date of the plan's latest review conference."""
    return plan.conferences.filter(kind=ChildProtectionConference.Kind.REVIEW).aggregate(m=Max("held_on"))["m"]


def plan_last_activity(plan: CPPlan) -> tuple[dt.date, str] | None:
    """The latest review conference, core group or visit recorded in the plan."""
    candidates = []
    review = last_review_on(plan)
    if review:
        candidates.append((review, "review conference"))
    core = plan.core_groups.aggregate(m=Max("held_on"))["m"]
    if core:
        candidates.append((core, "core group meeting"))
    visit = Visit.objects.filter(context_type=PLAN_CONTEXT, context_id=str(plan.pk)).aggregate(m=Max("visited_on"))["m"]
    if visit:
        candidates.append((visit, "visit"))
    return max(candidates) if candidates else None

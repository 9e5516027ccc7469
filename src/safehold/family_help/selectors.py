"""Reading Family Help: a child's current episode and the work in it, for the record panel and pages.
Callers have already opened the child's record (web.access.open_person)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Max, Q
from django.utils import timezone

from safehold.casework.models import StatutoryWork, Visit
from safehold.core.validation import d

from .models import Assessment, CINEpisode, CINPlan, EarlyHelpEpisode, PlanReview, PreProceedings

REREFERRAL_WINDOW_DAYS = 365  # measures.md: a re-referral is a referral within 12 months of the previous one


def is_rereferral(person, referral_date: dt.date) -> bool:
    """Was there an earlier referral for this child in the 12 months before `referral_date`?"""
    return CINEpisode.objects.filter(
        person=person, referral_date__lt=referral_date,
        referral_date__gte=referral_date - dt.timedelta(days=REREFERRAL_WINDOW_DAYS),
    ).exists()


def current_episode(person) -> CINEpisode | None:
    """The open episode of need, else the most recent one."""
    return (CINEpisode.objects.filter(person=person, closure_date__isnull=True).first()
            or CINEpisode.objects.filter(person=person).first())


def open_episode(person) -> CINEpisode | None:
    return CINEpisode.objects.filter(person=person, closure_date__isnull=True).first()


def assessment_work(episode: CINEpisode) -> StatutoryWork | None:
    """The episode's ASSESSMENT statutory work (due date, whether done and on time): read, never recomputed."""
    return StatutoryWork.objects.filter(source_type=CINEpisode._meta.label_lower, source_id=str(episode.pk),
                                        rule_code="ASSESSMENT").order_by("-started_on", "-id").first()


def open_assessment(person) -> Assessment | None:
    return Assessment.objects.filter(person=person, authorised_date__isnull=True).select_related("lead_worker").first()


def open_cin_plan(person) -> CINPlan | None:
    return CINPlan.objects.filter(person=person, end_date__isnull=True).select_related("lead_practitioner").first()


def open_early_help(person) -> EarlyHelpEpisode | None:
    return (EarlyHelpEpisode.objects.filter(person=person, end_date__isnull=True)
            .select_related("lead_practitioner").first())


def _context_q(objs) -> Q:
    q = Q(pk__in=[])
    for obj in objs:
        q |= Q(context_type=obj._meta.label_lower, context_id=str(obj.pk))
    return q


def visits_for(objs) -> list[Visit]:
    objs = list(objs)
    if not objs:
        return []
    return list(Visit.objects.filter(_context_q(objs)).select_related("visited_by"))


def pre_proceedings_warnings(pp: PreProceedings) -> list[str]:
    """The census queries (Q rules) on module 5: expected, not refused."""
    warnings = []
    if pp.fgdm_meeting_offer and pp.fgdm_meeting_fac is None:  # rule 9010Q
        warnings.append("An FGDM meeting was offered: record whether it was facilitated (CIN census query 9010Q)")
    if pp.initial_pp_meeting_date and pp.review_meetings_count is None:  # rule 9015Q
        warnings.append("Record the number of review meetings after the first meeting (CIN census query 9015Q)")
    return warnings


def episode_detail(episode: CINEpisode) -> dict:
    assessments = list(episode.assessments.select_related("lead_worker", "authorised_by"))
    plans = list(episode.cin_plans.select_related("lead_practitioner").prefetch_related("reviews"))
    pre_proceedings = PreProceedings.objects.filter(episode=episode).first()
    return {
        "assessments": assessments,
        "open_assessment": next((a for a in assessments if a.is_open), None),
        "plans": plans,
        "open_plan": next((p for p in plans if p.is_open), None),
        "reviews": list(PlanReview.objects.filter(cin_plan__episode=episode).select_related("cin_plan")),
        "visits": visits_for(assessments + plans),
        "pre_proceedings": pre_proceedings,
        "pp_warnings": pre_proceedings_warnings(pre_proceedings) if pre_proceedings else [],
        "work": assessment_work(episode),
    }


def early_help_of(person) -> list[EarlyHelpEpisode]:
    return list(EarlyHelpEpisode.objects.filter(person=person).select_related("lead_practitioner")
                .prefetch_related("reviews"))


def last_seen(person):
    """The last date the child was seen on a Family Help visit (Annex A list 6)."""
    return (Visit.objects.filter(person=person, child_seen=True,
                                 kind__in=[Visit.Kind.ASSESSMENT, Visit.Kind.CIN, Visit.Kind.EARLY_HELP])
            .order_by("-visited_on").values_list("visited_on", flat=True).first())


def panel_summary(person) -> dict:
    episode = current_episode(person)
    work = assessment_work(episode) if episode else None
    today = timezone.localdate()
    return {
        "episode": episode,
        "work": work,
        "work_overdue": bool(work and work.status == StatutoryWork.Status.OPEN and work.due_on < today),
        "assessment": open_assessment(person),
        "cin_plan": open_cin_plan(person),
        "early_help": open_early_help(person),
        "last_seen": last_seen(person),
        "past_episodes": list(CINEpisode.objects.filter(person=person).exclude(pk=episode.pk if episode else None)),
    }


def episode_open_work(episode: CINEpisode) -> list[str]:
    """What is still open in the episode, in words (rules 8867, 4004, 8868; pre-proceedings)."""
    found = []
    for a in Assessment.objects.filter(episode=episode, authorised_date__isnull=True):
        found.append(f"The assessment started on {d(a.start_date)} has not been authorised: a closed episode must "
                     "have completed assessments (CIN census rule 8867)")
    for p in CINPlan.objects.filter(episode=episode, end_date__isnull=True):
        found.append(f"The child in need plan from {d(p.start_date)} is still open: end it first")
    from safehold.child_protection.selectors import episode_close_blockers  # noqa: PLC0415

    found.extend(episode_close_blockers(episode))
    pp = PreProceedings.objects.filter(episode=episode, step_decision_date__isnull=True).first()
    if pp:
        found.append(f"Pre-proceedings started on {d(pp.pp_start_date)} have no decision to step up or down yet")
    return found


def plan_last_activity(plan) -> tuple[dt.date, str] | None:
    """The latest review or visit in a child in need plan or an early help episode (its end must not be
    before it)."""
    dates: list[tuple[dt.date, str]] = []
    last_review = plan.reviews.aggregate(m=Max("review_date"))["m"]
    if last_review:
        dates.append((last_review, "the last review"))
    last_visit = Visit.objects.filter(context_type=plan._meta.label_lower, context_id=str(plan.pk)).aggregate(
        m=Max("visited_on"))["m"]
    if last_visit:
        dates.append((last_visit, "the last visit"))
    return max(dates, key=lambda x: x[0]) if dates else None

"""Reads for inspection and improvement: the inspection history and cycle, audit candidates and reports,
the plan with its RAG as at any date, measures' values at a date, and the leaders' summary."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection
from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from safehold.accounts.models import User
from safehold.accounts.policy import ROLE_PERMISSIONS, Perm, has_perm, visible_q
from safehold.care_leavers.models import CareLeaverStatus
from safehold.casework.models import Allocation
from safehold.child_protection.models import CPPlan
from safehold.children_in_care.models import UnregisteredPlacementAuthorisation
from safehold.family_help.models import Assessment
from safehold.people.models import Disability, Person
from safehold.people.selectors import ChildRef
from safehold.performance.definitions import Good
from safehold.performance.definitions import get as measure_get
from safehold.performance.models import MeasureSnapshot
from safehold.performance.selectors import format_value, value_reused

from . import rules
from .models import (
    GRADE_ORDER,
    AuditRound,
    CaseAudit,
    CycleRule,
    EngagementMeeting,
    Grade,
    ImprovementPlan,
    Inspection,
    JudgementArea,
    PlanAction,
    PlanArea,
    ProgressUpdate,
    SelfEvaluation,
)
from .policy import may_read_audit
from .rules import ANSWERS

GRADE_LABELS = dict(Grade.choices)


# --- Inspections and the cycle ------------------------------------------------------------------------


@dataclass
class HistoryRow:
    area: JudgementArea
    cells: list[str]  # grade per inspection ("" when not graded then)


def inspection_history() -> tuple[list[Inspection], list[HistoryRow]]:
    """Every inspection, newest first, and each judgement area's grade in each (areas graded at least once)."""
    inspections = list(Inspection.objects.prefetch_related("grades", "findings").order_by("-on_site_from"))
    graded = {(g.inspection_id, g.area_id): g.grade for i in inspections for g in i.grades.all()}
    rows = []
    for area in JudgementArea.objects.all():
        cells = [graded.get((i.pk, area.pk), "") for i in inspections]
        if any(cells):
            rows.append(HistoryRow(area, cells))
    return inspections, rows


def grades_of(inspection: Inspection) -> dict[str, str]:
    return {g.area.code: g.grade for g in inspection.grades.select_related("area")}


@dataclass
class Cycle:
    last: Inspection | None
    since_last: Inspection | None  # the latest visit of any kind
    days_since_last: int | None
    grade: str
    grade_label: str
    grade_basis: str
    rule: CycleRule | None
    window: rules.Window | None
    window_state: str
    engagement_due: dt.date | None
    last_engagement: EngagementMeeting | None
    self_evaluation_due: dt.date | None
    self_evaluation: SelfEvaluation | None  # the latest
    today: dt.date


def cycle(today: dt.date | None = None) -> Cycle:
    """Where the council stands in the inspection cycle (ilacs-and-annex-a.md 4.1, the rules in CycleRule)."""
    today = today or timezone.localdate()
    visits = list(Inspection.objects.filter(on_site_to__lte=today).order_by("-on_site_to"))
    last = next((i for i in visits if i.is_graded), None)
    grade, basis, rule, window = "", "no graded inspection is recorded", None, None
    if last is not None:
        overall = JudgementArea.objects.filter(is_overall=True).values_list("code", flat=True).first()
        grade, basis = rules.basis_grade(grades_of(last), overall)
        rule = CycleRule.objects.filter(basis_grade=grade).first() if grade else None
        if rule:
            window = rules.next_inspection_window(last.on_site_to, rule.months_after, rule.window_months)
    meeting = EngagementMeeting.objects.filter(held_on__lte=today).first()
    due = rules.engagement_due(meeting.held_on if meeting else None, last.on_site_to if last else None)
    sef = SelfEvaluation.objects.first()
    sef_due = due - dt.timedelta(days=settings.SAFEHOLD_SEF_DAYS_BEFORE_ENGAGEMENT) if due else None
    return Cycle(last=last, since_last=visits[0] if visits else None, grade_label=GRADE_LABELS.get(grade, ""),
                 days_since_last=(today - last.on_site_to).days if last else None, grade=grade, grade_basis=basis,
                 rule=rule, window=window, window_state=window.state(today) if window else "",
                 engagement_due=due, last_engagement=meeting, self_evaluation_due=sef_due, self_evaluation=sef,
                 today=today)


# --- Measures at a date -------------------------------------------------------------------------------


def good_of(code: str) -> str:
    measure = measure_get(code)
    if measure is None:
        return ""
    return {Good.HIGH: "high", Good.LOW: "low"}.get(measure.good, "")


def measure_value_on(code: str, day: dt.date) -> float | None:
    """The measure as at `day`: the month-end snapshot when `day` is one (a stored figure never changes),
    else read from the record."""
    measure = measure_get(code)
    if measure is None:
        return None
    snap = MeasureSnapshot.objects.filter(code=code, as_at=day, cut="").values_list("value", flat=True).first()
    if snap is not None:
        return snap
    return value_reused(measure, min(day, timezone.localdate()))


def measure_display(code: str, value: float | None) -> str:
    measure = measure_get(code)
    return format_value(measure, value) if measure else "–"


# --- Audits -------------------------------------------------------------------------------------------

# CIN census factor codes of extra-familial harm (../shared/domain/cin-census.md, factors table):
# missing, child sexual exploitation, trafficking, gangs, child criminal exploitation.
EXTRA_FAMILIAL_FACTORS = ["10A", "11A", "12A", "13A", "24A"]


def audit_candidates(theme: str, on: dt.date) -> list[rules.Candidate]:
    """Children with an open case on `on` who match the round's theme, with the team and worker that hold
    the case (the allocated worker, else the lead practitioners)."""
    allocations = Allocation.objects.filter(Q(ended_on__isnull=True) | Q(ended_on__gt=on), started_on__lte=on,
                                            role__in=[Allocation.Role.ALLOCATED_WORKER,
                                                      Allocation.Role.LEAD_CP_PRACTITIONER,
                                                      Allocation.Role.LEAD_PRACTITIONER],
                                            person__is_restricted=False)
    allocations = allocations.filter(_theme_q(theme, on))
    rank = {Allocation.Role.ALLOCATED_WORKER: 0, Allocation.Role.LEAD_CP_PRACTITIONER: 1,
            Allocation.Role.LEAD_PRACTITIONER: 2}
    best: dict[int, tuple[int, int | None, int | None]] = {}
    for person_id, role, team_id, worker_id in allocations.values_list("person_id", "role", "team_id", "worker_id"):
        if person_id not in best or rank[role] < best[person_id][0]:
            best[person_id] = (rank[role], team_id, worker_id)
    return [rules.Candidate(pid, team_id, worker_id) for pid, (_r, team_id, worker_id) in best.items()]


def _theme_q(theme: str, on: dt.date) -> Q:
    year_ago = on - dt.timedelta(days=365)
    half_year = on - dt.timedelta(days=183)
    Theme = AuditRound.Theme
    if theme == Theme.DISABLED_CHILDREN:
        return Q(person__in=Disability.objects.exclude(code="NONE").values("person"))
    if theme == Theme.ASSESSMENT_TIMELINESS:
        return Q(person__in=Assessment.objects.filter(start_date__gte=half_year, start_date__lte=on).values("person"))
    if theme == Theme.UNREGISTERED:
        return Q(person__in=UnregisteredPlacementAuthorisation.objects.filter(
            Q(placement__end_date__isnull=True) | Q(placement__end_date__gte=year_ago),
            placement__start_date__lte=on).values("person"))
    if theme == Theme.EXTRA_FAMILIAL_HARM:
        factor_q = Q()
        for code in EXTRA_FAMILIAL_FACTORS:
            factor_q |= Q(factors__contains=[code]) if _json_contains() else Q(factors__icontains=f'"{code}"')
        return Q(person__in=Assessment.objects.filter(factor_q).values("person"))
    if theme == Theme.CHILD_PROTECTION:
        return Q(person__in=CPPlan.objects.filter(Q(end_date__isnull=True) | Q(end_date__gt=on),
                                                  start_date__lte=on).values("person"))
    if theme == Theme.CARE_LEAVERS:
        return Q(person__in=CareLeaverStatus.objects.filter(Q(end_date__isnull=True) | Q(end_date__gt=on),
                                                            start_date__lte=on).values("person"))
    return Q()


def _json_contains() -> bool:
    return connection.features.supports_json_field_contains


def auditor_choices():
    """Staff who may be auditors: experienced practitioners and managers (issue 13, Roles)."""
    roles = [role for role, perms in ROLE_PERMISSIONS.items() if Perm.AUDIT_CONDUCT in perms]
    return User.objects.filter(is_active=True, role__in=roles).select_related("team").order_by(
        "last_name", "first_name")


@dataclass
class GradeCount:
    label: str
    counts: dict[str, int]
    total: int

    def share(self, grade: str) -> float:
        return 100 * self.counts.get(grade, 0) / self.total if self.total else 0.0

    @property
    def good_or_better(self) -> float | None:
        if not self.total:
            return None
        return 100 * (self.counts.get(Grade.OUTSTANDING, 0) + self.counts.get(Grade.GOOD, 0)) / self.total


def _final_grades(audits) -> list[tuple[CaseAudit, str]]:
    return [(a, a.final_grade) for a in audits if a.final_grade]


def audit_report(rounds: list[AuditRound] | None = None) -> dict:
    """Grades by round, theme and team (the final grade: the moderator's where moderated), the agreement
    between auditors and moderators, and the findings that recur (the tool's questions answered "no"
    most often)."""
    qs = CaseAudit.objects.filter(status__in=[CaseAudit.Status.SUBMITTED, CaseAudit.Status.MODERATED])
    if rounds is not None:
        qs = qs.filter(round__in=rounds)
    audits = list(qs.select_related("round", "round__tool_version", "team", "moderation"))
    by_round: dict[int, list] = defaultdict(list)
    by_theme: dict[str, list] = defaultdict(list)
    by_team: dict[str, list] = defaultdict(list)
    for audit, grade in _final_grades(audits):
        by_round[audit.round_id].append(grade)
        by_theme[audit.round.get_theme_display()].append(grade)
        by_team[audit.team.name if audit.team else "No team"].append(grade)

    def counts(label, grades):
        return GradeCount(label, dict(Counter(grades)), len(grades))

    round_objs = {a.round_id: a.round for a in audits}
    ordered_rounds = sorted(round_objs.values(), key=lambda r: (r.sampled_on, r.pk))
    pairs = [(a.grade, a.moderation.grade) for a in audits if getattr(a, "moderation", None) and a.grade]
    missing: Counter = Counter()
    asked: Counter = Counter()
    for a in audits:
        sections = a.round.tool_version.sections
        for key, answer in (a.answers or {}).items():
            try:
                s, q = (int(x) for x in key.split("."))
                question = sections[s]["questions"][q]
            except (ValueError, IndexError, KeyError):
                continue
            if answer.get("answer") in ("yes", "partly", "no"):
                asked[question] += 1
            if answer.get("answer") == "no":
                missing[question] += 1
    recurring = [{"question": q, "no": n, "asked": asked[q], "percent": 100 * n / asked[q]}
                 for q, n in missing.most_common(8) if asked[q]]
    return {
        "rounds": [counts(r.name, by_round[r.pk]) for r in ordered_rounds],
        "round_objects": ordered_rounds,
        "themes": [counts(t, g) for t, g in sorted(by_theme.items())],
        "teams": [counts(t, g) for t, g in sorted(by_team.items())],
        "agreement": rules.agreement(pairs),
        "recurring": recurring,
        "total": sum(len(g) for g in by_round.values()),
    }


def latest_grades_by_theme() -> list[dict]:
    """For the leaders' view: each theme's latest round, with its share good or better."""
    report = audit_report()
    latest: dict[str, tuple[AuditRound, GradeCount]] = {}
    for r, gc in zip(report["round_objects"], report["rounds"], strict=False):
        latest[r.theme] = (r, gc)
    return [{"round": r, "grades": gc} for r, gc in sorted(latest.values(), key=lambda x: x[0].get_theme_display())]


def my_audits(user) -> dict:
    """Audits for `user` to do, and audits of cases they hold or their team holds (to read and reply)."""
    to_do = CaseAudit.objects.filter(auditor=user, status=CaseAudit.Status.ASSIGNED).select_related(
        "round", "person", "moderation")
    of_mine = CaseAudit.objects.filter(status__in=[CaseAudit.Status.SUBMITTED, CaseAudit.Status.MODERATED]).filter(
        Q(worker=user) | (Q(team_id=user.team_id) if user.team_id and user.role == "team_manager" else Q(pk__in=[]))
    ).select_related("round", "person", "moderation")
    return {"to_do": list(to_do), "of_mine": list(of_mine)}


def audit_rounds():
    """Every round, newest first, with its progress: audits in all, submitted, moderated, to moderate."""
    done = [CaseAudit.Status.SUBMITTED, CaseAudit.Status.MODERATED]
    return AuditRound.objects.select_related("tool_version__tool").annotate(
        n=Count("audits"), n_submitted=Count("audits", filter=Q(audits__status__in=done)),
        n_moderated=Count("audits", filter=Q(audits__status=CaseAudit.Status.MODERATED)),
        n_to_moderate=Count("audits", filter=Q(audits__to_moderate=True)))


def _grade_table(counts: list[GradeCount]) -> list[dict]:
    return [{"label": gc.label, "cells": [gc.counts.get(g, 0) for g in rules.GRADES], "total": gc.total,
             "good_or_better": gc.good_or_better} for gc in counts]


def audit_report_page(rounds: list[AuditRound] | None = None) -> dict:
    """audit_report laid out for a page: each table's cells in grade order, the trend of the share good or
    better from round to round (in the order sampled), and the moderators' changes named."""
    report = audit_report(rounds)
    trend, previous = [], None
    for audit_round, gc in zip(report["round_objects"], report["rounds"], strict=False):
        share = gc.good_or_better
        change = None if previous is None or share is None else share - previous
        trend.append({"round": audit_round, "total": gc.total, "percent": share,
                      "direction": None if change is None else "up" if change > 0 else "down" if change < 0 else "same",
                      "points": abs(change) if change is not None else None})
        previous = share if share is not None else previous
    changes = sorted(report["agreement"].changes.items(), key=lambda kv: (-kv[1], kv[0]))
    return {**report, "grade_labels": [GRADE_LABELS[g] for g in rules.GRADES],
            "by_round": _grade_table(report["rounds"]), "by_theme": _grade_table(report["themes"]),
            "by_team": _grade_table(report["teams"]), "trend": trend,
            "changes": [{"auditor": GRADE_LABELS[a], "moderator": GRADE_LABELS[m], "n": n} for (a, m), n in changes]}


def audit_children(audits, user) -> list[CaseAudit]:
    """Set `child` on each audit: a ChildRef, `masked` (shown by its child ID only, never the name) when
    `user` may not open the child's record now; and `final_label`, the final grade in words. Two queries."""
    audits = list(audits)
    ids = {a.person_id for a in audits}
    refs = {row[0]: row for row in Person.objects.filter(pk__in=ids).values_list(*ChildRef.FIELDS)}
    visible = set(Person.objects.filter(pk__in=ids).filter(visible_q(user)).values_list("pk", flat=True)) \
        if ids else set()
    for a in audits:
        a.child = ChildRef(*refs[a.person_id])
        a.child.masked = a.person_id not in visible
        a.final_label = GRADE_LABELS.get(a.final_grade, "")
    return audits


def round_sample(audit_round: AuditRound, user) -> list[CaseAudit]:
    """The round's audits as `user` sees them: the child (masked where they may not open the record),
    and whether they may open the audit and moderate it."""
    audits = audit_children(audit_round.audits.select_related("team", "auditor", "worker", "moderation"), user)
    moderator = has_perm(user, Perm.AUDIT_MODERATE)
    for a in audits:
        a.readable = may_read_audit(user, a)
        a.moderatable = moderator and a.status == CaseAudit.Status.SUBMITTED and a.auditor_id != user.pk
    return audits


def audit_sheet(audit: CaseAudit) -> list[dict]:
    """The audit as answered, section by section, in the words of the tool version it was done on."""
    answers, graded = audit.answers or {}, audit.section_grades or {}
    sheet = []
    for s, section in enumerate(audit.round.tool_version.sections):
        questions = []
        for q, text in enumerate(section["questions"]):
            given = answers.get(f"{s}.{q}") or {}
            questions.append({"number": f"{s + 1}.{q + 1}", "text": text, "answer": given.get("answer", ""),
                              "answer_label": ANSWERS.get(given.get("answer", ""), "Not answered"),
                              "note": given.get("note", "")})
        sheet.append({"number": s + 1, "title": section["title"], "questions": questions,
                      "grade": GRADE_LABELS.get(graded.get(str(s), ""), "Not graded")})
    return sheet


# --- The plan, as at any date -------------------------------------------------------------------------


@dataclass
class ActionView:
    action: PlanAction
    status: str
    status_label: str
    completed_on: dt.date | None
    rag: rules.Rag
    last_update: ProgressUpdate | None
    milestones: list


@dataclass
class MeasureView:
    code: str
    name: str
    baseline: float | None
    baseline_on: dt.date
    target: float
    value: float | None
    display: dict
    worse: bool
    met: bool | None


@dataclass
class AreaView:
    area: PlanArea
    actions: list[ActionView]
    measures: list[MeasureView]
    rag: rules.Rag


@dataclass
class PlanView:
    plan: object
    on: dt.date
    areas: list[AreaView]
    counts: dict = field(default_factory=dict)  # {"areas": {rag: n}, "actions": {rag: n}}
    late: list[ActionView] = field(default_factory=list)


AREA_RELATIONS = ("measures", "actions__milestones", "actions__owner", "actions__updates__by")


def plans_with_areas(plans):
    """`plans` (a queryset) with every area, action, milestone and update fetched together: a list of plans
    reads a fixed number of queries however many plans it shows (`plan_on` uses what is fetched)."""
    return plans.prefetch_related(Prefetch("areas", queryset=PlanArea.objects.select_related("lead", "finding")
                                           .prefetch_related(*AREA_RELATIONS)))


def plan_on(plan, on: dt.date | None = None, *, measures: bool = True,
            measure_values: dict | None = None) -> PlanView:
    """The plan as it stood on `on` (default today): actions that existed then, each with its status from
    the latest progress update on or before `on`, and the RAG the rule gives on that date. Measures are
    read as at `on` (snapshots where the date is a month end)."""
    today = timezone.localdate()
    on = on or today
    live = on >= today
    # What existed on `on`: an action recorded by then or already started (a plan typed in after the event
    # keeps its real dates), and an area recorded by then or holding such an action.
    if "areas" in getattr(plan, "_prefetched_objects_cache", {}):
        areas = list(plan.areas.all())  # fetched with the other plans (plans_with_areas)
    else:
        areas = list(plan.areas.select_related("lead", "finding").prefetch_related(*AREA_RELATIONS))
    # A measure's value on a day is read once however many plans and areas cite it.
    measure_values = {} if measure_values is None else measure_values
    views = []
    counts = {"areas": Counter(), "actions": Counter()}
    late = []
    for area in areas:
        action_views = []
        for action in area.actions.all():
            if min(timezone.localtime(action.created_at).date(), action.starts_on) > on:
                continue
            updates = [u for u in action.updates.all() if u.on <= on]
            last = updates[-1] if updates else None
            if live:
                status, completed_on = action.status, action.completed_on
                override, reason = action.rag_override, action.override_reason
            elif last:
                status, completed_on = last.status, last.completed_on
                override, reason = last.rag_override, last.override_reason
            else:
                status, completed_on, override, reason = PlanAction.Status.NOT_STARTED, None, "", ""
            rag = rules.action_rag(status=status, starts_on=action.starts_on, due_on=action.due_on,
                                   milestones=[(m.due_on, m.done_on) for m in action.milestones.all()], on=on,
                                   override=override, override_reason=reason)
            view = ActionView(action, status, PlanAction.Status(status).label, completed_on, rag, last,
                              list(action.milestones.all()))
            action_views.append(view)
            counts["actions"][rag.status] += 1
            if rag.derived == rules.RED or rag.status == rules.RED:
                late.append(view)
        if not action_views and timezone.localtime(area.created_at).date() > on:
            continue
        measure_views = []
        if measures:
            for pm in area.measures.all():
                m = measure_get(pm.code)
                if (pm.code, on) not in measure_values:
                    measure_values[(pm.code, on)] = measure_value_on(pm.code, on)
                value = measure_values[(pm.code, on)]
                good = good_of(pm.code)
                measure_views.append(MeasureView(
                    pm.code, m.name if m else pm.code, pm.baseline, pm.baseline_on, pm.target, value,
                    {"baseline": measure_display(pm.code, pm.baseline), "target": measure_display(pm.code, pm.target),
                     "value": measure_display(pm.code, value)},
                    rules.worse(value, pm.baseline, good), rules.meets(value, pm.target, good)))
        rag = rules.area_rag([a.rag for a in action_views],
                             [rules.MeasureCheck(mv.name, mv.worse, mv.met) for mv in measure_views])
        counts["areas"][rag.status] += 1
        views.append(AreaView(area, action_views, measure_views, rag))
    return PlanView(plan, on, views, {k: dict(v) for k, v in counts.items()}, late)


def plan_summaries(plans) -> list[dict]:
    """The RAG summary of each of `plans` (a queryset), in a fixed number of queries however many plans."""
    measure_values: dict = {}
    return [rag_summary(p, measure_values) for p in plans_with_areas(plans)]


def rag_summary(plan, measure_values: dict | None = None) -> dict:
    view = plan_on(plan, measures=True, measure_values=measure_values)
    return {"plan": plan, "areas": view.counts["areas"], "actions": view.counts["actions"], "view": view}


# --- Self-evaluation ----------------------------------------------------------------------------------


def self_evaluation_compare(sef: SelfEvaluation) -> list[dict]:
    """Each area's grade this year beside last year's and the last inspection's."""
    previous = SelfEvaluation.objects.filter(year__lt=sef.year).order_by("-year").first()
    before = {e.area_id: e for e in previous.areas.all()} if previous else {}
    last = cycle(sef.as_at).last
    inspected = {g.area_id: g.grade for g in last.grades.all()} if last else {}
    rows = []
    for entry in sef.areas.select_related("area").prefetch_related("evidence", "evidence__audit_round",
                                                                   "evidence__action"):
        prior = before.get(entry.area_id)
        rows.append({"entry": entry, "previous": prior, "inspected": inspected.get(entry.area_id, ""),
                     "inspected_label": GRADE_LABELS.get(inspected.get(entry.area_id, ""), ""),
                     "moved": _moved(prior.grade if prior else "", entry.grade)})
    return rows


def _moved(before: str, now: str) -> str:
    if not before or not now:
        return ""
    if GRADE_ORDER[now] < GRADE_ORDER[before]:
        return "better"
    if GRADE_ORDER[now] > GRADE_ORDER[before]:
        return "worse"
    return "same"


# --- The leaders' view (issue 13.7) -------------------------------------------------------------------


def plans_in_progress():
    """Plans with an action not yet completed, newest first."""
    return ImprovementPlan.objects.filter(areas__actions__status__in=[
        PlanAction.Status.NOT_STARTED, PlanAction.Status.IN_PROGRESS]).distinct().select_related("inspection")


def leaders_section(request) -> dict | None:
    """The improvement section of the leaders' dashboard (performance.dashboard_sections), for a reader who
    may see the improvement plan."""
    if not has_perm(request.user, Perm.IMPROVEMENT_VIEW):
        return None
    return {"improvement": leaders_summary()}


def leaders_summary(today: dt.date | None = None) -> dict:
    """What the leaders' dashboard shows of the improvement loop: each plan in progress with its RAG counts,
    the next inspection window, the latest audit grades by theme, and this year's self-evaluation grades
    beside the last inspection's."""
    sef = SelfEvaluation.objects.first()
    return {
        "cycle": cycle(today),
        "plans": plan_summaries(plans_in_progress()),
        "audits": latest_grades_by_theme(),
        "self_evaluation": sef,
        "self_evaluation_rows": self_evaluation_compare(sef) if sef else [],
    }

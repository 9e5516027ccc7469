"""Reads for the returns page: the runs, and a run's findings by rule and by team."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from safehold.casework.models import Allocation
from safehold.child_protection.models import CPPlan
from safehold.family_help.models import Assessment, CINEpisode
from safehold.people.models import Person

from .models import RecordFinding, ReturnRun


def recent_runs(limit: int = 20):
    return ReturnRun.objects.defer("file", "issues").select_related("started_by")[:limit]


# The page where a finding in each SSDA903 table is put right, when it is not the child's record itself.
FIX_PAGES = {"OC2": ("care_planning:outcomes_edit", "Outcomes for the year"),
             "AD1": ("children_in_care:adoption_edit", "Adoption milestones"),
             "PlacedAdoption": ("children_in_care:adoption_edit", "Adoption milestones"),
             "UASC": ("children_in_care:uasc_edit", "UASC status")}


def _table_page(table: str, person_pk: int, year_end: int) -> tuple[str, str] | None:
    """The page that puts right a row of one of the SSDA903's own tables (url, words), if it has one. The year's
    outcomes page is named by the year's end (2026 for 2025-26)."""
    page = FIX_PAGES.get(table)
    if page is None:
        return None
    name, label = page
    args = [person_pk, year_end] if name == "care_planning:outcomes_edit" else [person_pk]
    return reverse(name, args=args), label


def _fix_page(issue: dict, person, run: ReturnRun) -> tuple[str, str] | None:
    return _table_page(issue.get("table", ""), person.pk, run.period_end.year) if person is not None else None


def findings(run: ReturnRun) -> dict:
    """The validator's findings: counts by rule (most first), and each finding under the team that
    holds the child's case now (or "Not allocated"), linked to the child's record."""
    by_rule: dict[str, dict] = {}
    for issue in run.issues:
        row = by_rule.setdefault(issue["code"], {"code": issue["code"], "message": issue["message"],
                                                 "fields": issue.get("fields", []), "n": 0,
                                                 "severity": issue.get("severity", "error")})
        row["n"] += 1
    children = {p.person_id: p for p in Person.objects.filter(person_id__in={i["child"] for i in run.issues})}
    teams = {a.person_id: a.team.name for a in Allocation.objects.filter(
        person__in=children.values(), ended_on__isnull=True, role=Allocation.Role.ALLOCATED_WORKER)
        .select_related("team")}
    by_team: dict[str, list] = defaultdict(list)
    for issue in run.issues:
        person = children.get(issue["child"])
        team = teams.get(person.pk, "Not allocated") if person else "Not on the record"
        by_team[team].append({**issue, "person": person, "fix": _fix_page(issue, person, run)})
    errors = sum(1 for i in run.issues if i.get("severity", "error") == "error")
    return {"by_rule": sorted(by_rule.values(), key=lambda r: (r["severity"] != "error", -r["n"], r["code"])),
            "by_team": sorted(by_team.items()), "total": len(run.issues), "errors": errors,
            "queries": len(run.issues) - errors}


# --- The record's findings (issue 16: on save, My work, the data quality page) --------------------------

def open_findings_of(person) -> list:
    return list(RecordFinding.objects.filter(person=person, resolved_at__isnull=True)
                .order_by("severity", "collection", "code", "row"))


def _records_by_date(findings) -> dict:
    """The records the findings' rows are about, found by (person, date) in one query per kind of record."""
    wanted: dict[str, set] = {}
    for f in findings:
        if f.key_date and f.collection == "cin":
            wanted.setdefault(f.table, set()).add((f.person_id, f.key_date))
    found: dict[tuple, int] = {}
    lookups = (("Assessments", Assessment, "start_date"), ("CINdetails", CINEpisode, "referral_date"),
               ("ChildProtectionPlans", CPPlan, "start_date"))
    for table, model, field in lookups:
        pairs = wanted.get(table)
        if not pairs:
            continue
        rows = model.objects.filter(person_id__in={p for p, _ in pairs}, **{f"{field}__in": {d for _, d in pairs}})
        for pk, person_id, day in rows.order_by("pk").values_list("pk", "person_id", field):
            found[(table, person_id, day)] = pk
    return found


def fix_link(finding, records: dict | None = None) -> tuple[str, str]:
    """The page (url, words) where a finding is put right: the record the row is about when it can be found
    by its date, else the page for the table, else the child's record."""
    records = _records_by_date([finding]) if records is None else records
    pk = finding.person_id
    record = records.get((finding.table, pk, finding.key_date))
    if record is not None and finding.table == "Assessments":
        return reverse("family_help:assessment_edit", args=[pk, record]), "the assessment"
    if record is not None and finding.table == "CINdetails":
        return reverse("family_help:episode_detail", args=[pk, record]), "the episode of need"
    if record is not None and finding.table == "ChildProtectionPlans":
        return reverse("child_protection:plan_detail", args=[pk, record]), "the child protection plan"
    page = _table_page(finding.table, pk, finding.year + 1) if finding.collection == "ssda903" else None
    if page is not None:
        return page[0], page[1].lower()
    if finding.table in ("ChildIdentifiers", "ChildCharacteristics", "Disabilities", "Header"):
        return reverse("people:edit", args=[pk]), "the child's details"
    return reverse("people:detail", args=[pk]), "the child's record"


def _with_links(findings) -> list:
    records = _records_by_date(findings)
    for f in findings:
        f.fix_url, f.fix_words = fix_link(f, records)
    return findings


def findings_for_page(person) -> list:
    return _with_links(open_findings_of(person))


def my_findings(user, *, limit: int = 50) -> list:
    """Open findings on the children allocated to `user` now (My work)."""
    mine = Allocation.objects.filter(worker=user, ended_on__isnull=True).values("person_id")
    return _with_links(list(RecordFinding.objects.filter(resolved_at__isnull=True, person_id__in=mine)
                            .select_related("person").order_by("severity", "person__person_id", "code")[:limit]))


def _month_ends(today, months: int) -> list:
    ends, year, month = [], today.year, today.month
    for _ in range(months):
        first_next = dt.date(year + (month == 12), month % 12 + 1, 1)
        ends.append(min(first_next - dt.timedelta(days=1), today))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return list(reversed(ends))


def data_quality(*, teams, team=None, today=None, months: int = 12, page: int = 1, per_page: int = 50) -> dict:
    """Open findings by team and by worker (through the child's current allocation), the trend of open
    findings at each month end, and the findings themselves (paged)."""
    today = today or timezone.localdate()
    team_ids = [t.pk for t in teams] if team is None else [team.pk]
    held = Allocation.objects.filter(ended_on__isnull=True, team_id__in=team_ids)
    open_q = RecordFinding.objects.filter(resolved_at__isnull=True, person_id__in=held.values("person_id"))
    by_team_rows = (Allocation.objects.filter(ended_on__isnull=True, team_id__in=team_ids,
                                              person__record_findings__resolved_at__isnull=True)
                    .values("team__name", "team_id")
                    .annotate(errors=Count("person__record_findings",
                                           filter=Q(person__record_findings__severity="error"), distinct=True),
                              queries=Count("person__record_findings",
                                            filter=Q(person__record_findings__severity="query"), distinct=True),
                              children=Count("person", distinct=True))
                    .order_by("-errors", "team__name"))
    by_worker = (Allocation.objects.filter(ended_on__isnull=True, team_id__in=team_ids, worker__isnull=False,
                                           person__record_findings__resolved_at__isnull=True)
                 .values("worker_id", "worker__first_name", "worker__last_name", "team__name")
                 .annotate(errors=Count("person__record_findings",
                                        filter=Q(person__record_findings__severity="error"), distinct=True),
                           queries=Count("person__record_findings",
                                         filter=Q(person__record_findings__severity="query"), distinct=True))
                 .order_by("-errors", "worker__last_name")[:50])
    trend = []
    scoped = RecordFinding.objects.filter(person_id__in=held.values("person_id"))
    for end in _month_ends(today, months):
        at = timezone.make_aware(dt.datetime.combine(end, dt.time.max))
        alive = scoped.filter(found_at__lte=at).filter(Q(resolved_at__isnull=True) | Q(resolved_at__gt=at))
        counts = alive.aggregate(errors=Count("pk", filter=Q(severity="error")),
                                 queries=Count("pk", filter=Q(severity="query")))
        trend.append({"month": end, **counts})
    peak = max([t["errors"] + t["queries"] for t in trend] + [1])
    for i, t in enumerate(trend):  # the chart's bars, in the SVG's units (100 wide a month, 100 high at most)
        t["height"] = round(100 * (t["errors"] + t["queries"]) / peak)
        t["x"], t["y"], t["label_x"] = i * 100 + 15, 110 - t["height"], i * 100 + 10
    total = open_q.count()
    rows = list(open_q.select_related("person").order_by("severity", "person__person_id", "code")
                [(page - 1) * per_page: page * per_page])
    by_code = list(open_q.values("collection", "code", "severity", "message").annotate(n=Count("pk"))
                   .order_by("-n", "code")[:20])
    return {"by_team": list(by_team_rows), "by_worker": list(by_worker), "trend": trend,
            "findings": _with_links(rows), "total": total, "page": page,
            "pages": max(1, -(-total // per_page)), "by_code": by_code, "chart_width": 100 * len(trend)}

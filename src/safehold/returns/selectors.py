"""Reads for the returns page: the runs, and a run's findings by rule and by team."""

from __future__ import annotations

from collections import defaultdict

from django.urls import reverse

from safehold.casework.models import Allocation
from safehold.people.models import Person

from .models import ReturnRun


def recent_runs(limit: int = 20):
    return ReturnRun.objects.defer("file", "issues").select_related("started_by")[:limit]


# The page where a finding in each SSDA903 table is put right, when it is not the child's record itself.
FIX_PAGES = {"OC2": ("care_planning:outcomes_edit", "Outcomes for the year"),
             "AD1": ("children_in_care:adoption_edit", "Adoption milestones"),
             "PlacedAdoption": ("children_in_care:adoption_edit", "Adoption milestones"),
             "UASC": ("children_in_care:uasc_edit", "UASC status")}


def _fix_page(issue: dict, person, run: ReturnRun) -> tuple[str, str] | None:
    page = FIX_PAGES.get(issue.get("table", "")) if person is not None else None
    if page is None:
        return None
    name, label = page
    args = [person.pk, run.period_end.year] if name == "care_planning:outcomes_edit" else [person.pk]
    return reverse(name, args=args), label


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

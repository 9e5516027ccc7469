"""Worklist views: "My work", "My team" and the service roll-up. Reads only. Filters are GET forms
that htmx submits on change, swapping a table fragment; without JavaScript the same form reloads the
whole page."""

from __future__ import annotations

import re
from urllib.parse import urlencode

from django.shortcuts import render

from safehold.accounts.policy import Perm, has_perm
from safehold.core.middleware import LAST_CHANGE_KEY
from safehold.meetings.selectors import booked_for_chair
from safehold.oversight.services import manages
from safehold.returns.selectors import my_findings
from safehold.web.access import forbidden, require_perm

from . import selectors
from .selectors import WHEN_CHOICES

_RULE = re.compile(r"^[A-Z0-9_]{1,40}$")
_WHEN = {value for value, _label in WHEN_CHOICES}


def _rule(request) -> str:
    rule = request.GET.get("rule", "").strip()
    return rule if _RULE.match(rule) else ""


def _when(request, default: str) -> str:
    when = request.GET.get("when", default)
    return when if when in _WHEN else default


def _page(request) -> int:
    page = request.GET.get("page", "1")
    return int(page) if page.isdigit() and 0 < len(page) < 6 else 1


def _query(request, *keys: str) -> str:
    """The filters in force, for the page links (which add their own page number)."""
    return urlencode([(k, request.GET[k]) for k in keys if request.GET.get(k)])


def _fragment(request, name: str) -> bool:
    # A history restore (the back button) needs the whole page, not the fragment.
    return (bool(request.htmx) and not request.htmx.history_restore_request
            and request.GET.get("fragment") == name)


@require_perm(Perm.CONFERENCE_RECORD)
def chair(request):
    """Conferences and reviews the independent chair holds (issue 14.4), and those still without a chair."""
    work = selectors.chair_work(fetched_by=request.user, rule=_rule(request), when=_when(request, "all"),
                                page=_page(request))
    work.query = _query(request, "rule", "when")

    context = {"work": work, "when_choices": WHEN_CHOICES, "unchaired": selectors.without_chair(fetched_by=request.user),
               "booked": booked_for_chair(request.user)}
    if _fragment(request, "table"):
        return render(request, "worklists/_chair_table.html", context)
    return render(request, "worklists/chair.html", context)


@require_perm(Perm.PERSON_VIEW)
def my_work(request):
    work = selectors.my_work(fetched_by=request.user, rule=_rule(request), when=_when(request, "all"),
                             page=_page(request))
    work.query = _query(request, "rule", "when")
    context = {"work": work, "when_choices": WHEN_CHOICES}
    if _fragment(request, "table"):
        return render(request, "worklists/_my_work_table.html", context)

    context["findings"] = my_findings(request.user)
    return render(request, "worklists/my_work.html", context)


@require_perm(Perm.WORKLIST_TEAM)
def team(request):
    teams = list(selectors.teams_for(request.user))
    chosen = request.GET.get("team", "").strip()
    if chosen:
        team = next((t for t in teams if str(t.pk) == chosen), None)
        if team is None:
            return forbidden(request, "That team's worklist is outside your team or service.")
    else:
        team = selectors.default_team(request.user, teams)
    context = {"teams": teams, "team": team, "when_choices": WHEN_CHOICES,
               "can_allocate": has_perm(request.user, Perm.CASE_ALLOCATE)}
    if team is not None:
        worker = request.GET.get("worker", "").strip()
        worker_id = int(worker) if worker.isdigit() else None
        fragment = _fragment(request, "work")
        drilled = fragment or any(request.GET.get(k) for k in ("rule", "when", "worker", "page"))
        by_rule = None
        # The list of the team's work is drilled into (a type, a worker, a filter): the overview
        # itself carries the counts, so it loads quickly on a busy team.
        if drilled:
            by_rule = None if fragment and worker_id is not None else selectors.team_rule_counts(team)
            work = selectors.team_work(fetched_by=request.user, team=team, rule=_rule(request),
                                       when=_when(request, "overdue"), worker_id=worker_id, page=_page(request),
                                       rules=by_rule)
            work.query = urlencode([("team", team.pk)] + [
                (k, request.GET[k]) for k in ("rule", "when", "worker") if request.GET.get(k)])
            context["work"] = work
        if fragment:
            return render(request, "worklists/_team_work_table.html", context)
        if drilled:
            overview = selectors.team_overview(fetched_by=request.user, team=team, by_rule=by_rule)
        else:  # the plain overview, the page a manager opens most: may be reused for a few seconds
            overview = selectors.team_overview_for_page(fetched_by=request.user, team=team,
                                                        changed_at=request.session.get(LAST_CHANGE_KEY))
        for row in overview["workers"]:
            row["can_supervise"] = manages(request.user, row["worker"])
        context["overview"] = overview
        context["work_filter"] = context.get("work") or selectors.WorkList(
            items=[], rules=overview["by_rule_alpha"], total=overview["open_total"], overdue=overview["overdue_total"],
            due_week=overview["due_week_total"], matching=0, page=1, pages=1, on=overview["on"], when="overdue")
    return render(request, "worklists/team.html", context)


@require_perm(Perm.WORKLIST_SERVICE)
def service(request):
    services = selectors.services_for(request.user)
    chosen = request.GET.get("service", "").strip()
    shown = [s for s in services if str(s.pk) == chosen] if chosen else services
    if chosen and not shown:
        return forbidden(request, "That service's worklist is outside your service.")
    context = {"services": services, "chosen": chosen,
               "overview": selectors.service_overview(fetched_by=request.user, services=shown)}
    if _fragment(request, "table"):
        return render(request, "worklists/_service_table.html", context)
    return render(request, "worklists/service.html", context)

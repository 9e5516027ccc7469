"""Worklists: reads only. "My work" for a worker, "My team" for a manager, and the service roll-up.

They read the statutory work rows (casework.models.StatutoryWork) that every app raises, allocations,
and the oversight app's supervision and oversight gaps. Every page runs a fixed number of aggregated
queries, whatever the size of the team or service (no query per row): counts are GROUP BY queries,
per-worker figures are subqueries on one worker query, rows are read as tuples (no model instances),
and names of restricted records the user may not open are masked with one query over the children
shown. Lists show the most urgent rows a page at a time. Indexes used: StatutoryWork (worker, status,
due_on) and (team, status, due_on); Allocation (team, ended_on) and (worker, ended_on).
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from safehold.accounts.models import Service, Team, User
from safehold.accounts.policy import Perm, Scope, has_perm, scope_of
from safehold.casework.models import CHAIRED_RULES, Allocation, StatutoryWork
from safehold.oversight import selectors as oversight
from safehold.people.models import Person
from safehold.people.selectors import ChildRef, mask_restricted

WHEN_CHOICES = [("all", "All open work"), ("overdue", "Overdue"), ("week", "Due this week")]
WEEK_DAYS = 7  # "due this week": today and the next six days
PAGE_SIZE = 50  # rows of work per page, most urgent first
TEAM_LIST = 20  # rows shown in each of the team page's lists (with the full count)
OPEN = StatutoryWork.Status.OPEN
# Teams that hold children's cases (not partner agencies or the corporate team).
CASE_TEAM_KINDS = [k for k in Team.Kind.values if k not in (Team.Kind.PARTNER, Team.Kind.CORPORATE)]
_CHILD = tuple(f"person__{f}" for f in ChildRef.FIELDS)


def _week_q(on: dt.date) -> Q:
    return Q(due_on__gte=on, due_on__lte=on + dt.timedelta(days=WEEK_DAYS - 1))


def _when_q(when: str, on: dt.date) -> Q:
    if when == "overdue":
        return Q(due_on__lt=on)
    if when == "week":
        return _week_q(on)
    return Q()


def _rule_counts(base: QuerySet, on: dt.date) -> list[dict]:
    """Open work counted by rule: all, overdue and due this week (one GROUP BY query)."""
    return list(base.order_by().values("rule_code").annotate(
        n=Count("id"), overdue=Count("id", filter=Q(due_on__lt=on)), due_week=Count("id", filter=_week_q(on)),
    ).order_by("rule_code"))


@dataclass(slots=True)
class WorkRow:
    pk: int
    rule_code: str
    title: str
    due_on: dt.date
    due_at: dt.datetime | None
    worker_id: int | None
    person: ChildRef
    days: int  # > 0 overdue by this many days, 0 due today, < 0 due in -days
    worker: User | None = None

    @property
    def days_left(self) -> int:
        return -self.days


@dataclass
class WorkList:
    items: list[WorkRow]
    rules: list[dict]  # [{"rule_code", "n", "overdue", "due_week"}] over all the open work, for the filter
    total: int
    overdue: int
    due_week: int
    matching: int  # rows matching the filters (over all pages)
    page: int
    pages: int
    on: dt.date
    rule: str = ""
    when: str = "all"
    worker_id: int | None = None
    query: str = ""  # the filters in force, for page links
    extra: dict = field(default_factory=dict)

    @property
    def first(self) -> int:
        return (self.page - 1) * PAGE_SIZE + 1 if self.items else 0

    @property
    def last(self) -> int:
        return (self.page - 1) * PAGE_SIZE + len(self.items)


def _work_list(base: QuerySet, *, fetched_by, rule: str, when: str, on: dt.date, page: int, page_size: int,
               rules: list[dict] | None = None) -> WorkList:
    rules = _rule_counts(base, on) if rules is None else rules
    chosen = [r for r in rules if r["rule_code"] == rule] if rule else rules
    key = {"all": "n", "overdue": "overdue", "week": "due_week"}.get(when, "n")
    matching = sum(r[key] for r in chosen)
    pages = max(1, -(-matching // page_size))
    page = min(max(1, page), pages)
    qs = base.filter(_when_q(when, on))
    if rule:
        qs = qs.filter(rule_code=rule)
    start = (page - 1) * page_size
    rows = qs.order_by("due_on", "due_at", "id").values_list(
        "id", "rule_code", "title", "due_on", "due_at", "worker_id", *_CHILD)[start:start + page_size]
    items = [WorkRow(pk, code, title, due_on, due_at, worker_id, ChildRef(*child), (on - due_on).days)
             for pk, code, title, due_on, due_at, worker_id, *child in rows]
    mask_restricted([w.person for w in items], fetched_by)
    return WorkList(items=items, rules=rules, total=sum(r["n"] for r in rules),
                    overdue=sum(r["overdue"] for r in rules), due_week=sum(r["due_week"] for r in rules),
                    matching=matching, page=page, pages=pages, on=on, rule=rule, when=when)


def my_work(*, fetched_by, rule: str = "", when: str = "all", page: int = 1, on: dt.date | None = None,
            page_size: int = PAGE_SIZE) -> WorkList:
    """Every open piece of statutory work with the signed-in worker, overdue first then by due date
    (a page at a time), with the open actions from management oversight they own."""
    on = on or timezone.localdate()
    base = StatutoryWork.objects.filter(worker=fetched_by, status=OPEN)
    work = _work_list(base, fetched_by=fetched_by, rule=rule, when=when, on=on, page=page, page_size=page_size)
    actions = oversight.open_actions_owned_by(fetched_by)
    for a in actions:
        p = a.oversight.person
        a.child = ChildRef(p.pk, p.person_id, p.forename, p.surname, p.is_restricted)
    mask_restricted([a.child for a in actions], fetched_by)
    work.extra["actions"] = actions
    return work


# --- Teams and services ------------------------------------------------------------------------------

def teams_for(user) -> QuerySet[Team] | list[Team]:
    """The teams whose worklist this user may read: their own team; a service manager every team of
    their service; a senior leader (county-wide) every team."""
    if not has_perm(user, Perm.WORKLIST_TEAM):
        return Team.objects.none()
    scope = scope_of(user)
    teams = Team.objects.filter(kind__in=CASE_TEAM_KINDS).select_related("service")
    if scope is Scope.ALL:
        return teams.order_by("service__name", "name")
    if scope is Scope.SERVICE:
        service_id = user.service_id or (user.team.service_id if user.team_id else None)
        q = Q(service_id=service_id) if service_id else Q(pk__in=[])
        if user.team_id:
            q |= Q(pk=user.team_id)
        return teams.filter(q).order_by("service__name", "name")
    # A team manager's own team: read through user.team, which the page header reads too.
    return [user.team] if user.team_id and user.team.kind in CASE_TEAM_KINDS else []


def default_team(user, teams) -> Team | None:
    """The user's own team, if they may read it; otherwise they choose."""
    return next((t for t in teams if t.pk == user.team_id), None) if user.team_id else None


def team_rule_counts(team: Team, on: dt.date | None = None) -> list[dict]:
    on = on or timezone.localdate()
    return _rule_counts(StatutoryWork.objects.filter(team=team, status=OPEN), on)


def team_work(*, fetched_by, team: Team, rule: str = "", when: str = "overdue", worker_id: int | None = None,
              page: int = 1, on: dt.date | None = None, page_size: int = TEAM_LIST,
              rules: list[dict] | None = None) -> WorkList:
    """The team's open statutory work, filtered by rule, by when it is due and by worker (0: none).
    `rules` may pass in team_rule_counts() when there is no worker filter, to save counting twice."""
    on = on or timezone.localdate()
    base = StatutoryWork.objects.filter(team=team, status=OPEN)
    if worker_id == 0:
        base = base.filter(worker__isnull=True)
    elif worker_id:
        base = base.filter(worker_id=worker_id)
    work = _work_list(base, fetched_by=fetched_by, rule=rule, when=when, on=on, page=page, page_size=page_size,
                      rules=rules if worker_id is None else None)
    work.worker_id = worker_id
    return _with_worker_names(work)


def _worker_rows(team: Team, on: dt.date, due=None) -> list[dict]:
    """Each worker in the team: caseload (children with an open allocation to them), overdue work and
    their oldest overdue item, and supervision (last, next due, missed). One query for the workers
    with all of it as subqueries, and one for the oldest items, whatever the team's size."""
    overdue = StatutoryWork.objects.filter(worker=OuterRef("pk"), status=OPEN, due_on__lt=on).order_by()
    held = Allocation.objects.filter(worker=OuterRef("pk"), ended_on__isnull=True).order_by()
    rows = oversight.supervision_status(team, on, due=due, annotate={
        "caseload": Coalesce(Subquery(held.values("worker").annotate(c=Count("person", distinct=True)).values("c"),
                                      output_field=IntegerField()), 0),
        "overdue_n": Coalesce(Subquery(overdue.values("worker").annotate(c=Count("id")).values("c"),
                                       output_field=IntegerField()), 0),
        "oldest_id": Subquery(overdue.order_by("due_on", "id").values("id")[:1]),
    })
    oldest_ids = [row["worker"].oldest_id for row in rows if row["worker"].oldest_id]
    oldest = {}
    if oldest_ids:
        for pk, code, title, due_on, due_at, worker_id, *child in StatutoryWork.objects.filter(
                pk__in=oldest_ids).values_list("id", "rule_code", "title", "due_on", "due_at", "worker_id", *_CHILD):
            oldest[pk] = WorkRow(pk, code, title, due_on, due_at, worker_id, ChildRef(*child), (on - due_on).days)
    for row in rows:
        w = row["worker"]
        row.update(caseload=w.caseload, overdue=w.overdue_n, oldest=oldest.get(w.oldest_id))
    return rows


def team_overview(*, fetched_by, team: Team, on: dt.date | None = None, by_rule: list[dict] | None = None,
                  mask: bool = True) -> dict:
    """A manager's view of one team: overdue work by type, unallocated cases, each worker's caseload
    and oldest overdue item, missed supervision, cases without oversight, and decision points
    without oversight. Long lists keep their most urgent TEAM_LIST rows, with the full count."""
    on = on or timezone.localdate()
    by_rule = team_rule_counts(team, on) if by_rule is None else by_rule
    unallocated_qs = Allocation.objects.filter(team=team, ended_on__isnull=True, worker__isnull=True)
    unallocated = [{"started_on": started_on, "role": role, "person": ChildRef(*child)}
                   for started_on, role, *child in unallocated_qs.order_by("started_on", "id")
                   .values_list("started_on", "role", *_CHILD)[:TEAM_LIST + 1]]
    unallocated_n = len(unallocated) if len(unallocated) <= TEAM_LIST else unallocated_qs.count()
    roles = dict(Allocation.Role.choices)
    for a in unallocated:
        a["role_label"] = roles.get(a["role"], a["role"])
    dues = oversight.due_functions(oversight.SUPERVISION_RULE, oversight.OVERSIGHT_RULE)
    workers = _worker_rows(team, on, due=dues[oversight.SUPERVISION_RULE])
    without_oversight = oversight.cases_without_oversight(team, on, due=dues[oversight.OVERSIGHT_RULE])
    decisions = oversight.decision_points_without_oversight(team, on)
    shown_without, shown_decisions, shown_unallocated = (
        without_oversight[:TEAM_LIST], decisions[:TEAM_LIST], unallocated[:TEAM_LIST])
    names = {row["worker"].pk: row["worker"] for row in workers}
    missing = {r["worker_id"] for r in shown_without if r["worker_id"] and r["worker_id"] not in names}
    if missing:
        names.update({u.pk: u for u in User.objects.filter(pk__in=missing)})
    for r in shown_without:
        r["worker"] = names.get(r["worker_id"])
    overview = {
        "team": team, "on": on,
        "by_rule": sorted(by_rule, key=lambda r: (-r["overdue"], r["rule_code"])),
        "by_rule_alpha": by_rule,
        "overdue_total": sum(r["overdue"] for r in by_rule),
        "due_week_total": sum(r["due_week"] for r in by_rule),
        "open_total": sum(r["n"] for r in by_rule),
        "unallocated": shown_unallocated, "unallocated_n": unallocated_n,
        "workers": workers,
        "missed_supervision": [w for w in workers if w["missed"]],
        "without_oversight": shown_without, "without_oversight_n": len(without_oversight),
        "decisions_without_oversight": shown_decisions, "decisions_n": len(decisions),
        "list_size": TEAM_LIST,
    }
    if mask:
        _mask_overview(overview, fetched_by)
    return overview


def _mask_overview(overview: dict, fetched_by, *, reread: bool = False) -> None:
    """Hide the names of restricted children the user may not open (one query), in place. `reread`
    first reads which of them are restricted now (one more query), for an overview built earlier."""
    children = ([a["person"] for a in overview["unallocated"]]
                + [w["oldest"].person for w in overview["workers"] if w["oldest"]]
                + [r["person"] for r in overview["without_oversight"]]
                + [d["person"] for d in overview["decisions_without_oversight"]])
    if reread and children:
        restricted = set(Person.objects.filter(pk__in={c.pk for c in children}, is_restricted=True)
                         .values_list("pk", flat=True))
        for c in children:
            c.is_restricted = c.pk in restricted
    mask_restricted(children, fetched_by)


def team_overview_for_page(*, fetched_by, team: Team, changed_at: float | None = None) -> dict:
    """team_overview as the team page shows it unfiltered: reused for SAFEHOLD_TEAM_OVERVIEW_SECONDS for the
    same user and team on the same day, and rebuilt when the user has changed anything since it was built
    (`changed_at`, core.middleware), so their own actions show at once and other people's within the
    period. Kept per user (what a manager may see depends on who they are); the names of restricted
    children are masked on every load, since grants come and go."""
    seconds = settings.SAFEHOLD_TEAM_OVERVIEW_SECONDS
    on = timezone.localdate()
    if seconds <= 0:
        return team_overview(fetched_by=fetched_by, team=team, on=on)
    key = f"worklists:team-overview:{team.pk}:{fetched_by.pk}:{on.isoformat()}"
    overview = cache.get(key)
    if overview is None or (changed_at is not None and overview["built_at"] <= changed_at):
        started, as_at = time.time(), timezone.now()  # before the reads, so a change made during them counts
        overview = {**team_overview(fetched_by=fetched_by, team=team, on=on, mask=False), "built_at": started,
                    "as_at": as_at, "reuse_seconds": seconds}
        cache.set(key, overview, seconds)
    # Which children are restricted, and who may see them, change with grants: masked afresh on every load.
    _mask_overview(overview, fetched_by, reread=True)
    return overview


def services_for(user) -> list[Service]:
    """Service areas this user may roll up: their own (service managers), every one (leaders)."""
    if not has_perm(user, Perm.WORKLIST_SERVICE):
        return []
    if scope_of(user) is Scope.ALL:
        return list(Service.objects.filter(teams__kind__in=CASE_TEAM_KINDS).distinct().order_by("name"))
    service_id = user.service_id or (user.team.service_id if user.team_id else None)
    return list(Service.objects.filter(pk=service_id)) if service_id else []


def service_overview(*, fetched_by, services: list[Service], on: dt.date | None = None) -> list[dict]:
    """Every team of `services` rolled up: open cases, overdue work, unallocated cases, and workers
    whose supervision is overdue. Five queries whatever the number of teams."""
    on = on or timezone.localdate()
    teams = list(Team.objects.filter(service__in=services, kind__in=CASE_TEAM_KINDS).order_by("name"))
    cases = {r["team"]: r for r in Allocation.objects.filter(team__in=teams, ended_on__isnull=True).order_by()
             .values("team").annotate(open=Count("person", distinct=True),
                                      unallocated=Count("person", distinct=True, filter=Q(worker__isnull=True)))}
    work = {r["team"]: r for r in StatutoryWork.objects.filter(team__in=teams, status=OPEN).order_by()
            .values("team").annotate(n=Count("id"), overdue=Count("id", filter=Q(due_on__lt=on)),
                                     due_week=Count("id", filter=_week_q(on)))}
    supervision = oversight.supervision_missed_by_team(teams, on)
    out = []
    for service in services:
        rows = []
        for t in teams:
            if t.service_id != service.pk:
                continue
            c, w = cases.get(t.pk, {}), work.get(t.pk, {})
            rows.append({"team": t, "open": c.get("open", 0), "unallocated": c.get("unallocated", 0),
                         "work": w.get("n", 0), "overdue": w.get("overdue", 0), "due_week": w.get("due_week", 0),
                         "missed_supervision": supervision.get(t.pk, 0)})
        totals = {k: sum(r[k] for r in rows) for k in
                  ("open", "unallocated", "work", "overdue", "due_week", "missed_supervision")}
        out.append({"service": service, "teams": rows, "totals": totals})
    return out


# --- The chair's worklist (issue 14.4) ----------------------------------------------------------------------

# The chair's work: casework.models.CHAIRED_RULES (conferences and looked-after reviews), read for the children
# whose open IRO allocation (the IRO of a child in care, or the conference chair) is the user.


def _with_worker_names(work: WorkList) -> WorkList:
    ids = {w.worker_id for w in work.items if w.worker_id}
    if ids:
        names = {u.pk: u for u in User.objects.filter(pk__in=ids).only("id", "first_name", "last_name", "username")}
        for w in work.items:
            w.worker = names.get(w.worker_id)
    return work


def chair_work(*, fetched_by, rule: str = "", when: str = "all", page: int = 1, on: dt.date | None = None,
               page_size: int = PAGE_SIZE) -> WorkList:
    """Conferences and reviews of the children the user chairs, due and overdue, with the social worker
    who arranges each (a fixed number of queries)."""
    on = on or timezone.localdate()
    base = StatutoryWork.objects.filter(status=OPEN, rule_code__in=CHAIRED_RULES).filter(Exists(
        Allocation.objects.filter(role=Allocation.Role.IRO, worker=fetched_by, ended_on__isnull=True,
                                  person_id=OuterRef("person_id"))))
    work = _work_list(base, fetched_by=fetched_by, rule=rule if rule in CHAIRED_RULES else "", when=when, on=on,
                      page=page, page_size=page_size)
    return _with_worker_names(work)


def without_chair(*, fetched_by, on: dt.date | None = None, limit: int = TEAM_LIST) -> WorkList:
    """Conferences and reviews due for children who have no chair allocated yet, most urgent first: for the
    reviewing service to pick up."""
    on = on or timezone.localdate()
    # An anti-join (NOT EXISTS), which PostgreSQL runs far faster here than NOT IN over the allocations.
    chaired = Allocation.objects.filter(role=Allocation.Role.IRO, ended_on__isnull=True, person_id=OuterRef("person_id"))
    base = StatutoryWork.objects.filter(status=OPEN, rule_code__in=CHAIRED_RULES).filter(~Exists(chaired))
    return _with_worker_names(_work_list(base, fetched_by=fetched_by, rule="", when="all", on=on, page=1,
                                         page_size=limit))


def chair_reminders_due(on: dt.date, days: int) -> list[tuple]:
    """(work id, person, chair, title, due_on) for every open conference or review due within `days`
    (or overdue) whose child has a chair: for `safehold notifications remind`."""
    chairs = dict(Allocation.objects.filter(role=Allocation.Role.IRO, ended_on__isnull=True, worker__isnull=False)
                  .values_list("person_id", "worker_id"))
    rows = (StatutoryWork.objects.filter(status=OPEN, rule_code__in=CHAIRED_RULES, person_id__in=list(chairs),
                                         due_on__lte=on + dt.timedelta(days=days))
            .select_related("person").order_by("due_on", "id"))
    return [(w.pk, w.person, chairs[w.person_id], w.title, w.due_on) for w in rows]

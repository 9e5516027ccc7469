"""Reading oversight and supervision: a child's oversight, a team's supervision status, cases without
oversight in the council's period, and decision points with no oversight after them.

Every team selector runs a fixed number of aggregated queries whatever the team's size (the
worklists load these on every manager's page). Due dates use the timescales rules with the
council's RuleVersions, read once per call (`due_functions`), never once per row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from django.db.models import Exists, Max, OuterRef, Subquery
from django.utils import timezone

from safehold.accounts.models import Role, Team, User
from safehold.casework.models import Allocation, StatutoryWork
from safehold.core.validation import local_date
from safehold.people.models import ChronologyEntry, Person
from safehold.people.selectors import ChildRef, mask_restricted  # noqa: F401 (used by the lists below)
from safehold.timescales.engine import Unit, compute_due
from safehold.timescales.models import RuleVersion
from safehold.timescales.rules import get_default_rule

from .models import DecisionPoint, ManagementOversight, OversightAction, Supervision
from .services import OVERSIGHT_RULE, SUPERVISION_RULE

# Workers whose supervision is tracked on their team's page.
SUPERVISED_ROLES = (Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.FRONT_DOOR, Role.IRO)

# Decision points in the journey that each need management oversight, by the chronology event type
# the other apps record them with (front door decision, step-up to strategy discussion, step-down, closure).
DECISION_EVENTS: dict[str, str] = {
    "contact_decision": DecisionPoint.FRONT_DOOR,
    "strategy_discussion": DecisionPoint.STEP_UP,
    "step_down": DecisionPoint.STEP_DOWN,
    "closure": DecisionPoint.CLOSURE,
}
DECISION_LOOKBACK_DAYS = 365  # decision points older than this are history, not a gap to act on


def due_functions(*rule_codes: str) -> dict[str, Callable[[dt.date], dt.date]]:
    """`safehold.timescales.due_date(code, start)` for many start dates, for each of `rule_codes`, with
    one query: the council's versions of the rules are read once and the version in force on each
    start date applies (as timescales.rule_version_in_force does)."""
    versions: dict[str, list] = {code: [] for code in rule_codes}
    for code, effective_from, amount, unit in (RuleVersion.objects.filter(code__in=rule_codes)
                                               .order_by("code", "-effective_from")
                                               .values_list("code", "effective_from", "amount", "unit")):
        versions[code].append((effective_from, amount, Unit(unit)))

    def make(code: str) -> Callable[[dt.date], dt.date]:
        default = get_default_rule(code)
        cache: dict[dt.date, dt.date] = {}

        def due(start: dt.date) -> dt.date:
            if start not in cache:
                amount, unit = default.amount, default.unit
                for effective_from, v_amount, v_unit in versions[code]:
                    if effective_from <= start:
                        amount, unit = v_amount, v_unit
                        break
                cache[start] = compute_due(start, amount, unit)
            return cache[start]

        return due

    return {code: make(code) for code in rule_codes}


def due_on_for(rule_code: str) -> Callable[[dt.date], dt.date]:
    return due_functions(rule_code)[rule_code]


# --- A child's oversight --------------------------------------------------------------------------

def oversight_of(person, limit: int = 10) -> list[ManagementOversight]:
    return list(ManagementOversight.objects.filter(person=person).select_related("recorded_by")
                .prefetch_related("actions__owner")[:limit])


def open_actions_of(person) -> list[OversightAction]:
    return list(OversightAction.objects.filter(oversight__person=person, completed_on__isnull=True)
                .select_related("owner", "oversight").order_by("due_on", "id"))


def next_oversight_due(person) -> StatutoryWork | None:
    return StatutoryWork.objects.filter(person=person, rule_code=OVERSIGHT_RULE,
                                        status=StatutoryWork.Status.OPEN).order_by("due_on").first()


def open_actions_owned_by(user) -> list[OversightAction]:
    """Open actions from management oversight that `user` owns, soonest first."""
    return list(OversightAction.objects.filter(owner=user, completed_on__isnull=True)
                .select_related("oversight__person").order_by("due_on", "id")[:200])


# --- Supervision ------------------------------------------------------------------------------------

def _supervision_rows(users: Iterable[User], on: dt.date, due=None) -> list[dict]:
    due = due or due_on_for(SUPERVISION_RULE)
    rows = []
    for u in users:
        last = u.last_supervision
        # Never supervised: the first is due one period after joining.
        next_due = due(last or local_date(u.date_joined) or on)
        rows.append({"worker": u, "last": last, "next_due": next_due, "missed": next_due < on,
                     "days_overdue": (on - next_due).days if next_due < on else 0})
    return rows


def supervision_status(team: Team, on: dt.date | None = None, *, annotate: dict | None = None,
                       due=None) -> list[dict]:
    """Each worker in the team: last supervision, next due (SUPERVISION rule), and whether it was
    missed. One query; `annotate` adds the caller's per-worker subqueries to it (worklists add
    caseloads and overdue work), `due` a SUPERVISION due function already read (due_functions)."""
    on = on or timezone.localdate()
    last = Supervision.objects.filter(worker=OuterRef("pk")).order_by("-held_on").values("held_on")[:1]
    users = (User.objects.filter(team=team, is_active=True, role__in=SUPERVISED_ROLES)
             .annotate(last_supervision=Subquery(last), **(annotate or {}))
             .only("id", "username", "first_name", "last_name", "role", "team_id", "service_id", "date_joined",
                   "is_active")
             .order_by("last_name", "first_name", "pk"))
    rows = _supervision_rows(users, on, due)
    for row in rows:  # every worker is in `team`: no query to read it
        row["worker"].team = team
    return rows


def supervision_missed_by_team(teams: Iterable[Team], on: dt.date | None = None) -> dict[int, int]:
    """{team id: number of workers whose supervision is overdue}, for many teams in one query."""
    on = on or timezone.localdate()
    users = (User.objects.filter(team__in=teams, is_active=True, role__in=SUPERVISED_ROLES)
             .annotate(last_supervision=Max("supervisions__held_on")).only("id", "team_id", "date_joined"))
    counts: dict[int, int] = {}
    for row in _supervision_rows(users, on):
        if row["missed"]:
            counts[row["worker"].team_id] = counts.get(row["worker"].team_id, 0) + 1
    return counts


def supervisions_of(worker, limit: int = 12) -> list[Supervision]:
    return list(Supervision.objects.filter(worker=worker).select_related("supervisor")[:limit])


# --- Cases without oversight ----------------------------------------------------------------------

def cases_without_oversight(team: Team, on: dt.date | None = None, *, due=None) -> list[dict]:
    """Open cases in the team (an open allocation there) whose last management oversight, or the
    allocation's start if there has been none, is more than the MANAGEMENT_OVERSIGHT period ago.
    Most overdue first; one query (and one for the rule's versions)."""
    on = on or timezone.localdate()
    in_team = Allocation.objects.filter(team=team, ended_on__isnull=True)
    people = (
        Person.objects.filter(Exists(in_team.filter(person=OuterRef("pk"))))
        .annotate(
            last_oversight=Subquery(ManagementOversight.objects.filter(person=OuterRef("pk"))
                                    .order_by("-occurred_on").values("occurred_on")[:1]),
            opened_on=Subquery(in_team.filter(person=OuterRef("pk")).order_by("started_on").values("started_on")[:1]),
            worker_id=Subquery(in_team.filter(person=OuterRef("pk"), worker__isnull=False)
                               .order_by("started_on").values("worker_id")[:1]),
        )
        .order_by().values_list(*ChildRef.FIELDS, "last_oversight", "opened_on", "worker_id")
    )
    due = due or due_on_for(OVERSIGHT_RULE)
    rows = []
    for *child, last_oversight, opened_on, worker_id in people:
        since = last_oversight or opened_on
        due_on = due(since)
        if due_on < on:
            rows.append({"person": ChildRef(*child), "last_oversight": last_oversight, "since": since,
                         "due_on": due_on, "days_overdue": (on - due_on).days, "worker_id": worker_id})
    rows.sort(key=lambda r: (r["due_on"], r["person"].pk))
    return rows


# --- Decision points without oversight -------------------------------------------------------------

def decision_points_without_oversight(team: Team, on: dt.date | None = None, limit: int = 200) -> list[dict]:
    """Decision points (front door decision, strategy discussion, step-down, closure) in the team's
    open cases in the last year with no management oversight of the child on or after that date."""
    on = on or timezone.localdate()
    open_people = Allocation.objects.filter(team=team, ended_on__isnull=True).values("person_id")
    entries = (
        ChronologyEntry.objects.filter(event_type__in=list(DECISION_EVENTS), person_id__in=open_people,
                                       occurred_on__gte=on - dt.timedelta(days=DECISION_LOOKBACK_DAYS),
                                       occurred_on__lte=on)
        .filter(~Exists(ManagementOversight.objects.filter(person=OuterRef("person_id"),
                                                           occurred_on__gte=OuterRef("occurred_on"))))
        .order_by("occurred_on", "id")
        .values_list(*(f"person__{f}" for f in ChildRef.FIELDS), "occurred_on", "event_type", "summary")[:limit]
    )
    rows = []
    for *child, occurred_on, event_type, summary in entries:
        point = DECISION_EVENTS[event_type]
        rows.append({"person": ChildRef(*child), "occurred_on": occurred_on, "summary": summary,
                     "decision_point": point, "label": DecisionPoint(point).label, "days": (on - occurred_on).days})
    return rows

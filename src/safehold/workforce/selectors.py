"""The workforce as at a date, as the children's social work workforce census counts it
(../shared/domain/measures.md "Social worker workforce"):
- agency rate: agency FTE / (agency FTE + the council's own FTE);
- vacancy rate: FTE vacancies / (FTE vacancies + the council's own FTE), a vacancy being established FTE
  not filled by the council's own worker (a post an agency worker covers is still vacant);
- turnover: FTE of the council's own workers who left in the 12 months / their FTE on the date.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.db.models import Q

from safehold.accounts.models import Team

from .models import Appointment, Post


def _open_on(day: dt.date) -> Q:
    return Q(start_date__lte=day) & (Q(end_date__isnull=True) | Q(end_date__gte=day))


@dataclass
class Figures:
    on: dt.date
    own_fte: Decimal = Decimal(0)
    own_headcount: int = 0
    agency_fte: Decimal = Decimal(0)
    agency_headcount: int = 0
    vacancies_fte: Decimal = Decimal(0)
    leavers_fte: Decimal = Decimal(0)
    leavers: int = 0
    starters: int = 0
    vacant_posts: list[tuple[Post, Decimal]] = field(default_factory=list)

    @staticmethod
    def _pct(a: Decimal, b: Decimal) -> float | None:
        return float(100 * a / b) if b else None

    @property
    def agency_rate(self) -> float | None:
        return self._pct(self.agency_fte, self.agency_fte + self.own_fte)

    @property
    def vacancy_rate(self) -> float | None:
        return self._pct(self.vacancies_fte, self.vacancies_fte + self.own_fte)

    @property
    def turnover_rate(self) -> float | None:
        return self._pct(self.leavers_fte, self.own_fte)


def figures_on(day: dt.date) -> Figures:
    """Three queries whatever the size of the workforce."""
    f = Figures(day)
    filled: dict[int, Decimal] = defaultdict(Decimal)
    year_start = day - relativedelta(years=1) + dt.timedelta(days=1)
    rows = list(Appointment.objects.filter(
        Q(start_date__lte=day) & (Q(end_date__isnull=True) | Q(end_date__gte=year_start))).values_list(
        "worker_id", "post_id", "fte", "worker__agency", "start_date", "end_date"))
    # People, not appointments: a worker who moved post is one head, not a leaver and a starter.
    in_post = {w for w, _p, _f, _a, _s, end in rows if end is None or end >= day}
    counted: set[int] = set()
    left: dict[int, Decimal] = {}
    for worker_id, post_id, fte, agency, _start, end in rows:
        if end is None or end >= day:
            if agency:
                f.agency_fte += fte
                f.agency_headcount += worker_id not in counted
            else:
                f.own_fte += fte
                f.own_headcount += worker_id not in counted
            counted.add(worker_id)
            if post_id and not agency:  # a post covered by an agency worker is still a vacancy (CSWW)
                filled[post_id] += fte
        elif not agency and worker_id not in in_post:
            left[worker_id] = max(left.get(worker_id, Decimal(0)), fte)
    f.leavers, f.leavers_fte = len(left), sum(left.values(), Decimal(0))
    first_start: dict[int, dt.date] = {}
    for worker_id, _p, _f, agency, start, _e in rows:
        if not agency:
            first_start[worker_id] = min(start, first_start.get(worker_id, start))
    f.starters = sum(1 for start in first_start.values() if start >= year_start)
    for post in Post.objects.filter(established_on__lte=day).filter(
            Q(disestablished_on__isnull=True) | Q(disestablished_on__gt=day)).select_related("team"):
        gap = post.fte - filled.get(post.pk, Decimal(0))
        if gap > 0:
            f.vacancies_fte += gap
            f.vacant_posts.append((post, gap))
    return f


def appointments_on(day: dt.date):
    return Appointment.objects.filter(_open_on(day)).select_related("worker", "post", "team")


def establishment_on(day: dt.date, teams=None) -> list[dict]:
    """Each team's posts on `day` with who fills them (the council's own worker, agency cover, or vacant),
    plus the team's agency workers without a post: for the workforce page. Three queries."""
    posts = list(Post.objects.filter(established_on__lte=day).filter(
        Q(disestablished_on__isnull=True) | Q(disestablished_on__gt=day)).select_related("team"))
    holders: dict[int, list[Appointment]] = defaultdict(list)
    unposted: dict[int, list[Appointment]] = defaultdict(list)
    for a in appointments_on(day):
        if a.post_id:
            holders[a.post_id].append(a)
        elif a.team_id:
            unposted[a.team_id].append(a)
    by_team: dict[int, dict] = {}
    team_ids = {p.team_id for p in posts} | set(unposted)
    for team in Team.objects.filter(pk__in=team_ids).order_by("name"):
        if teams is not None and team not in teams:
            continue
        by_team[team.pk] = {"team": team, "posts": [], "agency": unposted.get(team.pk, []), "fte": Decimal(0),
                            "vacant_fte": Decimal(0)}
    for post in posts:
        row = by_team.get(post.team_id)
        if row is None:
            continue
        own = [a for a in holders.get(post.pk, []) if not a.worker.agency]
        filled = sum((a.fte for a in own), Decimal(0))
        row["posts"].append({"post": post, "holders": own, "vacant": max(Decimal(0), post.fte - filled)})
        row["fte"] += post.fte
        row["vacant_fte"] += max(Decimal(0), post.fte - filled)
    return list(by_team.values())


def movements(day: dt.date) -> dict[str, list[Appointment]]:
    """Starters and leavers (the council's own workers) in the 12 months to `day`."""
    start = day - relativedelta(years=1) + dt.timedelta(days=1)
    qs = Appointment.objects.filter(worker__agency=False).select_related("worker", "team", "post")
    return {"starters": list(qs.filter(start_date__gte=start, start_date__lte=day).order_by("-start_date")),
            "leavers": list(qs.filter(end_date__gte=start, end_date__lte=day).order_by("-end_date"))}

"""Reading allocations: who holds a child's case now, caseloads, unallocated work."""

from __future__ import annotations

from django.db.models import Count, Q

from safehold.accounts.models import Team, User
from safehold.people.selectors import mask_restricted

from .models import Allocation, SignOff


def current_allocations(person) -> list[Allocation]:
    return list(
        Allocation.objects.filter(person=person, ended_on__isnull=True).select_related("team", "worker").order_by("role")
    )


def allocations_of(person) -> list[Allocation]:
    return list(Allocation.objects.filter(person=person).select_related("team", "worker"))


def caseload_of(worker: User, *, fetched_by: User) -> list[Allocation]:
    """The children allocated to `worker` now, each once (the earliest allocation when they hold two
    roles for the same child), names masked for `fetched_by` where the policy says so."""
    seen: dict[int, Allocation] = {}
    for a in (Allocation.objects.filter(worker=worker, ended_on__isnull=True)
              .select_related("person", "team")
              .order_by("person__surname", "person__forename", "started_on", "pk")):
        seen.setdefault(a.person_id, a)
    caseload = list(seen.values())
    mask_restricted([a.person for a in caseload], fetched_by)
    return caseload


def team_caseloads(team: Team) -> list[dict]:
    """Each member of the team with the number of children allocated to them now."""
    counts = dict(
        Allocation.objects.filter(team=team, ended_on__isnull=True, worker__isnull=False)
        .values_list("worker_id")
        .annotate(n=Count("person_id", distinct=True))
    )
    return [
        {"worker": u, "children": counts.get(u.pk, 0)}
        for u in User.objects.filter(team=team, is_active=True).order_by("last_name", "first_name")
    ]


def unallocated_in_team(team: Team, *, fetched_by: User) -> list[Allocation]:
    unallocated = list(
        Allocation.objects.filter(team=team, ended_on__isnull=True, worker__isnull=True)
        .select_related("person")
        .order_by("started_on")
    )
    mask_restricted([a.person for a in unallocated], fetched_by)
    return unallocated


def allocating_teams(user: User):
    """The teams a manager allocates in: a team manager their own team; a service manager every team in
    their service (all teams if they have no service set)."""
    teams = Team.objects.exclude(kind=Team.Kind.PARTNER)
    if user.role == "team_manager" and user.team_id:
        return teams.filter(pk=user.team_id)
    service_id = user.service_id or (user.team.service_id if user.team_id else None)
    if user.role == "service_manager" and service_id:
        return teams.filter(service_id=service_id)
    return teams


def workers_for_allocation(team: Team | None = None):
    qs = User.objects.filter(is_active=True).filter(
        Q(role__in=["social_worker", "team_manager", "front_door"])
    )
    if team is not None:
        qs = qs.filter(team=team)
    return qs.order_by("last_name", "first_name")


def case_holders(person) -> list[User]:
    """The workers who hold the child's case now, in any role (each once)."""
    seen: dict[int, User] = {}
    for a in Allocation.objects.filter(person=person, ended_on__isnull=True, worker__isnull=False).select_related("worker"):
        seen.setdefault(a.worker_id, a.worker)
    return list(seen.values())


# --- Sign-off (issue 14.2) ---------------------------------------------------------------------------------

def sign_off_teams(user: User):
    """The teams whose submitted work `user` signs off: the same teams they allocate in."""
    return allocating_teams(user)


def waiting_for_sign_off(user: User, *, limit: int = 100) -> tuple[list, int]:
    """(oldest first, total): work submitted to the teams `user` manages, not their own submissions.
    Two queries, names masked for restricted records the manager may not open."""
    qs = (SignOff.objects.filter(state=SignOff.State.SUBMITTED, team__in=sign_off_teams(user))
          .exclude(submitted_by=user).select_related("person", "submitted_by", "team").order_by("submitted_at", "pk"))
    rows = list(qs[:limit])
    mask_restricted([s.person for s in rows], user)
    return rows, (qs.count() if len(rows) == limit else len(rows))


def my_sign_offs(user: User, *, limit: int = 100) -> dict[str, list]:
    """The worker's own work by state: returned to them, drafts to submit, waiting with a manager. One query."""
    rows = list(SignOff.objects.filter(author=user).exclude(state=SignOff.State.AUTHORISED)
                .select_related("person", "decided_by").order_by("updated_at", "pk")[:limit])
    mask_restricted([s.person for s in rows], user)
    out: dict[str, list] = {"returned": [], "draft": [], "submitted": []}
    for s in rows:
        out[s.state].append(s)
    return out


def sign_offs_of(person) -> list:
    """A child's records not yet signed off, for the record page (authorised ones are in the chronology)."""
    return list(SignOff.objects.filter(person=person).exclude(state=SignOff.State.AUTHORISED)
                .select_related("author", "submitted_by", "decided_by").order_by("-updated_at", "-pk"))

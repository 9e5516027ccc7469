"""What a team's or service's scope reaches (registered with accounts.policy in CaseworkConfig.ready):
the children held there (an open allocation to the user, or to their team or service) and the family
around them, either direction of a relationship (parents, carers, siblings)."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q

from safehold.accounts.policy import Scope
from safehold.people.models import Relationship

from .models import Allocation


def held_reach(user, scope: Scope) -> Q:
    if scope is Scope.TEAM:
        held = Q(worker=user)
        if user.team_id:
            held |= Q(team_id=user.team_id)
    else:  # SERVICE
        service_id = user.service_id or (user.team.service_id if user.team_id else None)
        held = Q(worker=user) | (Q(team__service_id=service_id) if service_id else Q(pk__in=[]))
    held_cases = Allocation.objects.filter(held, ended_on__isnull=True)
    family = Relationship.objects.filter(
        Q(person=OuterRef("pk"), related__in=held_cases.values("person"))
        | Q(related=OuterRef("pk"), person__in=held_cases.values("person"))
    )
    return Q(Exists(held_cases.filter(person=OuterRef("pk")))) | Q(Exists(family))

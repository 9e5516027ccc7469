"""Loading allocations in bulk (issue 17.3; the pattern is `people/batch.py`): the SSDA903's social worker
episodes as the child's allocations (role allocated worker), held by a team for imported work since the
return names none."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from safehold.accounts.models import Team

from .models import Allocation

if TYPE_CHECKING:
    from safehold.accounts.models import User
    from safehold.people.models import Person

IMPORTED_TEAM_ID = "IMPORTED"  # the team imported social worker episodes are held by: the return names none


def imported_team() -> Team:
    team, _ = Team.objects.get_or_create(team_id=IMPORTED_TEAM_ID, defaults={
        "name": "Imported from a return (team not known)", "kind": Team.Kind.CHILDREN_IN_CARE})
    return team


def imported_allocation(person: Person, *, team: Team, worker: User | None, start: dt.date, end: dt.date | None,
                        sw_reason: str) -> Allocation:
    return Allocation(person=person, team=team, worker=worker, started_on=start, ended_on=end, sw_reason=sw_reason,
                      end_reason="Imported from the SSDA903" if end else "")


def allocation_ended_since(allocation: Allocation, *, end: dt.date) -> None:
    allocation.ended_on, allocation.end_reason = end, "Ended in an imported SSDA903"
    allocation.save(update_fields=["ended_on", "end_reason", "updated_at"])


def allocations_add(allocations: list[Allocation]) -> None:
    Allocation.objects.bulk_create(allocations, batch_size=2000)

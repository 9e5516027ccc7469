"""Loading periods of care, placements, episodes and the child's care records in bulk (issue 17.3; the pattern
is `people/batch.py`). `returns/imports/ssda903.py` reads the tables, works out each period's chain of
episodes and reports; these write the rows, saying once what an imported row holds that the return cannot
give. A period, its placements and its episodes are written in order (each needs the one before's key)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from .models import (
    AdoptionMilestones,
    CareEpisode,
    DeprivationOfLibertyOrder,
    PeriodOfCare,
    Placement,
    UASCStatus,
)

if TYPE_CHECKING:
    from safehold.accounts.models import User
    from safehold.people.models import Person

DOLO_COURT_UNKNOWN = "Not in the SSDA903 return"


def period_start_imported(person: Person, *, start: dt.date, left: dt.date | None, reason_ended: str, by: User) -> PeriodOfCare:
    return PeriodOfCare.objects.create(person=person, start_date=start, end_date=left,
                                       reason_ended=reason_ended if left else "", recorded_by=by)


def period_previous_permanence(period: PeriodOfCare, *, code: str, la: str, date: str) -> None:
    period.previous_permanence, period.previous_permanence_la, period.previous_permanence_date = code, la, date
    period.save(update_fields=["previous_permanence", "previous_permanence_la", "previous_permanence_date"])


def period_ended_since(period: PeriodOfCare, *, left: dt.date, reason_ended: str) -> None:
    """A later return says the child left care from a period the record holds open."""
    period.end_date, period.reason_ended = left, reason_ended
    period.save(update_fields=["end_date", "reason_ended", "updated_at"])


def placement_start_imported(person: Person, period: PeriodOfCare, *, placement_type: str, provider_code: str, urn: str,
                             postcode: str, home_postcode: str, start: dt.date, end: dt.date | None,
                             change_reason: str, by: User) -> Placement:
    return Placement.objects.create(person=person, period=period, placement_type=placement_type,
                                    provider_code=provider_code, urn=urn, postcode=postcode,
                                    home_postcode=home_postcode, start_date=start, end_date=end,
                                    change_reason=change_reason, recorded_by=by)


def placement_ended_since(placement: Placement, *, end: dt.date) -> None:
    placement.end_date = end
    placement.save(update_fields=["end_date", "updated_at"])


def placement_change_reason_since(placement: Placement, *, reason: str) -> None:
    """The move that ended a placement the record already holds (REASON_PLACE_CHANGE on its last episode)."""
    if reason and not placement.change_reason:
        placement.change_reason = reason
        placement.save(update_fields=["change_reason", "updated_at"])


def episode_add_imported(person: Person, period: PeriodOfCare, placement: Placement, *, start: dt.date,
                         reason_new_episode: str, legal_status: str, category_of_need: str, end: dt.date | None,
                         reason_ended: str) -> CareEpisode:
    return CareEpisode.objects.create(person=person, period=period, placement=placement, start_date=start,
                                      reason_new_episode=reason_new_episode, legal_status=legal_status,
                                      category_of_need=category_of_need, end_date=end, reason_ended=reason_ended)


def episode_ended_since(episode: CareEpisode, *, end: dt.date, reason_ended: str) -> None:
    episode.end_date, episode.reason_ended = end, reason_ended
    episode.save(update_fields=["end_date", "reason_ended", "updated_at"])


def uasc_add_imported(person: Person, *, ceased: dt.date | None) -> UASCStatus:
    return UASCStatus.objects.create(person=person, is_uasc=True, ceased_on=ceased)


def adoption_add_imported(person: Person, **milestones: Any) -> AdoptionMilestones:
    """The adoption milestones PlacedAdoption and AD1 give (the fields by their model names)."""
    return AdoptionMilestones.objects.create(person=person, **milestones)


def dolo_add_imported(person: Person, *, start: dt.date, end: dt.date | None, by: User) -> DeprivationOfLibertyOrder:
    """A deprivation of liberty order the return lists: the return does not name the court."""
    return DeprivationOfLibertyOrder.objects.create(person=person, start_date=start, end_date=end,
                                                    court=DOLO_COURT_UNKNOWN, recorded_by=by)

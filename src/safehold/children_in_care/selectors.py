"""Reading children in care: the record panel, the unregistered placements register, and placement
stability for the performance measures. Anything returning people takes the user (`fetched_by`)
and applies the policy (accounts.policy.visible_q)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q
from django.utils import timezone

from safehold.accounts.policy import visible_q
from safehold.family_help.models import CINEpisode
from safehold.people.models import Address, Person

from .codes import DOLO_EXPECTED
from .models import (
    AdoptionMilestones,
    CareEpisode,
    DeprivationOfLibertyOrder,
    PeriodOfCare,
    Placement,
    UASCStatus,
    UnregisteredPlacementAuthorisation,
)


def open_period(person) -> PeriodOfCare | None:
    return PeriodOfCare.objects.filter(person=person, end_date__isnull=True).first()


def current_placement(person) -> Placement | None:
    return Placement.objects.filter(person=person, end_date__isnull=True).select_related("provider").first()


def current_episode(person) -> CareEpisode | None:
    return CareEpisode.objects.filter(person=person, end_date__isnull=True).first()


def home_postcode(person) -> str:
    """The child's current home postcode (people.Address: the open home address)."""
    address = (Address.objects.filter(person=person, address_type=Address.Type.HOME, end_date__isnull=True)
               .order_by("-start_date", "-id").first())
    return address.postcode if address else ""


def episode_of_need_on(person, day: dt.date) -> bool:
    """Whether an episode of need (family_help.CINEpisode) is open on `day`."""
    return CINEpisode.objects.filter(person=person, referral_date__lte=day).filter(
        Q(closure_date__isnull=True) | Q(closure_date__gte=day)).exists()


def panel_summary(person) -> dict:
    """What the record panel shows: the current period, placement and episode, every 903 episode,
    DoLOs, UASC and adoption, and the warnings a worker must see."""
    today = timezone.localdate()
    period = open_period(person)
    placement = current_placement(person)
    episodes = list(CareEpisode.objects.filter(person=person).select_related("placement", "placement__provider")
                    .order_by("start_date", "id"))
    dolos = list(DeprivationOfLibertyOrder.objects.filter(person=person))
    live_dolo = next((o for o in dolos if o.covers(today)), None)
    warnings = []
    if placement and live_dolo and placement.placement_type not in DOLO_EXPECTED:
        # ssda903.md 3.1, rule 709: a child under a DoLO should be in K2, Z12 or Z13.
        warnings.append(f"The child is under a deprivation of liberty order but placed in {placement.placement_type}: "
                        "903 rule 709 expects K2, Z12 or Z13")
    authorisation = (UnregisteredPlacementAuthorisation.objects.filter(placement=placement).first()
                     if placement else None)
    return {
        "period": period,
        "last_period": period or PeriodOfCare.objects.filter(person=person).first(),
        "placement": placement,
        "days_in_placement": (today - placement.start_date).days if placement else None,
        "episode": current_episode(person),
        "episodes": episodes,
        "dolos": dolos,
        "uasc": UASCStatus.objects.filter(person=person).first(),
        "adoption": AdoptionMilestones.objects.filter(person=person).first(),
        "authorisation": authorisation,
        "warnings": warnings,
    }


def unregistered_placements(*, on: dt.date | None = None, fetched_by=None):
    """Authorised unregistered or unlawful placements running on `on` (default today): the live
    register. With `fetched_by`, only children that user may open."""
    on = on or timezone.localdate()
    qs = (UnregisteredPlacementAuthorisation.objects
          .filter(placement__start_date__lte=on)
          .filter(Q(placement__end_date__isnull=True) | Q(placement__end_date__gt=on))
          .select_related("person", "placement", "placement__provider", "authorised_by")
          .prefetch_related("actions").order_by("placement__start_date", "id"))
    if fetched_by is not None:
        qs = qs.filter(person__in=Person.objects.filter(visible_q(fetched_by)))
    return qs


def placement_moves(*, person=None, people=None, since: dt.date | None = None, until: dt.date | None = None):
    """Placement stability: the number of placements each child had that were running at some point
    from `since` (default 12 months before `until`) to `until` (default today). For one `person`
    returns an int; for `people` (a Person queryset) returns the queryset annotated `placement_count`."""
    until = until or timezone.localdate()
    since = since or until - dt.timedelta(days=365)
    in_window = Q(placements__start_date__lte=until) & (Q(placements__end_date__isnull=True)
                                                        | Q(placements__end_date__gte=since))
    if person is not None:
        return Placement.objects.filter(person=person, start_date__lte=until).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=since)).count()
    people = people if people is not None else Person.objects.all()
    return people.annotate(placement_count=Count("placements", filter=in_window, distinct=True))


def children_with_many_placements(*, fetched_by, since: dt.date | None = None, until: dt.date | None = None,
                                  minimum: int = 3):
    """Children the user may open with `minimum` (3) or more placements in the window: the DfE's
    placement stability measure (looked after children with three or more placements in the year)."""
    people = Person.objects.filter(visible_q(fetched_by))
    return (placement_moves(people=people, since=since, until=until)
            .filter(placement_count__gte=minimum).order_by("-placement_count", "surname"))

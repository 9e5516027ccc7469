"""Children in care for the synthetic county: a provider register, periods of care split into SSDA903
episodes (legal status x placement), placement moves and leaving care, over the same years as the
casework histories.

Shapes are illustrative for a shire county, not national statistics: about 25 children a year start to
be looked after per 10,000 children (England runs near 70 looked after per 10,000 at any time), a
period lasts a year and a half at the median, most children stay in one placement and about one in
ten has three or more in a year. Everything is deterministic from the seed and written in bulk.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict

from safehold.accounts.models import Role, Team, User
from safehold.casework.models import Allocation
from safehold.children_in_care.models import (
    AdoptionMilestones,
    AuthorisationAction,
    CareEpisode,
    PeriodOfCare,
    Placement,
    Provider,
    UnregisteredPlacementAuthorisation,
)
from safehold.family_help.models import CINEpisode
from safehold.people.models import Address, ChronologyEntry, Person
from safehold.synthetic import postcodes
from safehold.synthetic.names import stable_index

# Starts per year per child on the record (the record holds about a fifth of a county's children).
STARTS_PER_RECORD_CHILD_YEAR = 0.0125
FIRST_STATUS = (["V2", "C1", "L1", "L2", "J1"], [52, 30, 10, 5, 3])
FOSTER_FIRST = (["U6", "U3", "U5", "K2", "P1", "R3"], [58, 17, 3, 12, 5, 5])
MOVES = ([0, 1, 2, 3], [58, 26, 11, 5])
CHANGE_REASONS = (["CARPL", "CREQB", "CREQO", "CHILD", "LAREQ", "ALLEG", "STAND", "CLOSE", "OTHER"],
                  [40, 14, 10, 8, 8, 4, 4, 4, 8])
LEAVE_REASONS = (["E4A", "E13", "E41", "E45", "E47", "E48", "E11", "E8", "E4B"], [34, 10, 3, 6, 5, 3, 9, 6, 4])
# The census closure reason when leaving care closes the episode of need (cin-census.md 2.2).
CLOSURE_ON_LEAVING = {"E11": "RC1", "E12": "RC1", "E41": "RC3", "E45": "RC4", "E46": "RC4", "E47": "RC4",
                      "E48": "RC4", "E3": "RC5", "E7": "RC6"}
LEAVE_AT_18 = (["E17", "E5", "E6", "E13"], [30, 50, 10, 10])
CIN_CODES = (["N1", "N2", "N3", "N4", "N5", "N6", "N7", "N8"], [62, 4, 4, 8, 12, 2, 1, 7])


def _providers(rng: random.Random, la_code: str) -> list:
    R = Provider.Registration
    rows = []
    for i in range(60):  # the council's own and agency foster carers
        own = i < 40
        # Each carer has a home of their own (a move between carers shows in PL_POST, rule 435); the URN
        # is the fostering service's: the council's own, or the agency's (rule 218).
        rows.append(Provider(name=f"{'Northshire' if own else 'Horizon'} Fostering carer {i + 1:02d}", placement_type="U6",
                             provider_code="PR1" if own else "PR4", registration_status=R.NOT_REQUIRED,
                             urn="SC499001" if own else "SC499002",
                             postcode=postcodes.COUNTY[(i * 7) % len(postcodes.COUNTY)], la_code=la_code))
    for i in range(18):  # children's homes, mostly private
        out_of_area = i % 3 == 0 and i >= 4  # the council's own homes (PR1) are in the county (rule 1015)
        rows.append(Provider(name=f"{['Oak', 'Beech', 'Willow', 'Cedar', 'Rowan', 'Elm'][i % 6]} House {i + 1}",
                             placement_type="K2", provider_code="PR1" if i < 4 else "PR4",
                             urn=f"SC{400000 + i * 37:06d}", registration_status=R.REGISTERED,
                             postcode=rng.choice(postcodes.OUT_OF_AREA if out_of_area else postcodes.COUNTY),
                             la_code=postcodes.OUT_OF_AREA_ONS_CODE if out_of_area else la_code))
    for i in range(6):  # supported accommodation for 16 and 17 year olds
        rows.append(Provider(name=f"Stepping Stones Supported Living {i + 1}", placement_type="K3", provider_code="PR4",
                             urn=f"2{700000 + i * 11:06d}", registration_status=R.REGISTERED,
                             postcode=rng.choice(postcodes.COUNTY), la_code=la_code))
    for i in range(3):  # settings that provide care but are not registered: the guard stops these
        rows.append(Provider(name=f"Bespoke Solo Provision {i + 1} (unregistered)", placement_type="K2",
                             provider_code="PR4", registration_status=R.NOT_REGISTERED,
                             postcode=rng.choice(postcodes.COUNTY), la_code=la_code))
    rows.append(Provider(name="Northshire Family Assessment Centre", placement_type="R3", provider_code="PR1",
                         urn="SC399001", registration_status=R.REGISTERED, postcode=postcodes.COUNTY[0], la_code=la_code))
    for r in rows:
        r.registration_checked_on = dt.date(2026, 9, 1) if r.registration_status != R.NOT_REQUIRED else None
    Provider.objects.bulk_create(rows)
    return list(Provider.objects.order_by("pk"))


# PL_LA is an ONS local authority code: the area whose real postcodes the synthetic county uses.
SYNTHETIC_COUNTY_ONS_CODE = postcodes.COUNTY_ONS_CODE


def seed_children_in_care(*, seed: int, as_of: dt.date, years: int,
                          la_code: str = SYNTHETIC_COUNTY_ONS_CODE) -> dict[str, int]:
    """Periods of care for a share of the county's children (call inside the seed's transaction,
    after the casework histories)."""
    rng = random.Random(seed * 104729 + 3)
    start = as_of - dt.timedelta(days=365 * years)
    providers = _providers(rng, la_code)
    by_type = defaultdict(list)
    for p in providers:
        if p.registration_status != "not_registered":
            by_type[p.placement_type].append(p)
    cic_teams = list(Team.objects.filter(kind=Team.Kind.CHILDREN_IN_CARE).order_by("pk"))
    workers = defaultdict(list)
    for u in User.objects.filter(team__in=cic_teams, role=Role.SOCIAL_WORKER, is_active=True).order_by("pk"):
        workers[u.team_id].append(u)
    recorder = User.objects.filter(role=Role.TEAM_MANAGER, team__in=cic_teams).first() or User.objects.filter(
        is_superuser=False).first()
    # Children with no open casework now: a period of care opens its own allocation to a CIC team.
    busy = set(Allocation.objects.filter(ended_on__isnull=True).values_list("person_id", flat=True))
    children = [c for c in Person.objects.filter(kind=Person.Kind.CHILD, merged_into__isnull=True, dob__isnull=False)
                .order_by("pk") if c.pk not in busy]
    n_starts = int(len(children) * STARTS_PER_RECORD_CHILD_YEAR * years * 1.0) + 1
    # Older children come into care more often (most children in care are 10 or over), and those now
    # 16 to 20 are the county's care leavers: a weighted sample without replacement (Efraimidis-Spirakis).
    def weight(c) -> float:
        age = (as_of - c.dob).days // 365
        return 3.0 if 15 <= age <= 20 else 1.5 if 10 <= age < 15 else 1.0

    keyed = sorted(children, key=lambda c: rng.random() ** (1.0 / weight(c)), reverse=True)
    chosen = keyed  # taken in this order until n_starts have been tried (children skipped for overlap aside)
    periods, placements, episodes, allocations, chronology, adoptions = [], [], [], [], [], []
    # Children in care are children in need: each period of care sits inside an episode of need
    # (cin-census.md 2, scope), so a child whose earlier episodes would overlap one is not chosen.

    far = as_of + dt.timedelta(days=1)
    earlier = defaultdict(list)
    for pid, referred, closed in CINEpisode.objects.values_list(
            "person_id", "referral_date", "closure_date"):
        earlier[pid].append((referred, closed or far))
    needs: list[tuple] = []
    tried = 0
    for child in chosen:
        if tried >= n_starts:
            break
        tried += 1
        dates = _period_dates(rng, child, start, as_of)
        if dates is None:
            continue
        begin, end, leave_reason, age_at_start, open_now = dates
        if any(referred <= (far if open_now else end) and closed >= begin for referred, closed in earlier[child.pk]):
            tried -= 1  # try another child in this one's place
            continue
        period = PeriodOfCare(person=child, start_date=begin, end_date=None if open_now else end,
                              reason_ended="" if open_now else leave_reason, recorded_by=recorder,
                              previous_permanence="Z1")
        period._child = child
        periods.append(period)
        # Change points: placement moves and legal status changes, in date order.
        last_day = as_of if open_now else end
        span = (last_day - begin).days
        status = rng.choices(*FIRST_STATUS)[0]
        if status == "J1" and age_at_start < 10:
            status = "V2"
        changes = _change_points(rng, child, begin, end, span, status, leave_reason, adoptions)
        place_type = _first_place_type(rng, age_at_start, begin, status)
        need = rng.choices(*CIN_CODES)[0]
        first_status = status
        current = _placement(rng, child, period, place_type, begin, by_type, recorder)
        placements.append(current)
        current, status, ep_start, rne = _walk_changes(rng, child, period, changes, status, current, begin,
                                                       age_at_start, need, by_type, recorder, placements, episodes,
                                                       chronology)
        if not open_now:
            current.end_date = end
            if leave_reason in ("E45", "E46") and not any(
                    p.placement_type.startswith("U") for p in placements if p.period is period):
                # A special guardianship order to former foster carers needs a foster placement (rule 516).
                leave_reason = period.reason_ended = "E47"
        episodes.append(CareEpisode(person=child, period=period, placement=current, start_date=ep_start,
                                    reason_new_episode=rne, legal_status=status, category_of_need=need,
                                    end_date=None if open_now else end, reason_ended="" if open_now else leave_reason))
        needs.append((child, begin, None if open_now else end, leave_reason, need))
        chronology.append(ChronologyEntry(person=child, occurred_on=begin, event_type="became_looked_after",
                                          summary=f"Became looked after ({first_status}), placed {placements_of_period_first(placements, period)}"))
        if not open_now:
            chronology.append(ChronologyEntry(person=child, occurred_on=end, event_type="left_care",
                                              summary=f"Left care: {leave_reason}"))
        team = cic_teams[stable_index(child) % len(cic_teams)] if cic_teams else None
        if team is not None:
            # A social worker in the children in care team for the whole period (903 SWEpisodes, SW12/SW17).
            pool = workers.get(team.pk) or [recorder]
            allocations.append(Allocation(person=child, team=team, worker=rng.choice(pool), started_on=begin,
                                          ended_on=None if open_now else end,
                                          end_reason="" if open_now else "Left care"))
    _unregistered(rng, as_of, periods, placements, providers, chronology)
    authorised = _save_children_in_care(rng, as_of, la_code, recorder, periods, placements, episodes,
                                        allocations, chronology, adoptions, needs)
    return {"providers": len(providers), "periods_of_care": len(periods), "placements": len(placements),
            "care_episodes": len(episodes), "in_care_now": sum(1 for p in periods if p.end_date is None),
            "unregistered_placements": authorised}


def _period_dates(rng, child, start: dt.date, as_of: dt.date):
    """When the child's period of care begins and ends (at 18 at the latest) and why it ends: None if the
    child is 18 too soon after `start`. (begin, end, leave reason, age at the start, open now)."""
    dob = child.dob
    lo = max(start, dob)
    try:
        eighteen = dob.replace(year=dob.year + 18)
    except ValueError:  # born 29 February
        eighteen = dt.date(dob.year + 18, 3, 1)
    if lo >= min(as_of, eighteen) - dt.timedelta(days=10):
        return None
    begin = lo + dt.timedelta(days=rng.randrange((min(as_of, eighteen) - lo).days))
    length = int(rng.lognormvariate(6.2, 0.9))  # median about 16 months
    end = begin + dt.timedelta(days=max(3, length))
    leave_reason = rng.choices(*LEAVE_REASONS)[0]
    if end >= eighteen:
        end, leave_reason = eighteen, rng.choices(*LEAVE_AT_18)[0]
    age_at_start = (begin - dob).days // 365
    open_now = end > as_of
    if leave_reason in ("E11", "E12") and (age_at_start > 6 or (end - begin).days < 240 or open_now):
        leave_reason = "E4A"  # adoption only for young children, after time to plan and place
    return begin, end, leave_reason, age_at_start, open_now


def _change_points(rng, child, begin: dt.date, end: dt.date, span: int, status: str, leave_reason: str,
                   adoptions: list) -> list[tuple[dt.date, str]]:
    """Placement moves and legal status changes, in date order; for an adoption, placed for adoption (A6,
    under a placement order E1) some months before the adoption order, with its milestones."""
    changes: list[tuple[dt.date, str]] = []
    for _ in range(rng.choices(*MOVES)[0]):
        if span > 20:
            changes.append((begin + dt.timedelta(days=rng.randint(7, span - 1)), "place"))
    if status in ("L1", "L2") and span > 3:
        longest = 3 if status == "L1" else 8  # police protection 72 hours (rule 361); EPO 8 days
        changes.append((begin + dt.timedelta(days=min(span - 1, rng.randint(1, longest))), "status"))
    elif status == "C1" and span > 200:
        changes.append((begin + dt.timedelta(days=rng.randint(120, min(span - 1, 300))), "status"))
    if leave_reason in ("E11", "E12"):
        # Placed for adoption (A6, under a placement order E1) some months before the adoption order;
        # the decision, order and match come before (903 PlacedAdoption and AD1).
        placed_for_adoption = end - dt.timedelta(days=rng.randint(60, 150))
        changes = [(d, k) for d, k in changes if d < placed_for_adoption - dt.timedelta(days=7)]
        changes.append((placed_for_adoption, "adopt"))
        adoptions.append(AdoptionMilestones(
            person=child, should_be_placed_on=placed_for_adoption - dt.timedelta(days=rng.randint(70, 90)),
            placement_order_on=placed_for_adoption - dt.timedelta(days=rng.randint(30, 60)),
            matched_on=placed_for_adoption - dt.timedelta(days=rng.randint(7, 25)), placed_on=placed_for_adoption,
            adopted_on=end, **_adopters(rng)))
    return sorted({d: k for d, k in sorted(changes)}.items())


def _first_place_type(rng, age_at_start: int, begin: dt.date, status: str) -> str:
    place_type = rng.choices(*FOSTER_FIRST)[0]
    if age_at_start >= 16 and rng.random() < 0.35:
        # Supported accommodation: K3 from 2024-25, H5 before it (903 rule 146, ssda903.md 3.2).
        place_type = "K3" if begin >= SUPPORTED_ACCOMMODATION_K3_FROM else "H5"
    if place_type == "K2" and age_at_start < 10:
        place_type = "U6"
    if place_type == "P1" and status == "V2":  # rule 378: not placed with parents under s20
        place_type = "U6"
    return place_type


def _walk_changes(rng, child, period, changes, status: str, current, begin: dt.date, age_at_start: int, need: str,
                  by_type, recorder, placements: list, episodes: list, chronology: list):
    """An episode for each stretch between change points, a new placement at each move: the placement, legal
    status, start and reason of the last (still running) episode."""
    ep_start, rne = begin, "S"
    for day, kind in changes:
        new_status, new_place = status, None
        if kind == "status":
            new_status = {"L1": "C1", "L2": "C1", "C1": "C2"}.get(status, "C2")
        elif kind == "adopt":
            new_status = "E1"
            current.end_date, current.change_reason = day, "CARPL"
            new_place = _placement(rng, child, period, "A6", day, by_type, recorder)
            placements.append(new_place)
        else:
            ptype = current.placement_type
            if ptype in ("U6", "U3", "R3", "P1"):
                ptype = rng.choice(["U6", "U6", "U4" if (day - begin).days > 365 else "U6", "K2" if age_at_start >= 10 else "U3"])
            elif ptype == "K2":
                ptype = rng.choice(["K2", "U6"])
            current.end_date, current.change_reason = day, rng.choices(*CHANGE_REASONS)[0]
            new_place = _placement(rng, child, period, ptype, day, by_type, recorder, avoid=current.provider)
            placements.append(new_place)
        episodes.append(CareEpisode(person=child, period=period, placement=current, start_date=ep_start,
                                    reason_new_episode=rne, legal_status=status, category_of_need=need,
                                    end_date=day, reason_ended="X1"))
        if new_place is not None:
            chronology.append(ChronologyEntry(
                person=child, occurred_on=day, event_type="placement_change",
                summary=f"Placement change ({current.change_reason}): now {new_place.placement_type}"))
            current = new_place
            rne = "B" if new_status != status else "P"
        else:
            chronology.append(ChronologyEntry(person=child, occurred_on=day, event_type="legal_status_change",
                                              summary=f"Legal status changed from {status} to {new_status}"))
            rne = "L"
        status, ep_start = new_status, day
    return current, status, ep_start, rne


def _save_children_in_care(rng, as_of: dt.date, la_code: str, recorder, periods, placements, episodes,
                           allocations, chronology, adoptions, needs) -> int:
    """Every row in bulk, in the order the foreign keys need; the number of unregistered placements
    authorised."""
    CINEpisode.objects.bulk_create([
        CINEpisode(person=child, referral_date=begin, referral_source=rng.choice(["6", "5A", "2A", "3F", "8"]),
                   primary_need=need, closure_date=ended, closure_reason=CLOSURE_ON_LEAVING.get(reason, "RC7")
                   if ended else "", closure_signed_off_by=recorder if ended else None, recorded_by=recorder)
        for child, begin, ended, reason, need in needs], batch_size=2000)
    PeriodOfCare.objects.bulk_create(periods, batch_size=2000)

    # HOME_POST: the child's home when placed (children_in_care.services.home_postcode does the same).
    homes = dict(Address.objects.filter(person__in={p.person.pk for p in placements}, address_type=Address.Type.HOME,
                                        end_date__isnull=True).order_by("start_date", "id")
                 .values_list("person_id", "postcode"))
    for p in placements:
        p.period_id = p.period.pk
        p.home_postcode = homes.get(p.person.pk, "")
        if not p.postcode:  # no provider: with parents (P1, at home) or a relative or friend's home in the county
            p.postcode = p.home_postcode if p.placement_type == "P1" else rng.choice(postcodes.COUNTY)
            p.la_code = la_code
        while p.placement_type != "P1" and p.postcode == p.home_postcode:  # rule 392d: only P1 is at home
            p.postcode = rng.choice(postcodes.COUNTY)
    Placement.objects.bulk_create(placements, batch_size=2000)
    for e in episodes:
        e.period_id, e.placement_id = e.period.pk, e.placement.pk
    CareEpisode.objects.bulk_create(episodes, batch_size=5000)
    _make_way_for(allocations)
    Allocation.objects.bulk_create(allocations, batch_size=2000)
    ChronologyEntry.objects.bulk_create(chronology, batch_size=5000)
    AdoptionMilestones.objects.bulk_create(adoptions, batch_size=2000)
    return _authorise_unregistered(as_of, placements)


def _make_way_for(allocations) -> None:
    """The children in care team's allocation covers the period of care: an earlier allocation of the
    child's still running then ends the day before, and one that began inside the period is dropped
    (one social worker at a time, as the 903 SWEpisodes table needs; rules SW08, SW10)."""
    spans = {a.person.pk: a for a in allocations}
    trimmed, dropped = [], []
    for old in Allocation.objects.filter(person_id__in=spans, role=Allocation.Role.ALLOCATED_WORKER):
        new = spans[old.person_id]
        new_end = new.ended_on or dt.date.max
        if old.started_on >= new.started_on and old.started_on <= new_end:
            dropped.append(old.pk)
        elif old.started_on < new.started_on and (old.ended_on is None or old.ended_on >= new.started_on):
            old.ended_on = new.started_on - dt.timedelta(days=1)
            old.end_reason = "Transferred to the children in care team"
            trimmed.append(old)
    Allocation.objects.filter(pk__in=dropped).delete()
    Allocation.objects.bulk_update(trimmed, ["ended_on", "end_reason"], batch_size=2000)


# Who adopts (903 AD1): mostly different-sex couples, some same-sex couples and single adopters; about one
# in eight children adopted by their foster carers. Synthetic proportions, not England figures.
ADOPTERS = (["MF", "FF", "MM", "F1", "M1"], [72, 7, 6, 13, 2])
ADOPTERS_STATUS = {"MF": (["L11", "L3"], [70, 30]), "FF": (["L12", "L2", "L4"], [40, 35, 25]),
                   "MM": (["L12", "L2", "L4"], [40, 35, 25]), "F1": (["L0"], [1]), "M1": (["L0"], [1])}


def _adopters(rng) -> dict:
    sex = rng.choices(*ADOPTERS)[0]
    return {"adopters_sex": sex, "adopters_legal_status": rng.choices(*ADOPTERS_STATUS[sex])[0],
            "by_former_foster_carers": rng.random() < 0.13}


def placements_of_period_first(placements, period) -> str:
    first = next(p for p in placements if p.period is period)
    return first.provider.name if first.provider else first.placement_type


def _placement(rng, child, period, ptype, day, by_type, recorder, avoid=None):
    # A move is to another carer: never the provider the child is leaving (903 rule 435).
    registered_as = "K3" if ptype == "H5" else ptype  # supported accommodation registered since October 2023
    pool = [p for p in by_type.get(registered_as, []) if p is not avoid or len(by_type[registered_as]) == 1]
    provider = rng.choice(pool) if pool else None
    return Placement(person=child, period=period, provider=provider, placement_type=ptype,
                     provider_code=provider.provider_code if provider else ("PR0" if ptype == "P1" else "PR1"),
                     urn=provider.urn if provider else "", postcode=provider.postcode if provider else "",
                     la_code=provider.la_code if provider else "", start_date=day,
                     intended_until_18=ptype == "U4", recorded_by=recorder)


SUPPORTED_ACCOMMODATION_K3_FROM = dt.date(2024, 4, 1)
UNREGISTERED_NOW = 3  # a few children placed in unregistered provision, so the guard's register shows


def _unregistered(rng, as_of, periods, placements, providers, chronology) -> None:
    """Move a few older children's current children's home placements to unregistered settings (as
    the 2025 inspection found): each is authorised by the director below, after the rows exist."""
    unregistered = [p for p in providers if p.registration_status == "not_registered"]
    older = [p for p in placements if p.end_date is None and p.period.end_date is None
             and (as_of - p.person.dob).days > 12 * 365 and p.placement_type not in ("A6", "P1")]
    current = [p for p in older if p.placement_type == "K2"]
    if len(current) < UNREGISTERED_NOW:  # a small county may have few in children's homes: take others
        current += [p for p in older if p.placement_type != "K2"][:UNREGISTERED_NOW - len(current)]
    for placement, provider in zip(rng.sample(current, min(UNREGISTERED_NOW, len(current))), unregistered, strict=False):
        placement.placement_type, placement.provider_code = provider.placement_type, provider.provider_code
        placement.provider, placement.urn = provider, ""
        placement.postcode, placement.la_code = provider.postcode, provider.la_code
        placement._unregistered = True
        chronology.append(ChronologyEntry(person=placement.person, occurred_on=placement.start_date,
                                          event_type="unregistered_authorised",
                                          summary=f"Placement in unregistered provision authorised: {provider.name}"))


def _authorise_unregistered(as_of, placements) -> int:
    director = User.objects.filter(is_director=True).order_by("pk").first()
    rows = []
    for n, placement in enumerate(p for p in placements if getattr(p, "_unregistered", False)):
        if director is None:
            break
        auth = UnregisteredPlacementAuthorisation.objects.create(
            placement=placement, person=placement.person, authorised_by=director, authorised_on=placement.start_date,
            concerns="The setting provides care and accommodation for a child but is not registered with Ofsted "
                     "(Care Standards Act 2000 s1(2), s11).",
            reason="No registered children's home could meet the child's needs on the day (synthetic).",
            plan_to_end="Provider to apply for registration; search for a registered home continues weekly.",
            target_end_date=max(as_of, placement.start_date) + dt.timedelta(days=28),
            ofsted_notified_on=placement.start_date + dt.timedelta(days=1) if n < 2 else None)
        rows.append(AuthorisationAction(authorisation=auth, action="Weekly search for a registered placement",
                                        owner="Placements team", due_date=as_of + dt.timedelta(days=7),
                                        recorded_by=director))
    AuthorisationAction.objects.bulk_create(rows)
    return len(rows)

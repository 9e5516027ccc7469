"""The SSDA903 (children looked after) return, read straight from the record.

Tables, columns and formats follow ../shared/domain/ssda903.md 3.1 and the sample CSVs in
../shared/data/ssda903/ (dates dd/mm/yyyy). Scope: every child looked after at any time in the
collection year (an episode open on any day from 1 April to 31 March), plus care leavers whose
birthday falls in the year (OC3). An episode still open at 31 March is reported open (no DEC/REC),
as the return counts it.

What the record does not hold is left blank, never made up: the validator then reports it against
the child, which is what a council needs to see (e.g. previous permanence, the adopters' details).
"""

from __future__ import annotations

import csv
import datetime as dt
from collections import defaultdict
from pathlib import Path

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from safehold.care_leavers.selectors import oc3_rows
from safehold.care_planning import outcomes
from safehold.care_planning.models import (
    AnnualOutcomes,
    CLAReview,
    DentalCheck,
    HealthAssessment,
    MissingEpisode,
)
from safehold.care_planning.outcomes import continuously_looked_after
from safehold.casework.models import Allocation
from safehold.children_in_care.codes import (
    ADOPTED,
    ADOPTION_PLACEMENTS,
    FOSTER_PLACEMENTS,
    NO_PROVIDER_PLACEMENTS,
    SINGLE_ADOPTER,
    TEMPORARY_PLACEMENTS,
    PlacementType,
    ReasonEpisodeCeased,
    ReasonNewEpisode,
)
from safehold.children_in_care.models import (
    AdoptionMilestones,
    CareEpisode,
    DeprivationOfLibertyOrder,
    Placement,
    Provider,
    UASCStatus,
)
from safehold.core.spreadsheets import safe_cell
from safehold.core.validation import local_date
from safehold.people.models import Person, Relationship

from .years import CollectionYear

# ../shared/data/ssda903/*.csv headers, in order (ssda903.md 3.1).
COLUMNS: dict[str, list[str]] = {
    "header": ["CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"],
    "episodes": ["CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC",
                 "REASON_PLACE_CHANGE", "HOME_POST", "PL_POST", "URN"],
    "reviews": ["CHILD", "DOB", "REVIEW", "REVIEW_CODE"],
    "uasc": ["CHILD", "SEX", "DOB", "DUC"],
    "missing": ["CHILD", "DOB", "MISSING", "MIS_START", "MIS_END"],
    "oc2": ["CHILD", "DOB", "SDQ_SCORE", "SDQ_REASON", "CONVICTED", "HEALTH_CHECK", "IMMUNISATIONS", "TEETH_CHECK",
            "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED"],
    "oc3": ["CHILD", "DOB", "IN_TOUCH", "ACTIV", "ACCOM"],
    "ad1": ["CHILD", "DOB", "DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR"],
    "placed_for_adoption": ["CHILD", "DOB", "DATE_PLACED", "DATE_PLACED_CEASED", "REASON_PLACED_CEASED"],
    "previous_permanence": ["CHILD", "DOB", "PREV_PERM", "LA_PERM", "DATE_PERM"],
    "sw_episodes": ["CHILD", "DOB", "SW_ID", "SW_DECOM", "SW_DEC", "SW_REASON"],
    "DoLo": ["CHILD", "DOB", "DOLO_START", "DOLO_END"],
}
# ssda903.md 3.1: the DoLo table is new in 2026-27; social worker episodes from 2023-24.
DOLO_FROM_YEAR = 2026
SW_EPISODES_FROM_YEAR = 2023
# ssda903.md 3.2: Z11-Z14 (which include the unregistered settings) are valid from 2025-26 (rule 146).
UNREGISTERED_CODES_FROM_YEAR = 2025
# H5 is not valid from 2025-26; a placement that began as H5 is reported as its successor K3, the change the
# validator's year-to-year check accepts (ssda903.md 3.2, rule_utils "H5 -> K3").
RECODED_FROM_2025 = {PlacementType.H5: PlacementType.K3}
# ssda903.md 3.1 SWEpisodes: the child's latest social worker episode is reported open. SW17STG2 says so
# outright from 2025-26; in 2023-24 and 2024-25 SW14STG2 allows only the latest to be open, and SW11a/SW11b
# refuse a latest episode that ends just before 31 March with no successor.
SW_LATEST_OPEN_FROM_YEAR = 2023
SW_SHORTEST_DAYS = 3  # SW09STG2: an episode that ends less than 3 days after it began
# Placement types that take no URN (ssda903.md 3.1 Episodes; rule 218's exempt list, 2025-26, with the
# older P2 and Z1), and those where "XXXXXXX" stands for a regional adoption agency (rule 242).
P = PlacementType
NO_URN_TYPES = frozenset({P.P1, P.P2, P.P3, P.R1, P.R2, P.R5, P.Z1, P.Z11, P.Z12, P.Z13, P.Z14} | TEMPORARY_PLACEMENTS)
RAA_URN_TYPES = frozenset(ADOPTION_PLACEMENTS | FOSTER_PLACEMENTS)


def f(day: dt.date | dt.datetime | None) -> str:
    """A 903 date: dd/mm/yyyy; blank when there is none."""
    if day is None:
        return ""
    if isinstance(day, dt.datetime):
        day = local_date(day)
    return day.strftime("%d/%m/%Y")


def _sex(person: Person, year: CollectionYear) -> str:
    # ssda903.md 3.1 Header: 1 Male / 2 Female up to 2023-24; M / F / U from 2024-25.
    if year.start.year >= 2024:
        return person.sex
    return {"M": "1", "F": "2"}.get(person.sex, "")


def _urn(place) -> str:
    """The setting's Ofsted URN; blank where none is recorded (an unregistered setting has none, and the
    validator then reports it, rule 218), or XXXXXXX for a regional adoption agency's placement."""
    if place.placement_type in NO_URN_TYPES:
        return ""
    return place.urn or ("XXXXXXX" if place.placement_type in RAA_URN_TYPES else "")


def unregistered_placements(placement_ids) -> set[int]:
    """The placements, among these, in a setting that was not registered with Ofsted when the child was
    placed: those a director authorised past the unregistered provision guard, and those made without
    a URN with a provider the register shows as not (yet) registered. A placement made while the home
    was registered carries the URN copied at the time, so a later deregistration does not rewrite it."""
    return set(Placement.objects.filter(pk__in=placement_ids)
               .filter(Q(unregistered_authorisation__isnull=False)
                       | (Q(urn="") & Q(provider__registration_status__in=[Provider.Registration.NOT_REGISTERED,
                                                                           Provider.Registration.APPLIED])))
               .values_list("pk", flat=True))


def _place(place, year: CollectionYear, unregistered: set[int]) -> str:
    """PLACE: the placement type, except that from 2025-26 a placement in an unregistered setting is
    reported with the code the council set for it (SAFEHOLD_903_UNREGISTERED_PLACE, K2 -> Z12 by
    default), which takes no provider and no URN (rules 213, 218, 222)."""
    code = place.placement_type
    if year.start.year >= UNREGISTERED_CODES_FROM_YEAR:
        code = RECODED_FROM_2025.get(code, code)
        if place.pk in unregistered:
            return settings.SAFEHOLD_903_UNREGISTERED_PLACE.get(code, code)
    return code


def _urn_for_year(place, code: str, year: CollectionYear, unregistered: set[int]) -> str:
    """URN as the year reports it. From 2025-26 an unregistered setting has its own code (Z12, Z13),
    which takes no URN. Before that it keeps its type (K2, K3), which needs one (rule 218), and has none:
    it is reported with SAFEHOLD_903_UNREGISTERED_URN ("XXXXXXX" by default, the placeholder those years'
    rules accept for a provider with no URN; UNCONFIRMED against the DfE guide, hence a setting)."""
    if code in NO_URN_TYPES:
        return ""
    urn = _urn(place)
    if not urn and place.pk in unregistered and year.start.year < UNREGISTERED_CODES_FROM_YEAR:
        return settings.SAFEHOLD_903_UNREGISTERED_URN
    return urn


def _upn(person: Person) -> str:
    return person.upn or person.upn_unknown


def _sw_episodes(year: CollectionYear, by_person: dict, people: dict) -> list[dict[str, str]]:
    """The social worker episodes (ssda903.md 3.1 SWEpisodes): each child's allocated social workers over
    their time looked after in the year, from the record's allocations. Three reporting conventions come
    from the DfE rules, not from the record, which keeps the true dates:
    - an episode starts no earlier than the period of care the return first shows for the child, because
      SW12STG2 counts a social worker from before care against the episode that starts care;
    - a worker allocated after the child last left care in the year is not reported (the table is about
      children looked after);
    - the child's latest episode is reported open, because an episode ends only when another social
      worker takes over (SW17STG2 from 2025-26: "There is no social worker episode open at 31 March";
      SW11a, SW11b and SW14STG2 before it)."""
    windows: dict[int, tuple[dt.date, dt.date | None]] = {}
    for person_id, rows in by_person.items():
        last = rows[-1]
        left = last.end_date if last.end_date and last.end_date <= year.end and last.reason_ended != ReasonEpisodeCeased.X1 else None
        windows[person_id] = (rows[0].period.start_date, left)
    by_child = defaultdict(list)
    for a in (Allocation.objects.filter(person_id__in=list(windows), role=Allocation.Role.ALLOCATED_WORKER,
                                        worker__isnull=False, started_on__lte=year.end)
              .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=year.start))
              .select_related("worker").order_by("started_on", "pk")):
        care_start, left = windows[a.person_id]
        if (a.ended_on and a.ended_on <= care_start) or (left and a.started_on > left):
            continue
        by_child[a.person_id].append(a)
    latest_open = year.start.year >= SW_LATEST_OPEN_FROM_YEAR
    out = []
    for person_id in sorted(by_child, key=lambda pk: people[pk].person_id):
        child, care_start = people[person_id], windows[person_id][0]
        episodes: list[tuple[Allocation, dt.date, dt.date | None]] = []
        for a in by_child[person_id]:
            start = max(a.started_on, care_start)
            ended = a.ended_on if a.ended_on and a.ended_on <= year.end else None
            episodes.append((a, start, ended))
        if latest_open:
            episodes[-1] = (*episodes[-1][:2], None)
        # An episode of under 3 days (a handover the day care began, once cut to the start of care) is
        # left out: SW09STG2 refuses it, and the next worker follows within SW10aSTG2's 7 days.
        kept = [e for e in episodes if e[2] is None or (e[2] - e[1]).days >= SW_SHORTEST_DAYS] or episodes[-1:]
        for a, start, ended in kept:
            worker = a.worker
            assert worker is not None  # the allocations read above are those with a worker
            sw_id = worker.swe_registration or (f"XX{worker.staff_id}" if worker.staff_id else "")
            out.append({"CHILD": child.person_id, "DOB": f(child.dob), "SW_ID": sw_id, "SW_DECOM": f(start),
                        "SW_DEC": f(ended), "SW_REASON": a.sw_reason})
    return out


def _adopted_in_year(rows, year: CollectionYear) -> bool:
    last = rows[-1]
    return bool(last.end_date and last.end_date <= year.end and last.reason_ended in ADOPTED)


def _flag(value: bool | None) -> str:
    return "" if value is None else "1" if value else "0"


def _oc2(children: list[Person], year: CollectionYear) -> list[dict[str, str]]:
    """OC2 (ssda903.md 3.1) for the children looked after continuously for 12 months at 31 March: the
    year's answers (care_planning.AnnualOutcomes), with the health assessment and the teeth check read
    from the records of them in the year. A child with no answers keeps a row with those blank, so the
    validator names them (rule 191) rather than the return guessing."""
    ids = [c.pk for c in children]
    answers = {o.person_id: o for o in AnnualOutcomes.objects.filter(person_id__in=ids, year_ending=year.end)}
    assessed = set(HealthAssessment.objects.filter(person_id__in=ids, assessed_on__range=(year.start, year.end))
                   .values_list("person_id", flat=True))
    teeth = set(DentalCheck.objects.filter(person_id__in=ids, checked_on__range=(year.start, year.end))
                .values_list("person_id", flat=True))
    rows = []
    for child in sorted(children, key=lambda c: c.person_id):
        o = answers.get(child.pk)
        row = {"CHILD": child.person_id, "DOB": f(child.dob), "SDQ_SCORE": "", "SDQ_REASON": "", "CONVICTED": "",
               "HEALTH_CHECK": "", "IMMUNISATIONS": "", "TEETH_CHECK": _flag(child.pk in teeth),
               "HEALTH_ASSESSMENT": _flag(child.pk in assessed), "SUBSTANCE_MISUSE": "",
               "INTERVENTION_RECEIVED": "", "INTERVENTION_OFFERED": ""}
        if o is not None:
            # Only the items that apply at the child's age now (the date of birth may have been corrected
            # since the answers were saved: rules 188, 189, 542, 546).
            age = outcomes.applies(child.dob, year.end) if child.dob else None
            if age is not None:
                o.sdq_score, o.sdq_reason = (o.sdq_score, o.sdq_reason) if age.sdq else (None, "")
                o.convicted = o.convicted if age.conviction else None
                o.development_checks_up_to_date = o.development_checks_up_to_date if age.development else None
            row.update({"SDQ_SCORE": "" if o.sdq_score is None else str(o.sdq_score), "SDQ_REASON": o.sdq_reason,
                        "CONVICTED": _flag(o.convicted), "HEALTH_CHECK": _flag(o.development_checks_up_to_date),
                        "IMMUNISATIONS": _flag(o.immunisations_up_to_date),
                        "SUBSTANCE_MISUSE": _flag(o.substance_misuse),
                        "INTERVENTION_RECEIVED": _flag(o.intervention_received),
                        "INTERVENTION_OFFERED": _flag(o.intervention_offered)})
        rows.append(row)
    return rows


def build(period_end: dt.date, *, person_ids=None) -> dict[str, list[dict[str, str]]]:
    """Every table of the return for the year ending `period_end`, as rows of strings; only `person_ids`
    (primary keys) when given, as when one child's record is checked on save (issue 16.2)."""
    year = CollectionYear.ending(period_end)
    in_year = Q(start_date__lte=year.end) & (Q(end_date__isnull=True) | Q(end_date__gte=year.start))
    if person_ids is not None:
        in_year &= Q(person_id__in=person_ids)
    episodes = list(CareEpisode.objects.filter(in_year).select_related("placement", "person", "period")
                    .order_by("person__person_id", "start_date", "pk"))
    people: dict[int, Person] = {}
    by_person = defaultdict(list)
    for e in episodes:
        people[e.person_id] = e.person
        by_person[e.person_id].append(e)
    ids = list(people)
    tables: dict[str, list[dict[str, str]]] = {name: [] for name in COLUMNS}

    oc3 = oc3_rows(year.start, year.end, person_ids=person_ids)
    # Care leavers in OC3 are in the header too (validator INT06).
    leavers = Person.objects.filter(person_id__in=[r["CHILD"] for r in oc3]).exclude(pk__in=ids)
    # MOTHER and MC_DOB (ssda903.md 3.1 Header, rules 165, 171, 174): for a girl, whether she is a mother
    # on the record, and her first child's date of birth; blank for boys.
    first_child_dob: dict[int, dt.date | None] = {}

    # A Relationship of type "mother" says `related` is `person`'s mother.
    for rel in (Relationship.objects.filter(related_id__in=ids, type=Relationship.Type.MOTHER)
                .select_related("person").order_by("person__dob")):
        first_child_dob.setdefault(rel.related_id, rel.person.dob or rel.person.expected_dob)
    for person in sorted([*people.values(), *leavers], key=lambda p: p.person_id):
        mother = ""
        # Not for care leavers who were not looked after in the year (rule 628).
        if person.sex == "F" and person.pk in people:
            mother = "1" if person.pk in first_child_dob else "0"
        tables["header"].append({"CHILD": person.person_id, "SEX": _sex(person, year), "DOB": f(person.dob),
                                 "ETHNIC": person.ethnicity, "UPN": _upn(person), "MOTHER": mother,
                                 "MC_DOB": f(first_child_dob.get(person.pk))})

    unregistered = unregistered_placements({e.placement_id for e in episodes})
    for person_id, rows in by_person.items():
        child = people[person_id]
        for i, e in enumerate(rows):
            closed = e.end_date is not None and e.end_date <= year.end
            nxt = rows[i + 1] if i + 1 < len(rows) else None
            moved = closed and e.reason_ended == ReasonEpisodeCeased.X1 and nxt is not None and nxt.placement_id != e.placement_id
            place = e.placement
            code = _place(place, year, unregistered)
            tables["episodes"].append({
                "CHILD": child.person_id, "DECOM": f(e.start_date), "RNE": e.reason_new_episode, "LS": e.legal_status,
                "CIN": e.category_of_need, "PLACE": code,
                "PLACE_PROVIDER": "" if code in NO_PROVIDER_PLACEMENTS else place.provider_code,
                "DEC": f(e.end_date) if closed else "", "REC": e.reason_ended if closed else "",
                "REASON_PLACE_CHANGE": place.change_reason if moved else "",
                "HOME_POST": place.home_postcode, "PL_POST": place.postcode,
                "URN": _urn_for_year(place, code, year, unregistered),
            })
        starts = [e for e in rows if e.reason_new_episode == ReasonNewEpisode.S and year.start <= e.start_date <= year.end]
        for e in starts:  # rule 630: one row for each child who started to be looked after in the year
            period = e.period
            tables["previous_permanence"].append({
                "CHILD": child.person_id, "DOB": f(child.dob), "PREV_PERM": period.previous_permanence,
                "LA_PERM": period.previous_permanence_la, "DATE_PERM": period.previous_permanence_date})

    for r in (CLAReview.objects.filter(person_id__in=ids, review_date__range=(year.start, year.end))
              .select_related("person").order_by("person__person_id", "review_date")):
        tables["reviews"].append({"CHILD": r.person.person_id, "DOB": f(r.person.dob), "REVIEW": f(r.review_date),
                                  "REVIEW_CODE": r.participation})

    for u in UASCStatus.objects.filter(person_id__in=ids, is_uasc=True).select_related("person"):
        tables["uasc"].append({"CHILD": u.person.person_id, "SEX": _sex(u.person, year), "DOB": f(u.person.dob),
                               "DUC": f(u.ceased_on)})

    start_at = dt.datetime.combine(year.start, dt.time.min)
    end_at = dt.datetime.combine(year.end, dt.time.max)

    start_at, end_at = timezone.make_aware(start_at), timezone.make_aware(end_at)
    for m in (MissingEpisode.objects.filter(person_id__in=ids, started_at__lte=end_at)
              .filter(Q(ended_at__isnull=True) | Q(ended_at__gte=start_at))
              .select_related("person").order_by("person__person_id", "started_at")):
        ended = m.ended_at if m.ended_at and m.ended_at <= end_at else None
        tables["missing"].append({"CHILD": m.person.person_id, "DOB": f(m.person.dob), "MISSING": m.kind,
                                  "MIS_START": f(m.started_at), "MIS_END": f(ended)})

    for a in AdoptionMilestones.objects.filter(person_id__in=ids).select_related("person"):
        child = a.person
        if a.should_be_placed_on and a.should_be_placed_on <= year.end:
            ceased = a.no_longer_placed_on if a.no_longer_placed_on and a.no_longer_placed_on <= year.end else None
            tables["placed_for_adoption"].append({
                "CHILD": child.person_id, "DOB": f(child.dob), "DATE_PLACED": f(a.should_be_placed_on),
                "DATE_PLACED_CEASED": f(ceased), "REASON_PLACED_CEASED": a.no_longer_reason if ceased else ""})
        if a.adopted_on and year.start <= a.adopted_on <= year.end:
            foster = _flag(a.by_former_foster_carers)
            number = ("1" if a.adopters_sex in SINGLE_ADOPTER else "2") if a.adopters_sex else ""
            tables["ad1"].append({"CHILD": child.person_id, "DOB": f(child.dob), "DATE_INT": f(a.should_be_placed_on),
                                  "DATE_MATCH": f(a.matched_on), "FOSTER_CARE": foster, "NB_ADOPTR": number,
                                  "SEX_ADOPTR": a.adopters_sex, "LS_ADOPTR": a.adopters_legal_status})

    for row in oc3:
        tables["oc3"].append({k: str(row.get(k) or "") for k in COLUMNS["oc3"]})

    leaver_ids = {r["CHILD"] for r in oc3}
    tables["oc2"] = _oc2([people[pk] for pk, rows in by_person.items()
                          if people[pk].person_id not in leaver_ids  # rule 215
                          and not _adopted_in_year(rows, year)  # an adopted child is in AD1 instead
                          and continuously_looked_after(rows, year.end)], year)

    if year.start.year >= SW_EPISODES_FROM_YEAR:
        tables["sw_episodes"] = _sw_episodes(year, by_person, people)

    if year.start.year >= DOLO_FROM_YEAR:
        for o in (DeprivationOfLibertyOrder.objects.filter(person_id__in=ids).filter(in_year)
                  .select_related("person").order_by("person__person_id", "start_date")):
            ended = o.end_date if o.end_date and o.end_date <= year.end else None
            tables["DoLo"].append({"CHILD": o.person.person_id, "DOB": f(o.person.dob),
                                   "DOLO_START": f(o.start_date), "DOLO_END": f(ended)})
    return tables


def tables_for_year(period_end: dt.date) -> list[str]:
    year = CollectionYear.ending(period_end)
    names = [n for n in COLUMNS if n != "DoLo" or year.start.year >= DOLO_FROM_YEAR]
    return [n for n in names if n != "sw_episodes" or year.start.year >= SW_EPISODES_FROM_YEAR]


def write(period_end: dt.date, out_dir: Path) -> dict[str, int]:
    """Write the year's CSV tables into `out_dir` (created if needed); returns rows per table. Files are
    written to a temporary name and renamed, so a failed export leaves no half-written table."""
    out_dir.mkdir(parents=True, exist_ok=True)
    tables = build(period_end)
    counts = {}
    for name in tables_for_year(period_end):
        tmp = out_dir / f".{name}.csv.part"
        with tmp.open("w", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=COLUMNS[name], lineterminator="\n")
            writer.writeheader()
            # A cell that a spreadsheet would run as a formula is written as text (issue 15.5).
            writer.writerows({k: safe_cell(v) for k, v in row.items()} for row in tables[name])
        tmp.replace(out_dir / f"{name}.csv")
        counts[name] = len(tables[name])
    return counts

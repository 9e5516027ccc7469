"""Ofsted's Annex A child-level lists, read straight from the record and written as the workbook.

Sheets, columns and their labels follow ../shared/data/annex-a/Annex_A.xlsx and data-map.yml (copied
into schemas/), as ../shared/domain/ilacs-and-annex-a.md 4.2 describes them. Coded values are written
with Annex A's labels ("a) WBRI", "q) 6: Police", "C2: FCO"); yes/no columns as "a) Yes" / "b) No".

Look-back windows (ilacs-and-annex-a.md 4.2: "roughly the last 6 months for activity lists (1-7), and
current cohorts for lists 8-9"; the exact windows are UNCONFIRMED, so they are settings):
- lists 1-5: the contacts, early help episodes, referrals, assessments and section 47 enquiries of the
  `months` before the as-at date (SAFEHOLD_ANNEX_A_MONTHS, default 6);
- lists 6-8: episodes of need, child protection plans and periods of care open on the as-at date or
  ended within the window;
- list 9: care leavers with an open status on the as-at date;
- list 10: children with an adoption decision, match, placement or order within the window, or with
  adoption still their plan on the as-at date;
- list 11 (adopters) has its columns and no rows: Safehold does not hold adopters' records.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Protocol

import yaml
from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db.models import Count, Max, Q
from django.utils import timezone

from safehold.care_leavers.codes import ANNEX_A_ELIGIBILITY, Eligibility
from safehold.care_leavers.selectors import care_leavers_on
from safehold.care_planning.codes import MissingKind
from safehold.care_planning.models import MissingEpisode
from safehold.care_planning.selectors import list8_dates
from safehold.casework.models import Allocation, Visit
from safehold.child_protection.models import ChildProtectionConference, CPPlan, Section47Enquiry
from safehold.children_in_care.codes import LegalStatus
from safehold.children_in_care.models import (
    AdoptionMilestones,
    CareEpisode,
    PeriodOfCare,
    Placement,
    UASCStatus,
)
from safehold.core.spreadsheets import safe_cell
from safehold.core.validation import local_date
from safehold.family_help.models import Assessment, CINEpisode, CINPlan, EarlyHelpEpisode
from safehold.front_door.models import Contact
from safehold.people.models import Disability, Person


class _OfChild(Protocol):
    """A record about one child: the lists' rows are built from many kinds of them."""

    @property
    def person_id(self) -> int: ...

DATA_MAP = Path(__file__).with_name("schemas") / "annex_a_data_map.yml"
CHILD = ["Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age"]
DIS = "Does the Child have a Disability"
ALLOC = ["Allocated Team", "Allocated Worker"]
# The sample workbook's headers, list by list (a test compares them with ../shared/data/annex-a/Annex_A.xlsx).
COLUMNS: dict[str, list[str]] = {
    "List 1": [*CHILD, "Date of Contact", "Contact Source"],
    "List 2": [*CHILD, "Assessment start date", "Assessment completion date", "Organisation completing assessment"],
    "List 3": [*CHILD, "Date of Referral", "Referral Source", "Referral NFA?", "Number of Referrals in Last 12 Months",
               *ALLOC],
    "List 4": [*CHILD, DIS, "Continuous Assessment Start Date", "Child Seen During Continuous Assessment",
               "Continuous Assessment Date of Authorisation",
               "Was the child assessed as requiring LA children's social care support?", *ALLOC],
    "List 5": [*CHILD, DIS, "Strategy discussion initiating Section 47 Enquiry Start Date",
               "Was an Initial Child Protection Conference deemed unnecessary?",
               "Date of Initial Child Protection Conference",
               "Did the Initial Child Protection Conference Result in a Child Protection Plan",
               "Number of Section 47 Enquiries in the last 12 months", "Number of ICPCs in the last 12 months", *ALLOC],
    "List 6": [*CHILD, DIS, "CIN Start Date", "Primary Need Code", "Date Child Was Last Seen", "CIN Closure Date",
               "Reason for Closure", "Case Status", *ALLOC],
    "List 7": [*CHILD, DIS, "Child Protection Plan Start Date", "Initial Category of Abuse",
               "Latest Category of Abuse", "Date of the Last Statutory Visit", "Was the Child Seen Alone?",
               "Date of latest review conference", "Child Protection Plan End Date",
               "Subject to Emergency Protection Order or Protected Under Police Powers in Last Six Months (Y/N)",
               "Number of Previous Child Protection Plans", *ALLOC],
    "List 8": [*CHILD, "Unaccompanied Asylum Seeking Child (UASC) within the Last 12 Months (Y/N))", DIS,
               "Date Started to be Looked After", "Child's Category of Need",
               "Is this a second or subsequent period of being a Looked After Child within the last 12 months (Y/N)",
               "Start date of current legal status", "Child's Legal Status", "Date of Latest Statutory Review",
               "Date of Last Social Work Visit", "What is the permanence plan for this child?",
               "Date of Last IRO Visit / Contact to the Child", "Date of Last Health Assessment",
               "Date of Last Dental Check", "Number of Placements in the Last 12 months",
               "Date Ceased to be Looked After", "Reason Ceased to be Looked After",
               "Start Date of Most Recent Placement", "Placement Type", "Placement Provider", "Placement postcode",
               "URN of Placement", "Placement Location", "LA of Placement",
               "Number of Episodes the Child has been \u2018Missing\u2019 from their Placement in the last 12 months",
               "Number of Episodes the Child has been \u2018Absent\u2019 from their Placement in the last 12 months",
               "Was the child offered a Return Interview after their last missing episode (Y/N)?",
               "Did the child accept a Return Interview after their last missing episode (Y/N)?", *ALLOC],
    "List 9": [*CHILD, DIS, *ALLOC, "Eligibility Category", "LA in Touch", "Type of Accommodation",
               "Suitability of Accommodation", "Activity Status"],
    "List 10": ["Child Unique ID", "Family identifier", "Gender", "Ethnicity", "Date of Birth", "Age of Child (Years)",
                DIS, "Date the Child Entered Care", "Date of Decision that Child Should be Placed for Adoption",
                "Date of Placement Order", "Date of Matching Child and Prospective Adopters",
                "Date Placed for Adoption", "Date of Adoption Order ",
                "Date of Decision that Child Should No Longer be Placed for Adoption",
                "Reason Why Child No Longer Placed for Adoption",
                "Date the child was placed for fostering in FFA or concurrent planning placement"],
    "List 11": ["Individual adopter identifier", "Family identifier", "Gender", "Ethnicity", "Disability",
                "Is the (prospective) adopter fostering for adoption?", "Date enquiry received",
                "Date Stage 1 started", "Date Stage 1 ended", "Date Stage 2 started", "Date Stage 2 ended",
                "Date application submitted", "Date application approved", "Date adopter matched with child(ren)",
                "Date child/children placed with adopter(s)", "No. of children placed", "Date of Adoption Order",
                "Date of leaving adoption process", "Reason for leaving adoption process"],
}
GENDER = {"M": "a) Male", "F": "b) Female", "U": "c) Not stated/recorded"}  # data-map.yml List 1 Gender
YES, NO = "a) Yes", "b) No"


def yes_no(value: bool | None) -> str:
    return "" if value is None else (YES if value else NO)


def _key(column: str) -> str:
    # data-map.yml spells a few columns differently from the workbook ("Eligibity", "Accomodation").
    text = re.sub(r"[^a-z]", "", column.lower())
    return {"eligibilitycategory": "eligibitycategory",
            "suitabilityofaccommodation": "suitabilityofaccomodation"}.get(text, text)


@cache
def data_map() -> dict[str, dict[str, list[dict]]]:
    raw = yaml.safe_load(DATA_MAP.read_text(encoding="utf-8"))["data_config"]
    return {sheet: {_key(col): entries for col, entries in (cols or {}).items()} for sheet, cols in raw.items()}


def _pattern(text: str) -> re.Pattern:
    m = re.fullmatch(r"/(.*)/([a-z]*)", text)
    return re.compile(m.group(1), re.I if "i" in m.group(2) else 0) if m else re.compile(re.escape(text))


def entries_for(sheet: str, column: str) -> list[dict]:
    return data_map().get(sheet, {}).get(_key(column), [])


@cache
def label(sheet: str, column: str, code: str) -> str:
    """Annex A's label for a code: the map's entry naming the code ("a) WBRI" for WBRI), else the entry
    whose pattern recognises it ("a) Neglect" for NEG), else the code itself."""
    if not code:
        return ""
    entries = entries_for(sheet, column)
    named = re.compile(rf"(^|[\s)]){re.escape(code)}(:|\s|$)", re.I)
    for entry in entries:
        if named.search(str(entry["code"])):
            return str(entry["code"])
    for entry in entries:
        if any(_pattern(p).fullmatch(code) for p in entry.get("regex") or []):
            return str(entry["code"])
    return code


@dataclass(frozen=True)
class Window:
    as_at: dt.date
    start: dt.date  # first day of the look-back

    @classmethod
    def of(cls, as_at: dt.date, months: int | None = None) -> Window:
        months = months if months is not None else getattr(settings, "SAFEHOLD_ANNEX_A_MONTHS", 6)
        return cls(as_at=as_at, start=as_at - relativedelta(months=months) + dt.timedelta(days=1))

    def __contains__(self, day: dt.date | None) -> bool:
        return day is not None and self.start <= day <= self.as_at

    def q(self, field: str) -> Q:
        return Q(**{f"{field}__range": (self.start, self.as_at)})

    def open_or_ended_q(self, start: str, end: str) -> Q:
        """Open on the as-at date, or ended within the window."""
        return Q(**{f"{start}__lte": self.as_at}) & (Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gte": self.start}))


class _People:
    """The leading child columns, the disability flag and the current allocation, fetched in bulk."""

    def __init__(self, window: Window):
        self.window = window
        self.cache: dict[int, Person] = {}
        self.disabled: set[int] = set()
        self.alloc: dict[int, tuple[str, str]] = {}

    def load(self, person_ids) -> None:
        ids = [pk for pk in set(person_ids) if pk not in self.cache]
        for i in range(0, len(ids), 2000):
            chunk = ids[i:i + 2000]
            for p in Person.objects.filter(pk__in=chunk).only("person_id", "sex", "ethnicity", "dob"):
                self.cache[p.pk] = p
            self.disabled.update(Disability.objects.filter(person_id__in=chunk).exclude(code="NONE")
                                 .values_list("person_id", flat=True))
            on = self.window.as_at
            for a in (Allocation.objects.filter(person_id__in=chunk, role=Allocation.Role.ALLOCATED_WORKER,
                                                started_on__lte=on)
                      .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=on))
                      .select_related("team", "worker").order_by("started_on")):
                self.alloc[a.person_id] = (a.team.name, a.worker.get_full_name() if a.worker else "")

    def child(self, sheet: str, pk: int) -> list:
        p = self.cache[pk]
        return [p.person_id, GENDER.get(p.sex, "c) Not stated/recorded"), label(sheet, "Ethnicity", p.ethnicity),
                p.dob, p.age_on(self.window.as_at) if p.dob else None]

    def disability(self, pk: int) -> str:
        return yes_no(pk in self.disabled)

    def allocation(self, pk: int) -> list[str]:
        return list(self.alloc.get(pk, ("", "")))


def _count_by_person(qs, date_field: str, as_at: dt.date) -> dict[int, int]:
    since = as_at - relativedelta(months=12) + dt.timedelta(days=1)
    return dict(qs.filter(**{f"{date_field}__range": (since, as_at)}).values_list("person_id")
                .annotate(n=Count("pk")).values_list("person_id", "n"))


def build(as_at: dt.date, months: int | None = None) -> dict[str, list[list]]:
    """Every list's rows (values in column order) as at `as_at`."""
    w = Window.of(as_at, months)
    people = _People(w)
    sheets: dict[str, list[list]] = {name: [] for name in COLUMNS}

    # List 1: contacts about a known child in the window.
    contacts = list(Contact.objects.filter(person__isnull=False, received_at__date__range=(w.start, w.as_at))
                    .order_by("received_at").values_list("person_id", "received_at", "source"))
    # Lists 2-5, read first so that their people load together.
    early = list(EarlyHelpEpisode.objects.filter(w.q("start_date")).order_by("start_date"))
    referrals = list(CINEpisode.objects.filter(w.q("referral_date")).order_by("referral_date", "pk"))
    assessments = list(Assessment.objects.filter(Q(start_date__lte=w.as_at) & (
        Q(authorised_date__isnull=True) | Q(authorised_date__gte=w.start))).select_related("episode")
        .order_by("start_date", "pk"))
    enquiries = list(Section47Enquiry.objects.filter(w.q("start_date")).select_related("strategy_discussion")
                     .order_by("start_date", "pk"))
    episodes = list(CINEpisode.objects.filter(w.open_or_ended_q("referral_date", "closure_date"))
                    .order_by("referral_date", "pk"))
    plans = list(CPPlan.objects.filter(w.open_or_ended_q("start_date", "end_date")).order_by("start_date", "pk"))
    periods = list(PeriodOfCare.objects.filter(w.open_or_ended_q("start_date", "end_date"))
                   .order_by("start_date", "pk"))
    listed_leavers = care_leavers_on(w.as_at)
    leavers = [x.status for x in listed_leavers]
    adoptions = [a for a in AdoptionMilestones.objects.all().order_by("pk")
                 if any(d in w for d in (a.should_be_placed_on, a.placement_order_on, a.matched_on, a.placed_on,
                                         a.adopted_on, a.no_longer_placed_on))
                 or (a.should_be_placed_on and a.should_be_placed_on <= w.as_at and not a.adopted_on
                     and not a.no_longer_placed_on)]
    records: list[_OfChild] = [*early, *referrals, *assessments, *enquiries, *episodes, *plans, *periods,
                               *leavers, *adoptions]
    people.load([c[0] for c in contacts] + [x.person_id for x in records])

    for person_id, received_at, source in contacts:
        sheets["List 1"].append([*people.child("List 1", person_id), local_date(received_at),
                                 label("List 1", "Contact Source", source)])
    for e in early:
        sheets["List 2"].append([*people.child("List 2", e.person_id), e.start_date, e.end_date, e.organisation])

    referral_counts = _count_by_person(CINEpisode.objects.all(), "referral_date", w.as_at)
    for e in referrals:
        sheets["List 3"].append([*people.child("List 3", e.person_id), e.referral_date,
                                 label("List 3", "Referral Source", e.referral_source), yes_no(e.referral_nfa),
                                 referral_counts.get(e.person_id, 0), *people.allocation(e.person_id)])

    seen = defaultdict(list)
    for person_id, day in Visit.objects.filter(person_id__in={a.person_id for a in assessments}, child_seen=True,
                                               visited_on__lte=w.as_at).values_list("person_id", "visited_on"):
        seen[person_id].append(day)
    with_plans = set(CINPlan.objects.filter(episode__in={a.episode_id for a in assessments})
                     .values_list("episode_id", flat=True)) | set(
        CPPlan.objects.filter(episode__in={a.episode_id for a in assessments}).values_list("episode_id", flat=True))
    for a in assessments:
        end = a.authorised_date if a.authorised_date and a.authorised_date <= w.as_at else None
        child_seen = any(a.start_date <= d <= (end or w.as_at) for d in seen.get(a.person_id, []))
        if end is None:
            needs_support = ""
        elif a.episode_id in with_plans:
            needs_support = YES
        else:
            closed = a.episode.closure_date if a.episode.closure_date and a.episode.closure_date <= w.as_at else None
            needs_support = NO if closed else YES
        sheets["List 4"].append([*people.child("List 4", a.person_id), people.disability(a.person_id), a.start_date,
                                 yes_no(child_seen), end, needs_support, *people.allocation(a.person_id)])

    s47_counts = _count_by_person(Section47Enquiry.objects.all(), "start_date", w.as_at)
    icpc_counts = _count_by_person(ChildProtectionConference.objects.filter(kind="initial"), "held_on", w.as_at)
    icpc_plans = dict(ChildProtectionConference.objects.filter(
        kind="initial", enquiry__in=[s.pk for s in enquiries]).values_list("enquiry_id", "outcome"))
    for s in enquiries:
        icpc = s.icpc_held_on if s.icpc_held_on and s.icpc_held_on <= w.as_at else None
        started = local_date(s.strategy_discussion.held_at) if s.strategy_discussion_id else s.start_date
        sheets["List 5"].append([
            *people.child("List 5", s.person_id), people.disability(s.person_id), started,
            yes_no(s.icpc_not_required if (s.end_date and s.end_date <= w.as_at) else None), icpc,
            yes_no(icpc_plans.get(s.pk) == "plan") if icpc else "",
            s47_counts.get(s.person_id, 0), icpc_counts.get(s.person_id, 0), *people.allocation(s.person_id)])

    last_seen = dict(Visit.objects.filter(person_id__in={e.person_id for e in episodes}, child_seen=True,
                                          visited_on__lte=w.as_at).values_list("person_id")
                     .annotate(m=_max("visited_on")).values_list("person_id", "m"))
    in_care_now = set(PeriodOfCare.objects.filter(start_date__lte=w.as_at).filter(
        Q(end_date__isnull=True) | Q(end_date__gt=w.as_at)).values_list("person_id", flat=True))
    open_cp = set(CPPlan.objects.filter(start_date__lte=w.as_at).filter(
        Q(end_date__isnull=True) | Q(end_date__gt=w.as_at)).values_list("episode_id", flat=True))
    open_cin = set(CINPlan.objects.filter(start_date__lte=w.as_at).filter(
        Q(end_date__isnull=True) | Q(end_date__gt=w.as_at)).values_list("episode_id", flat=True))
    open_assessment = set(Assessment.objects.filter(start_date__lte=w.as_at).filter(
        Q(authorised_date__isnull=True) | Q(authorised_date__gt=w.as_at)).values_list("episode_id", flat=True))
    for e in episodes:
        closed = e.closure_date if e.closure_date and e.closure_date <= w.as_at else None
        if closed:
            status = "e) Closed episode"
        elif e.person_id in in_care_now:
            status = "a) Looked after child"
        elif e.pk in open_cp:
            status = "b) Child Protection plan"
        elif e.pk in open_cin:
            status = "c) Child in need plan"
        elif e.pk in open_assessment:
            status = "d) Open assessment"
        else:
            status = ""
        sheets["List 6"].append([
            *people.child("List 6", e.person_id), people.disability(e.person_id), e.referral_date,
            label("List 6", "Primary Need Code", e.primary_need), last_seen.get(e.person_id), closed,
            label("List 6", "Reason for Closure", e.closure_reason) if closed else "", status,
            *people.allocation(e.person_id)])

    cp_visits = defaultdict(list)
    for v in Visit.objects.filter(person_id__in={p.person_id for p in plans}, kind=Visit.Kind.CP,
                                  visited_on__lte=w.as_at).order_by("visited_on"):
        cp_visits[v.person_id].append(v)
    reviews = defaultdict(list)
    for plan_id, day in ChildProtectionConference.objects.filter(
            plan__in=[p.pk for p in plans], kind="review", held_on__lte=w.as_at).values_list("plan_id", "held_on"):
        reviews[plan_id].append(day)
    six_months_ago = w.as_at - relativedelta(months=6)
    protected = set(CareEpisode.objects.filter(legal_status__in=(LegalStatus.L1, LegalStatus.L2), start_date__lte=w.as_at).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=six_months_ago)).values_list("person_id", flat=True))
    for p in plans:
        end = p.end_date if p.end_date and p.end_date <= w.as_at else None
        visits = [v for v in cp_visits.get(p.person_id, []) if v.visited_on >= p.start_date
                  and (end is None or v.visited_on <= end)]
        last = visits[-1] if visits else None
        sheets["List 7"].append([
            *people.child("List 7", p.person_id), people.disability(p.person_id), p.start_date,
            label("List 7", "Initial Category of Abuse", p.initial_category),
            label("List 7", "Latest Category of Abuse", p.latest_category), last.visited_on if last else None,
            yes_no(last.child_seen_alone) if last else "", max(reviews.get(p.pk, []), default=None), end,
            yes_no(p.person_id in protected), p.number_of_previous_plans, *people.allocation(p.person_id)])

    _list8(sheets, periods, people, w, CareEpisode, Placement, UASCStatus, MissingEpisode, list8_dates)

    for x in listed_leavers:
        c, acc, adviser = x.check_in, x.accommodation, x.adviser
        sheets["List 9"].append([
            *people.child("List 9", x.status.person_id), people.disability(x.status.person_id),
            *((adviser.team.name, adviser.worker.get_full_name() if adviser.worker else "") if adviser
              else people.allocation(x.status.person_id)),
            ANNEX_A_ELIGIBILITY[Eligibility(x.status.eligibility)],
            label("List 9", "LA in Touch", c.in_touch) if c else "",
            label("List 9", "Type of Accommodation", acc.accommodation) if acc else "",
            ("a) Suitable" if acc.accom_suitable else "b) Unsuitable") if acc else "",
            label("List 9", "Activity Status", c.activity) if c else ""])

    entered = dict(PeriodOfCare.objects.filter(person_id__in={a.person_id for a in adoptions})
                   .values_list("person_id").annotate(m=_max("start_date")).values_list("person_id", "m"))
    for a in adoptions:
        row = people.child("List 10", a.person_id)
        sheets["List 10"].append([
            row[0], "", *row[1:], people.disability(a.person_id), entered.get(a.person_id),
            *[d if d in w or (d and d <= w.as_at) else None for d in (
                a.should_be_placed_on, a.placement_order_on, a.matched_on, a.placed_on, a.adopted_on,
                a.no_longer_placed_on)],
            a.no_longer_reason if a.no_longer_placed_on and a.no_longer_placed_on <= w.as_at else "", None])
    return sheets


def _list8(sheets, periods, people, w, CareEpisode, Placement, UASCStatus, MissingEpisode, list8_dates) -> None:
    ids = {p.person_id for p in periods}
    year_ago = w.as_at - relativedelta(months=12) + dt.timedelta(days=1)
    episodes = defaultdict(list)
    for e in (CareEpisode.objects.filter(person_id__in=ids, start_date__lte=w.as_at)
              .select_related("placement").order_by("start_date", "pk")):
        episodes[e.period_id].append(e)
    earlier_periods = defaultdict(list)
    for person_id, start, end in PeriodOfCare.objects.filter(person_id__in=ids).values_list(
            "person_id", "start_date", "end_date"):
        earlier_periods[person_id].append((start, end))
    placements_12m = dict(Placement.objects.filter(person_id__in=ids, start_date__range=(year_ago, w.as_at))
                          .values_list("person_id").annotate(n=Count("pk")).values_list("person_id", "n"))
    uasc = {u.person_id: u for u in UASCStatus.objects.filter(person_id__in=ids, is_uasc=True)}
    missing = defaultdict(list)
    since = timezone.make_aware(dt.datetime.combine(year_ago, dt.time.min))
    until = timezone.make_aware(dt.datetime.combine(w.as_at, dt.time.max))
    for m in MissingEpisode.objects.filter(person_id__in=ids, started_at__range=(since, until)).order_by("started_at"):
        missing[m.person_id].append(m)
    dates = list8_dates(ids, on=w.as_at)
    for period in periods:
        pid = period.person_id
        eps = episodes.get(period.pk, [])
        if not eps:
            continue
        current = eps[-1]
        ls_start = current.start_date
        for e in reversed(eps[:-1]):  # the current legal status began with the earliest unbroken episode having it
            if e.legal_status != current.legal_status:
                break
            ls_start = e.start_date
        ended = period.end_date if period.end_date and period.end_date <= w.as_at else None
        second = any(s < period.start_date and end is not None and end >= year_ago
                     for s, end in earlier_periods.get(pid, []))
        u = uasc.get(pid)
        place = current.placement
        d = dates.get(pid, {})
        m_all = missing.get(pid, [])
        last_missing = next((m for m in reversed(m_all) if m.kind == MissingKind.MISSING), None)
        home_la = str(settings.SAFEHOLD_LA_ONS_CODE)  # Placement.la_code is an ONS area code
        location = "" if not place.la_code else ("a) In" if place.la_code == home_la else "b) Out")
        sheets["List 8"].append([
            *people.child("List 8", pid), yes_no(u is not None and (u.ceased_on is None or u.ceased_on >= year_ago)),
            people.disability(pid), period.start_date, label("List 8", "Child's Category of Need",
                                                             current.category_of_need),
            yes_no(second), ls_start, label("List 8", "Child's Legal Status", current.legal_status),
            d.get("last_review"), d.get("last_visit"), d.get("permanence_plan", ""), d.get("last_iro_contact"),
            d.get("last_health_assessment"), d.get("last_dental_check"), placements_12m.get(pid, 0), ended,
            label("List 8", "Reason Ceased to be Looked After", period.reason_ended) if ended else "",
            place.start_date, label("List 8", "Placement Type", place.placement_type),
            label("List 8", "Placement Provider", place.provider_code), place.postcode, place.urn, location,
            place.la_code, sum(1 for m in m_all if m.kind == MissingKind.MISSING), sum(1 for m in m_all if m.kind == MissingKind.AWAY),
            yes_no(last_missing.interview_offered_at is not None) if last_missing else "",
            yes_no(last_missing.interview_accepted) if last_missing else "", *people.allocation(pid)])


def _max(field: str):
    return Max(field)


def write(as_at: dt.date, path: Path, months: int | None = None) -> dict[str, int]:
    """Write the workbook; returns the rows in each list. Written with XlsxWriter, which streams rows
    (constant memory) about twice as fast as openpyxl's write-only mode (docs/benchmarks.md); openpyxl
    reads workbooks (the Annex A import)."""
    import xlsxwriter  # noqa: PLC0415

    sheets = build(as_at, months)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    bold, day = wb.add_format({"bold": True}), wb.add_format({"num_format": "dd/mm/yyyy"})
    for name, columns in COLUMNS.items():
        ws = wb.add_worksheet(name)
        ws.write_row(0, 0, columns, bold)
        for r, row in enumerate(sheets[name], start=1):
            for c, value in enumerate(row):
                if value is None or value == "":
                    continue
                if isinstance(value, dt.date):
                    ws.write_datetime(r, c, dt.datetime.combine(value, dt.time.min), day)
                elif isinstance(value, str):
                    # Text is always written as text, never as a formula (issue 15.5): XlsxWriter's write()
                    # would turn "=1+2" into a live formula; a leading formula character is escaped too.
                    ws.write_string(r, c, safe_cell(value))
                else:
                    ws.write(r, c, value)
    wb.close()
    return {name: len(rows) for name, rows in sheets.items()}

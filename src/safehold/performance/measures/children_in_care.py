"""Children in care measures: the rate, the statutory clocks (reviews, visits, health, dental, PEPs),
placement stability and distance, unregistered provision, and missing episodes."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict

from dateutil.relativedelta import relativedelta
from django.db.models import Q

from safehold.care_planning.models import MissingEpisode
from safehold.casework.models import Visit
from safehold.children_in_care.codes import ADOPTION_PLACEMENTS
from safehold.children_in_care.models import Placement, UnregisteredPlacementAuthorisation
from safehold.people.models import Person

from ..definitions import Area, Good, Measure, Period, Row, Unit, register, year_before
from .common import looked_after_on, with_holders, work_rows
from .help_and_protection import _seen_alone


def _looked_after(as_at: dt.date) -> list[Row]:
    return with_holders([Row(pk, True, extra=f"in care since {start:%-d %b %Y}")
                         for pk, start in looked_after_on(as_at).items()], as_at)


register(Measure(
    code="CIC_RATE", area=Area.CHILDREN_IN_CARE, name="Children in care per 10,000 children",
    definition="Children looked after on the date, per 10,000 children aged 0 to 17 in the council's area.",
    numerator="children looked after on the date", denominator="children aged 0 to 17 (mid-year estimate)",
    good=Good.NEITHER, unit=Unit.RATE, period=Period.AT_DATE, headline=True, cuts=(),
    source="../shared/domain/measures.md: children looked after, rate per 10,000 under-18s",
    agrees_with="SSDA903: children with an episode open at 31 March",
    rows=_looked_after))

_WORK = [
    ("CIC_REVIEWS", "Reviews on time",
     "Reviews of children in care (by the IRO: 20 working days after coming into care, then 3 months, then "
     "every 6 months) that fell due in the period, held by their due date.",
     ["CLA_REVIEW_FIRST", "CLA_REVIEW_SECOND", "CLA_REVIEW_NEXT"], True,
     "../shared/domain/timescales.md CLA_REVIEW_FIRST, _SECOND, _NEXT (Care Planning Regulations 2010 reg 33)"),
    ("CIC_VISITS", "Statutory visits on time",
     "Statutory visits to children in care that fell due in the period (within a week of each placement, "
     "then at the reg 28 intervals) made by their due date.",
     ["CLA_VISIT_FIRST", "CLA_VISIT", "CLA_VISIT_LONG_TERM", "CLA_VISIT_WEEKLY", "CLA_VISIT_FOUR_WEEKLY"], True,
     "../shared/domain/timescales.md CLA_VISIT rules (Care Planning Regulations 2010 reg 28)"),
    ("CIC_HEALTH", "Health assessments on time",
     "Health assessments of children in care that fell due in the period (initial within 20 working days, "
     "then 6-monthly under 5 and yearly from 5) done by their due date.",
     ["HEALTH_ASSESSMENT_INITIAL", "HEALTH_ASSESSMENT_UNDER5", "HEALTH_ASSESSMENT"], False,
     "../shared/domain/timescales.md HEALTH_ASSESSMENT rules"),
    ("CIC_DENTAL", "Dental checks on time",
     "Dental checks of children in care that fell due in the period, done by their due date.",
     ["DENTAL_CHECK"], False, "timescales/rules.py DENTAL_CHECK (supplementary rule, its source stated there)"),
    ("CIC_PEP", "Personal education plans on time",
     "Personal education plans and their termly reviews that fell due in the period, done by their due date.",
     ["PEP_INITIAL", "PEP_REVIEW"], False, "../shared/domain/timescales.md PEP_INITIAL; timescales/rules.py PEP_REVIEW"),
    ("CIC_RHI_72H", "Return home interviews offered within 72 hours",
     "Return home interviews that fell due in the period (offered within 72 hours of the child's return from "
     "a missing episode), offered in time.",
     ["RETURN_INTERVIEW"], True, "../shared/domain/timescales.md RETURN_INTERVIEW (statutory guidance on children "
                                 "who run away or go missing)"),
]
for code, name, definition, rules, headline, source in _WORK:
    register(Measure(
        code=code, area=Area.CHILDREN_IN_CARE, name=name, definition=definition,
        numerator="done on time", denominator="due in the period (done or not)", good=Good.HIGH,
        unit=Unit.PERCENT, period=Period.ROLLING_12, source=source, headline=headline,
        rows=(lambda rules: lambda as_at: work_rows(rules, as_at, basis="due"))(rules)))  # noqa: B023 (bound)

register(Measure(
    code="CIC_SEEN_ALONE", area=Area.CHILDREN_IN_CARE, name="Children in care seen alone at statutory visits",
    definition="Statutory visits to children in care in the period at which the child was seen alone.",
    numerator="visits where the child was seen alone", denominator="statutory visits in the period",
    good=Good.HIGH, unit=Unit.PERCENT, period=Period.ROLLING_12,
    source="Care Planning Regulations 2010 reg 28(3) (seen alone unless the child refuses); Annex A list 8",
    rows=_seen_alone(Visit.Kind.CLA)))


def _placements_in_year(ids, as_at: dt.date) -> dict[int, list[tuple[dt.date, dt.date | None, str]]]:
    start = year_before(as_at)
    out: dict[int, list] = defaultdict(list)
    for person_id, s, e, kind in (Placement.objects.filter(person_id__in=ids, start_date__lte=as_at)
                                  .filter(Q(end_date__isnull=True) | Q(end_date__gte=start))
                                  .order_by("start_date").values_list("person_id", "start_date", "end_date",
                                                                      "placement_type")):
        out[person_id].append((s, e, kind))
    return out


def _three_placements(as_at: dt.date) -> list[Row]:
    in_care = looked_after_on(as_at)
    placements = _placements_in_year(list(in_care), as_at)
    rows = [Row(pk, len(placements.get(pk, [])) >= 3, extra=f"{len(placements.get(pk, []))} placements in the year")
            for pk in in_care]
    return with_holders(rows, as_at)


register(Measure(
    code="CIC_THREE_PLACEMENTS", area=Area.CHILDREN_IN_CARE, name="Three or more placements in the year",
    definition="Children looked after on the date who had three or more placements during the 12 months before "
               "(every placement running at some point in the year counts).",
    numerator="children with three or more placements", denominator="children looked after on the date",
    good=Good.LOW, unit=Unit.PERCENT, period=Period.AT_DATE, headline=True,
    source="../shared/domain/measures.md: short-term placement stability",
    agrees_with="SSDA903: children with an open episode at 31 March and three or more placements in the year",
    rows=_three_placements))


def _long_term_stability(as_at: dt.date) -> list[Row]:
    """The DfE's long-term stability: children under 16 looked after continuously for 2.5 years or more,
    living in the same placement for 2 years or more, or placed for adoption with the adoption placement
    and the placement before it together lasting 2 years or more (../shared/domain/measures.md)."""
    in_care = {pk: start for pk, start in looked_after_on(as_at).items()
               if start <= as_at - relativedelta(years=2, months=6)}
    dobs = dict(Person.objects.filter(pk__in=list(in_care)).values_list("pk", "dob"))
    eligible = [pk for pk in in_care if dobs.get(pk) and dobs[pk] > as_at - relativedelta(years=16)]
    by_child: dict[int, list[tuple[dt.date, dt.date | None, str]]] = defaultdict(list)
    for person_id, s, e, kind in (Placement.objects.filter(person_id__in=eligible, start_date__lte=as_at)
                                  .order_by("start_date").values_list("person_id", "start_date", "end_date",
                                                                      "placement_type")):
        by_child[person_id].append((s, e, kind))
    rows = []
    for pk in eligible:
        spans = [p for p in by_child.get(pk, []) if p[1] is None or p[1] >= as_at]
        if not spans:
            rows.append(Row(pk, False, extra="no placement recorded"))
            continue
        current = spans[-1]
        since = current[0]
        if current[2] in ADOPTION_PLACEMENTS:
            earlier = [p for p in by_child[pk] if p[0] < current[0]]
            if earlier:
                since = earlier[-1][0]
        stable = since <= as_at - relativedelta(years=2)
        rows.append(Row(pk, stable, extra=f"same placement since {since:%-d %b %Y}"))
    return with_holders(rows, as_at)


register(Measure(
    code="CIC_LONG_TERM_STABILITY", area=Area.CHILDREN_IN_CARE, name="Long-term placement stability",
    definition="Children under 16 looked after continuously for two and a half years or more who have lived in "
               "the same placement for two years or more (or whose adoption placement and the one before it "
               "together have lasted two years).",
    numerator="children in the same placement for two years or more",
    denominator="children under 16 looked after for two and a half years or more",
    good=Good.HIGH, unit=Unit.PERCENT, period=Period.AT_DATE, headline=True,
    source="../shared/domain/measures.md: long-term stability (DfE stability measures)",
    rows=_long_term_stability))


def _far_from_home(as_at: dt.date) -> list[Row]:
    in_care = looked_after_on(as_at)
    rows = [Row(pk, float(miles) > 20, extra=f"{miles} miles from home")
            for pk, miles in (Placement.objects.filter(person_id__in=list(in_care), start_date__lte=as_at,
                                                       distance_miles__isnull=False)
                              .filter(Q(end_date__isnull=True) | Q(end_date__gt=as_at))
                              .values_list("person_id", "distance_miles"))]
    return with_holders(rows, as_at)


register(Measure(
    code="CIC_OVER_20_MILES", area=Area.CHILDREN_IN_CARE, name="Placed more than 20 miles from home",
    definition="Children looked after on the date whose placement is more than 20 miles from their home "
               "address (placements with a known distance).",
    numerator="children placed more than 20 miles away", denominator="children in care with a known distance",
    good=Good.LOW, unit=Unit.PERCENT, period=Period.AT_DATE,
    source="SSDA903 PL_DISTANCE (../shared/domain/ssda903.md)",
    agrees_with="SSDA903: PL_DISTANCE over 20 for placements open at 31 March",
    rows=_far_from_home))


def _unregistered(*, in_year: bool):
    def rows(as_at: dt.date) -> list[Row]:
        start = year_before(as_at) if in_year else as_at
        qs = (UnregisteredPlacementAuthorisation.objects.filter(placement__start_date__lte=as_at)
              .filter(Q(placement__end_date__isnull=True) | Q(placement__end_date__gt=start))
              .values_list("person_id", "placement__start_date"))
        seen: dict[int, dt.date] = {}
        for pk, since in qs:
            seen.setdefault(pk, since)
        return with_holders([Row(pk, True, extra=f"placed {since:%-d %b %Y}") for pk, since in seen.items()], as_at)
    return rows


register(Measure(
    code="CIC_UNREGISTERED_NOW", area=Area.CHILDREN_IN_CARE, name="Children in unregistered provision now",
    definition="Children living on the date in a placement the unregistered provision guard refused and a "
               "director authorised (the live register).",
    numerator="children in unregistered provision", denominator="(a count)",
    good=Good.LOW, unit=Unit.COUNT, period=Period.AT_DATE, headline=True, decimals=0,
    source="../shared/domain/unregistered-provision.md",
    rows=_unregistered(in_year=False)))

register(Measure(
    code="CIC_UNREGISTERED_YEAR", area=Area.CHILDREN_IN_CARE, name="Children in unregistered provision in the year",
    definition="Children who lived at any time in the 12 months in a placement in unregistered provision.",
    numerator="children in unregistered provision during the year", denominator="(a count)",
    good=Good.LOW, unit=Unit.COUNT, period=Period.ROLLING_12, decimals=0,
    source="../shared/domain/unregistered-provision.md",
    rows=_unregistered(in_year=True)))


def _missing(as_at: dt.date) -> list[Row]:
    tz_start = dt.datetime.combine(year_before(as_at), dt.time.min, tzinfo=dt.UTC)
    tz_end = dt.datetime.combine(as_at + dt.timedelta(days=1), dt.time.min, tzinfo=dt.UTC)
    episodes = Counter(MissingEpisode.objects.filter(started_at__gte=tz_start, started_at__lt=tz_end)
                       .values_list("person_id", flat=True))
    return with_holders([Row(pk, True, value=n, extra=f"{n} episode{'s' if n != 1 else ''}")
                         for pk, n in episodes.items()], as_at)


register(Measure(
    code="CIC_MISSING", area=Area.CHILDREN_IN_CARE, name="Children in care who went missing",
    definition="Children in care with a missing or away-without-authorisation episode starting in the period.",
    numerator="children who went missing or were away", denominator="(a count)",
    good=Good.LOW, unit=Unit.COUNT, period=Period.ROLLING_12, decimals=0,
    source="../shared/domain/measures.md: missing from care (SSDA903 MISSING)",
    agrees_with="SSDA903 Missing table: children with an episode starting in the year",
    rows=_missing))

"""Reading the measures: a measure's figure as at any date from the record, its cuts, its trend from
the month-end snapshots, its comparators, its RAG against the council's target, and the children or
workers behind it (masked by the one access policy)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from safehold.accounts.models import Team, User
from safehold.accounts.policy import visible_q
from safehold.people.models import Disability, Person

from .definitions import Good, Measure, Row, Unit, month_ends
from .models import Comparator, MeasureSnapshot, MeasureTarget, PopulationEstimate, StatisticalNeighbour

# --- Evaluating a measure -------------------------------------------------------------------------------


@dataclass
class Result:
    measure: Measure
    as_at: dt.date
    rows: list[Row]
    numerator: float
    denominator: float
    value: float | None
    population: PopulationEstimate | None = None
    computed_at: dt.datetime | None = None

    @property
    def display(self) -> str:
        return format_value(self.measure, self.value)


def format_value(measure: Measure, value: float | None) -> str:
    if value is None:
        return "No data"
    if measure.unit is Unit.PERCENT:
        return f"{value:.{measure.decimals}f}%"
    if measure.unit is Unit.COUNT:
        return f"{value:,.0f}"
    return f"{value:,.{measure.decimals}f}"


def population_for(as_at: dt.date) -> PopulationEstimate | None:
    """The latest mid-year estimate on or before `as_at`, else the earliest there is."""
    year = as_at.year if (as_at.month, as_at.day) >= (6, 30) else as_at.year - 1
    return (PopulationEstimate.objects.filter(year__lte=year).first()
            or PopulationEstimate.objects.order_by("year").first())


def summarise(measure: Measure, rows: list[Row], as_at: dt.date, population=None) -> Result:
    weighted = any(r.weight != 1.0 for r in rows)
    numerator = round(sum(r.weight for r in rows if r.in_numerator), 2) if weighted else \
        sum(1 for r in rows if r.in_numerator)
    if measure.unit is Unit.RATE:
        population = population or population_for(as_at)
        denominator = population.children if population else 0
        value = numerator / denominator * 10_000 if denominator else None
        return Result(measure, as_at, rows, numerator, denominator, value, population)
    counted = [r for r in rows if r.in_denominator]
    denominator = round(sum(r.weight for r in counted), 2) if weighted else len(counted)
    if measure.unit is Unit.PERCENT:
        value = 100 * numerator / denominator if denominator else None
    elif measure.unit is Unit.AVERAGE:
        values = [r.value for r in rows if r.value is not None]
        value = sum(values) / len(values) if values else None
        numerator = int(sum(values))
    else:
        value = float(numerator)
    return Result(measure, as_at, rows, numerator, denominator, value)


def evaluate(measure: Measure, as_at: dt.date) -> Result:
    """The measure as at `as_at`, read from the record now."""
    return summarise(measure, measure.rows(as_at), as_at)


def reused(key: str, build, measure: Measure):
    """`build()` (a Result, or a page's context holding one under "result"), reused for
    SAFEHOLD_MEASURE_SECONDS by everyone (per process, or in the shared cache CACHES names). Nothing
    user-specific goes in: names are masked per reader when the drill-down is drawn. Measures hold their
    read function, which cannot be stored, so it is taken out and put back."""
    seconds = settings.SAFEHOLD_MEASURE_SECONDS
    stored = cache.get(key) if seconds else None
    if stored is None:
        value = build()
        result = value["result"] if isinstance(value, dict) else value
        result.computed_at = timezone.localtime()
        if seconds:
            result.measure = None
            shallow = {k: v for k, v in value.items() if k != "measure"} if isinstance(value, dict) else value
            cache.set(key, shallow, seconds)
            result.measure = measure
        return value
    result = stored["result"] if isinstance(stored, dict) else stored
    result.measure = measure
    if isinstance(stored, dict):
        stored = {**stored, "measure": measure}
    return stored


def evaluate_reused(measure: Measure, as_at: dt.date) -> Result:
    return reused(f"measure-result:{measure.code}:{as_at.isoformat()}", lambda: evaluate(measure, as_at), measure)


def value_reused(measure: Measure, as_at: dt.date) -> float | None:
    """The figure alone of evaluate_reused(), for pages that show only the number (the improvement plan's
    measures on the leaders' dashboard). A Result stored for reuse holds every row behind the figure (up
    to the whole county) and is unpickled on every read: on the 20,000-child county the dashboard took
    217 ms a load reading them, 69 ms reading the figures alone (one user, warm; three times that when the
    load benchmark kept the cores busy: bench/load.py). The figure is kept beside the result for what is
    left of that result's reuse, so it is never older than the result it came from."""
    seconds = settings.SAFEHOLD_MEASURE_SECONDS
    key = f"measure-value:{measure.code}:{as_at.isoformat()}"
    stored = cache.get(key) if seconds else None
    if stored is not None:
        return stored[0]
    result = evaluate_reused(measure, as_at)
    left = seconds - (timezone.localtime() - result.computed_at).total_seconds() if seconds else 0
    if left >= 1:
        cache.set(key, (result.value,), int(left))
    return result.value


# --- Cuts -----------------------------------------------------------------------------------------------

CUT_LABELS = {"team": "Team", "worker": "Worker", "age_band": "Age", "oc3_band": "Age band (OC3)", "sex": "Sex",
              "ethnicity": "Ethnicity", "disability": "Disability", "uasc": "Unaccompanied asylum-seeking"}
ETHNIC_GROUPS = {"W": "White", "M": "Mixed", "A": "Asian or Asian British", "B": "Black or Black British",
                 "C": "Chinese", "O": "Any other ethnic group"}
SEXES = {"M": "Male", "F": "Female", "1": "Male", "2": "Female"}


def _age_band(age: int | None) -> str:
    if age is None:
        return "Unborn or not known"
    for hi, label in ((0, "Under 1"), (4, "1 to 4"), (9, "5 to 9"), (15, "10 to 15"), (17, "16 to 17")):
        if age <= hi:
            return label
    return "18 or over"


def _oc3_band(age: float | None) -> str:
    if age is None:
        return "Not known"
    return "17 to 18" if age <= 18 else "19 to 21" if age <= 21 else "22 to 25"


def _ethnic_group(code: str) -> str:
    if code in ("REFU", "NOBT", ""):
        return "Refused or not obtained"
    return ETHNIC_GROUPS.get(code[:1], "Any other ethnic group")


def person_facts(person_ids, as_at: dt.date) -> dict[int, dict[str, str]]:
    """Each child's cut labels on `as_at`: two queries whatever the number of children."""
    ids = list(set(person_ids))
    disabled = set(Disability.objects.filter(person_id__in=ids).exclude(code="NONE")
                   .values_list("person_id", flat=True))
    facts = {}
    for pk, dob, sex, ethnicity, uasc in Person.objects.filter(pk__in=ids).values_list(
            "pk", "dob", "sex", "ethnicity", "is_uasc"):
        age = (as_at.year - dob.year - ((as_at.month, as_at.day) < (dob.month, dob.day))) if dob else None
        facts[pk] = {"age_band": _age_band(age), "sex": SEXES.get(sex, "Not known"),
                     "ethnicity": _ethnic_group(ethnicity or ""),
                     "disability": "Disabled children" if pk in disabled else "No recorded disability",
                     "uasc": "UASC" if uasc else "Not UASC"}
    return facts


def cut(result: Result, dimension: str) -> list[dict]:
    """The measure's rows grouped by `dimension`, each group summarised like the whole."""
    out = []
    for label, rows in sorted(_group_rows(result, dimension).items()):
        s = summarise(result.measure, rows, result.as_at, result.population)
        out.append({"label": label, "numerator": s.numerator, "denominator": s.denominator, "value": s.value,
                    "display": s.display})
    return out


def disabled_side_by_side(result: Result) -> dict | None:
    """The measure for disabled children beside all children (both inspections named their practice)."""
    if result.measure.subject != "child" or "disability" not in result.measure.cuts:
        return None
    groups = {g["label"]: g for g in cut(result, "disability")}
    return groups.get("Disabled children")


# --- Targets and RAG ------------------------------------------------------------------------------------

@dataclass
class Rag:
    status: str  # "green" | "amber" | "red" | ""
    rule: str


def rag(measure: Measure, value: float | None, target: MeasureTarget | None) -> Rag:
    if target is None:
        return Rag("", "No target set.")
    t, margin = target.target, target.amber_margin
    shown = format_value(measure, t)
    if measure.good is Good.NEITHER:
        return Rag("", f"Target {shown}; neither higher nor lower is better in itself, so no RAG.")
    if measure.good is Good.HIGH:
        rule = (f"Green at {shown} or more; amber from {format_value(measure, t - margin)}; red below.")
        if value is None:
            return Rag("", rule)
        return Rag("green" if value >= t else "amber" if value >= t - margin else "red", rule)
    rule = f"Green at {shown} or less; amber up to {format_value(measure, t + margin)}; red above."
    if value is None:
        return Rag("", rule)
    return Rag("green" if value <= t else "amber" if value <= t + margin else "red", rule)


def targets() -> dict[str, MeasureTarget]:
    return {t.code: t for t in MeasureTarget.objects.all()}


# --- Trend and comparators ------------------------------------------------------------------------------

@dataclass
class TrendPoint:
    as_at: dt.date
    value: float | None
    numerator: float
    denominator: float
    restated: float | None = None
    restated_differs: bool = False


@dataclass
class Trend:
    points: list[TrendPoint]
    disabled: list[TrendPoint] = field(default_factory=list)


def trend(measure: Measure, as_at: dt.date, months: int = 24) -> Trend:
    """The month-end snapshots of the last `months` months (one query)."""
    ends = month_ends(as_at, months)
    snaps = MeasureSnapshot.objects.filter(code=measure.code, as_at__in=ends, cut__in=["", "disability:yes"])
    by_cut: dict[str, dict[dt.date, MeasureSnapshot]] = defaultdict(dict)
    for s in snaps:
        by_cut[s.cut][s.as_at] = s

    def points(cut_key: str) -> list[TrendPoint]:
        out = []
        for day in ends:
            s = by_cut[cut_key].get(day)
            if s is not None:
                out.append(TrendPoint(day, s.value, s.numerator, s.denominator, s.restated_value,
                                      s.restated_differs))
        return out
    return Trend(points(""), points("disability:yes"))


@dataclass
class ComparatorLine:
    label: str
    points: list[tuple[dt.date, float]]
    latest: Comparator | None
    source: str
    synthetic: bool


def comparators(measure: Measure) -> list[ComparatorLine]:
    """England, the council's region (SAFEHOLD_REGION_NAME) and the average of its statistical neighbours,
    each with the year and source of every figure (one query)."""
    rows = list(Comparator.objects.filter(code=measure.code))
    neighbours = set(StatisticalNeighbour.objects.values_list("area_code", flat=True))
    lines = []
    england = [c for c in rows if c.level == Comparator.Level.ENGLAND]
    region = [c for c in rows if c.level == Comparator.Level.REGION and c.area_name == settings.SAFEHOLD_REGION_NAME]
    for label, items in (("England", england), (f"{settings.SAFEHOLD_REGION_NAME} (region)", region)):
        if items:
            items.sort(key=lambda c: c.period_end)
            lines.append(ComparatorLine(label, [(c.period_end, c.value) for c in items], items[-1],
                                        "; ".join(sorted({c.source for c in items})), any(c.synthetic for c in items)))
    la = [c for c in rows if c.level == Comparator.Level.LOCAL_AUTHORITY and c.area_code in neighbours]
    if la:
        by_period: dict[dt.date, list[Comparator]] = defaultdict(list)
        for c in la:
            by_period[c.period_end].append(c)
        pts = [(day, sum(c.value for c in cs) / len(cs)) for day, cs in sorted(by_period.items())]
        latest_day = max(by_period)
        latest = by_period[latest_day][0]
        lines.append(ComparatorLine(f"Statistical neighbours (average of {len(by_period[latest_day])})", pts,
                                    Comparator(code=measure.code, period_end=latest_day,
                                               period_label=latest.period_label, level="", area_name="Neighbours",
                                               value=pts[-1][1], source=latest.source, synthetic=latest.synthetic),
                                    "; ".join(sorted({c.source for c in la})), any(c.synthetic for c in la)))
    return lines


# --- Drill-down -----------------------------------------------------------------------------------------

@dataclass
class DrillRow:
    subject_id: int
    label: str
    person_id: str
    masked: bool
    in_numerator: bool
    extra: str
    href: str | None


def drilldown(result: Result, *, fetched_by, part: str = "denominator", cut_dimension: str = "",
              cut_label: str = "") -> list[DrillRow]:
    """The children (or workers) behind a figure: the numerator or the whole denominator, optionally one
    cut's group. A child the reader may not open is listed by person ID only, never by name."""
    rows = result.rows
    if cut_dimension and cut_label:
        keep = {id(r) for g_label, g_rows in _group_rows(result, cut_dimension).items() if g_label == cut_label
                for r in g_rows}
        rows = [r for r in rows if id(r) in keep]
    if part == "numerator":
        rows = [r for r in rows if r.in_numerator]
    ids = {r.subject_id for r in rows}
    if result.measure.subject == "worker":
        users = {u.pk: u for u in User.objects.filter(pk__in=ids).select_related("team")}
        return [DrillRow(r.subject_id, r.label or str(users.get(r.subject_id, r.subject_id)), "", False,
                         r.in_numerator, r.extra, None) for r in rows]
    people = dict(Person.objects.filter(pk__in=ids).values_list("pk", "person_id"))
    names = {pk: f"{f} {s}" for pk, f, s in Person.objects.filter(pk__in=ids).values_list("pk", "forename",
                                                                                           "surname")}
    visible = set(Person.objects.filter(pk__in=ids).filter(visible_q(fetched_by)).values_list("pk", flat=True))
    out = []
    for r in rows:
        # A child the reader may not open is counted but not identified: no name, no ID, no detail (the ID and
        # the group it sits in would say too much about a child outside the reader's work).
        if r.subject_id in visible:
            out.append(DrillRow(r.subject_id, names.get(r.subject_id, ""), people.get(r.subject_id, ""), False,
                                r.in_numerator, r.extra, f"/people/{r.subject_id}/"))
        else:
            out.append(DrillRow(0, "", "", True, r.in_numerator, "", None))
    return out


def _group_rows(result: Result, dimension: str) -> dict[str, list[Row]]:
    groups: dict[str, list[Row]] = defaultdict(list)
    if dimension in ("team", "worker"):
        ids = {getattr(r, f"{dimension}_id") for r in result.rows} - {None}
        model = Team if dimension == "team" else User
        names = {o.pk: str(o) for o in model.objects.filter(pk__in=ids)}
        for r in result.rows:
            key = getattr(r, f"{dimension}_id")
            groups[names.get(key, "No team" if dimension == "team" else "No worker")].append(r)
    elif dimension == "oc3_band":
        for r in result.rows:
            groups[_oc3_band(r.value)].append(r)
    elif result.measure.subject == "child":
        facts = person_facts((r.subject_id for r in result.rows), result.as_at)
        for r in result.rows:
            groups[facts.get(r.subject_id, {}).get(dimension, "Not known")].append(r)
    return groups

"""What each measures page shows, assembled from the selectors (read only): the catalogue with its
latest figures, one measure with its trend, comparators, cuts and RAG, and the leaders' dashboard."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.db.models import Count, Max

from . import charts
from .definitions import Area, Measure, Unit, catalogue, month_ends
from .models import Comparator, MeasureSnapshot, MeasureTarget
from .selectors import (
    CUT_LABELS,
    Result,
    comparators,
    cut,
    disabled_side_by_side,
    evaluate,
    format_value,
    rag,
    targets,
    trend,
)


@dataclass
class CatalogueRow:
    measure: Measure
    value: float | None
    display: str
    disabled_display: str
    numerator: int | None
    denominator: int | None
    rag: object
    england: object | None
    spark: object = None  # the dashboard's 24-month chart


def latest_snapshot_date() -> dt.date | None:
    return MeasureSnapshot.objects.order_by("-as_at").values_list("as_at", flat=True).first()


def catalogue_rows(as_at: dt.date | None = None, *, live: bool = False, headline_only: bool = False):
    """Every measure's figure: from the month-end snapshots at `as_at` (default the latest), or computed
    from the record now (`live`). Returns (as_at, rows by area)."""
    measures = [m for m in catalogue() if m.headline or not headline_only]
    if not live:
        as_at = as_at or latest_snapshot_date()
    as_at = as_at or dt.date.today()
    snaps = {} if live else {(s.code, s.cut): s for s in MeasureSnapshot.objects.filter(as_at=as_at)}
    goals = targets()

    england: dict[str, Comparator] = {}
    for c in Comparator.objects.filter(level=Comparator.Level.ENGLAND).order_by("period_end"):
        england[c.code] = c
    by_area: dict[Area, list[CatalogueRow]] = {}
    for m in measures:
        if live:
            result = evaluate(m, as_at)
            value, num, den = result.value, result.numerator, result.denominator
            dis = disabled_side_by_side(result)
            dis_display = dis["display"] if dis else ""
        else:
            s, d = snaps.get((m.code, "")), snaps.get((m.code, "disability:yes"))
            value, num, den = (s.value, s.numerator, s.denominator) if s else (None, None, None)
            if m.unit is Unit.COUNT:
                dis_display = format_value(m, d.value or 0) if d else ""
            else:
                dis_display = format_value(m, d.value) if d and d.denominator else ("" if d is None else "No data")
        by_area.setdefault(m.area, []).append(CatalogueRow(
            m, value, format_value(m, value) if (live or num is not None) else "Not yet computed", dis_display,
            num, den, rag(m, value, goals.get(m.code)), england.get(m.code)))
    return as_at, by_area


def measure_page(measure: Measure, as_at: dt.date, by: str) -> dict:
    result = evaluate(measure, as_at)
    goal = targets().get(measure.code)
    history = trend(measure, as_at)
    lines = comparators(measure)
    start = month_ends(as_at, 24)[0].replace(day=1)

    def fmt(v):
        return format_value(measure, v)

    series = [charts.Series("This council", [(p.as_at, p.value) for p in history.points] + [(as_at, result.value)])]
    if history.disabled:
        series.append(charts.Series("Disabled children", [(p.as_at, p.value) for p in history.disabled]))
    for i, line in enumerate(lines):
        series.append(charts.Series(f"{line.label}{' (synthetic)' if line.synthetic else ''}",
                                    _across_years(line.points, as_at), style=charts.STYLES[2 + min(i, 2)],
                                    dashed=True))
    chart = charts.line_chart(f"{measure.name}, month by month", series, fmt, start=start, end=as_at,
                              percent=measure.unit is Unit.PERCENT)
    cuts = [d for d in measure.cuts if d in CUT_LABELS]
    by = by if by in cuts else (cuts[0] if cuts else "")
    return {
        "measure": measure, "result": result, "as_at": as_at, "period_label": measure.period_label(as_at), "target": goal, "rag": rag(measure, result.value, goal),
        "disabled": disabled_side_by_side(result), "trend": history, "comparators": lines, "chart": chart,
        "cuts": [(d, CUT_LABELS[d]) for d in cuts], "by": by, "by_label": CUT_LABELS.get(by, ""),
        "cut_rows": cut(result, by) if by else [],
        "previous_year": as_at - relativedelta(years=1),
    }


def dashboard_stamp() -> str:
    """What the dashboard's figures depend on: the snapshots and the targets (two queries)."""
    snaps = MeasureSnapshot.objects.aggregate(a=Max("as_at"), c=Max("computed_at"), r=Max("restated_at"))
    goals = MeasureTarget.objects.aggregate(n=Count("id"), s=Max("set_at"))
    return "|".join(str(v) for v in (*snaps.values(), *goals.values(), dt.date.today()))


def _across_years(points: list[tuple[dt.date, float]], as_at: dt.date) -> list[tuple[dt.date, float]]:
    """A published figure covers a year: drawn across it, and the latest carried on to `as_at` (a
    comparator is published a year or more after the period it describes)."""
    out: list[tuple[dt.date, float]] = []
    for end, value in points:
        out += [(end - relativedelta(years=1) + dt.timedelta(days=1), value), (end, value)]
    if points and points[-1][0] < as_at:
        out.append((as_at, points[-1][1]))
    return out


def dashboard(as_at: dt.date | None = None) -> dict:
    """The leaders' page: the headline measures by inspection area with their trend and England figure,
    from the month-end snapshots (so it loads at once), and the live registers and workloads."""
    as_at, by_area = catalogue_rows(as_at, headline_only=True)
    codes = [r.measure.code for rows in by_area.values() for r in rows]
    ends = month_ends(as_at, 24)
    snaps = {(s.code, s.as_at): s.value for s in MeasureSnapshot.objects.filter(code__in=codes, as_at__in=ends, cut="")}
    for rows in by_area.values():
        for r in rows:
            pts = [(d, snaps.get((r.measure.code, d))) for d in ends]
            r.spark = charts.line_chart(
                f"{r.measure.name}, 24 months", [charts.Series("This council", pts)],
                lambda v, m=r.measure: format_value(m, v), start=ends[0].replace(day=1), end=as_at,
                percent=r.measure.unit is Unit.PERCENT, compact=True)
    return {"as_at": as_at, "by_area": by_area}


def result_rows_for_download(result: Result) -> list[list]:
    return [[r.subject_id, "yes" if r.in_numerator else "no", r.extra] for r in result.rows]

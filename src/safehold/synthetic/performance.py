"""The synthetic county's performance picture (issue 12.9): a population estimate, 24 months of
month-end snapshots, the council's targets, and comparators for England, its region and ten
statistical neighbours. Every comparator made here is marked synthetic; England's published figures
come from the performance app's fixture (migration 0002), with their year and source."""

from __future__ import annotations

import datetime as dt
import random

from safehold.performance.definitions import Unit, catalogue
from safehold.performance.models import (
    Comparator,
    MeasureSnapshot,
    MeasureTarget,
    PopulationEstimate,
    StatisticalNeighbour,
)
from safehold.performance.services import snapshot_month_ends

SYNTHETIC_SOURCE = "Synthetic comparator for the demo county: not a published figure"
# (target, amber margin): illustrative local targets for the demo, a council sets its own.
TARGETS = {
    "FD_DECIDED_1WD": (95, 5), "FD_REREFERRAL": (20, 3), "HP_ASSESS_45WD": (85, 5), "HP_ICPC_15WD": (85, 5),
    "HP_RCPC_ON_TIME": (95, 5), "HP_CP_VISITS": (90, 5), "CIC_REVIEWS": (95, 5), "CIC_VISITS": (95, 5),
    "CIC_HEALTH": (90, 5), "CIC_PEP": (90, 5), "CIC_RHI_72H": (80, 10), "CIC_THREE_PLACEMENTS": (10, 2),
    "CIC_LONG_TERM_STABILITY": (68, 5), "CIC_UNREGISTERED_NOW": (0, 1), "CL_IN_TOUCH": (90, 5),
    "CL_SUITABLE_ACCOMMODATION": (88, 5), "CL_EET": (55, 5), "OV_OVERSIGHT": (90, 10), "OV_SUPERVISION": (90, 10),
    "OV_CASELOAD": (18, 2), "OV_UNALLOCATED": (0, 5),
}
NEIGHBOURS = [(f"E1099{n:04d}", f"Synthetic neighbour {chr(64 + n)}") for n in range(1, 11)]


def seed_performance(*, seed: int, as_of: dt.date, children: int, months: int = 24) -> dict[str, int]:
    rng = random.Random(seed * 7 + 12)
    for year in range(as_of.year - 4, as_of.year + 1):
        PopulationEstimate.objects.get_or_create(year=year, defaults={
            "children": int(children * 5.5 * (1 + 0.004 * (year - as_of.year))),
            "source": "Synthetic mid-year estimate for the demo county (not an ONS figure)"})
    for code, (target, margin) in TARGETS.items():
        MeasureTarget.objects.get_or_create(code=code, defaults={"target": target, "amber_margin": margin})
    taken = snapshot_month_ends(as_at=as_of, months=months)
    if not StatisticalNeighbour.objects.exists():
        StatisticalNeighbour.objects.bulk_create([StatisticalNeighbour(area_code=c, area_name=n) for c, n in NEIGHBOURS])
    latest = {s.code: s.value for s in MeasureSnapshot.objects.filter(cut="", as_at__lte=as_of).order_by("as_at")}
    published = set(Comparator.objects.filter(synthetic=False).values_list("code", "period_end"))
    rows = []
    for measure in catalogue():
        base = latest.get(measure.code)
        if base is None or measure.unit is Unit.COUNT:
            continue
        for first in (as_of.year - 4, as_of.year - 3, as_of.year - 2):
            period_end, label = dt.date(first + 1, 3, 31), f"{first}-{str(first + 1)[2:]}"

            def near(spread: float, base: float = base, measure=measure) -> float:
                value = base * rng.uniform(1 - spread, 1 + spread)
                return round(min(value, 100.0) if measure.unit is Unit.PERCENT else value, 1)
            areas = [(Comparator.Level.REGION, "East of England", "East of England")]
            areas += [(Comparator.Level.LOCAL_AUTHORITY, code, name) for code, name in NEIGHBOURS]
            if (measure.code, period_end) not in published:
                areas.append((Comparator.Level.ENGLAND, "", "England"))
            for level, code, name in areas:
                rows.append(Comparator(code=measure.code, period_end=period_end, period_label=label, level=level,
                                       area_code=code or name, area_name=name,
                                       value=near(0.08 if level != Comparator.Level.LOCAL_AUTHORITY else 0.2),
                                       source=SYNTHETIC_SOURCE, synthetic=True))
    Comparator.objects.bulk_create(rows, ignore_conflicts=True)
    return {"measure snapshots": taken["taken"], "synthetic comparators": len(rows)}

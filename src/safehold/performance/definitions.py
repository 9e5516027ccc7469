"""The catalogue of performance measures (issue 12): each measure defined once, in code.

A measure says what it counts in words (name, definition, numerator, denominator), which way is
good, its unit, the period it is counted over, the official definition it follows (a file in
../shared/domain/ or a DfE source) and where it agrees with a statutory return. Its `rows` function
reads the record with a fixed number of set-based queries (never a query per child) and returns one
Row per child (or worker) in the denominator, saying whether it is in the numerator: so every figure
drills down to the children behind it, and every cut is a grouping of the same rows.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta


class Area(enum.StrEnum):
    FRONT_DOOR = "Front door"
    HELP_AND_PROTECTION = "Help and protection"
    CHILDREN_IN_CARE = "Children in care"
    CARE_LEAVERS = "Care leavers"
    OVERSIGHT = "Oversight and workforce"


class Unit(enum.StrEnum):
    PERCENT = "percent"  # numerator as a share of the denominator
    AVERAGE = "average"  # the mean of each row's value (e.g. working days)
    RATE = "rate"  # numerator per 10,000 children (denominator: the mid-year population estimate)
    COUNT = "count"  # the numerator alone


class Period(enum.StrEnum):
    ROLLING_12 = "the 12 months to"
    AT_DATE = "at"


class Good(enum.StrEnum):
    HIGH = "higher is better"
    LOW = "lower is better"
    NEITHER = "neither higher nor lower is better in itself"


@dataclass(slots=True)
class Row:
    """One child (or worker) in a measure's denominator."""

    subject_id: int  # Person pk, or User pk for a workforce measure
    in_numerator: bool
    value: float | None = None  # for AVERAGE measures: this row's value
    team_id: int | None = None  # the team the row counts against (the work's team, or the case holder's)
    worker_id: int | None = None
    extra: str = ""  # a few words shown on the drill-down (e.g. "due 3 Mar, done 5 Mar")
    weight: float = 1.0  # what the row counts for: 1 (a child), or a worker's FTE for the workforce rates
    label: str = ""  # for a row that is not a person (a vacant post): what the drill-down calls it
    in_denominator: bool = True  # False for a numerator-only row (a leaver, against the FTE in post)


@dataclass(frozen=True)
class Measure:
    code: str
    area: Area
    name: str
    definition: str
    numerator: str
    denominator: str
    good: Good
    unit: Unit
    period: Period
    source: str  # the official definition followed (../shared/domain file, DfE or Ofsted source)
    rows: Callable[[dt.date], list[Row]]
    agrees_with: str = ""  # the return figure it agrees with, where both count the same children
    subject: str = "child"  # "child" or "worker": what a row is
    decimals: int = 1
    headline: bool = False  # on the leaders' dashboard
    # How the figure may be cut. A rate per 10,000 has none: a group's count over the whole population is not
    # that group's rate (the population estimate is not broken down).
    cuts: tuple[str, ...] = field(default=("team", "age_band", "sex", "ethnicity", "disability", "uasc"))

    def period_label(self, as_at: dt.date) -> str:
        if self.period is Period.AT_DATE:
            return f"at {as_at:%-d %B %Y}"
        return f"in the 12 months to {as_at:%-d %B %Y}"


_CATALOGUE: dict[str, Measure] = {}


def register(measure: Measure) -> Measure:
    assert measure.code not in _CATALOGUE, f"measure {measure.code} defined twice"
    _CATALOGUE[measure.code] = measure
    return measure


def catalogue() -> list[Measure]:
    return list(_CATALOGUE.values())


def get(code: str) -> Measure | None:
    return _CATALOGUE.get(code)


def year_before(as_at: dt.date) -> dt.date:
    """The first day of the 12 months that end on `as_at` (1 April for 31 March)."""
    return as_at - relativedelta(years=1) + dt.timedelta(days=1)


def month_ends(as_at: dt.date, n: int) -> list[dt.date]:
    """The last `n` month-ends up to `as_at`, oldest first (as_at itself if it is a month-end)."""
    first = as_at.replace(day=1)
    last = first - dt.timedelta(days=1) if (as_at + dt.timedelta(days=1)).day != 1 else as_at
    out = []
    for i in range(n):
        out.append((last.replace(day=1) - relativedelta(months=i)) + relativedelta(months=1) - dt.timedelta(days=1))
    return sorted(out)

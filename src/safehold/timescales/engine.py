"""Date arithmetic for statutory timescales, following the counting conventions in
../shared/domain/timescales.md ("Counting conventions").

Pure Python with no Django imports, so it can be used (and tested) without a configured project.

- Working days are Monday to Friday less England and Wales bank holidays, from the `holidays`
  package (`country_holidays("GB", subdiv="ENG")`). "N working days after D" is the N-th working
  day strictly after D; D itself never counts, whatever day it falls on.
- Calendar days and weeks are plain day counts with no weekend or holiday adjustment.
- Months keep the day of the month and clamp to the month's last day (31 Aug + 6 months = 28 Feb).
- Hours are added to a datetime.

A due date is the last day on which the work is on time.
"""

from __future__ import annotations

import calendar
import functools
from datetime import date, datetime, timedelta, timezone
from enum import StrEnum

__all__ = [
    "Unit",
    "add_calendar_days",
    "add_hours",
    "add_months",
    "add_weeks",
    "add_working_days",
    "bank_holidays",
    "compute_due",
    "is_working_day",
    "working_days_between",
]


class Unit(StrEnum):
    WORKING_DAYS = "working_days"
    CALENDAR_DAYS = "calendar_days"
    WEEKS = "weeks"
    MONTHS = "months"
    HOURS = "hours"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ")


# gov.uk's England and Wales list has these one-off days; the `holidays` package has them too, but
# they are pinned here so that a package regression cannot silently move a statutory deadline.
_ONE_OFF_BANK_HOLIDAYS = frozenset(
    {
        date(2022, 6, 3),  # Platinum Jubilee
        date(2022, 9, 19),  # State funeral of Queen Elizabeth II
        date(2023, 5, 8),  # Coronation of King Charles III
    }
)


@functools.cache
def bank_holidays(year: int) -> frozenset[date]:
    """England and Wales bank holidays in `year`, loaded once per year."""
    import holidays  # on first use: Django imports this package at every start-up  # noqa: PLC0415

    loaded = holidays.country_holidays("GB", subdiv="ENG", years=year)
    one_offs = {d for d in _ONE_OFF_BANK_HOLIDAYS if d.year == year}
    return frozenset(d for d in loaded if d.year == year) | one_offs


def _as_date(value: date) -> date:
    # datetime is a subclass of date; day-based counting uses the calendar date only.
    return value.date() if isinstance(value, datetime) else value


def is_working_day(d: date) -> bool:
    d = _as_date(d)
    return d.weekday() < 5 and d not in bank_holidays(d.year)


def add_working_days(start: date, n: int) -> date:
    """The n-th working day strictly after `start` (`start` itself never counts); n=0 gives `start`."""
    if n < 0:
        raise ValueError(f"n must be zero or more, not {n}")
    d = _as_date(start)
    remaining = n
    while remaining:
        d += timedelta(days=1)
        if is_working_day(d):
            remaining -= 1
    return d


def _weekdays_after_until(a: date, b: date) -> int:
    """Mondays to Fridays in the half-open range (a, b], for a <= b."""
    days = (b - a).days
    full_weeks, extra = divmod(days, 7)
    count = full_weeks * 5
    weekday = a.weekday()
    for _ in range(extra):
        weekday = (weekday + 1) % 7
        if weekday < 5:
            count += 1
    return count


def working_days_between(a: date, b: date) -> int:
    """Working days after `a` up to and including `b`; negative when `b` is before `a`.

    The inverse of add_working_days: working_days_between(d, add_working_days(d, n)) == n.
    """
    a, b = _as_date(a), _as_date(b)
    if b < a:
        return -working_days_between(b, a)
    holidays_in_range = sum(
        1
        for year in range(a.year, b.year + 1)
        for h in bank_holidays(year)
        if a < h <= b and h.weekday() < 5
    )
    return _weekdays_after_until(a, b) - holidays_in_range


def add_calendar_days(start: date, n: int) -> date:
    return _as_date(start) + timedelta(days=n)


def add_weeks(start: date, n: int) -> date:
    return _as_date(start) + timedelta(weeks=n)


def add_months(start: date, n: int) -> date:
    """Same day of the month n months later, clamped to that month's last day."""
    start = _as_date(start)
    month_index = start.year * 12 + (start.month - 1) + n
    year, month = divmod(month_index, 12)
    month += 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return date(year, month, day)


def add_hours(start: datetime, n: int) -> datetime:
    """`start` plus n hours.

    An aware datetime gets n elapsed hours (so 72 hours stays 72 hours across a clock change); a
    naive one is treated as wall-clock time.
    """
    if not isinstance(start, datetime):
        raise TypeError(f"an hours limit needs a datetime start, not {type(start).__name__}")
    if start.tzinfo is None:
        return start + timedelta(hours=n)
    return (start.astimezone(timezone.utc) + timedelta(hours=n)).astimezone(start.tzinfo)


def compute_due(start: date | datetime, amount: int, unit: Unit | str) -> date | datetime:
    """The due date for a limit of `amount` `unit`s from `start` (a datetime for hours)."""
    unit = Unit(unit)
    if unit is Unit.HOURS:
        return add_hours(start, amount)  # type: ignore[arg-type]
    if unit is Unit.WORKING_DAYS:
        return add_working_days(start, amount)
    if unit is Unit.CALENDAR_DAYS:
        return add_calendar_days(start, amount)
    if unit is Unit.WEEKS:
        return add_weeks(start, amount)
    return add_months(start, amount)

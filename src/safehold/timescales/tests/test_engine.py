"""The counting conventions of ../shared/domain/timescales.md, with hand-computed dates.

Weekdays and bank holidays used below: 2025-12-25 Thu and 2025-12-26 Fri (Christmas, Boxing Day),
2026-01-01 Thu, Good Friday 2026-04-03, Easter Monday 2026-04-06, early May 2026-05-04, and the
one-off days 2022-09-19 (state funeral) and 2023-05-08 (coronation), both Mondays.
"""

import subprocess
import sys
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from safehold.timescales.engine import (
    Unit,
    add_calendar_days,
    add_hours,
    add_months,
    add_weeks,
    add_working_days,
    bank_holidays,
    compute_due,
    is_working_day,
    working_days_between,
)

LONDON = ZoneInfo("Europe/London")


@pytest.mark.parametrize(
    "day, expected",
    [
        (date(2025, 12, 24), True),  # Wednesday
        (date(2025, 12, 25), False),  # Christmas Day, Thursday
        (date(2025, 12, 26), False),  # Boxing Day, Friday
        (date(2025, 12, 27), False),  # Saturday
        (date(2025, 12, 28), False),  # Sunday
        (date(2026, 1, 1), False),
        (date(2026, 1, 2), True),
        (date(2026, 4, 3), False),  # Good Friday
        (date(2026, 4, 6), False),  # Easter Monday
        (date(2026, 5, 4), False),  # early May bank holiday
        (date(2026, 12, 28), False),  # Boxing Day 2026 falls on a Saturday: substitute Monday
        (date(2022, 9, 19), False),  # state funeral of Queen Elizabeth II
        (date(2023, 5, 8), False),  # coronation of King Charles III
        (date(2023, 5, 9), True),
    ],
)
def test_is_working_day(day, expected):
    assert is_working_day(day) is expected


def test_one_off_bank_holidays_are_loaded():
    assert date(2022, 9, 19) in bank_holidays(2022)
    assert date(2023, 5, 8) in bank_holidays(2023)


def test_bank_holidays_are_cached_per_year():
    assert bank_holidays(2031) is bank_holidays(2031)
    assert all(d.year == 2031 for d in bank_holidays(2031))


@pytest.mark.parametrize(
    "start, n, expected",
    [
        # The examples in timescales.md: Friday and Saturday referrals are both due on Monday.
        (date(2025, 12, 19), 1, date(2025, 12, 22)),
        (date(2025, 12, 20), 1, date(2025, 12, 22)),
        (date(2025, 12, 21), 1, date(2025, 12, 22)),
        # Christmas Day and Boxing Day, then the weekend.
        (date(2025, 12, 24), 1, date(2025, 12, 29)),
        (date(2025, 12, 25), 1, date(2025, 12, 29)),
        # Year end: New Year's Day 2026 is a Thursday.
        (date(2025, 12, 31), 1, date(2026, 1, 2)),
        # Easter 2026.
        (date(2026, 4, 2), 1, date(2026, 4, 7)),
        # Early May bank holiday 2026.
        (date(2026, 5, 1), 1, date(2026, 5, 5)),
        # One-off days.
        (date(2022, 9, 16), 1, date(2022, 9, 20)),
        (date(2023, 5, 5), 1, date(2023, 5, 9)),
        # 45 working days from Friday 2025-12-19 across Christmas and New Year.
        (date(2025, 12, 19), 45, date(2026, 2, 25)),
        (date(2025, 12, 15), 15, date(2026, 1, 8)),
        (date(2025, 12, 19), 0, date(2025, 12, 19)),
    ],
)
def test_add_working_days(start, n, expected):
    assert add_working_days(start, n) == expected


def test_add_working_days_takes_the_date_of_a_datetime():
    assert add_working_days(datetime(2025, 12, 19, 16, 45), 1) == date(2025, 12, 22)


def test_add_working_days_refuses_a_negative_count():
    with pytest.raises(ValueError, match="zero or more"):
        add_working_days(date(2025, 12, 19), -1)


@pytest.mark.parametrize(
    "a, b, expected",
    [
        (date(2025, 12, 19), date(2025, 12, 22), 1),
        (date(2025, 12, 20), date(2025, 12, 21), 0),
        (date(2025, 12, 24), date(2025, 12, 29), 1),
        (date(2025, 12, 19), date(2025, 12, 19), 0),
        (date(2025, 12, 22), date(2025, 12, 19), -1),
        (date(2025, 12, 19), date(2026, 2, 25), 45),
        # 2025 has 261 weekdays and 8 weekday bank holidays; 1 January is one of them.
        (date(2025, 1, 1), date(2025, 12, 31), 253),
    ],
)
def test_working_days_between(a, b, expected):
    assert working_days_between(a, b) == expected


@pytest.mark.parametrize(
    "start, n, expected",
    [
        (date(2025, 8, 31), 6, date(2026, 2, 28)),  # the example in timescales.md
        (date(2025, 1, 31), 1, date(2025, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),  # leap year
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2024, 2, 29), 48, date(2028, 2, 29)),
        (date(2023, 8, 31), 6, date(2024, 2, 29)),
        (date(2025, 3, 31), 1, date(2025, 4, 30)),
        (date(2025, 11, 15), 2, date(2026, 1, 15)),  # across the year end
        (date(2025, 12, 31), 6, date(2026, 6, 30)),
        (date(2026, 3, 31), -1, date(2026, 2, 28)),
        (date(2026, 4, 3), 0, date(2026, 4, 3)),
    ],
)
def test_add_months(start, n, expected):
    assert add_months(start, n) == expected


def test_calendar_days_and_weeks_ignore_weekends_and_holidays():
    assert add_calendar_days(date(2025, 12, 18), 7) == date(2025, 12, 25)
    assert add_calendar_days(date(2025, 12, 29), 7) == date(2026, 1, 5)
    assert add_weeks(date(2025, 11, 27), 6) == date(2026, 1, 8)
    assert add_weeks(date(2025, 12, 20), 1) == date(2025, 12, 27)


def test_hours_naive_is_wall_clock():
    assert add_hours(datetime(2025, 12, 19, 17, 30), 72) == datetime(2025, 12, 22, 17, 30)
    assert add_hours(datetime(2026, 3, 27, 12, 0), 72) == datetime(2026, 3, 30, 12, 0)


def test_hours_aware_is_elapsed_time_across_the_clock_change():
    # Clocks go forward at 01:00 on Sunday 2026-03-29: 72 elapsed hours from noon GMT is 13:00 BST.
    due = add_hours(datetime(2026, 3, 27, 12, 0, tzinfo=LONDON), 72)
    assert due == datetime(2026, 3, 30, 13, 0, tzinfo=LONDON)
    assert due.utcoffset() == timedelta(hours=1)


def test_hours_need_a_datetime():
    with pytest.raises(TypeError, match="datetime"):
        a_date: Any = date(2025, 12, 19)  # wrong on purpose: the check at run time
        add_hours(a_date, 72)


@pytest.mark.parametrize(
    "start, amount, unit, expected",
    [
        (date(2025, 12, 19), 1, Unit.WORKING_DAYS, date(2025, 12, 22)),
        (date(2025, 12, 18), 7, Unit.CALENDAR_DAYS, date(2025, 12, 25)),
        (date(2025, 11, 27), 6, Unit.WEEKS, date(2026, 1, 8)),
        (date(2025, 8, 31), 6, Unit.MONTHS, date(2026, 2, 28)),
        (datetime(2025, 12, 31, 22, 0), 72, Unit.HOURS, datetime(2026, 1, 3, 22, 0)),
        (date(2025, 8, 31), 6, "months", date(2026, 2, 28)),
    ],
)
def test_compute_due_dispatches_on_unit(start, amount, unit, expected):
    assert compute_due(start, amount, unit) == expected


def test_compute_due_rejects_an_unknown_unit():
    with pytest.raises(ValueError):
        compute_due(date(2025, 12, 19), 1, "fortnights")


def test_engine_and_rules_import_without_django():
    code = (
        "import sys; import safehold.timescales.engine, safehold.timescales.rules, safehold.timescales; "
        "assert 'django' not in sys.modules, 'django was imported'"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env={})
    assert result.returncode == 0, result.stderr


# Properties ---------------------------------------------------------------------------------------

days = st.dates(min_value=date(2000, 1, 1), max_value=date(2045, 12, 31))
counts = st.integers(min_value=1, max_value=400)


@given(start=days, n=counts)
def test_working_day_due_is_a_working_day_after_the_start(start, n):
    due = add_working_days(start, n)
    assert due > start
    assert is_working_day(due)


@given(start=days, n=counts)
def test_working_days_between_inverts_add_working_days(start, n):
    due = add_working_days(start, n)
    assert working_days_between(start, due) == n
    # The due date is the first day on which n working days have passed.
    assert working_days_between(start, due - timedelta(days=1)) == n - 1


@given(a=days, b=days, c=days)
def test_working_days_between_adds_up(a, b, c):
    assert working_days_between(a, b) + working_days_between(b, c) == working_days_between(a, c)
    assert working_days_between(a, b) == -working_days_between(b, a)


@given(a=days, span=st.integers(min_value=0, max_value=60))
def test_working_days_between_matches_a_day_by_day_count(a, span):
    b = a + timedelta(days=span)
    expected = sum(is_working_day(a + timedelta(days=i)) for i in range(1, span + 1))
    assert working_days_between(a, b) == expected


@given(start=days, n=st.integers(min_value=-120, max_value=120))
def test_add_months_keeps_the_day_or_clamps_to_month_end(start, n):
    due = add_months(start, n)
    assert (due.year * 12 + due.month) - (start.year * 12 + start.month) == n
    assert due.day == start.day or (due.day < start.day and (due + timedelta(days=1)).day == 1)


@given(start=days, amount=st.integers(min_value=1, max_value=100), unit=st.sampled_from(list(Unit)))
def test_due_is_after_the_start_for_positive_limits(start, amount, unit):
    clock_start = datetime.combine(start, datetime.min.time()) if unit is Unit.HOURS else start
    assert compute_due(clock_start, amount, unit) > clock_start

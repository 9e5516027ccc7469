"""Expressions the rules share. Dates in the SSDA903 are dd/mm/yyyy and in the census yyyy-mm-dd; a value that
is not a date reads as null (the format rules look at the text)."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import polars as pl

from safehold.timescales.engine import bank_holidays


def uk_date(column: str) -> pl.Expr:
    """An SSDA903 date (dd/mm/yyyy), null when it is blank or not a real date."""
    return pl.col(column).str.strptime(pl.Date, "%d/%m/%Y", strict=False)


def iso_date(column: str) -> pl.Expr:
    """A census date (yyyy-mm-dd), null when it is blank or not a real date."""
    return pl.col(column).str.slice(0, 10).str.strptime(pl.Date, "%Y-%m-%d", strict=False)


def blank(column: str) -> pl.Expr:
    return pl.col(column).is_null()


def present(column: str) -> pl.Expr:
    return pl.col(column).is_not_null()


def one_of(column: str, codes) -> pl.Expr:
    """True where the value is one of `codes` (a blank is not)."""
    return pl.col(column).is_in(list(codes)).fill_null(False)


def not_one_of(column: str, codes) -> pl.Expr:
    """True where a value is given and it is not one of `codes` (a blank is not flagged: a rule of its own)."""
    return present(column) & ~pl.col(column).is_in(list(codes)).fill_null(False)


@lru_cache(maxsize=1)
def england_bank_holidays() -> list[dt.date]:
    """England's bank holidays, as the timescales engine uses them (../shared/domain/timescales.md)."""
    days: set[dt.date] = set()
    for year in range(2010, dt.date.today().year + 3):
        days |= set(bank_holidays(year))
    return sorted(days)


def working_days(start: pl.Expr, end: pl.Expr) -> pl.Expr:
    """Working days from `start` to `end` (Monday to Friday less England's bank holidays), counting `end` and
    not `start`: the DfE's "within N working days" (e.g. 45 for an assessment)."""
    return pl.business_day_count(start, end, holidays=england_bank_holidays())


def age_on(dob: pl.Expr, day: pl.Expr | dt.date) -> pl.Expr:
    """Whole years of age on `day`."""
    day = pl.lit(day) if isinstance(day, dt.date) else day
    years = day.dt.year() - dob.dt.year()
    before_birthday = (day.dt.month() < dob.dt.month()) | (
        (day.dt.month() == dob.dt.month()) & (day.dt.day() < dob.dt.day()))
    return years - before_birthday.cast(pl.Int32)

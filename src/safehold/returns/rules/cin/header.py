"""CIN census rules on the return's header (Header), and the census period the other CIN modules read from it.

The census period is the header's own: it ends on the ReferenceDate and starts the day after the same date a
year before (1 April for a census ending 31 March). A return whose ReferenceDate is missing or not a date is
read as the collection year it was loaded for (`ret.start` .. `ret.end`); rule 100 reports the header itself.
"""

from __future__ import annotations

import calendar
import datetime as dt

import polars as pl

from ..engine import cin_rule
from ..expr import iso_date


def shift_months(day: dt.date, months: int) -> dt.date:
    """`day` moved by whole months, kept within the month it lands in (31 March + 1 month is 30 April)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def reference_date(ret) -> dt.date:
    """The census's reference date (its last day) from the header, or the collection year's 31 March."""
    if ret.as_at is not None:  # checked during the year: as if it ended today (engine.Return.as_at)
        return ret.end
    value = None
    if "Header" in ret and ret["Header"].height:
        value = ret["Header"].select(iso_date("ReferenceDate")).item(0, 0)
    return value if value is not None else ret.end


def census_start(ret) -> dt.date:
    """The census period's first day: the day after the reference date a year before."""
    if ret.as_at is not None:
        return ret.start
    return shift_months(reference_date(ret), -12) + dt.timedelta(days=1)


def whole_return() -> dict[str, pl.DataFrame]:
    """A finding on the return as a whole (no table, row or child), as the DfE's return-level rules are."""
    return {"": pl.DataFrame({"LAchildID": [""]})}


@cin_rule("100", message="Reference Date is incorrect", table="Header", fields=["ReferenceDate"],
          says="The census's reference date is missing or is not 31 March of the collection year: check the "
               "return's header.")
def _100(ret):
    expected = pl.concat_str(pl.col("Year"), pl.lit("-03-31")).str.strptime(pl.Date, "%Y-%m-%d", strict=False)
    date = iso_date("ReferenceDate")
    wrong = ret["Header"].filter(date.is_null() | expected.is_null() | (date != expected))
    return whole_return() if wrong.height else {}

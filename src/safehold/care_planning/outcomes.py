"""The SSDA903 OC2 rules in plain Python (ssda903.md 3.1 OC2; rule numbers are the DfE validation rules
as data-to-insight's validator implements them): who is in OC2 in a year, and which of its items apply
to a child of a given age."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from safehold.children_in_care.codes import SHORT_BREAK_STATUSES, ReasonEpisodeCeased, ReasonNewEpisode


def year_start(year_ending: dt.date) -> dt.date:
    return dt.date(year_ending.year - 1, 4, 1)


def year_ending_for(day: dt.date) -> dt.date:
    """The 31 March that ends the collection year `day` falls in."""
    return dt.date(day.year if day <= dt.date(day.year, 3, 31) else day.year + 1, 3, 31)


def birthday(dob: dt.date, years: int) -> dt.date:
    """The date a child born on `dob` turns `years` (28 February for a 29 February birthday, as the
    validator's date arithmetic has it)."""
    try:
        return dob.replace(year=dob.year + years)
    except ValueError:
        return dt.date(dob.year + years, 2, 28)


@dataclass(frozen=True)
class Applies:
    sdq: bool  # an SDQ score or a reason for none: 4th birthday by 31 March, 17th not before 1 April (186, 197B)
    sdq1: bool  # SDQ1 (outside the age range) is allowed: not for a child 4 to 16 all year (157)
    conviction: bool  # 10 or over at 31 March (542, 543)
    development: bool  # under 5 at 31 March: the development assessments item, HEALTH_CHECK (545, 546)


def applies(dob: dt.date, year_ending: dt.date) -> Applies:
    start = year_start(year_ending)
    return Applies(
        sdq=birthday(dob, 4) <= year_ending and birthday(dob, 17) >= start,
        sdq1=not (birthday(dob, 4) <= start and birthday(dob, 16) >= year_ending),
        conviction=birthday(dob, 10) <= year_ending,
        development=birthday(dob, 5) > year_ending,
    )


def continuously_looked_after(episodes, year_ending: dt.date) -> bool:
    """Looked after for the whole year to `year_ending`, read from the child's episodes in that year as the
    validator reads them: no period of care starting after 1 April, none ending (other than by a change of
    placement or status, X1) before 31 March, and no short breaks (V3, V4) in the year."""
    start = year_start(year_ending)
    in_year = [e for e in episodes if e.start_date <= year_ending and (e.end_date is None or e.end_date >= start)]
    if not in_year:
        return False
    for e in in_year:
        if e.reason_new_episode == ReasonNewEpisode.S and e.start_date > start:
            return False
        if e.end_date and e.reason_ended != ReasonEpisodeCeased.X1 and start <= e.end_date < year_ending:
            return False
        if e.legal_status in SHORT_BREAK_STATUSES:
            return False
    return True

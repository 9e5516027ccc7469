"""Collection years: a return covers 1 April to 31 March and is named by its years ("2024-25")."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class CollectionYear:
    start: dt.date
    end: dt.date

    @classmethod
    def ending(cls, period_end: dt.date) -> CollectionYear:
        """The year ending on `period_end` (normally 31 March)."""
        try:
            start = period_end.replace(year=period_end.year - 1) + dt.timedelta(days=1)
        except ValueError:  # 29 February
            start = dt.date(period_end.year - 1, 3, 1)
        return cls(start=start, end=period_end)

    @property
    def label(self) -> str:
        return f"{self.start.year}-{str(self.end.year)[2:]}"

    @property
    def lac_ruleset(self) -> str:
        """The 903 validator's rule pack for this year (lac_validator/rules/lac2024_25 ...)."""
        return f"lac{self.start.year}_{str(self.end.year)[2:]}"

    def overlaps(self, start: dt.date, end: dt.date | None) -> bool:
        return start <= self.end and (end is None or end >= self.start)

"""Safehold's rules beside the sector's validators on the same file: the findings each makes, rule by rule.
Used by the equivalence tests, the benchmark and `safehold returns compare` (issue 16.4).

A finding is compared as (rule code, table, row, child). Only codes Safehold implements for the year are
compared; `only_ours`/`only_theirs` hold the differences."""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

from safehold.returns.validation import validate_cin, validate_ssda903

from . import engine
from .coverage import KNOWN_DIFFERENCES
from .tables import cin_from_xml, ssda903_from_folder

Key = tuple[str, str, int, str]


@dataclass
class Comparison:
    collection: str
    year: int
    codes: list[str]
    ours: set[Key]
    theirs: set[Key]
    our_seconds: float
    their_seconds: float
    their_codes_unimplemented: set[str] = field(default_factory=set)  # codes they found that we have no rule for

    @property
    def only_ours(self) -> set[Key]:
        return self.ours - self.theirs

    @property
    def only_theirs(self) -> set[Key]:
        return self.theirs - self.ours

    def by_code(self) -> dict[str, tuple[int, int, int]]:
        """code: (both, only ours, only theirs)."""
        out = {}
        for code in self.codes:
            o = {k for k in self.ours if k[0] == code}
            t = {k for k in self.theirs if k[0] == code}
            out[code] = (len(o & t), len(o - t), len(t - o))
        return out

    def report(self, limit: int = 5) -> str:
        lines = []
        for code, (both, mine, theirs) in self.by_code().items():
            if mine or theirs:
                lines.append(f"{code}: both {both}, only Safehold {mine}, only the sector's {theirs}")
                for k in sorted(x for x in self.only_ours if x[0] == code)[:limit]:
                    lines.append(f"    only Safehold: {k}")
                for k in sorted(x for x in self.only_theirs if x[0] == code)[:limit]:
                    lines.append(f"    only sector:   {k}")
        return "\n".join(lines) or "same findings"


def _compared(collection: str, ran: list[str]) -> list[str]:
    return [code for code in ran if code not in KNOWN_DIFFERENCES[collection]]


def _key(table: str, row: int, child: str, code: str) -> Key:
    return (str(code), table or "", int(row), child or "")


def ours_cin(path: Path, year: int, *, first_review_only: bool = True) -> tuple[set[Key], float, list[str]]:
    started = time.perf_counter()
    ret = cin_from_xml(Path(path).read_bytes(), year=year, first_review_only=first_review_only)
    outcome = engine.validate(ret)
    seconds = time.perf_counter() - started
    return {_key(f.table, f.row, f.child, f.code) for f in outcome.findings}, seconds, outcome.ran


def ours_903(folder: Path, year: int, la_code: str) -> tuple[set[Key], float, list[str]]:
    started = time.perf_counter()
    ret = ssda903_from_folder(Path(folder), year=year, la_code=la_code)
    outcome = engine.validate(ret)
    seconds = time.perf_counter() - started
    return {_key(f.table, f.row, f.child, f.code) for f in outcome.findings}, seconds, outcome.ran


def compare_cin(path: Path, year: int) -> Comparison:
    ours, our_seconds, ran = ours_cin(path, year)
    ran = _compared(engine.CIN, ran)
    ours = {k for k in ours if k[0] in ran}
    started = time.perf_counter()
    result = validate_cin(Path(path), dt.date(year + 1, 3, 31))
    their_seconds = time.perf_counter() - started
    theirs_all = {_key(i.table, i.row, i.child, i.code) for i in result.issues}
    return Comparison(engine.CIN, year, ran, ours, {k for k in theirs_all if k[0] in ran}, our_seconds, their_seconds,
                      {k[0] for k in theirs_all} - set(ran))


def compare_903(folder: Path, year: int, la_code: str = "") -> Comparison:
    la_code = la_code or settings.SAFEHOLD_LA_ONS_CODE
    ours, our_seconds, ran = ours_903(folder, year, la_code)
    ran = _compared(engine.SSDA903, ran)
    ours = {k for k in ours if k[0] in ran}
    started = time.perf_counter()
    result = validate_ssda903(Path(folder), dt.date(year + 1, 3, 31))
    their_seconds = time.perf_counter() - started
    theirs_all = {_key(i.table, i.row, i.child, i.code) for i in result.issues}
    return Comparison(engine.SSDA903, year, ran, ours, {k for k in theirs_all if k[0] in ran}, our_seconds,
                      their_seconds, {k[0] for k in theirs_all} - set(ran))


def main(argv=None) -> int:
    """python -m safehold.returns.rules.compare cin|ssda903 PATH YEAR [CODE ...]: print the differences."""
    import argparse  # noqa: PLC0415
    import os  # noqa: PLC0415

    import django  # noqa: PLC0415

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safehold.config.settings.test")
    django.setup()
    parser = argparse.ArgumentParser()
    parser.add_argument("collection", choices=["cin", "ssda903"])
    parser.add_argument("path", type=Path)
    parser.add_argument("year", type=int, help="collection start year: 2025 for 2025-26")
    parser.add_argument("codes", nargs="*", help="only these codes")
    args = parser.parse_args(argv)
    c = compare_cin(args.path, args.year) if args.collection == "cin" else compare_903(args.path, args.year)
    if args.codes:
        c.codes = [x for x in c.codes if x in args.codes]
    print(c.report())
    print(f"Safehold {c.our_seconds:.2f}s, sector {c.their_seconds:.2f}s; rules compared {len(c.codes)}; "
          f"sector codes found with no Safehold rule: {sorted(c.their_codes_unimplemented)}")
    return 1 if any(m or t for _, m, t in c.by_code().values()) else 0


if __name__ == "__main__":
    raise SystemExit(main())

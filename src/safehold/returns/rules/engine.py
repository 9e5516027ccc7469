"""Safehold's own implementation of the DfE validation rules for the CIN census and the SSDA903 (issue 16).

A rule is a plain function over the return's tables, registered with `@rule(...)`: its DfE code, its message,
the table whose rows it flags, the fields it reads, whether it is an error or a query, and the collection
years it applies to. Rules run set-based over polars frames (never a Python loop per child), so one
implementation checks a return built from the record, one child's slice of it on save, and a file a council
brings to import.

The sector's validators (data-to-insight's csc-validator-be-cin and -903, MIT) are the oracle the tests compare
against (`returns/tests/test_rules_equivalence.py`); no code is copied from them. Rule codes and messages are
the DfE's (`../shared/domain/cin-census.md`, `../shared/domain/ssda903.md`).

A rule's check returns one of:
- a polars expression: the rows of `table` for which it is true fail;
- a DataFrame with a `_row` column: those rows of `table` fail;
- a dict {table name: DataFrame with `_row`}: rows of several tables fail together (d2i reports each);
- a DataFrame without `_row` but with the child column: the whole return fails for those children
  (reported with row -1 on `table`).

Year-on-year changes are rules with the same code and years that do not overlap: `changes(collection, year)`
lists what was added, changed and removed from the year before.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import importlib
import os
import pkgutil
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import polars as pl

CIN = "cin"
SSDA903 = "ssda903"
ERROR, QUERY = "error", "query"
# The years Safehold's rules cover: the current and previous collection years, and the next one the DfE has
# published (start years: 2024 is 2024-25). Older years are checked with the sector's validators.
FIRST_YEAR, LAST_YEAR = 2024, 2026
CHILD_COLUMN = {CIN: "LAchildID", SSDA903: "CHILD"}
# What each rule read on its run: the tables it asked the return for (directly or through `Return.shared`) and,
# as AS_AT, the day the return is read as at. A rule reads nothing else (its year and the LA are the return's
# own), so a rule whose reads are unchanged since its last run on a child finds the same again: the check after
# a save reruns only the rules that read what the save changed (returns/record.py).
AS_AT = "@as_at"
_READS: contextvars.ContextVar[set[str] | None] = contextvars.ContextVar("safehold_rule_reads", default=None)


def _note(name: str) -> None:
    reads = _READS.get()
    if reads is not None:
        reads.add(name)

Check = Callable[["Return"], "pl.Expr | pl.DataFrame | dict[str, pl.DataFrame]"]


@dataclass(frozen=True)
class Rule:
    code: str
    collection: str
    message: str
    table: str
    fields: tuple[str, ...]
    severity: str
    first_year: int
    last_year: int | None
    check: Check = field(compare=False, repr=False)
    needs: tuple[str, ...] = ()  # tables the rule cannot run without (e.g. "Episodes_last")
    says: str = ""  # what to do, in the worker's words (falls back to the DfE's message)

    def applies_to(self, year: int) -> bool:
        return self.first_year <= year and (self.last_year is None or year <= self.last_year)

    @property
    def advice(self) -> str:
        return self.says or self.message


_REGISTRY: dict[str, list[Rule]] = {CIN: [], SSDA903: []}
_LOADED = False


def rule(code: str, *, collection: str, message: str, table: str, fields: Iterable[str] = (),
         severity: str = ERROR, years: tuple[int, int | None] = (FIRST_YEAR, None), needs: Iterable[str] = (),
         says: str = "") -> Callable[[Check], Check]:
    """Register a rule. `years` are collection start years, inclusive: (2024, None) is 2024-25 onwards."""
    if severity not in (ERROR, QUERY):
        raise ValueError(f"Rule {code}: severity is error or query, not {severity!r}")

    def register(check: Check) -> Check:
        new = Rule(code=code, collection=collection, message=message, table=table, fields=tuple(fields),
                   severity=severity, first_year=years[0], last_year=years[1], check=check, needs=tuple(needs),
                   says=says)
        for old in _REGISTRY[collection]:
            if old.code == code and _overlap(old, new):
                raise ValueError(f"{collection} rule {code} is registered twice for the same years")
        _REGISTRY[collection].append(new)
        return check

    return register


def cin_rule(code: str, **kwargs) -> Callable[[Check], Check]:
    return rule(code, collection=CIN, **kwargs)


def ssda903_rule(code: str, **kwargs) -> Callable[[Check], Check]:
    return rule(code, collection=SSDA903, **kwargs)


def _overlap(a: Rule, b: Rule) -> bool:
    a_last = a.last_year if a.last_year is not None else 9999
    b_last = b.last_year if b.last_year is not None else 9999
    return a.first_year <= b_last and b.first_year <= a_last


def _load() -> None:
    """Import every module of rules/cin and rules/ssda903 (each registers its rules on import)."""
    global _LOADED
    if _LOADED:
        return
    for package in ("cin", "ssda903"):
        module = importlib.import_module(f"{__package__}.{package}")
        for info in pkgutil.iter_modules(module.__path__):
            importlib.import_module(f"{module.__name__}.{info.name}")
    _LOADED = True


def rules_for(collection: str, year: int) -> list[Rule]:
    """The rules of `collection` for the collection year starting in `year` (2025 is 2025-26)."""
    _load()
    return sorted((r for r in _REGISTRY[collection] if r.applies_to(year)), key=lambda r: _code_key(r.code))


def all_rules(collection: str) -> list[Rule]:
    _load()
    return sorted(_REGISTRY[collection], key=lambda r: (_code_key(r.code), r.first_year))


def supports(year: int) -> bool:
    return FIRST_YEAR <= year <= LAST_YEAR


@dataclass
class YearChanges:
    added: list[Rule]
    changed: list[Rule]
    removed: list[Rule]


def changes(collection: str, year: int) -> YearChanges:
    """What the rules for `year` add, change and remove from the year before."""
    before = {r.code: r for r in rules_for(collection, year - 1)}
    now = {r.code: r for r in rules_for(collection, year)}
    return YearChanges(added=[r for c, r in now.items() if c not in before],
                       changed=[r for c, r in now.items() if c in before and before[c] is not r],
                       removed=[r for c, r in before.items() if c not in now])


def _code_key(code: str) -> tuple:
    digits = "".join(ch for ch in code if ch.isdigit())
    return (int(digits) if digits and code[0].isdigit() else 10**9, code)


class MissingTable(KeyError):
    """A rule read a table the return does not have (e.g. a year before the table existed): the rule is skipped,
    as the sector's validators skip it."""


@dataclass
class Return:
    """A return's tables as polars frames of strings (null where blank), each with `_row`, its row number in
    the file (0-based, as the sector's validators count). `year` is the collection start year."""

    collection: str
    year: int
    tables: dict[str, pl.DataFrame]
    la_code: str = ""
    # Checked during the year (on save, every night): the rules read the year as if it ended on this day, so a
    # rule about what is still open "at the year end" speaks of what is open and late today (issue 16.2).
    as_at: dt.date | None = None
    # What several rules derive from the same tables (e.g. the children looked after for 12 months), worked out
    # once per return: see `shared()`.
    _shared: dict = field(default_factory=dict, repr=False, compare=False)

    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def shared(self, name: str, build: Callable[[Return], Any]) -> Any:
        """`build(self)`, worked out the first time a rule asks for `name` and kept for the others (rules may run
        in threads: one works it out, the others wait for it)."""
        with self._lock:
            lock = self._shared.setdefault(f"{name}:lock", threading.Lock())
        try:
            with lock:
                if name not in self._shared:
                    reads: set[str] = set()
                    token = _READS.set(reads)
                    try:
                        self._shared[name] = build(self)
                    finally:
                        _READS.reset(token)
                        self._shared[f"{name}:reads"] = reads
        finally:  # whoever asks read what the build read, whether it worked it out or waited for it
            outer = _READS.get()
            if outer is not None:
                outer.update(self._shared.get(f"{name}:reads", ()))
        return self._shared[name]

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, 4, 1)

    @property
    def end(self) -> dt.date:
        if self.as_at:
            _note(AS_AT)
        year_end = dt.date(self.year + 1, 3, 31)
        return min(self.as_at, year_end) if self.as_at else year_end

    @property
    def child_column(self) -> str:
        return CHILD_COLUMN[self.collection]

    def __getitem__(self, name: str) -> pl.DataFrame:
        _note(name)
        try:
            return self.tables[name]
        except KeyError:
            raise MissingTable(name) from None

    def __contains__(self, name: str) -> bool:
        _note(name)
        return name in self.tables


@dataclass(frozen=True)
class Finding:
    code: str
    table: str
    row: int
    child: str
    severity: str
    message: str
    fields: tuple[str, ...]


def _rows(result, rule: Rule, ret: Return) -> dict[str, pl.DataFrame]:
    if isinstance(result, pl.Expr):
        return {rule.table: ret[rule.table].filter(result)}
    if isinstance(result, pl.DataFrame):
        return {rule.table: result}
    if isinstance(result, pl.LazyFrame):
        return {rule.table: result.collect()}
    if isinstance(result, dict):
        return {t: (f.collect() if isinstance(f, pl.LazyFrame) else f) for t, f in result.items()}
    raise TypeError(f"Rule {rule.code} returned {type(result).__name__}")


def _children_by_row(ret: Return, table: str) -> dict[int, str]:
    """Row number to child ID for one of the return's tables (`_findings` keeps it for the return)."""
    frame = ret[table]
    if ret.child_column not in frame.columns:
        return {}
    return dict(zip(frame.get_column("_row").to_list(), frame.get_column(ret.child_column).to_list(), strict=True))


def _findings(rule: Rule, table: str, frame: pl.DataFrame, ret: Return) -> list[Finding]:
    """The findings for the rows (or, without `_row`, the children) of `frame`, once each."""
    child = ret.child_column
    if frame.is_empty():
        return []
    if "_row" in frame.columns:
        rows = frame.get_column("_row").to_list()
        if child in frame.columns:
            children = frame.get_column(child).cast(pl.Utf8).to_list()
        else:
            by_row = ret.shared(f"_by_row:{table}", lambda r: _children_by_row(r, table)) if table in ret else {}
            children = [by_row.get(r) for r in rows]
        pairs = dict.fromkeys(zip(rows, children, strict=True))
    else:
        pairs = dict.fromkeys((-1, c) for c in frame.get_column(child).cast(pl.Utf8).to_list())
    return [Finding(code=rule.code, table=table, row=int(row), child=child_id or "", severity=rule.severity,
                    message=rule.message, fields=rule.fields) for row, child_id in pairs]


def run_rule(rule: Rule, ret: Return) -> list[Finding]:
    found: list[Finding] = []
    for table, frame in _rows(rule.check(ret), rule, ret).items():
        found.extend(_findings(rule, table, frame, ret))
    return found


def _run_expressions(rules: list[tuple[Rule, pl.Expr]], ret: Return) -> list[Finding]:
    """The rules that are one expression over one table, all of a table's in one pass over it (a rule per column,
    which polars evaluates together): the same rows as filtering the table by each in turn."""
    found: list[Finding] = []
    by_table: dict[str, list[tuple[Rule, pl.Expr]]] = {}
    for r, expr in rules:
        by_table.setdefault(r.table, []).append((r, expr))
    child = ret.child_column
    for table, batch in by_table.items():
        frame = ret[table]
        keys = ["_row", *([child] if child in frame.columns else [])]
        flags = frame.select(*keys, *[e.fill_null(False).alias(f"_rule{i}") for i, (_, e) in enumerate(batch)])
        failing = flags.filter(pl.any_horizontal(pl.exclude(keys)))
        if failing.is_empty():
            continue
        for i, (r, _) in enumerate(batch):
            found.extend(_findings(r, table, failing.filter(pl.col(f"_rule{i}")).select(keys), ret))
    return found


@dataclass
class Outcome:
    findings: list[Finding]
    ran: list[str]
    skipped: list[str]  # codes that could not run here: a table they need was not given
    # What each rule that ran or was passed over read (tables, and AS_AT): see `_READS`.
    reads: dict[str, frozenset[str]] = field(default_factory=dict)


def validate(ret: Return, *, codes: Iterable[str] | None = None, skip_empty: bool = False) -> Outcome:
    """Run every rule for the return's year (or just `codes`) and return what fails. `skip_empty` passes over a
    rule whose table has no rows (checked to give the same findings child by child: test_record_findings)."""
    wanted = set(codes) if codes is not None else None
    ret._shared.clear()  # worked out afresh for each run (as_at may have changed)
    ran, skipped, to_run = [], [], []
    reads: dict[str, frozenset[str]] = {}
    for r in rules_for(ret.collection, ret.year):
        if wanted is not None and r.code not in wanted:
            continue
        given = frozenset(t for t in (*r.needs, r.table) if t)
        reads[r.code] = given
        if any(t not in ret.tables for t in given):
            skipped.append(r.code)
            continue
        ran.append(r.code)
        if skip_empty and r.table and ret.tables[r.table].is_empty():
            continue  # nothing in the table the rule flags: one child's slice often has no AD1, no OC3 ...
        to_run.append(r)

    def check(r: Rule) -> pl.Expr | list[Finding] | None:
        noted = set(reads[r.code])
        token = _READS.set(noted)
        try:
            result = r.check(ret)
            if isinstance(result, pl.Expr):
                return result  # run with the table's others, below (it reads its own table only)
            return [f for table, frame in _rows(result, r, ret).items() for f in _findings(r, table, frame, ret)]
        except MissingTable:
            return None
        finally:
            _READS.reset(token)
            reads[r.code] = frozenset(noted)

    # The rules run side by side: polars works outside Python's lock, so two cores check a county's return nearly
    # twice as fast, and one child's slice (where each of polars' steps costs more than the data) a third faster.
    if len(to_run) > 1 and RULE_THREADS != 1:
        results = list(_pool().map(check, to_run))
    else:
        results = [check(r) for r in to_run]
    findings: list[Finding] = []
    expressions: list[tuple[Rule, pl.Expr]] = []
    for r, result in zip(to_run, results, strict=True):
        if result is None:
            ran.remove(r.code)
            skipped.append(r.code)
        elif isinstance(result, pl.Expr):
            expressions.append((r, result))
        else:
            findings.extend(result)
    findings.extend(_run_expressions(expressions, ret))
    findings.sort(key=lambda f: (_code_key(f.code), f.table, f.row))
    return Outcome(findings=findings, ran=ran, skipped=skipped, reads=reads)


# How many rules run at once (0: four). Four beat two on a 2-core machine (polars' steps and Python's take turns)
# and more gained nothing (bench/validation.py, 5 December 2026).
RULE_THREADS = int(os.environ.get("SAFEHOLD_RULE_THREADS", "0"))
_POOL: ThreadPoolExecutor | None = None
_POOL_LOCK = threading.Lock()


def _pool() -> ThreadPoolExecutor:
    """The rules' threads, started once per process."""
    global _POOL
    with _POOL_LOCK:
        if _POOL is None:
            _POOL = ThreadPoolExecutor(max_workers=RULE_THREADS or 4,
                                       thread_name_prefix="dfe-rules")
        return _POOL

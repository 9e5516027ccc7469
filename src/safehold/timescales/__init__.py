"""Statutory and local timescales: when a piece of work is due, under the rule in force.

The rules and counting conventions are those of ../shared/domain/timescales.md. The date arithmetic
(engine.py) and the default rule table (rules.py) are pure Python; this module adds the council's
overrides (models.RuleVersion), looked up from the database. Django is imported inside the
functions because Django imports this package before the app registry is ready.

    from safehold.timescales import due_date
    due_date("ASSESSMENT", date(2025, 12, 19))  # date(2026, 2, 25)

Work is judged by the rule in force on the date its clock started.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date, datetime, time
from typing import NamedTuple

from .engine import Unit, compute_due
from .rules import DEFAULT_RULES, Rule, get_default_rule

__all__ = [
    "DEFAULT_RULES",
    "DueDate",
    "Rule",
    "Unit",
    "due_date",
    "due_date_with_rule",
    "rule_in_force",
    "rule_version_in_force",
]


class DueDate(NamedTuple):
    due: date | datetime
    rule: Rule
    version_id: int | None  # the RuleVersion used, or None for the default in rules.py


def _local_date(value: date | datetime) -> date:
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            from django.utils import timezone  # noqa: PLC0415

            return timezone.localtime(value).date()
        return value.date()
    if isinstance(value, date):
        return value
    raise TypeError(f"expected a date or datetime, not {type(value).__name__}")


def rule_version_in_force(
    rule_code: str, on: date | datetime, *, overrides: bool = True
) -> tuple[Rule, int | None]:
    """The rule for `rule_code` in force on `on`, and the id of the RuleVersion that set it (if any).

    With overrides=False the council's RuleVersions are ignored and the default table applies.
    """
    default = get_default_rule(rule_code)
    on_date = _local_date(on)
    if not overrides:
        return default, None
    from .models import RuleVersion  # noqa: PLC0415

    version = (
        RuleVersion.objects.filter(code=rule_code, effective_from__lte=on_date)
        .order_by("-effective_from")
        .only("id", "amount", "unit")
        .first()
    )
    if version is None:
        return default, None
    return replace(default, amount=version.amount, unit=Unit(version.unit)), version.pk


def rule_in_force(rule_code: str, on: date | datetime) -> Rule:
    """The default rule for `rule_code`, overridden by the latest RuleVersion effective on or before `on`."""
    return rule_version_in_force(rule_code, on)[0]


def due_date_with_rule(rule_code: str, start: date | datetime, *, overrides: bool = True) -> DueDate:
    """The due date for work whose clock started at `start`, with the rule and version used.

    For an hours rule the start is a datetime (a date means midnight) and the due is a datetime;
    otherwise the due is a date (an aware datetime start counts from its local date).
    """
    rule, version_id = rule_version_in_force(rule_code, start, overrides=overrides)
    if rule.unit is Unit.HOURS:
        clock_start: date | datetime = (
            start if isinstance(start, datetime) else datetime.combine(start, time.min)
        )
    else:
        clock_start = _local_date(start)
    return DueDate(compute_due(clock_start, rule.amount, rule.unit), rule, version_id)


def due_dates(rule_code: str, starts: Iterable[date]) -> dict[date, date | datetime]:
    """`due_date()` for many clocks of one rule started on the given days, reading the council's
    RuleVersions once (a list page's rows, not a query each)."""
    from .models import RuleVersion  # noqa: PLC0415

    default = get_default_rule(rule_code)
    versions = list(
        RuleVersion.objects.filter(code=rule_code)
        .order_by("-effective_from")
        .values_list("effective_from", "amount", "unit")
    )
    out: dict[date, date | datetime] = {}
    for start in set(starts):
        version = next((v for v in versions if v[0] <= start), None)
        rule = default if version is None else replace(default, amount=version[1], unit=Unit(version[2]))
        clock_start: date | datetime = (
            datetime.combine(start, time.min) if rule.unit is Unit.HOURS else start
        )
        out[start] = compute_due(clock_start, rule.amount, rule.unit)
    return out


def due_date(rule_code: str, start: date | datetime) -> date | datetime:
    """The last day (for an hours rule, the moment) on which the work is on time."""
    return due_date_with_rule(rule_code, start).due

"""`safehold due RULE_CODE START`: print the due date under the rule in force.

The public check in ../shared/domain/timescales.md: `safehold due ASSESSMENT 2025-12-19` prints
`2026-02-25`. START is YYYY-MM-DD; an hours rule (RETURN_INTERVIEW) also takes YYYY-MM-DDTHH:MM,
a date alone meaning midnight, and prints YYYY-MM-DDTHH:MM.
"""

import re
from datetime import date, datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS, connections

from safehold.timescales import due_date_with_rule, rule_version_in_force
from safehold.timescales.engine import Unit
from safehold.timescales.models import RuleVersion
from safehold.timescales.rules import DEFAULT_RULES

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")


def _parse_start(text: str) -> date | datetime:
    # fromisoformat alone would also take forms such as 20251219 or 2025-W51-5.
    try:
        if _DATE.fullmatch(text):
            return date.fromisoformat(text)
        if _DATETIME.fullmatch(text):
            return datetime.fromisoformat(text)
    except ValueError as exc:
        raise CommandError(f"Invalid start date {text!r}: {exc}") from None
    raise CommandError(
        f"Invalid start date {text!r}: expected YYYY-MM-DD (or YYYY-MM-DDTHH:MM for an hours rule)"
    )


class Command(BaseCommand):
    help = "Print the due date for a timescale rule from a start date, under the rule in force on that date."
    # A read-only calculation: it should not fail (or slow down) on checks of unrelated apps and URLs.
    requires_system_checks = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("rule_code", help="Rule code, e.g. ASSESSMENT, ICPC, RETURN_INTERVIEW")
        parser.add_argument("start", help="Start date YYYY-MM-DD (YYYY-MM-DDTHH:MM for an hours rule)")
        parser.add_argument(
            "--explain",
            action="store_true",
            help="Also print the rule, its limit, source and the version used",
        )

    def handle(self, *args: Any, rule_code: str, start: str, explain: bool, **options: Any) -> None:
        if rule_code not in DEFAULT_RULES:
            raise CommandError(f"Unknown rule code {rule_code!r}. Known codes: {', '.join(DEFAULT_RULES)}")
        clock_start = _parse_start(start)
        # `safehold due` works from any folder, where the database may not be migrated yet: fall back
        # to the default table and say so on stderr, keeping stdout to the bare date.
        overrides = RuleVersion._meta.db_table in connections[DEFAULT_DB_ALIAS].introspection.table_names()
        if not overrides:
            self.stderr.write(
                "Rule versions table not found (run `safehold migrate`); using the default rules."
            )
        rule, _ = rule_version_in_force(rule_code, clock_start, overrides=overrides)
        if isinstance(clock_start, datetime) and rule.unit is not Unit.HOURS:
            raise CommandError(
                f"{rule_code} is counted in {rule.unit.label}, so its start is a date: "
                f"give YYYY-MM-DD, not {start!r}"
            )

        try:
            result = due_date_with_rule(rule_code, clock_start, overrides=overrides)
        except (ValueError, OverflowError) as exc:
            raise CommandError(f"Cannot compute a due date for {rule_code} from {start}: {exc}") from None
        if isinstance(result.due, datetime):
            self.stdout.write(result.due.isoformat(timespec="minutes"))
        else:
            self.stdout.write(result.due.isoformat())

        if explain:
            rule = result.rule
            version = f"RuleVersion {result.version_id}" if result.version_id else "default (no local change)"
            lines = [
                f"Rule:    {rule.code}",
                f"Starts:  {rule.starts}",
                f"Stops:   {rule.stops}",
                f"Limit:   {rule.limit}",
                f"Unit:    {rule.unit.value}",
                f"Amount:  {rule.amount}",
                f"Kind:    {rule.kind}",
                f"Source:  {rule.source}" + ("" if rule.confirmed else " [not confirmed]"),
            ]
            if rule.note:
                lines.append(f"Note:    {rule.note}")
            lines.append(f"Version: {version}")
            if result.version_id:
                rv = RuleVersion.objects.get(pk=result.version_id)
                default = DEFAULT_RULES[rule.code]
                lines.append(
                    f"         effective from {rv.effective_from:%Y-%m-%d}, "
                    f"replacing the default of {default.limit}"
                    + (f": {rv.note}" if rv.note else "")
                )
            self.stdout.write("\n".join(lines))

"""`safehold measures snapshot|population`: month-end snapshots (run after each month-end, e.g. from
cron on the 1st) and the population estimate for the rates."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from safehold.performance import services
from safehold.performance.definitions import month_ends


class Command(BaseCommand):
    help = "Store month-end snapshots of every measure, or enter the population estimate"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        snap = sub.add_parser("snapshot", help="Store every measure at the last month-end (or --as-at), and "
                                               "--months before it; a stored figure is kept, the new one beside it")
        snap.add_argument("--as-at", help="A month-end, e.g. 2026-03-31 (default: the last month-end)")
        snap.add_argument("--months", type=int, default=1, help="How many month-ends up to it (default 1)")
        pop = sub.add_parser("population", help="The mid-year estimate of children aged 0 to 17")
        pop.add_argument("year", type=int)
        pop.add_argument("children", type=int)
        pop.add_argument("--source", required=True, help="e.g. 'ONS mid-2024 population estimates'")

    def handle(self, *args, **options):
        try:
            if options["action"] == "population":
                estimate = services.population_set(year=options["year"], children=options["children"],
                                                   source=options["source"])
                self.stdout.write(f"Population estimate: {estimate}")
                return
            if options["as_at"]:
                try:
                    as_at = dt.date.fromisoformat(options["as_at"])
                except ValueError as exc:
                    raise CommandError(f"--as-at {options['as_at']!r} is not a date like 2026-03-31") from exc
            else:
                as_at = month_ends(timezone.localdate(), 1)[0]
            if not 1 <= options["months"] <= 120:
                raise CommandError("--months must be between 1 and 120")
            done = services.snapshot_month_ends(as_at=as_at, months=options["months"])
        except ValidationError as exc:
            raise CommandError("; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())) from exc
        self.stdout.write(f"{done['taken']} figures stored, {done['restated']} restated beside the stored figure")

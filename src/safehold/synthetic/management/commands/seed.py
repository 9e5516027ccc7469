"""`safehold seed --children N --seed S`: load a deterministic synthetic county."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from safehold.people.models import Person
from safehold.synthetic.county import seed_county


class Command(BaseCommand):
    help = "Generate a synthetic local authority: children, families, staff, teams and open cases."

    def add_arguments(self, parser):
        parser.add_argument("--children", type=int, default=3000, help="Children on the record (default 3000)")
        parser.add_argument("--seed", type=int, default=1, help="Random seed: the same seed gives the same county")
        parser.add_argument("--years", type=int, default=5,
                            help="Years of casework history to generate (default 5; 0 for people only)")
        parser.add_argument("--as-of", type=dt.date.fromisoformat, default=None,
                            help="Date the county is generated as at (YYYY-MM-DD, default today)")
        parser.add_argument("--if-empty", action="store_true", help="Do nothing if people are already on the record")
        parser.add_argument("--quiet", action="store_true", help="No progress bars")

    def handle(self, *args, children, seed, years, as_of, if_empty, quiet, **options):
        if children < 1 or children > 500_000:
            raise CommandError("--children must be between 1 and 500000")
        if years < 0 or years > 20:
            raise CommandError("--years must be between 0 and 20")
        if Person.objects.exists():
            if if_empty:
                self.stdout.write("People are already on the record: seeding skipped.")
                return
            raise CommandError("People are already on the record. Seed an empty database (or use --if-empty).")
        report = seed_county(children=children, seed=seed, as_of=as_of, years=years,
                             quiet=quiet or options["verbosity"] == 0)
        self.stdout.write(self.style.SUCCESS(
            f"Synthetic county: {report.children} children, {report.adults} adults, {report.staff} staff in "
            f"{report.teams} teams, {report.open_cases} open cases, {report.restricted} restricted records "
            f"({report.timings['total']:.1f}s)"))
        if report.history:
            self.stdout.write("Casework history: " + ", ".join(f"{n} {k.replace('_', ' ')}" for k, n in report.history.items()))

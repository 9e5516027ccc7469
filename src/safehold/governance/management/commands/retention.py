"""`safehold retention review [--as-at YYYY-MM-DD] [--enqueue]` and `safehold retention rules`."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from safehold.governance import retention
from safehold.governance.services import retention_scan
from safehold.governance.tasks import retention_review


class Command(BaseCommand):
    help = "The retention review: list the records past their retention date (security.md B1)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        review = sub.add_parser("review", help="Open a review for every record past its retention date and list "
                                               "the records due (run daily)")
        review.add_argument("--as-at", default=None, help="Review as at this date (default today), YYYY-MM-DD")
        review.add_argument("--enqueue", action="store_true",
                            help="Hand the review to the background worker instead of running it here")
        sub.add_parser("rules", help="Print the retention rules in force and their sources")

    def handle(self, *args, **options):
        if options["action"] == "rules":
            self.stdout.write(f"Retention rules from {retention.rules_path()}:")
            for r in retention.rules():
                self.stdout.write(f"- {r.code}: {r.label}: {r.years} years from {r.from_.replace('_', ' ')}"
                                  f"{' (local decision)' if r.local_decision else ''}\n    {r.source}")
            return
        if options["enqueue"]:
            result = retention_review.enqueue()
            self.stdout.write(f"Retention review queued ({result.id})")
            return
        as_at = None
        if options["as_at"]:
            try:
                as_at = dt.date.fromisoformat(options["as_at"])
            except ValueError as exc:
                raise CommandError(f"--as-at must be a date as YYYY-MM-DD, not {options['as_at']!r}") from exc

        reviews = retention_scan(as_at=as_at)
        for review in reviews:
            # IDs and dates only: the console is no place for names.
            rule = retention.rule_by_code(review.rule)
            self.stdout.write(f"{review.subject_person_id}\t{review.rule_date:%Y-%m-%d}\t{review.rule}"
                              f"\t{review.get_status_display()}\t{rule.label if rule else ''}")
        self.stdout.write(f"{len(reviews)} record{'s' if len(reviews) != 1 else ''} due for review")

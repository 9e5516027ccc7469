"""`safehold notifications remind`: tell each chair of the conferences and reviews due within
SAFEHOLD_CHAIR_REMINDER_DAYS days (or overdue) of the children they chair, once per meeting. Run it daily
(cron or a systemd timer) after `safehold due`; running it twice tells nobody twice.

It lives in worklists, which knows what is coming due, and keeps the name operators schedule."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from safehold.worklists.services import chair_reminders


class Command(BaseCommand):
    help = "Notifications: 'remind' tells chairs of the conferences and reviews coming due (daily)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        remind = sub.add_parser("remind", help="Remind chairs of conferences and reviews due soon or overdue")
        remind.add_argument("--days", type=int, default=None,
                            help="How many days ahead (default SAFEHOLD_CHAIR_REMINDER_DAYS)")

    def handle(self, *args, action: str, days: int | None = None, **options):
        days = settings.SAFEHOLD_CHAIR_REMINDER_DAYS if days is None else days
        with transaction.atomic():
            told = chair_reminders(on=timezone.localdate(), days=days)
        self.stdout.write(f"{told} reminder{'s' if told != 1 else ''} sent to chairs "
                          f"(meetings due within {days} days or overdue)")

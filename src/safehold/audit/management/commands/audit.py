"""`safehold audit verify`: check the hash chains over the audit log (issue 15.9).

Walks both logs (views, then changes) in chain order, a batch at a time, and stops at the first row
whose content no longer matches its hash, a row that does not follow the one before it, or a removed
row. Exits 0 with the number of rows checked and each chain's head (keep the heads somewhere else, to
check later with --expect that the chain was not rewritten whole); exits 1 naming the first break.
"""

from __future__ import annotations

import re

from django.core.management.base import BaseCommand, CommandError

from safehold.audit.chain import LOGS, verify

_EXPECT = re.compile(r"(?:audit_)?(?P<log>accessevent|auditevent):(?P<seq>\d+):(?P<hash>[0-9a-f]{64})")


class Command(BaseCommand):
    help = "Verify the audit log's hash chains: any edited, removed or inserted row is found and named."
    requires_system_checks = []

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        check = sub.add_parser("verify", help="Walk both chains and report the first break (exit 1), if any")
        check.add_argument("--batch-size", type=int, default=5000, help="Rows read at a time (default 5000)")
        check.add_argument("--expect", action="append", default=[], metavar="LOG:PLACE:HASH",
                           help="A head printed by an earlier run (e.g. auditevent:1234:ab12...): that row "
                                "must still hold that hash. May be given more than once.")
        check.add_argument("--database", default="default", help="Database alias (default: default)")

    def handle(self, *args, action, batch_size, expect, database, **options):
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1")
        anchors: dict[str, dict[int, str]] = {}
        for item in expect:
            match = _EXPECT.fullmatch(item.strip().lower())
            if not match:
                raise CommandError(f"--expect takes LOG:PLACE:HASH, e.g. auditevent:1234:<64 hex digits>, not {item!r}")
            anchors.setdefault(f"audit_{match['log']}", {})[int(match["seq"])] = match["hash"]
        reports = verify(using=database, batch_size=batch_size, expect=anchors)
        broken = []
        for report in reports:
            name = report.log.removeprefix("audit_")
            if report.intact:
                anchored = f", {len(report.anchors_checked)} recorded heads matched" if report.anchors_checked else ""
                self.stdout.write(f"{name}: {report.checked} rows checked, chain intact{anchored}; "
                                  f"head {name}:{report.head_seq}:{report.head_hash}")
            else:
                broken.append(report)
                self.stdout.write(f"{name}: BROKEN after {report.checked} good rows: {report.problem}")
        assert len(reports) == len(LOGS)
        if broken:
            raise CommandError("The audit log has been tampered with: "
                               + "; ".join(f"{r.log.removeprefix('audit_')}: {r.problem}" for r in broken))
        self.stdout.write(self.style.SUCCESS(
            f"Audit log verified: {sum(r.checked for r in reports)} rows, both chains intact"))

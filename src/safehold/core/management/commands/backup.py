"""`safehold backup [FILE]`: a custom-format pg_dump of the database and a manifest beside it (issue 15).

Without FILE the dump goes to SAFEHOLD_DATA_DIR/backups/safehold-YYYYMMDD-HHMMSS.dump. The manifest
(FILE.manifest.json) holds each table's row count and checksum, taken in the dump's own snapshot;
`safehold restore` checks the restored database against it. PostgreSQL only: see docs/operations.md.
"""

from __future__ import annotations

import os
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

import safehold
from safehold.core.backup import BackupError, Target, backup, default_dump_path


def refuse_sqlite(connection, what: str) -> None:
    if connection.vendor == "postgresql":
        return
    path = connection.settings_dict.get("NAME")
    raise CommandError(
        f"`safehold {what}` is for PostgreSQL (set DATABASE_URL). This database is SQLite ({path}): to back it "
        f"up, stop the server and copy the file (with its -wal and -shm files), or run "
        f"sqlite3 {path} \".backup backup.sqlite3\" while it runs; to restore, copy the file back.")


class Command(BaseCommand):
    help = ("Back up the PostgreSQL database: a custom-format pg_dump plus a manifest of each table's rows and "
            "checksum, for `safehold restore` to check against.")
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", type=Path,
                            help="Where to write the dump (default SAFEHOLD_DATA_DIR/backups/safehold-<when>.dump)")
        parser.add_argument("--pg-bin", default=os.environ.get("SAFEHOLD_PG_BIN") or None,
                            help="Folder holding pg_dump of the server's major version, e.g. "
                                 "/usr/lib/postgresql/15/bin (default: SAFEHOLD_PG_BIN, else the PATH)")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="Database alias (default: default)")

    def handle(self, *args, file, pg_bin, database, **options):
        connection = connections[database]
        refuse_sqlite(connection, "backup")
        dump = file or default_dump_path(Path(settings.DATA_DIR))
        try:
            result = backup(Target.from_settings(connection.settings_dict), dump, pg_bin=pg_bin,
                            app_version=safehold.__version__)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        for note in result.notes:
            self.stderr.write(self.style.WARNING(note))
        self.stdout.write(f"Dump:     {result.dump}\nManifest: {result.manifest}")
        self.stdout.write(self.style.SUCCESS(
            f"Backed up {result.tables} tables, {result.rows} rows in {result.seconds:.1f}s. The dump holds "
            f"personal data: keep it encrypted, off this server, and delete it by the retention schedule."))

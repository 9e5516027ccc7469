"""`safehold restore DUMP`: pg_restore a `safehold backup` dump, then prove it against its manifest.

The target is the database DATABASE_URL names unless --target gives another (a name on the same server,
or a postgres:// URL). A target that already has tables is refused unless --force. After restoring,
every table's row count and checksum is compared with the manifest; any difference is listed and the
command exits 1. --verify-only skips the restore and only compares (e.g. a restored copy kept for
drills, checked again later). PostgreSQL only: see docs/operations.md.
"""

from __future__ import annotations

import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

from safehold.core.backup import BackupError, Target, manifest_path_for, read_manifest, restore

from .backup import refuse_sqlite


class Command(BaseCommand):
    help = ("Restore a `safehold backup` dump into a database (refusing one that is not empty unless --force), "
            "then check every table's rows and checksum against the backup's manifest.")
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("dump", type=Path, help="The .dump file written by `safehold backup`")
        parser.add_argument("--manifest", type=Path, help="The manifest (default: DUMP.manifest.json beside it)")
        parser.add_argument("--target", help="Database to restore into: a name on the same server, or a "
                                             "postgres:// URL (default: the database DATABASE_URL names)")
        parser.add_argument("--create", action="store_true", help="Create the target database if it does not exist")
        parser.add_argument("--force", action="store_true",
                            help="Restore into a database that already has tables, dropping and replacing "
                                 "everything the backup holds (pg_restore --clean)")
        parser.add_argument("--verify-only", action="store_true",
                            help="Do not restore: only compare the target's tables with the manifest")
        parser.add_argument("--no-owner", action="store_true",
                            help="Do not restore owners and grants (a server without Safehold's roles)")
        parser.add_argument("--pg-bin", default=os.environ.get("SAFEHOLD_PG_BIN") or None,
                            help="Folder holding pg_restore of the server's major version (default: "
                                 "SAFEHOLD_PG_BIN, else the PATH)")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="Database alias (default: default)")

    def handle(self, *args, dump, manifest, target, create, force, verify_only, no_owner, pg_bin, database,
               **options):
        connection = connections[database]
        refuse_sqlite(connection, "restore")
        configured = Target.from_settings(connection.settings_dict)
        try:
            destination = Target.parse(target, like=configured) if target else configured
            document = read_manifest(manifest or manifest_path_for(dump))
            result = restore(dump, document, destination, force=force, verify_only=verify_only, create=create,
                             no_owner=no_owner, pg_bin=pg_bin)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        for note in result.notes:
            self.stderr.write(self.style.WARNING(note))
        done = "Restored into" if result.restored else "Checked"
        self.stdout.write(f"{done} {destination.describe()}: {result.tables} tables, {result.rows} rows "
                          f"({result.seconds:.1f}s)")
        if result.problems:
            for problem in result.problems:
                self.stdout.write(f"  DIFFERENT {problem}")
            differ = "1 table differs" if len(result.problems) == 1 else f"{len(result.problems)} tables differ"
            raise CommandError(f"{destination.name} does not match the backup taken {document.get('created_at')}: "
                               f"{differ} (listed above)")
        self.stdout.write(self.style.SUCCESS(
            f"{destination.name} matches the backup taken {document.get('created_at')}: every table's rows and "
            f"checksum ({len(document['tables'])} tables). Next, with DATABASE_URL naming it: `safehold audit verify` "
            f"and `safehold migrate --check`."))

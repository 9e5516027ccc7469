"""`safehold db roles`: the SQL that creates the owner and application roles (issue 15.9).

Prints the SQL (for psql, or a reviewer); with --apply, runs it on the database DATABASE_URL names, as
the role DATABASE_URL connects as (a superuser, once). See safehold/audit/roles.py and
docs/operations.md ("Setting up PostgreSQL").
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

from safehold.audit.checks import revoke_audit_rewrites
from safehold.audit.roles import roles_sql


class Command(BaseCommand):
    help = "Database administration: `db roles` prints (or with --apply runs) the SQL for the two roles."
    requires_system_checks = []

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        roles = sub.add_parser("roles", help="The owner role (migrations) and the application role (the app)")
        roles.add_argument("--owner", default="safehold_owner", help="Owner role (default safehold_owner)")
        roles.add_argument("--app", default="safehold_app", help="Application role (default safehold_app)")
        roles.add_argument("--database", default=None,
                           help="Database name (default: the one DATABASE_URL names)")
        roles.add_argument("--schema", default="public", help="Schema (default public)")
        roles.add_argument("--apply", action="store_true",
                           help="Run the SQL now, as the role DATABASE_URL connects as (a superuser)")

    def handle(self, *args, action, owner, app, database, schema, apply, **options):
        connection = connections[DEFAULT_DB_ALIAS]
        if connection.vendor != "postgresql" and (apply or not database):
            raise CommandError("Database roles are for PostgreSQL: set DATABASE_URL to the PostgreSQL database "
                               "(or give --database to print the SQL)")
        try:
            statements = roles_sql(database=database or connection.settings_dict["NAME"], owner=owner, app=app,
                                   schema=schema)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        if not apply:
            self.stdout.write("\n".join(statements))
            return
        with connection.cursor() as cursor:
            for statement in statements:
                if not statement.startswith("--"):
                    cursor.execute(statement)
        revoke_audit_rewrites(DEFAULT_DB_ALIAS, verbosity=options["verbosity"])
        self.stdout.write(self.style.SUCCESS(
            f"Roles {owner} (owner: runs `safehold migrate`) and {app} (the application) are set up on "
            f"{database or connection.settings_dict['NAME']}. Set their passwords (psql: \\password {app})."))

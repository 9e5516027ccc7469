"""Helpers for the returns tests."""

from django.core.management import call_command
from django.db import connection


def empty_the_record() -> None:
    """Empty every table inside the test's transaction (rolled back after it), so an import starts from
    nothing. PostgreSQL will not TRUNCATE tables with deferred constraint checks still pending: run
    them first."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("flush", "--no-input")

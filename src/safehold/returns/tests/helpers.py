"""Helpers for the returns tests."""

from pathlib import Path

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


def shared_data(*parts: str) -> Path:
    """A path in the shared data folder (../shared/data beside the checkout). A worktree sits one level
    deeper than the main checkout, so the nearest ancestor holding shared/data is taken."""
    here = Path(__file__).resolve()
    for parent in here.parents:
        if (parent / "shared" / "data").is_dir():
            return parent.joinpath("shared", "data", *parts)
    return here.parents[4].parent.joinpath("shared", "data", *parts)

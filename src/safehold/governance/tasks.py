"""Background work for information governance (django-tasks: `safehold db_worker` runs it)."""

from __future__ import annotations

from django_tasks import task

from .services import retention_scan


@task()
def retention_review() -> int:
    """The daily retention review: open a review for every record past its retention date. Enqueue it
    from cron or a systemd timer (`safehold retention review --enqueue`), or run it there directly
    (`safehold retention review`). Returns how many reviews are open."""
    return len(retention_scan())

"""Background work for the returns (django-tasks: `safehold db_worker` runs it in production)."""

from __future__ import annotations

from django_tasks import task

from .models import ReturnRun
from .services import execute


@task()
def run_return(run_id: int) -> None:
    execute(ReturnRun.objects.get(pk=run_id))

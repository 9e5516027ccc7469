"""Running a return: start it (a background task), and the task's work, step by step, with progress
saved on the run so the page can show it."""

from __future__ import annotations

import datetime as dt
import io
import tempfile
import zipfile
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from safehold.accounts.policy import Perm, has_perm
from safehold.audit.services import audit_change

from . import ssda903
from .models import ReturnRun
from .validation import ValidatorMissing, validate_ssda903

EARLIEST_YEAR_END = dt.date(2016, 3, 31)


def run_start(*, by, kind: str, period_end: dt.date) -> ReturnRun:
    """Queue a return for the year ending `period_end`; the task runs it in the background."""
    if not has_perm(by, Perm.REPORTS_VIEW):
        raise PermissionDenied("Your role cannot run returns")
    errors = {}
    if kind not in ReturnRun.Kind.values:
        errors["kind"] = ["Choose a return"]
    if period_end is None:
        errors["period_end"] = ["Choose the year"]
    elif period_end > timezone.localdate() or period_end < EARLIEST_YEAR_END:
        errors["period_end"] = [f"Choose a year ending between {EARLIEST_YEAR_END:%d/%m/%Y} and today"]
    if errors:
        raise ValidationError(errors)
    run = ReturnRun.objects.create(kind=kind, period_end=period_end, started_by=by, step="Waiting to start")
    audit_change(actor=by, action="return.run", instance=run, reason=str(run),
                 after={"kind": run.kind, "period_end": run.period_end.isoformat()})
    from .tasks import run_return

    run_return.enqueue(run.pk)
    run.refresh_from_db()
    return run


def _step(run: ReturnRun, progress: int, step: str, **fields) -> None:
    run.progress, run.step = progress, step
    for name, value in fields.items():
        setattr(run, name, value)
    run.save(update_fields=["progress", "step", "updated_at", *fields])


def execute(run: ReturnRun) -> ReturnRun:
    """Build the tables from the record, write them, zip them, validate them."""
    try:
        _step(run, 5, "Reading the record", status=ReturnRun.Status.RUNNING)
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            counts = ssda903.write(run.period_end, folder)
            _step(run, 50, "Checking the return with the DfE rules", row_counts=counts)
            buffer = io.BytesIO()
            with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
                for path in sorted(folder.glob("*.csv")):
                    zf.write(path, path.name)
            try:
                result = validate_ssda903(folder, run.period_end)
            except (ValidatorMissing, RuntimeError) as exc:  # the return stands; the check could not run
                issues, validated, note = [], False, str(exc)
            else:
                issues = [vars(i) for i in result.issues]
                validated = True
                note = ("Rules that could not run without Ofsted's provider lists: "
                        + ", ".join(result.failed_to_run)) if result.failed_to_run else ""
        _step(run, 100, "Finished", status=ReturnRun.Status.DONE, file=buffer.getvalue(), issues=issues,
              validated=validated, validation_note=note[:300], finished_at=timezone.now())
    except Exception as exc:  # the run records what went wrong; the page shows it
        _step(run, run.progress, "Failed", status=ReturnRun.Status.FAILED, error=str(exc)[:2000],
              finished_at=timezone.now())
        raise
    return run

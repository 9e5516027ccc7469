"""Running a return: start it (a background task), and the task's work, step by step, with progress
saved on the run so the page can show it."""

from __future__ import annotations

import datetime as dt
import io
import re
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from safehold.accounts.policy import Perm, has_perm
from safehold.audit.actions import AuditAction
from safehold.audit.services import audit_change

from . import annex_a, cin, ssda903
from .models import ReturnRun
from .validation import Checked, Issue, ValidatorMissing, check_cin, check_ssda903

EARLIEST_YEAR_END = dt.date(2016, 3, 31)


@transaction.atomic
def run_start(*, by, kind: str, period_end: dt.date) -> ReturnRun:
    """Queue a return for the year ending `period_end`; the task runs it in the background. The run and its
    audit are one transaction, and the task is queued once it commits (`on_commit`), so the worker never looks
    for a run that is not there yet (nor for one a caller's rollback undid)."""
    if not has_perm(by, Perm.RETURNS_RUN):
        raise PermissionDenied("Your role cannot run returns")
    run_files_expire()
    errors = {}
    if kind not in ReturnRun.Kind.values:
        errors["kind"] = ["Choose a return"]
    if period_end is None:
        errors["period_end"] = ["Choose the year"]
    elif period_end > timezone.localdate() or period_end < EARLIEST_YEAR_END:
        errors["period_end"] = [f"Choose a year ending between {EARLIEST_YEAR_END:%d/%m/%Y} and today"]
    elif kind != ReturnRun.Kind.ANNEX_A and (period_end.month, period_end.day) != (3, 31):
        errors["period_end"] = ["The census and the SSDA903 cover a year ending 31 March: choose a collection year"]
    if errors:
        raise ValidationError(errors)
    run = ReturnRun.objects.create(kind=kind, period_end=period_end, started_by=by, step="Waiting to start")
    audit_change(actor=by, action=AuditAction.RETURN_RUN, instance=run, reason=str(run),
                 after={"kind": run.kind, "period_end": run.period_end.isoformat()})
    from .tasks import run_return  # noqa: PLC0415

    transaction.on_commit(lambda: run_return.enqueue(run.pk))
    return run


def run_files_expire(*, now: dt.datetime | None = None) -> int:
    """Delete the files of runs finished more than SAFEHOLD_RETURN_FILE_DAYS ago (issue 15.3): a return
    holds every child in the county, so it is not kept longer than the council needs to submit it. The
    run keeps its counts and findings; each expiry is audited. Runs whenever a return is started and
    from `safehold returns expire` (a daily job). Returns how many files were deleted."""
    cutoff = (now or timezone.now()) - dt.timedelta(days=settings.SAFEHOLD_RETURN_FILE_DAYS)
    expired = 0
    for run in ReturnRun.objects.filter(finished_at__lt=cutoff, file__isnull=False).defer("file", "issues"):
        with transaction.atomic():
            ReturnRun.objects.filter(pk=run.pk).update(file=None, file_expired_at=timezone.now())
            audit_change(actor=None, action=AuditAction.RETURN_FILE_EXPIRE, instance=run, reason=str(run),
                         before={"file": "kept"}, after={"file": "deleted"})
        expired += 1
    return expired


def _step(run: ReturnRun, progress: int, step: str, **fields) -> None:
    run.progress, run.step = progress, step
    for name, value in fields.items():
        setattr(run, name, value)
    run.save(update_fields=["progress", "step", "updated_at", *fields])


@dataclass
class Produced:
    """A return written from the record: the file to download, its counts, and how to check it."""

    content: bytes
    counts: dict[str, int]
    validate: Callable[[], Checked] | None = None  # None: no DfE rules for this return
    extra_issues: list[Issue] = field(default_factory=list)  # e.g. where the XML breaks the schema
    note: str = ""


def _produce_ssda903(period_end: dt.date, tmp: Path) -> Produced:
    counts = ssda903.write(period_end, tmp)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(tmp.glob("*.csv")):
            zf.write(path, path.name)
    return Produced(buffer.getvalue(), {f"{t}.csv": n for t, n in counts.items()},
                    validate=lambda: check_ssda903(tmp, period_end))


def _produce_cin(period_end: dt.date, tmp: Path) -> Produced:
    path = tmp / "cin.xml"
    counts = cin.write(period_end, path)
    schema = [Issue(table="XML", row=int(line.group(1)) if (line := re.match(r"line (\d+)", m)) else -1, child="",
                    code="Schema", message=m)
              for m in cin.schema_errors(path, period_end)]
    scope = [Issue(table="", row=-1, child=child_id, code="Scope", severity="query",
                   message="Looked after in the year but no episode of need is open in it, so the census does not "
                           "count the child: record the episode of need")
             for child_id in cin.looked_after_without_episode(period_end)]
    return Produced(path.read_bytes(), counts, validate=lambda: check_cin(path, period_end),
                    extra_issues=schema + scope)


def _produce_annex_a(as_at: dt.date, tmp: Path) -> Produced:
    path = tmp / "annex-a.xlsx"
    counts = annex_a.write(as_at, path)
    return Produced(path.read_bytes(), counts, note="Ofsted publishes no validation rules for Annex A: the lists "
                    "are read from the same record as the census and the SSDA903, so their counts agree with them.")


PRODUCERS: dict[str, Callable[[dt.date, Path], Produced]] = {
    ReturnRun.Kind.SSDA903: _produce_ssda903,
    ReturnRun.Kind.CIN: _produce_cin,
    ReturnRun.Kind.ANNEX_A: _produce_annex_a,
}


def execute(run: ReturnRun) -> ReturnRun:
    """Write the return from the record, then check it with the DfE rules, saving progress as it goes."""
    try:
        _step(run, 5, "Reading the record", status=ReturnRun.Status.RUNNING)
        with tempfile.TemporaryDirectory() as tmp:
            produced = PRODUCERS[run.kind](run.period_end, Path(tmp))
            _step(run, 50, "Checking the return with the DfE rules", row_counts=produced.counts)
            issues = [vars(i) for i in produced.extra_issues]
            validated, note = False, produced.note
            if produced.validate is not None:
                try:
                    checked = produced.validate()
                except (ValidatorMissing, RuntimeError) as exc:  # the return stands; the check could not run
                    note = str(exc)
                else:
                    result = checked.result
                    issues += [vars(i) for i in result.issues]
                    validated = True
                    note = f"Checked with {checked.checked_by}."
                    if result.failed_to_run:
                        note += " Rules that could not run without Ofsted's provider lists: " + ", ".join(
                            result.failed_to_run)
        _step(run, 100, "Finished", status=ReturnRun.Status.DONE, file=produced.content, issues=issues,
              validated=validated, validation_note=note[:300], finished_at=timezone.now())
    except Exception as exc:  # the run records what went wrong; the page shows it
        _step(run, run.progress, "Failed", status=ReturnRun.Status.FAILED, error=str(exc)[:2000],
              finished_at=timezone.now())
        raise
    return run

"""Validating a return with the DfE rules as the sector maintains them (data-to-insight's validators),
run in their own virtualenv because they pin an older pandas (issue 5; `make validators`)."""

from __future__ import annotations

import json

# Runs the validators' own Python with a list of arguments, never a shell.
import subprocess  # nosec B404
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

from .rules import engine
from .rules import engine as rules
from .rules.tables import cin_from_xml, ssda903_from_folder
from .years import CollectionYear

RUNNER_903 = Path(__file__).with_name("validator_903.py")
RUNNER_CIN = Path(__file__).with_name("validator_cin.py")
MARK = "@@safehold "


class ValidatorMissing(RuntimeError):
    pass


@dataclass
class Issue:
    table: str
    row: int
    child: str
    code: str
    message: str
    fields: list[str] = field(default_factory=list)
    severity: str = "error"  # or "query": a warning the DfE asks the council to check, not an error


@dataclass
class ValidationResult:
    issues: list[Issue]
    failed_to_run: list[str]
    skipped: list[str]

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "error"]

    def by_code(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for issue in self.issues:
            counts[issue.code] = counts.get(issue.code, 0) + 1
        return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def validators_python() -> Path:
    python = Path(getattr(settings, "SAFEHOLD_VALIDATORS_PYTHON", "") or
                  Path(settings.BASE_DIR).parent.parent / ".venv-validators" / "bin" / "python")
    if not python.exists():
        raise ValidatorMissing(f"The DfE validators are not installed ({python}): run `make validators`")
    return python


def validate_ssda903(folder: Path, period_end) -> ValidationResult:
    year = CollectionYear.ending(period_end)
    # The 903 validator compares each placement's area (derived from PL_POST) with the council's ONS code.
    return _run(RUNNER_903, [str(folder), year.lac_ruleset, settings.SAFEHOLD_LA_ONS_CODE], "SSDA903")


def validate_cin(xml_file: Path, period_end) -> ValidationResult:
    year = CollectionYear.ending(period_end)
    return _run(RUNNER_CIN, [str(xml_file), cin_ruleset(year)], "CIN census")


def cin_ruleset(year: CollectionYear) -> str:
    """The CIN validator's rule pack for the year: cin2022_23 is the oldest it has and cin2026_27 the newest
    (each inherits the year before's rules, cin-census.md 2.3); years outside use the nearest pack."""
    start = min(max(year.start.year, 2022), 2026)
    return f"cin{start}_{str(start + 1)[2:]}"


def _run(runner: Path, args: list[str], name: str) -> ValidationResult:
    # -I: the runner's own folder must not shadow the standard library (this app has a selectors.py).
    proc = subprocess.run([str(validators_python()), "-I", str(runner), *args],  # nosec B603
                          capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"The {name} validator failed: {proc.stderr.strip()[-2000:]}")
    issues, summary = [], {}
    for line in proc.stdout.splitlines():
        if not line.startswith(MARK):  # the validator prints its own chatter too
            continue
        data = json.loads(line[len(MARK):])
        if "summary" in data:
            summary = data["summary"]
        else:
            issues.append(Issue(**data))
    return ValidationResult(issues=issues, failed_to_run=summary.get("failed_to_run", []),
                            skipped=summary.get("skipped", []))


# --- Safehold's own rules (issue 16) ------------------------------------------------------------------------
SAFEHOLD, DFE_VALIDATORS = "safehold", "dfe-validators"


@dataclass
class Checked:
    """A validation and what checked it, in words for the page and the command."""

    result: ValidationResult
    checked_by: str


def _ours(ret) -> ValidationResult:
    outcome = engine.validate(ret)
    return ValidationResult(issues=[Issue(table=f.table, row=f.row, child=f.child, code=f.code, message=f.message,
                                          fields=list(f.fields), severity=f.severity) for f in outcome.findings],
                            failed_to_run=[], skipped=outcome.skipped)


def check_cin(xml_file: Path, period_end, *, engine: str = SAFEHOLD) -> Checked:
    """The census checked with Safehold's rules for the year, or with the sector's validators when asked
    (`--with dfe-validators`) or when the year is one Safehold's rules do not cover."""
    year = CollectionYear.ending(period_end)
    if engine == SAFEHOLD and rules.supports(year.start.year):
        ret = cin_from_xml(Path(xml_file).read_bytes(), year=year.start.year)
        return Checked(_ours(ret), f"Safehold's rules for {year.label}")
    return Checked(validate_cin(Path(xml_file), period_end), "the sector's validator (data-to-insight, "
                   f"{cin_ruleset(year)})")


def check_ssda903(folder: Path, period_end, *, engine: str = SAFEHOLD) -> Checked:
    year = CollectionYear.ending(period_end)
    if engine == SAFEHOLD and rules.supports(year.start.year):
        ret = ssda903_from_folder(Path(folder), year=year.start.year, la_code=settings.SAFEHOLD_LA_ONS_CODE)
        return Checked(_ours(ret), f"Safehold's rules for {year.label}")
    return Checked(validate_ssda903(Path(folder), period_end),
                   f"the sector's validator (data-to-insight, {year.lac_ruleset})")

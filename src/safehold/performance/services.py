"""Changing the measures' stored data: month-end snapshots (kept, and restated beside, never over),
comparators loaded from the DfE's published CSV files, the statistical neighbours, the population
estimate and the council's targets. Each change is audited."""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from safehold.accounts.policy import Perm, has_perm
from safehold.audit.actions import AuditAction
from safehold.audit.services import audit_change

from .definitions import Measure, catalogue, get, month_ends
from .models import Comparator, MeasureSnapshot, MeasureTarget, PopulationEstimate, StatisticalNeighbour
from .selectors import cut, evaluate

SNAPSHOT_CUTS = {"disability:yes": "Disabled children", "disability:no": "No recorded disability"}


def _figures(measure: Measure, as_at: dt.date) -> dict[str, tuple[int, int, float | None]]:
    result = evaluate(measure, as_at)
    figures = {"": (result.numerator, result.denominator, result.value)}
    if measure.subject == "child" and "disability" in measure.cuts:
        groups = {g["label"]: g for g in cut(result, "disability")}
        for key, label in SNAPSHOT_CUTS.items():
            g = groups.get(label)
            figures[key] = (g["numerator"], g["denominator"], g["value"]) if g else (0, 0, None)
    return figures


@transaction.atomic
def snapshot_take(*, as_at: dt.date, measures: list[Measure] | None = None) -> dict[str, int]:
    """Store every measure's figure at `as_at` (a month-end). A figure already stored is not changed:
    the new computation is kept beside it as the restated figure. Returns counts of what was done."""
    now = timezone.now()
    done = {"taken": 0, "restated": 0}
    existing = {(s.code, s.cut): s for s in MeasureSnapshot.objects.filter(as_at=as_at)}
    new = []
    for measure in measures or catalogue():
        for cut_key, (num, den, value) in _figures(measure, as_at).items():
            old = existing.get((measure.code, cut_key))
            if old is None:
                new.append(MeasureSnapshot(code=measure.code, as_at=as_at, cut=cut_key, numerator=num,
                                           denominator=den, value=value, computed_at=now))
                done["taken"] += 1
            else:
                MeasureSnapshot.objects.filter(pk=old.pk).update(
                    restated_numerator=num, restated_denominator=den, restated_value=value, restated_at=now)
                done["restated"] += 1
    MeasureSnapshot.objects.bulk_create(new, batch_size=1000)
    return done


def snapshot_month_ends(*, as_at: dt.date, months: int) -> dict[str, int]:
    """Snapshots for the last `months` month-ends up to `as_at` (the seed's 24 months of trend)."""
    total = {"taken": 0, "restated": 0}
    for day in month_ends(as_at, months):
        for k, v in snapshot_take(as_at=day).items():
            total[k] += v
    return total


# --- Comparators ----------------------------------------------------------------------------------------

LEVELS = {"national": Comparator.Level.ENGLAND, "regional": Comparator.Level.REGION,
          "local authority": Comparator.Level.LOCAL_AUTHORITY, "local_authority": Comparator.Level.LOCAL_AUTHORITY}


@dataclass
class LoadReport:
    loaded: int = 0
    skipped_rows: int = 0
    problems: list[str] = field(default_factory=list)


def _period(value: str) -> tuple[dt.date, str]:
    """time_period as the DfE publishes it: 202324 (a financial or academic year, ending 31 March of its
    second year) or 2024 (a calendar year or a date in it: taken as 31 March of that year)."""
    v = value.strip()
    if len(v) == 6 and v.isdigit():
        first = int(v[:4])
        return dt.date(first + 1, 3, 31), f"{first}-{v[4:]}"
    if len(v) == 4 and v.isdigit():
        return dt.date(int(v), 3, 31), v
    raise ValueError(f"time_period {value!r} is not a year (2024) or a year pair (202324)")


@transaction.atomic
def comparators_load(*, path: Path, mapping: dict[str, str], source: str, synthetic: bool = False,
                     by=None) -> LoadReport:
    """Load a DfE explore-education-statistics CSV (time_period, geographic_level, new_la_code,
    la_name, region_name, then indicator columns) through `mapping` {column: measure code}. All or
    nothing: any row that cannot be read refuses the file, naming the row and column. Rows for other
    geographic levels (e.g. local authority district) are skipped; a figure already held is replaced."""
    unknown = sorted(code for code in mapping.values() if get(code) is None)
    if unknown:
        raise ValidationError({"mapping": [f"No measure has the code {', '.join(unknown)}"]})
    if not source.strip():
        raise ValidationError({"source": ["Say where the figures come from (publication and year)"]})
    text = path.read_bytes().decode("utf-8-sig")
    reader = csv.DictReader(io.StringIO(text))
    required = {"time_period", "geographic_level"}
    missing = required - set(reader.fieldnames or [])
    absent = sorted(set(mapping) - set(reader.fieldnames or []))
    if missing or absent:
        raise ValidationError({"file": [f"The file has no column {', '.join(sorted(missing) + absent)}"]})
    report = LoadReport()
    rows: list[Comparator] = []
    for n, raw in enumerate(reader, start=2):
        level = LEVELS.get((raw.get("geographic_level") or "").strip().lower())
        if level is None:
            report.skipped_rows += 1
            continue
        try:
            period_end, label = _period(raw["time_period"])
        except ValueError as exc:
            report.problems.append(f"Row {n}: {exc}")
            continue
        if level == Comparator.Level.ENGLAND:
            code, name = "", "England"
        elif level == Comparator.Level.REGION:
            code, name = (raw.get("region_code") or "").strip(), (raw.get("region_name") or "").strip()
        else:
            code, name = (raw.get("new_la_code") or "").strip(), (raw.get("la_name") or "").strip()
        if level != Comparator.Level.ENGLAND and not name:
            report.problems.append(f"Row {n}: no area name for a {level} row")
            continue
        for column, measure_code in mapping.items():
            cell = (raw.get(column) or "").strip()
            if cell in ("", "x", "z", "c", "u", "low", ":"):  # the DfE's symbols for no figure
                continue
            try:
                value = float(cell.replace(",", "").rstrip("%"))
            except ValueError:
                report.problems.append(f"Row {n}, column {column}: {cell!r} is not a number")
                continue
            rows.append(Comparator(code=measure_code, period_end=period_end, period_label=label, level=level,
                                   area_code=code or name, area_name=name, value=value, source=source.strip()[:400],
                                   synthetic=synthetic))
    if report.problems:
        raise ValidationError({"file": report.problems[:50]})
    last = None
    for c in rows:
        last, _ = Comparator.objects.update_or_create(
            code=c.code, period_end=c.period_end, level=c.level, area_code=c.area_code,
            defaults={"period_label": c.period_label, "area_name": c.area_name, "value": c.value,
                      "source": c.source, "synthetic": c.synthetic})
    report.loaded = len(rows)
    if last is not None:
        audit_change(actor=by, action=AuditAction.COMPARATORS_LOAD, instance=last,
                     after={"file": path.name, "figures": len(rows), "source": source})
    return report


@transaction.atomic
def neighbours_set(*, areas: list[tuple[str, str]], by=None) -> int:
    """Replace the council's statistical neighbours with `areas` [(new LA code, name)]."""
    if not areas:
        raise ValidationError({"areas": ["Give at least one neighbour"]})
    StatisticalNeighbour.objects.all().delete()
    StatisticalNeighbour.objects.bulk_create([StatisticalNeighbour(area_code=c, area_name=n) for c, n in areas])
    first = StatisticalNeighbour.objects.first()
    audit_change(actor=by, action=AuditAction.NEIGHBOURS_SET, instance=first, after={"areas": [c for c, _ in areas]})
    return len(areas)


@transaction.atomic
def population_set(*, year: int, children: int, source: str, by=None) -> PopulationEstimate:
    errors = {}
    if not (2000 <= year <= 2100):
        errors["year"] = ["Enter the year of the mid-year estimate, like 2024"]
    if children <= 0:
        errors["children"] = ["Enter the number of children aged 0 to 17"]
    if not source.strip():
        errors["source"] = ["Say where the estimate comes from"]
    if errors:
        raise ValidationError(errors)
    estimate, _ = PopulationEstimate.objects.update_or_create(year=year, defaults={"children": children,
                                                                                  "source": source.strip()})
    audit_change(actor=by, action=AuditAction.POPULATION_SET, instance=estimate, after={"year": year, "children": children})
    return estimate


@transaction.atomic
def target_set(*, by, code: str, target: float, amber_margin: float) -> MeasureTarget:
    """The council's target for a measure (leaders, service managers and analysts set them)."""
    if not has_perm(by, Perm.MEASURES_TARGET):
        raise PermissionDenied("Your role cannot set targets")
    measure = get(code)
    errors = {}
    if measure is None:
        errors["code"] = ["No measure has this code"]
    if amber_margin < 0:
        errors["amber_margin"] = ["The amber margin cannot be negative"]
    if measure is not None and measure.unit.value == "percent" and not (0 <= target <= 100):
        errors["target"] = ["A percentage target is between 0 and 100"]
    if errors:
        raise ValidationError(errors)
    old = MeasureTarget.objects.filter(code=code).first()
    before = {"target": old.target, "amber_margin": old.amber_margin} if old else None
    obj, _ = MeasureTarget.objects.update_or_create(code=code, defaults={"target": target,
                                                                        "amber_margin": amber_margin, "set_by": by})
    audit_change(actor=by, action=AuditAction.MEASURE_TARGET, instance=obj, before=before,
                 after={"target": target, "amber_margin": amber_margin})
    return obj

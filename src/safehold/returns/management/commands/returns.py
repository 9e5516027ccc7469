"""`safehold returns cin --period-end 2025-03-31 --out FILE.xml`,
`safehold returns ssda903 --period-end 2025-03-31 --out DIR` and
`safehold returns annex-a --as-at 2025-03-31 --out FILE.xlsx` and
`safehold returns validate cin|ssda903 PATH --period-end 2025-03-31 [--with dfe-validators]`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from safehold.returns import annex_a, cin, ssda903
from safehold.returns.record import refresh_county
from safehold.returns.services import run_files_expire
from safehold.returns.validation import DFE_VALIDATORS, SAFEHOLD, ValidatorMissing, check_cin, check_ssda903
from safehold.workforce.census import write as write_csww


def _date(value: str, option: str = "--period-end") -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"{option} must be a date as YYYY-MM-DD, not {value!r}") from exc


class Command(BaseCommand):
    help = "Produce and validate the statutory returns from the record."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        census = sub.add_parser("cin", help="Write the Children in Need census XML for a collection year")
        census.add_argument("--period-end", required=True, help="Last day of the year, e.g. 2025-03-31")
        census.add_argument("--out", required=True, help="The XML file to write")
        export = sub.add_parser("ssda903", help="Write the SSDA903 CSV tables for a collection year")
        export.add_argument("--period-end", required=True, help="Last day of the year, e.g. 2025-03-31")
        export.add_argument("--out", required=True, help="Folder to write the CSV tables into")
        lists = sub.add_parser("annex-a", help="Write Ofsted's Annex A workbook as at a date")
        lists.add_argument("--as-at", required=True, help="The date the lists are drawn as at, e.g. 2025-03-31")
        lists.add_argument("--out", required=True, help="The .xlsx file to write")
        lists.add_argument("--months", type=int, default=None,
                           help="Look-back in months for the activity lists (default SAFEHOLD_ANNEX_A_MONTHS, 6)")
        csww = sub.add_parser("csww", help="Write the children's social work workforce census XML")
        csww.add_argument("--as-at", required=True, help="The census date, 30 September, e.g. 2026-09-30")
        csww.add_argument("--out", required=True, help="The XML file to write")
        sub.add_parser("expire", help="Delete the files of runs older than SAFEHOLD_RETURN_FILE_DAYS (run daily)")
        sub.add_parser("check", help="Check every child's record against the DfE rules and bring the data quality "
                                     "findings up to date (run nightly)")
        check = sub.add_parser("validate", help="Validate a return with the DfE rules")
        check.add_argument("kind", choices=["cin", "ssda903"])
        check.add_argument("path", help="The census XML file, or the folder of SSDA903 CSV tables")
        check.add_argument("--period-end", required=True)
        check.add_argument("--with", dest="engine", choices=[SAFEHOLD, DFE_VALIDATORS], default=SAFEHOLD,
                           help="Safehold's own rules (the default; years 2024-25 on) or the sector's validators "
                                "(data-to-insight's, for a second opinion; `make validators`)")

    def handle(self, *args, **options):
        if options["action"] == "check":
            for name, counts in refresh_county().items():
                self.stdout.write(f"{name}: {counts['open']} open ({counts['opened']} new, "
                                  f"{counts['resolved']} put right); {counts['primed']} children checked one by one "
                                  "(new to the check, or checked by earlier rules)")
            return
        if options["action"] == "expire":
            self.stdout.write(f"{run_files_expire()} return files deleted")
            return
        if options["action"] == "csww":
            as_at = _date(options["as_at"], "--as-at")
            if (as_at.month, as_at.day) != (9, 30):
                raise CommandError("The workforce census is as at 30 September: give --as-at YYYY-09-30")
            try:
                counts = write_csww(as_at, Path(options["out"]))
            except ValueError as exc:
                raise CommandError(str(exc)) from exc
            self.stdout.write(f"{counts['workers']} workers ({counts['leavers']} leavers in the year)")
            return
        if options["action"] == "annex-a":
            counts = annex_a.write(_date(options["as_at"], "--as-at"), Path(options["out"]), options["months"])
            for sheet, n in counts.items():
                self.stdout.write(f"{sheet}: {n} rows")
            return
        period_end = _date(options["period_end"])
        if options["action"] == "cin":
            counts = cin.write(period_end, Path(options["out"]))
            self.stdout.write(", ".join(f"{n} {what.replace('_', ' ')}" for what, n in counts.items()))
            return
        if options["action"] == "ssda903":
            counts = ssda903.write(period_end, Path(options["out"]))
            for table, n in counts.items():
                self.stdout.write(f"{table}.csv: {n} rows")
            return
        path = Path(options["path"])
        if not path.exists():
            raise CommandError(f"{path} does not exist")
        schema = []
        if options["kind"] == "cin":
            schema = cin.schema_errors(path, period_end)
            for message in schema:
                self.stdout.write(f"Schema\t{message}")
        try:
            checked = (check_cin if options["kind"] == "cin" else check_ssda903)(path, period_end,
                                                                                engine=options["engine"])
        except ValidatorMissing as exc:
            raise CommandError(str(exc)) from exc
        result = checked.result
        self.stdout.write(f"Checked with {checked.checked_by}")
        for issue in result.issues:
            self.stdout.write(f"{issue.code}\t{issue.severity}\t{issue.table} row {issue.row}\tchild {issue.child}\t"
                              f"{issue.message}")
        errors = len(result.errors) + len(schema)
        self.stdout.write(f"{errors} errors, {len(result.issues) - len(result.errors)} queries; "
                          f"by rule: {result.by_code()}")
        if result.failed_to_run:
            self.stdout.write(f"Rules that could not run: {', '.join(result.failed_to_run)}")
        if errors:
            raise CommandError(f"{errors} errors")

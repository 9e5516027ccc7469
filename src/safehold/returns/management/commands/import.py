"""`safehold import cin FILE.xml`, `safehold import ssda903 DIR|FILE.xml [--year 2025-26]` and
`safehold import annex-a FILE.xlsx`: bring a council's history from another system into the record
(issue 5). Each file loads all or nothing; every row refused is listed with its reason; the same file
twice changes nothing. The exit status tells a migration script what happened: 0 everything loaded,
1 nothing loaded (the file could not be read or the record refused it), 3 loaded with children or rows
refused (issue 16)."""

from __future__ import annotations

import datetime as dt
import re
from importlib import import_module
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from safehold.returns.years import CollectionYear
from safehold.workforce.census import CensusRefused, read

REFUSED_EXIT = 3  # some children or rows were refused: the rest loaded


def collection_year(text: str):
    """'2025-26' or a period end '2026-03-31' as the collection year."""
    text = text.strip()
    if m := re.fullmatch(r"(\d{4})-(\d{2})", text):
        start = int(m.group(1))
        if (start + 1) % 100 != int(m.group(2)):
            raise CommandError(f"--year {text}: the years do not follow each other (e.g. 2025-26)")
        return CollectionYear.ending(dt.date(start + 1, 3, 31))
    try:
        return CollectionYear.ending(dt.date.fromisoformat(text))
    except ValueError:
        raise CommandError(f"--year {text!r}: give the collection year as 2025-26 or its end as 2026-03-31") from None


class Command(BaseCommand):
    help = ("Import children and their history from a CIN census file, SSDA903 tables (a folder of CSV files or "
            "the XML form) or an Annex A workbook. Exit status: 0 when everything loaded; 1 when nothing did "
            f"(the file could not be read, or the record refused it); {REFUSED_EXIT} when some children or rows "
            "were refused (the rest loaded; each refusal is listed with its reasons).")

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=["cin", "ssda903", "annex-a", "csww"])
        parser.add_argument("path", help="The census XML file, the folder of SSDA903 CSV tables or the SSDA903 XML "
                                         "file, or the workbook")
        parser.add_argument("--year", help="SSDA903 only: the collection year the return was made for (2025-26, or "
                                           "its end 2026-03-31). The episodes' dates are checked against it, and "
                                           "OC2 loads only when it is given.")
        parser.add_argument("--quiet", action="store_true", help="No progress bars")

    def handle(self, *args, **options):
        path = Path(options["path"])
        if not path.exists():
            raise CommandError(f"{path} does not exist")
        if options["year"] and options["kind"] != "ssda903":
            raise CommandError("--year is for the SSDA903 only: the other files carry their year")
        if options["kind"] == "csww":
            return self._csww(path)
        module = import_module(f"safehold.returns.imports.{options['kind'].replace('-', '_')}")
        extra = {"year": collection_year(options["year"])} if options["year"] else {}
        report = module.run(path, progress=not options["quiet"], **extra)
        for line in report.lines():
            self.stdout.write(line)
        if any(r.where in ("the file", "the folder") for r in report.refused):
            raise CommandError("Nothing was imported")
        if report.refused:
            raise CommandError(f"{len(report.refused)} refused (listed above); the rest was imported",
                               returncode=REFUSED_EXIT)

    def _csww(self, path: Path) -> None:
        """The workforce census: all or nothing, matched by Social Work England number (issue 12.8)."""
        try:
            report = read(path)
        except CensusRefused as exc:
            for problem in exc.problems:
                self.stdout.write(f"Refused: {problem}")
            raise CommandError(f"Nothing was imported: {len(exc.problems)} problem(s)") from exc
        self.stdout.write(f"Workforce census as at {report.reference_date}: {report.created} workers added, "
                          f"{report.updated} brought up to date")

"""`safehold import cin FILE.xml`, `safehold import ssda903 DIR` and `safehold import annex-a FILE.xlsx`:
bring a council's history from another system into the record (issue 5). Each file loads all or
nothing; every row refused is listed with its reason; the same file twice changes nothing."""

from __future__ import annotations

from importlib import import_module
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Import children and their history from a CIN census file, SSDA903 tables or an Annex A workbook."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=["cin", "ssda903", "annex-a", "csww"])
        parser.add_argument("path", help="The census XML file, the folder of SSDA903 CSV tables, or the workbook")
        parser.add_argument("--quiet", action="store_true", help="No progress bars")

    def handle(self, *args, **options):
        path = Path(options["path"])
        if not path.exists():
            raise CommandError(f"{path} does not exist")
        if options["kind"] == "csww":
            return self._csww(path)
        module = import_module(f"safehold.returns.imports.{options['kind'].replace('-', '_')}")
        report = module.run(path, progress=not options["quiet"])
        for line in report.lines():
            self.stdout.write(line)
        if any(r.where == "the file" for r in report.refused):
            raise CommandError("Nothing was imported")

    def _csww(self, path: Path) -> None:
        """The workforce census: all or nothing, matched by Social Work England number (issue 12.8)."""
        from safehold.workforce.census import CensusRefused, read

        try:
            report = read(path)
        except CensusRefused as exc:
            for problem in exc.problems:
                self.stdout.write(f"Refused: {problem}")
            raise CommandError(f"Nothing was imported: {len(exc.problems)} problem(s)") from exc
        self.stdout.write(f"Workforce census as at {report.reference_date}: {report.created} workers added, "
                          f"{report.updated} brought up to date")

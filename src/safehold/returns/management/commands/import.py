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
        parser.add_argument("kind", choices=["cin", "ssda903", "annex-a"])
        parser.add_argument("path", help="The census XML file, the folder of SSDA903 CSV tables, or the workbook")
        parser.add_argument("--quiet", action="store_true", help="No progress bars")

    def handle(self, *args, **options):
        path = Path(options["path"])
        if not path.exists():
            raise CommandError(f"{path} does not exist")
        module = import_module(f"safehold.returns.imports.{options['kind'].replace('-', '_')}")
        report = module.run(path, progress=not options["quiet"])
        for line in report.lines():
            self.stdout.write(line)
        if any(r.where == "the file" for r in report.refused):
            raise CommandError("Nothing was imported")

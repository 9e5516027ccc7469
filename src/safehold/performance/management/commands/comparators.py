"""`safehold comparators load FILE.csv --map MAP.yaml --source TEXT` reads a DfE explore-education-
statistics CSV (time_period, geographic_level, new_la_code, la_name, region_name, then indicator
columns) through a map of its columns to measure codes; `safehold comparators neighbours FILE.csv`
sets the council's statistical neighbours (columns new_la_code, la_name)."""

import csv
from pathlib import Path

import yaml
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from safehold.performance import services


class Command(BaseCommand):
    help = "Load England, regional and local authority comparators, or set the statistical neighbours"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("load", help="Load a DfE local-authority-level CSV through a column map")
        load.add_argument("file")
        load.add_argument("--map", required=True,
                          help="YAML: each indicator column's name mapped to a Safehold measure code")
        load.add_argument("--source", required=True, help="The publication and year, shown beside every figure")
        load.add_argument("--synthetic", action="store_true", help="Mark the figures as made up (demo only)")
        near = sub.add_parser("neighbours", help="Set the statistical neighbours from a CSV (new_la_code, la_name)")
        near.add_argument("file")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.exists():
            raise CommandError(f"{path} does not exist")
        try:
            if options["action"] == "neighbours":
                with path.open(encoding="utf-8-sig", newline="") as f:
                    areas = [(r["new_la_code"].strip(), r["la_name"].strip()) for r in csv.DictReader(f)]
                self.stdout.write(f"{services.neighbours_set(areas=areas)} statistical neighbours set")
                return
            mapping = yaml.safe_load(Path(options["map"]).read_text()) or {}
            if not isinstance(mapping, dict):
                raise CommandError("--map must be a YAML mapping of column name: measure code")
            report = services.comparators_load(path=path, mapping={str(k): str(v) for k, v in mapping.items()},
                                               source=options["source"], synthetic=options["synthetic"])
        except KeyError as exc:
            raise CommandError(f"The file has no column {exc}") from exc
        except ValidationError as exc:
            raise CommandError("\n".join(f"{k}: {m}" for k, v in exc.message_dict.items() for m in v)) from exc
        self.stdout.write(f"{report.loaded} figures loaded; {report.skipped_rows} rows at other levels skipped")

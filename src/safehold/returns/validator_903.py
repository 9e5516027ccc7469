"""Runs data-to-insight's SSDA903 validator (csc-validator-be-903, MIT) on a folder of CSV tables and
prints the failures as JSON lines. Run with the validators' own Python (it pins pandas < 2, so it has
a virtualenv of its own, made by `make validators`), not Django's:

    .venv-validators/bin/python validator_903.py DIR lac2024_25 LA_CODE

No Django imports here: this file runs outside the project.
"""

import importlib
import json
import logging
import sys
from pathlib import Path


def main(folder: str, ruleset: str, la_code: str) -> int:
    logging.disable(logging.CRITICAL)
    from lac_validator.lac_validator import LacValidator  # noqa: PLC0415

    files = []
    for path in sorted(Path(folder).glob("*.csv")):
        files.append({"name": path.name, "file_content": path.read_bytes(), "description": "This year"})
    registry = importlib.import_module(f"lac_validator.rules.{ruleset}").registry
    collection_year = "20" + ruleset[-2:]
    validator = LacValidator(metadata={"collectionYear": collection_year, "localAuthority": la_code}, files=files,
                             registry=registry, selected_rules=None)
    for table, frame in validator.ds_results.items():
        if table == "metadata":
            continue
        for column in [c for c in frame.columns if str(c).startswith("ERR_")]:
            code = column[4:]
            rule = registry[code] if code in registry else None
            for row_id in frame.index[frame[column] == True]:  # noqa: E712 (pandas)
                child = frame.at[row_id, "CHILD"] if "CHILD" in frame.columns else ""
                print("@@safehold " + json.dumps({"table": table, "row": int(row_id), "child": str(child), "code": code,
                                  "message": getattr(rule, "message", ""),
                                  "fields": list(getattr(rule, "affected_fields", []) or [])}))
    print("@@safehold " + json.dumps({"summary": {"failed_to_run": validator.fails, "skipped": validator.skips}}))
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))

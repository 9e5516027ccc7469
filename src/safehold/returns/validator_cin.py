"""Runs data-to-insight's CIN census validator (csc-validator-be-cin, MIT) on a census XML file and
prints the failures as JSON lines. Run with the validators' own Python (it pins pandas < 2, so it has
a virtualenv of its own, made by `make validators`), not Django's:

    .venv-validators/bin/python -I validator_cin.py FILE.xml cin2024_25

No Django imports here: this file runs outside the project.
"""

import importlib
import json
import logging
import sys
import warnings

# No DTD or entity reaches the parser (main() refuses them first).
import xml.etree.ElementTree as ET  # nosec B405
from typing import Any


def main(path: str, ruleset: str) -> int:
    logging.disable(logging.CRITICAL)
    warnings.simplefilter("ignore")
    from cin_validator import cin_validator  # noqa: PLC0415

    # This runs in the validators' own virtualenv, without defusedxml. A census never needs a DTD or an
    # entity: refuse any file that declares one before the parser sees it (no entity expansion possible).
    with open(path, "rb") as handle:
        head = handle.read()
    if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
        print("The file declares a DTD or entities: refused", file=sys.stderr)
        return 2
    root = ET.fromstring(head)  # nosec B314
    data = cin_validator.process_data(cin_validator.convert_data(root))
    registry = importlib.import_module(f"cin_validator.rules.{ruleset}").registry
    validator = cin_validator.CinValidator(data, registry, selected_rules=None)

    def kind(code):
        rule = registry.get(str(code)) if hasattr(registry, "get") else None
        return "query" if rule is not None and getattr(rule.rule_type, "name", "") == "QUERY" else "error"

    found: dict[tuple[str, str, str, int], dict[str, Any]] = {}
    for rec in validator.full_issue_df.to_dict("records"):
        key = (str(rec.get("child_id", "")), str(rec["rule_code"]), str(rec.get("tables_affected", "")),
               int(rec["row_id"]) if str(rec.get("row_id", "")).lstrip("-").isdigit() else -1)
        issue = found.setdefault(key, {"table": key[2], "row": key[3], "child": key[0], "code": key[1],
                                       "message": str(rec.get("rule_description", "")), "fields": [],
                                       "severity": kind(key[1])})
        column = rec.get("columns_affected")
        if isinstance(column, str) and column not in issue["fields"]:
            issue["fields"].append(column)
    for issue in found.values():
        print("@@safehold " + json.dumps(issue))
    for rec in validator.multichild_issues.drop_duplicates().to_dict("records"):
        print("@@safehold " + json.dumps({"table": "", "row": -1, "child": "", "code": str(rec["rule_code"]),
                                          "message": str(rec["rule_description"]), "fields": [],
                                          "severity": kind(rec["rule_code"])}))
    print("@@safehold " + json.dumps({"summary": {"failed_to_run": [], "skipped": []}}))
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))

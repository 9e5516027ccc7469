"""Files broken on purpose, one broken child per rule (issue 16.4). A rule's module of breaks registers a
function that breaks a copy of a base child:

    @break_903("103")
    def _(t):                     # t: {table: [row dicts]} of one child, every table present (maybe empty)
        t["Header"][0]["ETHNIC"] = "XXXX"

    @break_cin("8500")
    def _(child):                 # child: the <Child> element (lxml), a copy
        child.find("ChildIdentifiers/LAchildID").text = ""

`build_903(folder)` / `build_cin(path)` write the county's 2025-26 file (data/) with one renamed copy of the
base child per break appended; `expected()` says which child each break is. The equivalence test runs
Safehold's rules and the sector's validator on the result and requires the same findings, and each break's
code found on its child by both.

    python -m safehold.returns.tests.rules.broken 903|cin [CODE ...]   # compare on the broken file
"""

from __future__ import annotations

import copy
import csv
import importlib
import pkgutil
from collections.abc import Callable
from pathlib import Path

from lxml import etree

DATA = Path(__file__).with_name("data")
COUNTY_903 = DATA / "county-903-2025-26"
COUNTY_CIN = DATA / "county-cin-2025-26.xml"
YEAR = 2025
BASE_903 = "C0000023"  # in care all year: episodes, reviews, OC2, social worker episodes
BASE_CIN = "C0000061"  # assessments, section 47, a plan with reviews, disabilities

BREAKS_903: dict[str, Callable[[dict], None]] = {}
BREAKS_CIN: dict[str, Callable] = {}


def break_903(code: str):
    def register(fn):
        if code in BREAKS_903:
            raise ValueError(f"two breaks for 903 rule {code}")
        BREAKS_903[code] = fn
        return fn
    return register


def break_cin(code: str):
    def register(fn):
        if code in BREAKS_CIN:
            raise ValueError(f"two breaks for CIN rule {code}")
        BREAKS_CIN[code] = fn
        return fn
    return register


def load_breaks() -> None:
    """Import every breaks_*.py module here."""
    for info in pkgutil.iter_modules([str(Path(__file__).parent)]):
        if info.name.startswith("breaks_"):
            importlib.import_module(f"{__package__}.{info.name}")


def child_id(index: int) -> str:
    return f"BK{index:05d}"


def _read_903(folder: Path) -> dict[str, tuple[list[str], list[dict]]]:
    from safehold.returns.rules.tables import SAFEHOLD_903_NAMES

    out = {}
    for path in sorted(folder.glob("*.csv")):
        with path.open(newline="") as fh:
            reader = csv.DictReader(fh)
            out[SAFEHOLD_903_NAMES[path.stem]] = (path.name, reader.fieldnames, list(reader))
    return out


def build_903(folder: Path, codes=None) -> dict[str, str]:
    """Write the broken SSDA903 into `folder`; returns {code: child id}."""
    load_breaks()
    tables = _read_903(COUNTY_903)
    expected = {}
    for i, (code, fn) in enumerate(sorted(BREAKS_903.items())):
        if codes and code not in codes:
            continue
        rows = {t: [dict(r) for r in data[2] if r["CHILD"] == BASE_903] for t, data in tables.items()}
        fn(rows)
        new_id = child_id(i)
        for t, rs in rows.items():
            for r in rs:
                if r.get("CHILD") == BASE_903:
                    r["CHILD"] = new_id
            tables[t][2].extend(rs)
        expected[code] = new_id
    folder.mkdir(parents=True, exist_ok=True)
    for name, fields, rows in tables.values():
        with (folder / name).open("w", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n", extrasaction="ignore")
            writer.writeheader()
            writer.writerows(rows)
    return expected


def build_cin(path: Path, codes=None) -> dict[str, str]:
    """Write the broken census to `path`; returns {code: child id}."""
    load_breaks()
    root = etree.parse(str(COUNTY_CIN)).getroot()
    children = root.find("Children")
    base = next(c for c in children if c.findtext("ChildIdentifiers/LAchildID") == BASE_CIN)
    expected = {}
    for i, (code, fn) in enumerate(sorted(BREAKS_CIN.items())):
        if codes and code not in codes:
            continue
        child = copy.deepcopy(base)
        new_id = child_id(i)
        child.find("ChildIdentifiers/LAchildID").text = new_id
        fn(child)
        children.append(child)
        expected[code] = new_id
    path.write_bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))
    return expected


def main(argv=None) -> int:
    import argparse
    import os
    import tempfile

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safehold.config.settings.test")
    django.setup()
    from safehold.returns.rules.compare import compare_903, compare_cin

    parser = argparse.ArgumentParser()
    parser.add_argument("collection", choices=["903", "cin"])
    parser.add_argument("codes", nargs="*")
    args = parser.parse_args(argv)
    # Run as __main__: the break modules register with the importable module, not this copy.
    mod = importlib.import_module("safehold.returns.tests.rules.broken")
    build_903, build_cin = mod.build_903, mod.build_cin
    with tempfile.TemporaryDirectory() as tmp:
        if args.collection == "903":
            expected = build_903(Path(tmp) / "903", args.codes or None)
            c = compare_903(Path(tmp) / "903", YEAR)
        else:
            expected = build_cin(Path(tmp) / "cin.xml", args.codes or None)
            c = compare_cin(Path(tmp) / "cin.xml", YEAR)
    print(c.report())
    from safehold.returns.rules.coverage import KNOWN_DIFFERENCES

    bad = 0
    for code, child in expected.items():
        if code in KNOWN_DIFFERENCES[c.collection]:
            continue  # kept to the DfE's meaning where the sector's validator reads it otherwise
        theirs = any(k[0] == code and k[3] == child for k in c.theirs | {k for k in c.only_theirs})
        ours = any(k[0] == code and k[3] == child for k in c.ours)
        if code not in c.codes:
            print(f"{code}: no Safehold rule ran for it")
            bad += 1
        elif not (theirs and ours):
            print(f"{code}: break on {child} found by sector={theirs} Safehold={ours}")
            bad += 1
    print(f"{len(expected)} breaks, {bad} not found by both")
    return 1 if bad or any(m or t for _, m, t in c.by_code().values()) else 0


if __name__ == "__main__":
    raise SystemExit(main())

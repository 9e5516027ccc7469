"""The return's tables as the rules read them: polars frames of upper-cased strings, blank as null, each with
`_row` (its 0-based row in the file, as the sector's validators count). One loader per form a return comes in:
the CSV tables and the rows Safehold builds (SSDA903), the XML (CIN census)."""

from __future__ import annotations

import csv
import io
import shutil
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import polars as pl
from defusedxml import ElementTree as SafeET

from ..ssda903 import COLUMNS
from .engine import CIN, SSDA903, Return

# Safehold's export names its files by table (returns/ssda903.py COLUMNS).
SAFEHOLD_903_NAMES = {"header": "Header", "episodes": "Episodes", "reviews": "Reviews", "uasc": "UASC", "oc2": "OC2",
                      "oc3": "OC3", "ad1": "AD1", "placed_for_adoption": "PlacedAdoption",
                      "previous_permanence": "PrevPerm", "missing": "Missing", "sw_episodes": "SWEpisodes",
                      "DoLo": "DoLo"}
# The SSDA903's tables and their columns, by the names the DfE and the sector's validator use, from the export's
# own list (returns/ssda903.py COLUMNS, ../shared/domain/ssda903.md). A CSV is known by its header row, whatever
# the file is called.
SSDA903_COLUMNS: dict[str, list[str]] = {SAFEHOLD_903_NAMES[name]: columns for name, columns in COLUMNS.items()}

# The CIN census flattened into tables, as the DfE's own tooling and the sector's validator do: one row per
# child, episode of need (CINdetailsID counts from 1 within the child), assessment (AssessmentID from 1 within
# the episode), plan (CPPID from 1 within the episode) and review date.
CIN_COLUMNS: dict[str, list[str]] = {
    "Header": ["Collection", "Year", "ReferenceDate", "SourceLevel", "LEA", "SoftwareCode", "Release", "SerialNo",
               "DateTime"],
    "ChildIdentifiers": ["LAchildID", "UPN", "FormerUPN", "UPNunknown", "PersonBirthDate", "ExpectedPersonBirthDate",
                         "GenderCurrent", "Sex", "PersonDeathDate"],
    "ChildCharacteristics": ["LAchildID", "Ethnicity"],
    "Disabilities": ["LAchildID", "Disability"],
    "CINdetails": ["LAchildID", "CINdetailsID", "CINreferralDate", "ReferralSource", "PrimaryNeedCode",
                   "CINclosureDate", "ReasonForClosure", "DateOfInitialCPC", "ReferralNFA"],
    "Assessments": ["LAchildID", "CINdetailsID", "AssessmentID", "AssessmentActualStartDate",
                    "AssessmentInternalReviewDate", "AssessmentAuthorisationDate"],
    "AssessmentFactorsList": ["LAchildID", "CINdetailsID", "AssessmentID", "AssessmentFactor"],
    "CINplanDates": ["LAchildID", "CINdetailsID", "CINPlanStartDate", "CINPlanEndDate"],
    "Section47": ["LAchildID", "CINdetailsID", "S47ActualStartDate", "InitialCPCtarget", "DateOfInitialCPC",
                  "ICPCnotRequired"],
    "ChildProtectionPlans": ["LAchildID", "CINdetailsID", "CPPID", "CPPstartDate", "CPPendDate",
                             "InitialCategoryOfAbuse", "LatestCategoryOfAbuse", "NumberOfPreviousCPP"],
    "Reviews": ["LAchildID", "CINdetailsID", "CPPID", "CPPreviewDate"],
}
CIN_IDS = ("CINdetailsID", "AssessmentID", "CPPID")


def _cell(value: object, upper: bool) -> str | None:
    text = str(value).strip() if value is not None else ""
    return (text.upper() if upper else text) or None


def frame(columns: list[str], rows: Iterable[Mapping[str, object]], *, upper: bool = True) -> pl.DataFrame:
    """A table of strings: trimmed, upper-cased (codes are compared in capitals, as the DfE's tools do), blank as
    null, with `_row`."""
    data: dict[str, list] = {"_row": [], **{c: [] for c in columns}}
    for n, row in enumerate(rows):
        data["_row"].append(n)
        for c in columns:
            data[c].append(_cell(row.get(c), upper))
    return pl.DataFrame(data, schema={"_row": pl.Int64, **{c: pl.Utf8 for c in columns}})


def _cleaned(df: pl.DataFrame, columns: list[str], *, upper: bool = True) -> pl.DataFrame:
    """`frame()` for a table polars has read: the same cleaning, done column by column."""
    present = set(df.columns)
    cleaned = []
    for c in columns:
        e = pl.col(c).str.strip_chars() if c in present else pl.lit(None, dtype=pl.Utf8)
        e = e.str.to_uppercase() if upper else e
        cleaned.append(pl.when(e == "").then(None).otherwise(e).alias(c))
    return df.select(cleaned).with_row_index("_row").with_columns(pl.col("_row").cast(pl.Int64))


# --- SSDA903 -----------------------------------------------------------------------------------------------

def _table_of(header: Sequence[str]) -> str | None:
    cols = {h.strip().upper() for h in header if h.strip()}
    for name, columns in SSDA903_COLUMNS.items():
        if cols == set(columns):
            return name
    return None


def ssda903_from_rows(tables: Mapping[str, Iterable[Mapping[str, object]]], *, year: int, la_code: str = "",
                      last_year: Mapping[str, Iterable[Mapping[str, object]]] | None = None) -> Return:
    """From rows keyed by table (Safehold's file names or the DfE's table names), e.g. `ssda903.build()`."""
    frames = {}
    for name, rows in tables.items():
        table = SAFEHOLD_903_NAMES.get(name, name)
        frames[table] = frame(SSDA903_COLUMNS[table], rows)
    for name, rows in (last_year or {}).items():
        table = SAFEHOLD_903_NAMES.get(name, name)
        frames[f"{table}_last"] = frame(SSDA903_COLUMNS[table], rows)
    return Return(SSDA903, year, frames, la_code=la_code)


def read_903_csvs(folder: Path) -> tuple[dict[str, list[dict[str, str]]], list[str]]:
    """The CSV tables in `folder`, by DfE table name, and the files it could not place."""
    tables, unknown = {}, []
    for path in sorted(folder.glob("*.csv")):
        text = path.read_text(encoding="utf-8-sig", errors="replace")
        reader = csv.DictReader(io.StringIO(text))
        table = _table_of(reader.fieldnames or [])
        if table is None:
            unknown.append(path.name)
            continue
        tables[table] = [{k.strip().upper(): v for k, v in row.items() if k} for row in reader]
    return tables, unknown


def _read_903_csv(path: Path) -> tuple[str | None, pl.DataFrame | None]:
    """One CSV table read by polars (a county's files in milliseconds): its DfE table name and the table as
    `frame()` makes it. (None, None) where polars would not read it as the csv module does (a blank line, which
    the csv module and the sector's validator skip, or a file polars cannot parse): the caller reads it row by
    row instead."""
    data = path.read_bytes().removeprefix(b"\xef\xbb\xbf")
    if b"\n\n" in data or b"\n\r\n" in data:
        return None, None
    try:
        df = pl.read_csv(io.BytesIO(data), infer_schema=False, truncate_ragged_lines=True, encoding="utf8-lossy")
        table = _table_of(df.columns)
        if table is None:
            return None, None
        df = df.rename({c: c.strip().upper() for c in df.columns})  # a header named twice is refused here
        return table, _cleaned(df, SSDA903_COLUMNS[table])
    except pl.exceptions.PolarsError:
        return None, None


def _903_frames(folder: Path, suffix: str = "") -> dict[str, pl.DataFrame]:
    frames, slow = {}, []
    for path in sorted(Path(folder).glob("*.csv")):
        table, df = _read_903_csv(path)
        if table is None or df is None:
            slow.append(path)
        else:
            frames[f"{table}{suffix}"] = df
    if slow:
        with tempfile.TemporaryDirectory() as tmp:
            for path in slow:
                shutil.copy(path, Path(tmp) / path.name)
            for table, rows in read_903_csvs(Path(tmp))[0].items():
                frames[f"{table}{suffix}"] = frame(SSDA903_COLUMNS[table], rows)
    return frames


def ssda903_from_folder(folder: Path, *, year: int, la_code: str = "", last_year_folder: Path | None = None) -> Return:
    frames = _903_frames(Path(folder))
    if last_year_folder:
        frames.update(_903_frames(Path(last_year_folder), "_last"))
    return Return(SSDA903, year, frames, la_code=la_code)


# --- CIN census --------------------------------------------------------------------------------------------

def _text(node, tag: str) -> str | None:
    found = node.find(tag) if node is not None else None
    return found.text if found is not None else None


def cin_from_xml(content: bytes, *, year: int | None = None, first_review_only: bool = False) -> Return:
    """From a census XML file. The year is read from the header's ReferenceDate unless given.
    `first_review_only` reads only the first CPPreviewDate of each plan, as the sector's validator does (it is
    a difference of that tool, not of the DfE's rules: the schema allows any number of review dates), so the
    equivalence test can compare like with like."""
    root = SafeET.fromstring(content)
    rows: dict[str, list[dict]] = {name: [] for name in CIN_COLUMNS}
    header = root.find("Header")
    head: dict[str, str | None] = {}
    for tag in ("Collection", "Year", "ReferenceDate"):
        head[tag] = _text(header.find("CollectionDetails") if header is not None else None, tag)
    for tag in ("SourceLevel", "LEA", "SoftwareCode", "Release", "SerialNo", "DateTime"):
        head[tag] = _text(header.find("Source") if header is not None else None, tag)
    rows["Header"].append(head)
    children = root.find("Children")
    for child in (children.findall("Child") if children is not None else []):
        ident = child.find("ChildIdentifiers")
        ids = {c: _text(ident, c) for c in CIN_COLUMNS["ChildIdentifiers"]}
        la_id = ids["LAchildID"]
        rows["ChildIdentifiers"].append(ids)
        chars = child.find("ChildCharacteristics")
        rows["ChildCharacteristics"].append({"LAchildID": la_id, "Ethnicity": _text(chars, "Ethnicity")})
        disabilities = chars.find("Disabilities") if chars is not None else None
        for d in (list(disabilities) if disabilities is not None else []):
            rows["Disabilities"].append({"LAchildID": la_id, "Disability": d.text})
        for n, detail in enumerate(child.findall("CINdetails"), start=1):
            base = {"LAchildID": la_id, "CINdetailsID": str(n)}
            rows["CINdetails"].append({**base, **{c: _text(detail, c) for c in CIN_COLUMNS["CINdetails"][2:]}})
            for a, assessment in enumerate(detail.findall("Assessments"), start=1):
                ab = {**base, "AssessmentID": str(a)}
                rows["Assessments"].append({**ab, **{c: _text(assessment, c)
                                                     for c in CIN_COLUMNS["Assessments"][3:]}})
                factors = assessment.find("FactorsIdentifiedAtAssessment")
                for factor in (list(factors) if factors is not None else []):
                    rows["AssessmentFactorsList"].append({**ab, "AssessmentFactor": factor.text})
            for plan in detail.findall("CINPlanDates"):
                rows["CINplanDates"].append({**base, **{c: _text(plan, c) for c in CIN_COLUMNS["CINplanDates"][2:]}})
            for s47 in detail.findall("Section47"):
                rows["Section47"].append({**base, **{c: _text(s47, c) for c in CIN_COLUMNS["Section47"][2:]}})
            for p, plan in enumerate(detail.findall("ChildProtectionPlans"), start=1):
                pb = {**base, "CPPID": str(p)}
                rows["ChildProtectionPlans"].append({**pb, **{c: _text(plan, c)
                                                              for c in CIN_COLUMNS["ChildProtectionPlans"][3:]}})
                for reviews in plan.findall("Reviews"):
                    dates = reviews.findall("CPPreviewDate")
                    for review in (dates[:1] if first_review_only else dates):
                        rows["Reviews"].append({**pb, "CPPreviewDate": review.text})
    frames = {name: frame(CIN_COLUMNS[name], rows[name], upper=False) for name in CIN_COLUMNS}
    if year is None:
        reference = head.get("ReferenceDate") or ""
        year = int(reference[:4]) - 1 if reference[:4].isdigit() else 0
    return Return(CIN, year, frames)

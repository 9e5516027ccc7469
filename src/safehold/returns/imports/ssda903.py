"""`safehold import ssda903 DIR|FILE.xml [--year 2025-26]`: children looked after, from a folder of SSDA903
CSV tables laid out as ../shared/data/ssda903/ and ../shared/domain/ssda903.md 3.1 describe (dates
dd/mm/yyyy), or from the return's XML form (one EXPSSDA903 document, ../shared/data/ssda903/fake_903.xml),
which is read into the same tables first.

Loaded: header (the child), episodes (periods of care, placements and episodes: a period starts at
RNE S; RNE S, P, T, U and B start a new placement, L keeps it, ssda903.md 3.2), reviews, missing,
uasc, previous_permanence, placed_for_adoption, ad1, DoLo and sw_episodes (each social worker a return
names by SW_ID becomes a staff record without a login, marked imported, unless an account already has
that Social Work England number; the episodes become the child's allocation history). OC2 needs the
collection year, which the tables do not carry: given `year`, the episodes' dates are checked against
it and the answers load as that year's outcomes (care_planning.AnnualOutcomes); without it OC2 is not
loaded. Not loaded, and said so in the report: oc3 (the birthday check-ins) and, of OC2, TEETH_CHECK
and HEALTH_ASSESSMENT (the record reads them from dated checks, which the table does not carry).

Each child is one unit: a child with any refused row, in any table, is set aside whole with every
reason ("episodes.csv row 7: DECOM '31/02/2020' is not a date"). Everyone else loads in one
transaction; matching on the child's ID or UPN and on each event's date makes a rerun change nothing."""

from __future__ import annotations

import csv
import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING

from django.conf import settings
from django.utils import timezone
from tqdm import tqdm

from safehold.accounts import batch as staff_batch
from safehold.audit.actions import AuditAction
from safehold.care_planning import batch as planning_batch
from safehold.care_planning.codes import MissingKind, Participation, SDQReason
from safehold.care_planning.models import AnnualOutcomes, CLAReview, MissingEpisode
from safehold.casework import batch as casework_batch
from safehold.casework.models import Allocation, SWReason
from safehold.children_in_care import batch as care_batch
from safehold.children_in_care.codes import (
    ADOPTED,
    ADOPTERS_SEXES_FOR_STATUS,
    SINGLE_ADOPTER,
    AdoptersLegalStatus,
    AdoptersSex,
    AdoptionCeasedReason,
    LegalStatus,
    PlacementProvider,
    PlacementType,
    PreviousPermanence,
    ReasonEpisodeCeased,
    ReasonNewEpisode,
)
from safehold.children_in_care.models import (
    AdoptionMilestones,
    CareEpisode,
    DeprivationOfLibertyOrder,
    PeriodOfCare,
    UASCStatus,
)
from safehold.core.codes import Ethnicity, UPNUnknown
from safehold.core.uploads import file_problem
from safehold.family_help.codes import PrimaryNeed
from safehold.people import batch as people_batch
from safehold.people.models import Person
from safehold.people.validators import validate_person_id, validate_upn
from safehold.returns.ssda903 import COLUMNS

from ..years import CollectionYear
from .common import (
    ImportReport,
    audit_imported,
    check_code,
    import_user,
    load_all_or_nothing,
    parse_date,
)

# The codes the episode chain reads (ssda903.md 3.2): X1 keeps the child looked after; S starts a period.
X1 = ReasonEpisodeCeased.X1
S = ReasonNewEpisode.S

if TYPE_CHECKING:
    from safehold.accounts.models import User as Account
    from safehold.people.models import Person

DATE = ("%d/%m/%Y",)
SEX = {"1": "M", "2": "F", "M": "M", "F": "F", "U": "U"}  # ssda903.md 3.1 Header: 1/2 to 2023-24, M/F/U after
NEW_PLACEMENT = {"S", "P", "T", "U", "B"}
REQUIRED = {"header": ["CHILD", "SEX", "DOB", "ETHNIC", "UPN"],
            "episodes": ["CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC"]}
LOADED = ["header", "episodes", "reviews", "missing", "uasc", "previous_permanence", "placed_for_adoption", "ad1",
          "DoLo", "sw_episodes", "oc2"]
NOT_LOADED = {
    "oc3": "the birthday check-ins are not loaded from a return",
}
OC2_NEEDS_YEAR = ("the year's answers need the collection year, which the tables do not carry: give it "
                  "(--year 2025-26) to load them")
OC2_FROM_CHECKS = ("TEETH_CHECK and HEALTH_ASSESSMENT are not loaded: the record reads them from dated dental "
                   "checks and health assessments, which the table does not carry")
# OC2 0/1 columns and the AnnualOutcomes field each is kept in (returns/ssda903.py _oc2 reads them back).
OC2_FLAGS = {"CONVICTED": "convicted", "HEALTH_CHECK": "development_checks_up_to_date",
             "IMMUNISATIONS": "immunisations_up_to_date", "SUBSTANCE_MISUSE": "substance_misuse",
             "INTERVENTION_RECEIVED": "intervention_received", "INTERVENTION_OFFERED": "intervention_offered"}


def _read(folder: Path) -> tuple[dict[str, list[tuple[int, dict]]], list[str]]:
    tables: dict[str, list[tuple[int, dict]]] = {}
    problems = []

    for name in LOADED + list(NOT_LOADED):
        path = folder / f"{name}.csv"
        if path.exists() and file_problem(path):
            problems.append(f"{name}.csv: {file_problem(path)}")
            continue
        if not path.exists():
            if name in REQUIRED:
                problems.append(f"{name}.csv is missing")
            continue
        try:
            with path.open(newline="", encoding="utf-8-sig") as fh:
                reader = csv.DictReader(fh)
                missing = [c for c in REQUIRED.get(name, ["CHILD"]) if c not in (reader.fieldnames or [])]
                if missing:
                    problems.append(f"{name}.csv has no column {', '.join(missing)}")
                    continue
                rows = []
                for n, row in enumerate(reader, start=2):
                    if n > settings.SAFEHOLD_IMPORT_MAX_ROWS + 1:
                        problems.append(f"{name}.csv has more than {settings.SAFEHOLD_IMPORT_MAX_ROWS:,} rows")
                        break
                    if None in row:  # more fields than the header
                        problems.append(f"{name}.csv row {n} has more fields than the header has columns")
                    elif any(v is None for v in row.values()):  # fewer: a row cut short is refused, not loaded
                        problems.append(f"{name}.csv row {n} has fewer fields than the header has columns: "
                                        "is it cut short?")
                    elif any("\x00" in v for v in row.values()):
                        problems.append(f"{name}.csv row {n} contains a NUL byte, which cannot be stored")
                    rows.append((n, {k: (v or "").strip() for k, v in row.items() if k}))
                tables[name] = rows
        except (UnicodeDecodeError, csv.Error) as exc:
            problems.append(f"{name}.csv cannot be read as CSV: {exc}")
    return tables, problems


# The XML form (ssda903.md 3: "XML or CSVs"; ../shared/data/ssda903/fake_903.xml): one CHILD per child with
# a HEADER holding the header's items, the items of UASC, OC3 and AD1, and an element per row of the other
# tables; the episodes are EPISODE elements beside it. Read as data-to-insight's validator reads it
# (lac_validator/ingress.py read_xml_from_text): CHILDID is CHILD and PL is PLACE.
XML_RENAME = {"CHILDID": "CHILD", "PL": "PLACE"}
XML_ROWS = {"AREVIEW": "reviews", "AMISSING": "missing", "OC2": "oc2", "PERMANENCE": "previous_permanence",
            "AD_PLACED": "placed_for_adoption"}
XML_HEADER_TABLES = {"uasc": "UASC", "oc3": "IN_TOUCH", "ad1": "DATE_INT"}  # a table, the item that marks its row


def _leaves(node) -> dict[str, str]:
    return {XML_RENAME.get(n.tag, n.tag): (n.text or "").strip() for n in node
            if isinstance(n.tag, str) and len(n) == 0}


def _read_xml(path: Path, report: ImportReport) -> tuple[dict[str, list[tuple[int, dict]]], list[str]]:
    """The XML form read into the tables the CSV folder gives, each row numbered by its line in the file.
    Parsed without entities, DTDs or network access; a document with a DOCTYPE is refused."""
    from lxml import etree  # noqa: PLC0415

    if problem := file_problem(path):
        return {}, [problem]
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
                             huge_tree=False, remove_comments=True, remove_pis=True)
    try:
        tree = etree.parse(str(path), parser)
    except etree.XMLSyntaxError as exc:
        return {}, [f"line {exc.lineno}: the file cannot be read as XML: {exc.msg}"]
    if tree.docinfo.doctype:
        return {}, ["the file declares a DOCTYPE (a DTD or entities), which an import does not accept"]
    root = tree.getroot()
    if root.tag != "EXPSSDA903":
        return {}, [f"the file's root element is {root.tag}, not EXPSSDA903 (the SSDA903's XML form)"]

    tables: dict[str, list[tuple[int, dict]]] = defaultdict(list)
    not_read: Counter = Counter()

    def add(name: str, line: int, values: dict) -> None:
        tables[name].append((line, {col: values.get(col, "") for col in COLUMNS[name]}))

    children = root.findall("CHILD")
    if len(children) > settings.SAFEHOLD_IMPORT_MAX_ROWS:
        return {}, [f"the file has more than {settings.SAFEHOLD_IMPORT_MAX_ROWS:,} children"]
    for child in children:
        header = child.find("HEADER")
        if header is None:
            return {}, [f"line {child.sourceline}: a CHILD has no HEADER"]
        h = _leaves(header)
        base = {"CHILD": h.get("CHILD", ""), "DOB": h.get("DOB", ""), "SEX": h.get("SEX", "")}
        add("header", header.sourceline, h)
        for name, marker in XML_HEADER_TABLES.items():
            if h.get(marker) and not (name == "uasc" and h[marker] == "0"):
                add(name, header.sourceline, h)
        for node in header:
            if not isinstance(node.tag, str) or len(node) == 0:
                continue
            if node.tag in XML_ROWS:
                add(XML_ROWS[node.tag], node.sourceline, {**base, **_leaves(node)})
            else:
                not_read[node.tag] += 1
        for node in child:
            if isinstance(node.tag, str) and node.tag == "EPISODE":
                add("episodes", node.sourceline, {**base, **_leaves(node)})
            elif isinstance(node.tag, str) and node.tag != "HEADER":
                not_read[node.tag] += 1
    for tag, n in sorted(not_read.items()):
        report.skipped.append(f"{tag} ({n} elements) not read: not an element of the SSDA903's XML form "
                              "Safehold knows")
    if not tables.get("header"):
        return {}, ["the file holds no CHILD"]
    return dict(tables), []


class ChildRows:
    """One child's rows across the tables, parsed, with every problem found."""

    def __init__(self, child_id: str, label=None):
        self.child_id = child_id
        self.label = label or csv_label
        self.header: dict | None = None
        self.where = ""
        self.problems: list[str] = []
        self.episodes: list[dict] = []
        self.reviews: list[dict] = []
        self.missing: list[dict] = []
        self.uasc: dict | None = None
        self.prev_perm: dict | None = None
        self.placed: dict | None = None
        self.ad1: dict | None = None
        self.dolo: list[dict] = []
        self.sw: list[dict] = []
        self.oc2: dict | None = None
        self.person: Person | None = None  # the person on the record, when matched

    def problem(self, table: str, row: int, text: str) -> None:
        self.problems.append(f"{self.label(table, row)}: {text}")


def csv_label(table: str, row: int) -> str:
    return f"{table}.csv row {row}"


def xml_label(table: str, row: int) -> str:
    return f"{table} (line {row})"


def _header_row(c: ChildRows, n: int, row: dict) -> list[str]:
    """The child: ID, sex, date of birth, ethnicity and UPN (or the reason there is none); once only."""
    p: list[str] = []
    if c.header is not None:
        return [f"CHILD {row['CHILD']} is in the header twice"]
    try:
        validate_person_id(row["CHILD"])
    except Exception:  # noqa: BLE001
        p.append(f"CHILD {row['CHILD']!r} is not 1 to 20 letters or digits")
    sex = SEX.get(row["SEX"], "")
    if not sex:
        p.append(f"SEX {row['SEX']!r} is not 1, 2, M, F or U")
    dob = parse_date(row["DOB"], "DOB", p, formats=DATE)
    if dob is None and not row["DOB"]:
        p.append("DOB is missing")
    ethnicity = check_code(row["ETHNIC"], Ethnicity.values, "ETHNIC", p, required=True)
    upn, unknown = row["UPN"].upper(), ""
    if upn in UPNUnknown.values:
        upn, unknown = "", upn
    elif upn:
        try:
            validate_upn(upn)
        except Exception as exc:  # noqa: BLE001
            p.append(f"UPN {upn!r}: {getattr(exc, 'messages', [str(exc)])[0]}")
    c.header = {"sex": sex or "U", "dob": dob, "ethnicity": ethnicity, "upn": upn, "upn_unknown": unknown}
    c.where = c.label("header", n)
    return p


def _episode_row(c: ChildRows, n: int, row: dict) -> list[str]:
    """An episode of care: its start, reason, legal status, need, placement and provider, and its end."""
    p: list[str] = []
    e = {"row": n,
         "start": parse_date(row["DECOM"], "DECOM", p, formats=DATE),
         "rne": check_code(row["RNE"], ReasonNewEpisode.values, "RNE", p, required=True),
         "ls": check_code(row["LS"], LegalStatus.values, "LS", p, required=True),
         "cin": check_code(row["CIN"], PrimaryNeed.values, "CIN", p, required=True),
         "place": check_code(row["PLACE"], PlacementType.values, "PLACE", p, required=True),
         "provider": check_code(row["PLACE_PROVIDER"], PlacementProvider.values, "PLACE_PROVIDER", p),
         "end": parse_date(row["DEC"], "DEC", p, formats=DATE),
         "rec": check_code(row["REC"], ReasonEpisodeCeased.values, "REC", p),
         "change": row.get("REASON_PLACE_CHANGE", ""), "home_post": row.get("HOME_POST", ""),
         "pl_post": row.get("PL_POST", ""), "urn": row.get("URN", "")}
    if e["start"] is None and not row["DECOM"]:
        p.append("DECOM is missing")
    if bool(e["end"]) != bool(e["rec"]):
        p.append("DEC and REC must both be given or both be blank (rule 148)")
    if e["start"] and e["end"] and e["end"] < e["start"]:
        p.append(f"DEC {row['DEC']} is before DECOM {row['DECOM']}")
    if e["cin"] in (PrimaryNeed.N0, PrimaryNeed.N9):
        p.append(f"CIN {e['cin']!r}: the SSDA903 category of need is N1 to N8")
    c.episodes.append(e)
    return p


def _review_row(c: ChildRows, n: int, row: dict) -> list[str]:
    """A looked after review on a day, and how the child took part."""
    p: list[str] = []
    day = parse_date(row.get("REVIEW"), "REVIEW", p, formats=DATE)
    code = check_code(row.get("REVIEW_CODE", ""), Participation.values, "REVIEW_CODE", p, required=bool(day))
    if day:
        c.reviews.append({"row": n, "day": day, "code": code})
    return p


def _missing_row(c: ChildRows, n: int, row: dict) -> list[str]:
    """A missing or away from placement episode, from its start to its end."""
    p: list[str] = []
    start = parse_date(row.get("MIS_START"), "MIS_START", p, formats=DATE)
    end = parse_date(row.get("MIS_END"), "MIS_END", p, formats=DATE)
    kind = check_code(row.get("MISSING", ""), MissingKind.values, "MISSING", p, required=True)
    if start is None and not p:
        p.append("MIS_START is missing")
    if start and end and end < start:
        p.append("MIS_END is before MIS_START")
    c.missing.append({"row": n, "start": start, "end": end, "kind": kind})
    return p


def _uasc_row(c: ChildRows, n: int, row: dict) -> list[str]:
    """The day the child ceased to be an unaccompanied asylum-seeking child."""
    p: list[str] = []
    c.uasc = {"ceased": parse_date(row.get("DUC"), "DUC", p, formats=DATE)}
    return p


def _previous_permanence_row(c: ChildRows, n: int, row: dict) -> list[str]:
    """The order that ended the child's previous permanence (rule 635: Z1 has no LA or date)."""
    p: list[str] = []
    code = check_code(row.get("PREV_PERM", ""), PreviousPermanence.values, "PREV_PERM", p)
    c.prev_perm = {"code": code, "la": row.get("LA_PERM", ""), "date": row.get("DATE_PERM", "")}
    if code == PlacementType.Z1 and (c.prev_perm["la"] or c.prev_perm["date"]):
        p.append("PREV_PERM Z1 (no previous order) has an LA or a date (rule 635)")
    return p


def _placed_for_adoption_row(c: ChildRows, n: int, row: dict) -> list[str]:
    """Placed for adoption, and when and why that ceased."""
    p: list[str] = []
    c.placed = {"placed": parse_date(row.get("DATE_PLACED"), "DATE_PLACED", p, formats=DATE),
                "ceased": parse_date(row.get("DATE_PLACED_CEASED"), "DATE_PLACED_CEASED", p, formats=DATE),
                "reason": check_code(row.get("REASON_PLACED_CEASED", ""), AdoptionCeasedReason.values,
                                     "REASON_PLACED_CEASED", p)}
    return p


def _ad1_row(c: ChildRows, n: int, row: dict) -> list[str]:
    """The adoption decision, the match and the adopters (rules 511, 514, 517 to 520, 524)."""
    p: list[str] = []
    sex = check_code(row.get("SEX_ADOPTR", ""), AdoptersSex.values, "SEX_ADOPTR", p)
    status = check_code(row.get("LS_ADOPTR", ""), AdoptersLegalStatus.values, "LS_ADOPTR", p)
    foster = check_code(row.get("FOSTER_CARE", ""), ["0", "1"], "FOSTER_CARE", p)
    number = check_code(row.get("NB_ADOPTR", ""), ["1", "2"], "NB_ADOPTR", p)
    if sex and status and sex not in ADOPTERS_SEXES_FOR_STATUS[status]:
        p.append(f"LS_ADOPTR {status} does not fit SEX_ADOPTR {sex} (rules 514, 517 to 520, 524)")
    if sex and number and number != ("1" if sex in SINGLE_ADOPTER else "2"):
        p.append(f"NB_ADOPTR {number} does not fit SEX_ADOPTR {sex} (rule 511)")
    c.ad1 = {"decided": parse_date(row.get("DATE_INT"), "DATE_INT", p, formats=DATE),
             "matched": parse_date(row.get("DATE_MATCH"), "DATE_MATCH", p, formats=DATE),
             "foster": {"1": True, "0": False}.get(foster), "sex": sex, "status": status}
    return p


def _dolo_row(c: ChildRows, n: int, row: dict) -> list[str]:
    """A deprivation of liberty order, from its start to its end (rule 701)."""
    p: list[str] = []
    start = parse_date(row.get("DOLO_START"), "DOLO_START", p, formats=DATE)
    end = parse_date(row.get("DOLO_END"), "DOLO_END", p, formats=DATE)
    if start and end and end < start:
        p.append("DOLO_END is before DOLO_START (rule 701)")
    if start:
        c.dolo.append({"start": start, "end": end})
    return p


def _sw_episode_row(c: ChildRows, n: int, row: dict) -> list[str]:
    """The child's social worker (SW_ID) from a day, to a day, and why it changed."""
    p: list[str] = []
    sw_id = row.get("SW_ID", "")
    if not sw_id:
        p.append("SW_ID is missing")
    elif len(sw_id) > 20 or not sw_id.isalnum():
        p.append(f"SW_ID {sw_id!r} is not 1 to 20 letters or digits")
    start = parse_date(row.get("SW_DECOM"), "SW_DECOM", p, formats=DATE)
    end = parse_date(row.get("SW_DEC"), "SW_DEC", p, formats=DATE)
    if start is None and not row.get("SW_DECOM"):
        p.append("SW_DECOM is missing")
    if start and end and end < start:
        p.append("SW_DEC is before SW_DECOM")
    reason = check_code(row.get("SW_REASON", ""), SWReason.values, "SW_REASON", p)
    c.sw.append({"row": n, "id": sw_id, "start": start, "end": end, "reason": reason})
    return p


def _oc2_row(c: ChildRows, n: int, row: dict) -> list[str]:
    """The year's outcomes (OC2): the SDQ and the health and offending flags; one row a child."""
    p: list[str] = []
    score, sdq = row.get("SDQ_SCORE", ""), None
    if score:
        if score.isdigit() and int(score) <= 40:
            sdq = int(score)
        else:
            p.append(f"SDQ_SCORE {score!r} is not a score from 0 to 40")
    answers = {"sdq_score": sdq,
               "sdq_reason": check_code(row.get("SDQ_REASON", ""), SDQReason.values, "SDQ_REASON", p)}
    for column, attr in OC2_FLAGS.items():
        answers[attr] = {"1": True, "0": False}.get(check_code(row.get(column, ""), ["0", "1"], column, p))
    if c.oc2 is not None:
        p.append("the child has a second OC2 row")
    c.oc2 = answers
    return p


# Each table's rows, in the order they are read (the header first: it names the child).
_TABLE_READERS = {
    "header": _header_row,
    "episodes": _episode_row,
    "reviews": _review_row,
    "missing": _missing_row,
    "uasc": _uasc_row,
    "previous_permanence": _previous_permanence_row,
    "placed_for_adoption": _placed_for_adoption_row,
    "ad1": _ad1_row,
    "DoLo": _dolo_row,
    "sw_episodes": _sw_episode_row,
    "oc2": _oc2_row,
}


def _parse(tables, label=csv_label) -> dict[str, ChildRows]:
    """Every row of every table, read into its child's rows; each problem is kept against its table and row."""
    children: dict[str, ChildRows] = {}
    for table, read in _TABLE_READERS.items():
        for n, row in tables.get(table, []):
            c = children.setdefault(row["CHILD"], ChildRows(row["CHILD"], label))
            for text in read(c, n, row):
                c.problem(table, n, text)
    return children


def _year_problems(tables, year: CollectionYear, label) -> list[str]:
    """Whether the episodes fit the collection year given: none may start or end after its 31 March
    (the return is made at the year end), and at least one must be open in it."""
    late, in_year, latest = [], False, None
    for n, row in tables.get("episodes", []):
        days: dict[str, dt.date | None] = {}
        for column in ("DECOM", "DEC"):
            try:
                days[column] = dt.datetime.strptime(row.get(column, ""), DATE[0]).date()
            except ValueError:
                days[column] = None  # blank or not a date: the child's own check says so
        for column, day in days.items():
            if day and day > year.end:
                late.append(f"{label('episodes', n)} {column} {day:%d/%m/%Y}")
        if days["DECOM"] and days["DECOM"] <= year.end and (days["DEC"] is None or days["DEC"] >= year.start):
            in_year = True
        latest = max(filter(None, [latest, days["DEC"] or days["DECOM"]]), default=None)
    span = f"{year.label} (1 April {year.start.year} to 31 March {year.end.year})"
    if late:
        more = f" and {len(late) - 5} more" if len(late) > 5 else ""
        return [f"The episodes do not fit {span}: dated after its end are " + "; ".join(late[:5]) + more
                + ". Give the year the return was made for (--year)."]
    if tables.get("episodes") and not in_year:
        return [f"The episodes do not fit {span}: none is open in it (the latest date is "
                f"{latest:%d/%m/%Y}). Give the year the return was made for (--year)."]
    return []


def _check_episodes(c: ChildRows) -> None:
    """Episodes in order, without gaps inside a period or overlaps (ssda903.md 3.2, rules 143-148), and
    at most one missing episode still open."""
    open_missing = [m for m in c.missing if m["start"] and m["end"] is None]
    for m in open_missing[1:]:
        c.problem("missing", m["row"], "a second missing episode is open (no MIS_END)")
    open_sw = [s for s in c.sw if s["start"] and s["end"] is None]
    for s in open_sw[1:]:
        c.problem("sw_episodes", s["row"], "a second social worker episode is open (no SW_DEC)")
    eps = sorted([e for e in c.episodes if e["start"]], key=lambda e: e["start"])
    for prev, e in pairwise(eps):
        if prev["end"] is None:
            c.problem("episodes", prev["row"], f"the episode from {prev['start']:%d/%m/%Y} is open, yet another starts "
                                               f"on {e['start']:%d/%m/%Y} (one open episode at a time)")
        elif prev["end"] > e["start"]:
            c.problem("episodes", e["row"], "the episode overlaps the one before")
        elif prev["rec"] == X1 and e["rne"] == S:
            c.problem("episodes", e["row"], "the episode before ended with X1 (still looked after), so this one cannot "
                                            "start a new period (RNE S)")
        elif prev["rec"] == X1 and prev["end"] != e["start"]:
            c.problem("episodes", e["row"], "the episode before ended with X1 (still looked after) on "
                                            f"{prev['end']:%d/%m/%Y}, but this one starts on {e['start']:%d/%m/%Y}")
        elif prev["rec"] != X1 and e["rne"] != S:
            c.problem("episodes", e["row"], f"the child left care ({prev['rec']}), so this episode must start a new "
                                            "period (RNE S)")
    if eps and eps[-1]["end"] and eps[-1]["rec"] == X1:
        c.problem("episodes", eps[-1]["row"], "the last episode ended with X1 (still looked after) and no episode "
                                              "follows it")


def run(folder: Path, *, progress: bool = True, year: CollectionYear | None = None) -> ImportReport:
    """Import a folder of CSV tables or the XML form (a file). `year`, the collection year the return was
    made for, is checked against the episodes and lets OC2 load."""
    report = ImportReport(source=f"SSDA903 {folder.name}")
    xml = folder.is_file() and folder.suffix.lower() == ".xml"
    whole, label = ("the file", xml_label) if xml else ("the folder", csv_label)
    if not xml and not folder.is_dir():
        report.refuse("the folder", "", [f"{folder} is neither a folder of CSV tables nor an XML file"])
        return report
    tables, fatal = _read_xml(folder, report) if xml else _read(folder)
    if not fatal and year is not None:
        fatal = _year_problems(tables, year, label)
    if fatal:
        report.refuse(whole, "", fatal)
        return report
    children = _parse(tables, label)
    accepted = []
    upn_of: dict[str, str] = {}
    for c in children.values():
        upn = (c.header or {}).get("upn")
        if upn and upn in upn_of:
            c.problems.append(f"UPN {upn} is also given to child {upn_of[upn]} in the header")
        elif upn:
            upn_of[upn] = c.child_id
        if c.header is None:
            rows = sorted({p.split(":")[0] for p in c.problems} | {label("episodes", e["row"]) for e in c.episodes})
            c.problems.insert(0, "the child is not in the header table")
            report.refuse(rows[0] if rows else "a table", c.child_id, c.problems)
            continue
        _check_episodes(c)
        if c.problems:
            report.refuse(c.where, c.child_id, c.problems)
        else:
            accepted.append(c)
    for name, why in NOT_LOADED.items():
        if tables.get(name):
            report.skipped.append(f"{name} ({len(tables[name])} rows) not loaded: {why}")
    if tables.get("oc2"):
        report.skipped.append(f"oc2 ({len(tables['oc2'])} rows) not loaded: {OC2_NEEDS_YEAR}" if year is None
                              else f"oc2: {OC2_FROM_CHECKS}")
    accepted = _match(accepted, report)
    load_all_or_nothing(report, [c for c in accepted if c.person is None], [c for c in accepted if c.person],
                        lambda items, part: _load(items, part, progress and len(items) > 1, year),
                        lambda c: (c.where, c.child_id), whole=whole)
    return report


def _match(accepted: list[ChildRows], report: ImportReport) -> list[ChildRows]:
    """The person on the record for each child (by CHILD as the person ID, then UPN); a child matching a
    merged record, or the same person as another child in the tables, is refused."""
    ids = [c.child_id for c in accepted]
    upns = [c.header["upn"] for c in accepted if c.header and c.header["upn"]]
    existing, by_upn = {}, {}
    for i in range(0, len(ids), 900):
        existing.update({p.person_id: p for p in Person.objects.filter(person_id__in=ids[i:i + 900])})
    for i in range(0, len(upns), 900):
        by_upn.update({p.upn: p for p in Person.objects.filter(upn__in=upns[i:i + 900])})
    taken: dict[int, str] = {}
    keep = []
    for c in accepted:
        assert c.header is not None  # a child missing from the header table was refused before
        person = existing.get(c.child_id) or (by_upn.get(c.header["upn"]) if c.header["upn"] else None)
        c.person = person
        if person is not None and person.merged_into_id:
            report.refuse(c.where, c.child_id, [f"{person.person_id} on the record was merged into another record: "
                                                "import it under that record's ID"])
        elif person is not None and person.pk in taken:
            report.refuse(c.where, c.child_id, [f"This child and {taken[person.pk]} in the tables are one person on "
                                                f"the record ({person.person_id}, matched by ID or UPN)"])
        else:
            if person is not None:
                taken[person.pk] = c.child_id
            keep.append(c)
    return keep


@dataclass
class _Held:
    """What the record already holds for the children in the tables, to match the tables' rows against."""

    periods: dict[tuple[int, dt.date], PeriodOfCare]
    periods_by_person: dict[int, list[PeriodOfCare]]
    episodes: dict[int, dict]  # by period, then start date: for bringing a matched period up to date
    reviews: set[tuple[int, dt.date]]
    reviews_by_period: dict[int, int]  # how many reviews each period of care holds
    missing: set[tuple[int, dt.date]]
    uasc: set[int]
    adoption: set[int]
    dolo: set[tuple[int, dt.date]]

    @classmethod
    def read(cls, pks: list[int]) -> _Held:
        periods = {(p.person_id, p.start_date): p for p in PeriodOfCare.objects.filter(person_id__in=pks)}
        by_person: dict[int, list] = defaultdict(list)
        for (pk, _), p in periods.items():
            by_person[pk].append(p)
        episodes: dict[int, dict] = defaultdict(dict)
        for e in CareEpisode.objects.filter(person_id__in=pks).select_related("placement"):
            episodes[e.period_id][e.start_date] = e
        return cls(
            periods=periods, periods_by_person=by_person, episodes=episodes,
            reviews=set(CLAReview.objects.filter(person_id__in=pks).values_list("person_id", "review_date")),
            reviews_by_period=planning_batch.reviews_held(pks),
            missing={(pid, timezone.localtime(at).date()) for pid, at in
                     MissingEpisode.objects.filter(person_id__in=pks).values_list("person_id", "started_at")},
            uasc=set(UASCStatus.objects.filter(person_id__in=pks).values_list("person_id", flat=True)),
            adoption=set(AdoptionMilestones.objects.filter(person_id__in=pks).values_list("person_id", flat=True)),
            dolo=set(DeprivationOfLibertyOrder.objects.filter(person_id__in=pks).values_list("person_id",
                                                                                              "start_date")))


def _load_people(accepted: list[ChildRows], report: ImportReport, by) -> tuple[dict[str, Person], list[Person]]:
    """Each child in the tables with the person they are on the record, creating those the record has not met."""
    people: dict[str, Person] = {}
    new_people = []
    for c in accepted:
        h = c.header
        assert h is not None  # a child missing from the header table was refused before
        person = c.person
        if person is None:
            person = people_batch.imported_person(c.child_id, by=by, sex=h["sex"], ethnicity=h["ethnicity"],
                                                  dob=h["dob"], upn=h["upn"], upn_unknown=h["upn_unknown"])
            new_people.append(person)
        else:
            report.matched["children"] += 1
        people[c.child_id] = person
    people_batch.people_add(new_people)
    report.created["children"] += len(new_people)
    return people, new_people


def _chains(episodes: list[dict]) -> list[list[dict]]:
    """The child's episodes in date order, cut into periods of care: a new period starts at each RNE S."""
    chains: list[list[dict]] = []
    chain: list[dict] = []
    for e in sorted(episodes, key=lambda e: e["start"]):
        if e["rne"] == S and chain:
            chains.append(chain)
            chain = []
        chain.append(e)
    if chain:
        chains.append(chain)
    return chains


def _load_period(c: ChildRows, person: Person, chain: list[dict], *, last_chain: bool, held: _Held,
                 report: ImportReport, by, note) -> PeriodOfCare:
    """One period of care from its chain of episodes: the record's own brought up to date where it holds it,
    else a new period with its placements (one from each episode that starts one) and episodes."""
    first, last = chain[0], chain[-1]
    left = last["end"] if last["rec"] and last["rec"] != X1 else None
    period = held.periods.get((person.pk, first["start"])) or _covering_period(
        held.periods_by_person[person.pk], first["start"])
    if period is not None:
        report.matched["periods of care"] += 1
        _bring_up_to_date(period, chain, left, held.episodes[period.pk], report=report, by=by, note=note)
        return period
    if first["rne"] != S:
        report.notes.append(f"Child {c.child_id}: the period of care began before the tables' first episode "
                            f"({first['start']:%d/%m/%Y}); its start is taken from that episode: correct it "
                            "from the source system")
    period = care_batch.period_start_imported(person, start=first["start"], left=left,
                                              reason_ended=last["rec"], by=by)
    report.created["periods of care"] += 1
    note(person, period.start_date, "care_started", "Became looked after (imported from the SSDA903)", period)
    placement = None
    for i, e in enumerate(chain):
        if placement is None or e["rne"] in NEW_PLACEMENT:
            ends = next((x for x in chain[i + 1:] if x["rne"] in NEW_PLACEMENT), None)
            end_of_placement = ends["start"] if ends else left
            placement = care_batch.placement_start_imported(
                person, period, **_placement_fields(e), end=end_of_placement,
                change_reason=_change_reason(chain, i), by=by)
            report.created["placements"] += 1
        care_batch.episode_add_imported(person, period, placement, **_episode_fields(e))
        report.created["episodes"] += 1
    if left:
        note(person, left, "care_ended", f"Left care ({last['rec']}, imported)", period)
    if c.prev_perm and first["rne"] == S and last_chain:
        care_batch.period_previous_permanence(period, code=c.prev_perm["code"], la=c.prev_perm["la"][:9],
                                              date=c.prev_perm["date"][:10])
    return period


def _period_on(periods: list[PeriodOfCare], day: dt.date) -> PeriodOfCare | None:
    return next((p for p in periods if p.start_date <= day and (p.end_date is None or day <= p.end_date)), None)


def _reviews_of(c: ChildRows, person: Person, periods: list[PeriodOfCare], held: _Held, report: ImportReport,
                by) -> list:
    """The child's reviews the record lacks, each numbered within its period of care."""
    reviews = []
    sequences: dict[int, int] = {}
    for r in sorted(c.reviews, key=lambda r: r["day"]):
        if (person.pk, r["day"]) in held.reviews:
            report.matched["reviews"] += 1
            continue
        period = _period_on(periods, r["day"])
        if period is None:
            report.notes.append(f"Child {c.child_id}: the review of {r['day']:%d/%m/%Y} falls outside every "
                                "period of care in the tables: not loaded")
            continue
        if period.pk not in sequences:
            sequences[period.pk] = held.reviews_by_period.get(period.pk, 0)
        sequences[period.pk] += 1
        reviews.append(planning_batch.imported_review(person, period, day=r["day"], participation=r["code"],
                                                      sequence=sequences[period.pk], by=by))
    return reviews


def _missing_of(c: ChildRows, person: Person, periods: list[PeriodOfCare], held: _Held, report: ImportReport,
                by) -> list:
    missing = []
    for m in c.missing:
        if (person.pk, m["start"]) in held.missing:
            report.matched["missing episodes"] += 1
            continue
        missing.append(planning_batch.imported_missing(person, _period_on(periods, m["start"]), kind=m["kind"],
                                                       start=m["start"], end=m["end"], by=by))
    return missing


def _load_status_records(c: ChildRows, person: Person, held: _Held, report: ImportReport, by) -> None:
    """UASC status, adoption milestones and deprivation of liberty orders the record lacks."""
    if c.uasc is not None and person.pk not in held.uasc:
        care_batch.uasc_add_imported(person, ceased=c.uasc["ceased"])
        report.created["UASC statuses"] += 1
    if (c.placed or c.ad1) and person.pk not in held.adoption:
        adopted = next((e["end"] for e in c.episodes if e["rec"] in ADOPTED), None)
        placed, ad1 = c.placed or {}, c.ad1 or {}
        care_batch.adoption_add_imported(
            person, should_be_placed_on=placed.get("placed") or ad1.get("decided"),
            matched_on=ad1.get("matched"), adopted_on=adopted,
            by_former_foster_carers=ad1.get("foster"), adopters_sex=ad1.get("sex", ""),
            adopters_legal_status=ad1.get("status", ""),
            no_longer_placed_on=placed.get("ceased"), no_longer_reason=placed.get("reason", ""))
        report.created["adoption records"] += 1
    for d in c.dolo:
        if (person.pk, d["start"]) in held.dolo:
            continue
        care_batch.dolo_add_imported(person, start=d["start"], end=d["end"], by=by)
        report.created["deprivation of liberty orders"] += 1


def _load(accepted: list[ChildRows], report: ImportReport, progress: bool,
          year: CollectionYear | None = None) -> None:
    """Load the accepted children through the batch-load modules of the apps that own the rows: people, then
    each period of care with its placements and episodes, then reviews, missing episodes, status records,
    social workers and (with the year) OC2 outcomes, skipping whatever the record already has."""
    by = import_user()
    people, new_people = _load_people(accepted, report, by)
    held = _Held.read([p.pk for p in people.values()])
    chronology = people_batch.ChronologyBatch(by=by)
    touched: set[int] = set()
    periods_of: dict[str, list[PeriodOfCare]] = defaultdict(list)
    for c in tqdm(accepted, desc="Periods of care", unit=" children", disable=not progress):
        chains = _chains(c.episodes)
        for n, chain in enumerate(chains, start=1):
            periods_of[c.child_id].append(_load_period(c, people[c.child_id], chain, last_chain=n == len(chains),
                                                       held=held, report=report, by=by, note=chronology.note))
    reviews, missing = [], []
    for c in accepted:
        person = people[c.child_id]
        reviews += _reviews_of(c, person, periods_of[c.child_id], held, report, by)
        missing += _missing_of(c, person, periods_of[c.child_id], held, report, by)
        _load_status_records(c, person, held, report, by)
    _load_social_workers(accepted, people, report, by, touched)
    if year is not None:
        _load_oc2(accepted, people, report, by, year, touched)
    planning_batch.reviews_add(reviews)
    planning_batch.missing_add(missing)
    report.created["reviews"] += len(reviews)
    report.created["missing episodes"] += len(missing)
    touched.update(p.pk for p in new_people)
    touched.update(r.person_id for r in reviews)
    touched.update(chronology.touched)
    chronology.save()
    audit_imported(by=by, action=AuditAction.IMPORT_SSDA903, source=report.source, person_ids=touched)


def _covering_period(periods, day: dt.date):
    """The period of care on the record (among the child's `periods`) that `day` falls in: a later year's
    tables start part-way through a period an earlier year's tables brought (their first episode is not
    RNE S)."""
    covering = [p for p in periods if p.start_date <= day and (p.end_date is None or p.end_date >= day)]
    return max(covering, key=lambda p: p.start_date) if covering else None


def _bring_up_to_date(period, chain: list[dict], left: dt.date | None, held: dict, *, report: ImportReport, by,
                      note) -> None:
    """A period of care already on the record, in a later year's tables: the episodes it does not have
    yet are added (with a new placement where the episode starts one), an episode the record holds
    open is ended as the tables end it, and the period is closed if the child left care. Episodes are
    matched by their start date, so a rerun changes nothing."""
    current = max(held.values(), key=lambda e: e.start_date).placement if held else None
    for i, e in enumerate(chain):
        episode = held.get(e["start"])
        if episode is not None:
            if episode.end_date is None and e["end"]:
                care_batch.episode_ended_since(episode, end=e["end"], reason_ended=e["rec"])
                report.created["episodes ended"] += 1
            current = episode.placement
            _keep_change_reason(current, e)
            continue
        if e["start"] < period.start_date:
            continue  # before the period as the record holds it: the earlier tables decided its start
        if current is None or e["rne"] in NEW_PLACEMENT:
            if current is not None and current.end_date is None:
                care_batch.placement_ended_since(current, end=e["start"])
            ends = next((x for x in chain[i + 1:] if x["rne"] in NEW_PLACEMENT), None)
            current = care_batch.placement_start_imported(
                period.person, period, **_placement_fields(e), end=ends["start"] if ends else left,
                change_reason=_change_reason(chain, i), by=by)
            report.created["placements"] += 1
        care_batch.episode_add_imported(period.person, period, current, **_episode_fields(e))
        report.created["episodes"] += 1
        _keep_change_reason(current, e)
    if left and period.end_date is None:
        care_batch.period_ended_since(period, left=left, reason_ended=chain[-1]["rec"])
        if current is not None and current.end_date is None:
            care_batch.placement_ended_since(current, end=left)
        report.created["periods of care closed"] += 1
        note(period.person, left, "care_ended", f"Left care ({chain[-1]['rec']}, imported)", period)


def _keep_change_reason(placement, e: dict) -> None:
    """The move that ended a placement the record already holds (REASON_PLACE_CHANGE on its last episode)."""
    care_batch.placement_change_reason_since(placement, reason=(e["change"] or "")[:6])


def _change_reason(chain: list[dict], i: int) -> str:
    """REASON_PLACE_CHANGE is given on the episode that ends a placement; the record keeps it on the
    placement that ended (the export writes it back on that placement's last episode)."""
    for e in chain[i:]:
        if e["change"]:
            return e["change"][:6]
        nxt = chain[chain.index(e) + 1] if chain.index(e) + 1 < len(chain) else None
        if nxt is not None and nxt["rne"] in NEW_PLACEMENT:
            return ""
    return ""


def _placement_fields(e: dict) -> dict:
    """A placement's fields from the episode that starts it: XXXXXXX is the return's "no URN"."""
    return {"placement_type": e["place"], "provider_code": e["provider"],
            "urn": "" if e["urn"] == "XXXXXXX" else e["urn"][:8], "postcode": e["pl_post"][:8],
            "home_postcode": e["home_post"][:8], "start": e["start"]}


def _episode_fields(e: dict) -> dict:
    return {"start": e["start"], "reason_new_episode": e["rne"], "legal_status": e["ls"],
            "category_of_need": e["cin"], "end": e["end"], "reason_ended": e["rec"]}


def _load_oc2(accepted, people, report: ImportReport, by, year: CollectionYear, touched: set) -> None:
    """OC2 as the year's outcomes (care_planning.AnnualOutcomes, where the export reads them); a child
    who already has the year's answers keeps them."""
    pks = [people[c.child_id].pk for c in accepted if c.oc2 is not None]
    have = set(AnnualOutcomes.objects.filter(person_id__in=pks, year_ending=year.end).values_list("person_id",
                                                                                                 flat=True))
    rows = []
    for c in accepted:
        person = people[c.child_id]
        if c.oc2 is None:
            continue
        if person.pk in have:
            report.matched["OC2 outcomes"] += 1
            continue
        rows.append(planning_batch.imported_outcomes(person, year_ending=year.end, by=by, **c.oc2))
        touched.add(person.pk)
    planning_batch.outcomes_add(rows)
    report.created["OC2 outcomes"] += len(rows)


def social_workers_for(sw_ids: Iterable[str], report: ImportReport) -> dict[str, Account]:
    """The staff record for each SW_ID: an account with that Social Work England number (a real one before
    an imported one; an imported one mapped to an account gives that account), else a new staff record
    without a login (inactive, no usable password), marked imported, for an administrator to map later."""
    found, made = staff_batch.social_workers_by_registration(sw_ids)
    report.created["social workers (imported, no login)"] += made
    return found


def _load_social_workers(accepted, people, report: ImportReport, by, touched: set) -> None:
    """Social worker episodes as the child's allocations (role allocated worker), as returns/ssda903.py
    _sw_episodes reads them back. Matched by start date, so a rerun changes nothing; an episode the record
    holds open is ended as the tables end it. An open episode while the record holds another open
    allocation is not loaded and listed to check (one allocated worker at a time)."""
    with_sw = [c for c in accepted if c.sw]
    if not with_sw:
        return
    workers = social_workers_for({s["id"] for c in with_sw for s in c.sw}, report)
    team = casework_batch.imported_team()
    pks = [people[c.child_id].pk for c in with_sw]
    held: dict[int, dict] = defaultdict(dict)
    open_held: dict[int, Allocation] = {}
    for a in Allocation.objects.filter(person_id__in=pks, role=Allocation.Role.ALLOCATED_WORKER):
        held[a.person_id][a.started_on] = a
        if a.ended_on is None:
            open_held[a.person_id] = a
    new = []
    for c in with_sw:
        person = people[c.child_id]
        for s in sorted(c.sw, key=lambda s: s["start"]):
            known = held[person.pk].get(s["start"])
            if known is not None:
                report.matched["social worker episodes"] += 1
                if known.ended_on is None and s["end"]:
                    casework_batch.allocation_ended_since(known, end=s["end"])
                    open_held.pop(person.pk, None)
                    report.created["allocations ended"] += 1
                continue
            if s["end"] is None and person.pk in open_held:
                report.notes.append(f"Child {c.child_id}: the social worker episode from {s['start']:%d/%m/%Y} "
                                    f"({s['id']}) is open, but the record already holds an open allocation from "
                                    f"{open_held[person.pk].started_on:%d/%m/%Y}: not loaded")
                continue
            new.append(casework_batch.imported_allocation(person, team=team, worker=workers[s["id"]],
                                                          start=s["start"], end=s["end"], sw_reason=s["reason"]))
            touched.add(person.pk)
    casework_batch.allocations_add(new)
    report.created["social worker episodes"] += len(new)

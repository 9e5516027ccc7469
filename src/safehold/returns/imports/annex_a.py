"""`safehold import annex-a FILE.xlsx`: children and their front door and Family Help history from an
Ofsted Annex A workbook (sheets and columns of ../shared/data/annex-a/Annex_A.xlsx; values read with
the patterns of data-map.yml, so "Female", "b) Female" and "b) Fem" all read as F).

Loaded: every child in lists 1-10 (ID, sex, ethnicity, date of birth); list 1 contacts; list 3
referrals and list 6 episodes of need (merged by the child and the referral date); list 4 assessments
(on the episode open when they started). Not loaded, and named in the report: lists 2, 5, 7, 8, 9, 10
and 11. Annex A keeps only each case's latest dates (the last visit, the latest review, the current
placement), so those histories come from the CIN census and the SSDA903, which carry every event.

A child whose rows disagree (two dates of birth), or who has a row the record cannot take (a date
that is no date, an unknown code, an assessment in no episode), is refused whole with every reason,
named by sheet and row; everyone else loads in one transaction; a rerun changes nothing."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from safehold.audit.actions import AuditAction
from safehold.core.codes import Ethnicity
from safehold.core.uploads import cell_problem, workbook_problem
from safehold.family_help import batch as family_batch
from safehold.family_help import rules as family_rules
from safehold.family_help.codes import ClosureReason, PrimaryNeed, ReferralSource
from safehold.family_help.models import Assessment, CINEpisode
from safehold.front_door import batch as front_door_batch
from safehold.front_door.models import Contact
from safehold.people import batch as people_batch
from safehold.people.models import Person

from ..annex_a import COLUMNS, _pattern, entries_for
from .common import ImportReport, audit_imported, import_user, load_all_or_nothing

LOADED = ("List 1", "List 3", "List 4", "List 6")
NOT_LOADED_WHY = ("Annex A keeps only the latest dates for these cases; import their history from the CIN census "
                  "or the SSDA903")
SEX_OF_LABEL = {"a) Male": "M", "b) Female": "F", "c) Not stated/recorded": "U", "d) Neither": "U"}


def code_of(sheet: str, column: str, value, valid=()) -> str | None:
    """The code a cell stands for: its data-map entry found by label or pattern, then the code that
    leads the entry's label ("q) 6: Police" -> "6", "a) WBRI" -> "WBRI", "N1 - Abuse ..." -> "N1").
    None when nothing recognises it; "" for an empty cell."""
    text = str(value).strip() if value is not None else ""
    if not text:
        return ""
    for entry in entries_for(sheet, column):
        label = str(entry["code"])
        if text.lower() == label.lower() or any(_pattern(p).fullmatch(text) for p in entry.get("regex") or []):
            if column == "Gender":
                return SEX_OF_LABEL.get(label)
            if label in ("a) Yes", "b) No", "c) Unknown"):
                return label[3:]
            m = re.match(r"^(?:[a-z]\)\s*)?([A-Z0-9]+)", label)
            return m.group(1) if m else label
    # A bare code the map has no label for (it lists RC1-RC8, not RC9: ilacs-and-annex-a.md 4.2).
    return text if text in valid else None


def _date(value, name: str, problems: list[str]) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            pass
    problems.append(f"{name} {text!r} is not a date")
    return None


class ChildSheets:
    def __init__(self, child_id: str):
        self.child_id = child_id
        self.identity: dict | None = None
        self.first_where = ""
        self.problems: list[str] = []
        self.contacts: list[tuple[dt.date, str]] = []
        self.referrals: dict[dt.date, dict] = {}
        self.assessments: list[tuple[str, dt.date, dt.date | None]] = []


def _read(path: Path):
    from openpyxl import load_workbook  # noqa: PLC0415

    unsafe = workbook_problem(path)
    if unsafe:
        return None, [unsafe]
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 (zipfile, KeyError, InvalidFileException...)
        return None, [f"The file cannot be read as an Excel workbook: {exc}"]
    missing = [s for s in LOADED if s not in wb.sheetnames]
    if missing:
        return None, [f"The workbook has no sheet {', '.join(missing)}: is it an Annex A workbook?"]
    sheets = {}
    for name in wb.sheetnames:
        if name not in COLUMNS:
            continue
        rows = wb[name].iter_rows(values_only=True)
        header = [str(h).strip() if h is not None else "" for h in next(rows, [])]
        expected = [c.strip() for c in COLUMNS[name]]
        absent = [c for c in expected if c not in header]
        if absent and name in LOADED:
            return None, [f"{name} has no column {', '.join(absent)}"]
        kept = []
        for n, r in enumerate(rows, start=2):
            if n > settings.SAFEHOLD_IMPORT_MAX_ROWS + 1:
                return None, [f"{name} has more than {settings.SAFEHOLD_IMPORT_MAX_ROWS:,} rows; split the workbook"]
            if not any(v is not None for v in r):
                continue
            bad = next((f"{name} row {n}, column {h}: {cell_problem(v)}" for h, v in zip(header, r, strict=False)
                        if cell_problem(v)), None)
            if bad:
                return None, [bad]
            kept.append((n, dict(zip(header, r, strict=False))))
        sheets[name] = kept
    return sheets, []


def _identity(c: ChildSheets, name: str, row: dict, where: str, p: list[str]) -> None:
    """The child's ID, sex, ethnicity and date of birth on this row, and that the date of birth agrees with
    the first row that gave one."""
    if not re.fullmatch(r"[A-Za-z0-9]{1,20}", c.child_id):
        p.append(f"Child Unique ID {c.child_id!r} is not 1 to 20 letters or digits")
    sex = code_of(name, "Gender", row.get("Gender"))
    ethnicity = code_of(name, "Ethnicity", row.get("Ethnicity"))
    if sex is None:
        p.append(f"Gender {row.get('Gender')!r} is not recognised")
    if ethnicity is None or (ethnicity and ethnicity not in Ethnicity.values):
        p.append(f"Ethnicity {row.get('Ethnicity')!r} is not recognised")
    dob = _date(row.get("Date of Birth"), "Date of Birth", p)
    identity = {"sex": sex or "U", "ethnicity": ethnicity or "NOBT", "dob": dob}
    if c.identity is None:
        c.identity, c.first_where = identity, where
    elif dob and c.identity["dob"] and dob != c.identity["dob"]:
        p.append(f"Date of Birth {dob:%d/%m/%Y} differs from {c.identity['dob']:%d/%m/%Y} in {c.first_where}")
    elif dob and not c.identity["dob"]:
        c.identity["dob"] = dob


def _contact(c: ChildSheets, row: dict, where: str, p: list[str]) -> None:
    """List 1: a contact on a day, from a source."""
    day = _date(row.get("Date of Contact"), "Date of Contact", p)
    source = code_of("List 1", "Contact Source", row.get("Contact Source"), ReferralSource.values)
    if source is None or (source and source not in ReferralSource.values):
        p.append(f"Contact Source {row.get('Contact Source')!r} is not recognised")
    if day:
        c.contacts.append((day, source or "10"))


def _referral(c: ChildSheets, row: dict, where: str, p: list[str]) -> None:
    """List 3: a referral on a day, its source and whether it ended in no further action."""
    day = _date(row.get("Date of Referral"), "Date of Referral", p)
    source = code_of("List 3", "Referral Source", row.get("Referral Source"), ReferralSource.values)
    nfa = code_of("List 3", "Referral NFA?", row.get("Referral NFA?"))
    if source is None or (source and source not in ReferralSource.values):
        p.append(f"Referral Source {row.get('Referral Source')!r} is not recognised")
    if day:
        c.referrals.setdefault(day, {}).update({"source": source or "10", "nfa": nfa == "Yes"})
    elif not p:
        p.append("Date of Referral is missing")


def _child_in_need(c: ChildSheets, row: dict, where: str, p: list[str]) -> None:
    """List 6: an episode of need from its start date, its primary need, and its closure and reason."""
    day = _date(row.get("CIN Start Date"), "CIN Start Date", p)
    need = code_of("List 6", "Primary Need Code", row.get("Primary Need Code"), PrimaryNeed.values)
    closed = _date(row.get("CIN Closure Date"), "CIN Closure Date", p)
    reason = code_of("List 6", "Reason for Closure", row.get("Reason for Closure"), ClosureReason.values)
    if need is None or (need and need not in PrimaryNeed.values):
        p.append(f"Primary Need Code {row.get('Primary Need Code')!r} is not recognised")
    if closed and (reason is None or reason not in ClosureReason.values):
        p.append(f"Reason for Closure {row.get('Reason for Closure')!r} is not recognised")
    if day and closed and closed < day:
        p.append(f"CIN Closure Date {closed:%d/%m/%Y} is before the CIN Start Date")
    if day:
        c.referrals.setdefault(day, {}).update({"need": need or "", "closed": closed,
                                                "reason": reason if closed else ""})
    elif not p:
        p.append("CIN Start Date is missing")


def _assessment(c: ChildSheets, row: dict, where: str, p: list[str]) -> None:
    """List 4: an assessment from its start to its authorisation."""
    start = _date(row.get("Continuous Assessment Start Date"), "Continuous Assessment Start Date", p)
    end = _date(row.get("Continuous Assessment Date of Authorisation"),
                "Continuous Assessment Date of Authorisation", p)
    if start and end and end < start:
        p.append("Continuous Assessment Date of Authorisation is before its start")
    if start:
        c.assessments.append((where, start, end))


# What each list adds to a child beyond their identity (the other lists are read for identity only).
_LIST_READERS = {"List 1": _contact, "List 3": _referral, "List 6": _child_in_need, "List 4": _assessment}


def _parse(sheets) -> dict[str, ChildSheets]:
    children: dict[str, ChildSheets] = {}
    for name in [s for s in COLUMNS if s in sheets and s != "List 11"]:
        read = _LIST_READERS.get(name)
        for n, row in sheets[name]:
            raw = row.get("Child Unique ID")
            if raw in (None, ""):
                continue
            cid = str(int(raw)) if isinstance(raw, float) and raw.is_integer() else str(raw).strip()
            c = children.setdefault(cid, ChildSheets(cid))
            where = f"{name} row {n}"
            p: list[str] = []
            _identity(c, name, row, where, p)
            if read is not None:
                read(c, row, where, p)
            c.problems.extend(f"{where}: {x}" for x in p)
    return children


def _check(c: ChildSheets) -> None:
    days = sorted(c.referrals)
    open_eps = [d for d in days if not c.referrals[d].get("closed")]
    if len(open_eps) > 1:
        c.problems.append(f"More than one episode of need is open (from {', '.join(f'{d:%d/%m/%Y}' for d in open_eps)})"
                          " (rule 8815)")
    for before, after in family_rules.overlapping_episodes((day, c.referrals[day].get("closed")) for day in days):
        c.problems.append(f"The episode from {before[0]:%d/%m/%Y} overlaps the one from {after[0]:%d/%m/%Y} (rule 8820)")
    if sum(1 for _, _, end in c.assessments if end is None) > 1:
        c.problems.append("More than one assessment is open (rule 8896)")
    for where, start, _end in c.assessments:
        if _episode_for(c, start) is None:
            c.problems.append(f"{where}: the assessment starting {start:%d/%m/%Y} falls in no episode of need "
                              "in lists 3 or 6")


def _check_against_record(accepted: list[ChildSheets], on_record: set[str], report: ImportReport) -> list[ChildSheets]:
    """Refuse a child whose record the file contradicts: the record holds an open episode of need the file
    neither lists nor closes, and the file opens another (rule 8815: one open episode a child), named in
    words rather than left to the database to refuse."""
    open_eps = dict(CINEpisode.objects.filter(person__person_id__in=on_record, closure_date__isnull=True)
                    .values_list("person__person_id", "referral_date"))
    keep = []
    for c in accepted:
        held = open_eps.get(c.child_id)
        file_open = [day for day in sorted(c.referrals) if not c.referrals[day].get("closed")]
        if held and file_open and file_open[0] != held and held not in c.referrals:
            report.refuse(c.first_where, c.child_id, [
                f"The record has an open episode of need referred {held:%d/%m/%Y}, which the file neither lists nor "
                f"closes; the file opens another referred {file_open[0]:%d/%m/%Y} (rule 8815). Close the record's "
                "episode first, or correct the file"])
        else:
            keep.append(c)
    return keep


def _episode_for(c: ChildSheets, day: dt.date) -> dt.date | None:
    for ref in sorted(c.referrals, reverse=True):
        closed = c.referrals[ref].get("closed")
        if ref <= day and (closed is None or day <= closed):
            return ref
    return None


def run(path: Path, *, progress: bool = True) -> ImportReport:
    report = ImportReport(source=f"Annex A {path.name}")
    sheets, fatal = _read(path)
    if fatal:
        report.refuse("the file", "", fatal)
        return report
    children = _parse(sheets)
    accepted = []
    for c in children.values():
        _check(c)
        if c.problems:
            report.refuse(c.first_where or "a sheet", c.child_id, c.problems)
        else:
            accepted.append(c)
    for name in COLUMNS:
        if name not in LOADED and sheets.get(name):
            report.skipped.append(f"{name} ({len(sheets[name])} rows) not loaded: {NOT_LOADED_WHY}")

    found = dict(Person.objects.filter(person_id__in=[c.child_id for c in accepted])
                 .values_list("person_id", "merged_into_id"))
    for c in [c for c in accepted if found.get(c.child_id)]:
        report.refuse(c.first_where, c.child_id, [f"{c.child_id} on the record was merged into another record: "
                                                  "import it under that record's ID"])
    accepted = [c for c in accepted if not found.get(c.child_id)]
    on_record = set(found)
    accepted = _check_against_record(accepted, on_record, report)
    load_all_or_nothing(report, [c for c in accepted if c.child_id not in on_record],
                        [c for c in accepted if c.child_id in on_record], _load, lambda c: (c.first_where, c.child_id))
    return report


def _load(accepted: list[ChildSheets], report: ImportReport) -> None:
    by = import_user()
    existing = {p.person_id: p for p in Person.objects.filter(person_id__in=[c.child_id for c in accepted])}
    new_people, people = [], {}
    for c in accepted:
        person = existing.get(c.child_id)
        if person is None:
            i = c.identity
            assert i is not None  # a child's first row gives it
            person = people_batch.imported_person(c.child_id, by=by, sex=i["sex"], ethnicity=i["ethnicity"],
                                                  dob=i["dob"])
            new_people.append(person)
        else:
            report.matched["children"] += 1
        people[c.child_id] = person
    people_batch.people_add(new_people)
    report.created["children"] += len(new_people)
    pks = [p.pk for p in people.values()]
    have_contacts = {(pid, timezone.localtime(at).date(), src) for pid, at, src in
                     Contact.objects.filter(person_id__in=pks).values_list("person_id", "received_at", "source")}
    episodes = {(e.person_id, e.referral_date): e for e in CINEpisode.objects.filter(person_id__in=pks)}
    have_assess = defaultdict(set)
    for eid, day in Assessment.objects.filter(person_id__in=pks).values_list("episode_id", "start_date"):
        have_assess[eid].add(day)
    contacts, new_eps, closures = [], [], []
    for c in accepted:
        person = people[c.child_id]
        for day, source in c.contacts:
            if (person.pk, day, source) in have_contacts:
                report.matched["contacts"] += 1
                continue
            have_contacts.add((person.pk, day, source))
            contacts.append(front_door_batch.imported_contact(
                person, day=day, source=source, by=by,
                concern="Imported from Ofsted Annex A list 1, which does not record the concern"))
        for day, ref in sorted(c.referrals.items()):
            known = episodes.get((person.pk, day))
            if known is not None:
                report.matched["episodes"] += 1
                if ref.get("closed") and not known.closure_date:  # closed since the record had it
                    family_batch.episode_closed_since(known, closure_date=ref["closed"],
                                                      closure_reason=ref.get("reason", ""), by=by)
                    closures.append(known)
                    report.created["closures"] += 1
                continue
            ep = family_batch.imported_episode(
                person, referral_date=day, source=ref.get("source", "10"), nfa=ref.get("nfa", False),
                need=ref.get("need", ""), closure_date=ref.get("closed"), closure_reason=ref.get("reason", ""), by=by)
            episodes[(person.pk, day)] = ep
            new_eps.append(ep)
    front_door_batch.contacts_add(contacts)
    # Close what the file says has closed before opening what it opens (one open episode per child).
    family_batch.episodes_close(closures)
    family_batch.episodes_add(new_eps)
    report.created["contacts"] += len(contacts)
    report.created["episodes"] += len(new_eps)
    assessments = []
    for c in accepted:
        person = people[c.child_id]
        for _where, start, end in c.assessments:
            referral = _episode_for(c, start)
            assert referral is not None  # _check refuses an assessment in no episode of need
            ep = episodes[(person.pk, referral)]
            if start in have_assess[ep.pk]:
                report.matched["assessments"] += 1
                continue
            have_assess[ep.pk].add(start)
            assessments.append(family_batch.imported_assessment(ep, person, start=start, authorised=end, by=by))
    family_batch.assessments_add(assessments)
    report.created["assessments"] += len(assessments)
    touched = ({p.pk for p in new_people} | {x.person_id for x in contacts} | {x.person_id for x in new_eps}
               | {x.person_id for x in assessments})
    audit_imported(by=by, action=AuditAction.IMPORT_ANNEX_A, source=report.source, person_ids=touched)

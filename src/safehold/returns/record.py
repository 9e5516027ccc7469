"""The DfE rules run on the record as work is recorded (issue 16.2) and every night for the whole county
(16.5): the child's slice of the census and the SSDA903 is built from the record, the same rules run on it, and
what it breaks is kept as open findings (models.RecordFinding) for the child's pages, the worker's My work and
the data quality page. Services never call this: the receivers (returns/receivers.py) listen for saves of the
records the returns read."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from functools import cache
from pathlib import Path

import polars as pl
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from safehold.people.models import Person

from . import cin, ssda903
from .models import ChildCheck, RecordFinding
from .rules import engine
from .rules.tables import cin_from_xml, ssda903_from_rows

# Until the end of July the year just ended is still being corrected for the census and the SSDA903 (returns are
# due in the summer): both years are checked. [Configurable: SAFEHOLD_RETURN_CORRECTION_UNTIL, (month, day).]
DEFAULT_CORRECTION_UNTIL = (7, 31)

# Which record and field a finding points at, by (table, column): the words a worker knows.
FIELD_WORDS = {
    "AssessmentActualStartDate": "the assessment's start date",
    "AssessmentAuthorisationDate": "the date the assessment was authorised",
    "AssessmentFactors": "the factors identified at assessment",
    "CINreferralDate": "the referral date",
    "CINclosureDate": "the date the episode of need closed",
    "ReasonForClosure": "the reason the episode closed",
    "PrimaryNeedCode": "the primary need",
    "ReferralSource": "the source of the referral",
    "S47ActualStartDate": "the section 47 enquiry's start date",
    "DateOfInitialCPC": "the date of the initial conference",
    "CPPstartDate": "the child protection plan's start date",
    "CPPendDate": "the child protection plan's end date",
    "CPPreviewDate": "the review conference's date",
    "CINPlanStartDate": "the child in need plan's start date",
    "CINPlanEndDate": "the child in need plan's end date",
    "UPN": "the child's UPN",
    "PersonBirthDate": "the child's date of birth",
    "DOB": "the child's date of birth",
    "Ethnicity": "the child's ethnicity", "ETHNIC": "the child's ethnicity",
    "DECOM": "the date the episode of care began", "DEC": "the date the episode of care ended",
    "LS": "the legal status", "PLACE": "the placement type", "RNE": "the reason for the new episode",
    "REC": "the reason the episode ended", "URN": "the setting's Ofsted URN", "PL_POST": "the placement's postcode",
    "REVIEW": "the date of the review", "REVIEW_CODE": "how the child took part in the review",
}


def years_to_check(today: dt.date | None = None) -> list[int]:
    """Collection start years checked today: the current one and, in the correction window, the one before."""
    today = today or timezone.localdate()
    current = today.year if today.month >= 4 else today.year - 1
    until = getattr(settings, "SAFEHOLD_RETURN_CORRECTION_UNTIL", DEFAULT_CORRECTION_UNTIL)
    years = [current]
    if (today.month, today.day) <= tuple(until) and today.month >= 4:
        years.append(current - 1)
    return [y for y in years if engine.supports(y)]


def _cin_return(year: int, person_ids, as_at: dt.date) -> engine.Return:
    census = cin.build(dt.date(year + 1, 3, 31), person_ids=person_ids)
    ret = cin_from_xml(cin.to_xml(census), year=year)
    ret.as_at = as_at
    return ret


def _ssda903_return(year: int, person_ids, as_at: dt.date) -> engine.Return:
    year_end = dt.date(year + 1, 3, 31)
    tables = ssda903.build(year_end, person_ids=person_ids)
    if as_at < year_end:
        # During the year the SSDA903 is read as it will be at 31 March (a child in care now is taken to be in care
        # then), except what cannot be known yet: the year's outcomes (OC2 is answered for the year to 31 March)
        # and a care leaver's birthday still to come (OC3 asks about the birthday once it has passed).
        tables.pop("oc2", None)
        tables["oc3"] = [r for r in tables.get("oc3", []) if _birthday_in_year(r.get("DOB", ""), year) <= as_at]
        # ... and a care leaver in the header only for a birthday still to come is not in the return yet.
        kept = {r["CHILD"] for r in tables.get("episodes", [])} | {r["CHILD"] for r in tables["oc3"]}
        tables["header"] = [r for r in tables.get("header", []) if r["CHILD"] in kept]
    return ssda903_from_rows(tables, year=year, la_code=settings.SAFEHOLD_LA_ONS_CODE)


def _birthday_in_year(dob: str, year: int) -> dt.date:
    """A dd/mm/yyyy date of birth's anniversary in the collection year starting 1 April `year`."""
    try:
        born = dt.datetime.strptime(dob, "%d/%m/%Y").date()
    except ValueError:
        return dt.date.min
    on_year = year if (born.month, born.day) >= (4, 1) else year + 1
    try:
        return born.replace(year=on_year)
    except ValueError:  # 29 February
        return dt.date(on_year, 3, 1)


BUILDERS = {engine.CIN: _cin_return, engine.SSDA903: _ssda903_return}


# The column that names a row's record, by table: how a finding finds the page that fixes it.
KEY_COLUMN = {"CINdetails": "CINreferralDate", "Assessments": "AssessmentActualStartDate",
              "CINplanDates": "CINPlanStartDate", "Section47": "S47ActualStartDate",
              "ChildProtectionPlans": "CPPstartDate", "Reviews": "CPPreviewDate", "Episodes": "DECOM",
              "Missing": "MIS_START", "DoLo": "DOLO_START"}


def _row_values(ret: engine.Return, table: str, row: int) -> dict | None:
    """One row of one of the return's tables, by its row number (the table's rows are indexed once)."""
    if row < 0 or table not in ret:
        return None
    index = ret.shared(f"_rows_by_number:{table}",
                       lambda r: {values["_row"]: values for values in r[table].iter_rows(named=True)})
    return index.get(row)


def _key_date(ret: engine.Return, finding: engine.Finding) -> dt.date | None:
    column = KEY_COLUMN.get(finding.table)
    if column is None or ret.collection == engine.SSDA903 and finding.table == "Reviews":
        return None
    value = (_row_values(ret, finding.table, finding.row) or {}).get(column)
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10]) if ret.collection == engine.CIN else \
            dt.datetime.strptime(value, "%d/%m/%Y").date()
    except ValueError:
        return None


def _detail(ret: engine.Return, finding: engine.Finding) -> str:
    """Which record a finding is about, e.g. "assessment started 2026-09-01", from the row's first date."""
    values = _row_values(ret, finding.table, finding.row)
    if not values:
        return ""
    for name in finding.fields:
        column = name.split(".")[-1]
        if values.get(column):
            return f"{FIELD_WORDS.get(column, column)}: {values[column]}"[:120]
    return ""


def _offsets(ret: engine.Return) -> dict[str, dict[str, int]]:
    """Each child's first row in each table: a finding's row is kept relative to it (the child's own rows)."""
    child = ret.child_column
    offsets = {}
    for name, frame in ret.tables.items():
        if child in frame.columns and not frame.is_empty():
            first: dict[str, int] = {}
            for row, child_id in zip(frame.get_column("_row").to_list(), frame.get_column(child).to_list(), strict=True):
                first.setdefault(child_id, row)  # rows are in file order: the child's first row is its lowest
            offsets[name] = first
    return offsets


def _validate(ret: engine.Return, one_child_slice: bool) -> list[engine.Finding]:
    # One child's slice has no rows in many tables (AD1, OC3, Missing ...): rules on an empty table are passed
    # over (the whole-return rules, which that would change, are not kept per child anyway).
    return engine.validate(ret, skip_empty=one_child_slice).findings


def findings_for(collection: str, year: int, person_ids=None, *, as_at: dt.date | None = None):
    """Run the year's rules on the record (all of it, or `person_ids`): (return, findings, row offsets), where a
    finding's row is made relative to the child's first row of its table."""
    as_at = as_at or timezone.localdate()
    ret = BUILDERS[collection](year, person_ids, as_at)
    return ret, _validate(ret, person_ids is not None), _offsets(ret)


def _store(collection: str, year: int, ids: list[int] | None, ret: engine.Return,
           found: list[engine.Finding], codes: set[str] | None = None) -> dict[str, int]:
    """Open the findings not yet open, resolve those the record no longer breaks (of the rules `codes`, if
    only those ran). Returns counts."""
    offsets = _offsets(ret)
    people = dict(Person.objects.filter(person_id__in={f.child for f in found if f.child}).values_list(
        "person_id", "pk"))
    now = timezone.now()
    rules = {r.code: r for r in engine.rules_for(collection, year)}  # once, not once a finding
    current: dict[tuple, RecordFinding] = {}
    for f in found:
        pk = people.get(f.child)
        if pk is None:
            continue  # a whole-return finding with no child (e.g. the header): shown on the Returns page
        row = f.row - offsets.get(f.table, {}).get(f.child, 0) if f.row >= 0 else -1
        rule = rules[f.code]
        item = RecordFinding(person_id=pk, collection=collection, year=year, code=f.code, severity=f.severity,
                             table=f.table, row=row, fields=list(f.fields), message=rule.advice[:400],
                             dfe_message=f.message[:400], detail=_detail(ret, f),
                             key_date=_key_date(ret, f), found_at=now)
        current[(pk, *item.key)] = item
    open_now = RecordFinding.objects.filter(collection=collection, year=year, resolved_at__isnull=True)
    if ids is not None:
        open_now = open_now.filter(person_id__in=ids)
    if codes is not None:
        open_now = open_now.filter(code__in=codes)
    existing = {(f.person_id, *f.key): f for f in open_now}
    gone = [f.pk for k, f in existing.items() if k not in current]
    RecordFinding.objects.filter(pk__in=gone).update(resolved_at=now)
    new = [f for k, f in current.items() if k not in existing]
    RecordFinding.objects.bulk_create(new, batch_size=2000)
    return {"opened": len(new), "resolved": len(gone), "open": len(current)}


@transaction.atomic
def refresh(collection: str, year: int, person_ids: Iterable[int] | None = None, *,
            as_at: dt.date | None = None) -> dict[str, int]:
    """Bring the open findings of `collection` and `year` up to date for `person_ids` (or the whole county):
    new findings are opened, those the record no longer breaks are resolved. Returns counts."""
    return refresh_together([(collection, year, person_ids)], as_at=as_at)[0]


@transaction.atomic
def refresh_together(checks: Iterable[tuple[str, int, Iterable[int] | None]], *,
                     as_at: dt.date | None = None) -> list[dict[str, int]]:
    """`refresh()` for several (collection, year, person_ids) in one transaction, as a save of the child's own
    details asks (the census and the SSDA903). A check of one child reruns only the rules that read what changed
    since its last check (`_refresh_one`); several children, or the county, run every rule. (Validating the two
    returns side by side gained nothing on two cores: each already runs its rules in threads.)"""
    as_at = as_at or timezone.localdate()
    out = []
    for collection, year, ids in checks:
        ids = list(ids) if ids is not None else None
        if ids is not None and len(ids) == 1:
            out.append(_refresh_one(collection, year, ids[0], as_at))
            continue
        ret = BUILDERS[collection](year, ids, as_at)
        out.append(_store(collection, year, ids, ret, _validate(ret, ids is not None)))
    return out


@cache
def rules_digest() -> str:
    """A digest of the rules' code (and of polars, which runs them): what a child's last check read is only
    trusted by the same rules."""
    digest = hashlib.blake2b(pl.__version__.encode(), digest_size=16)
    root = Path(engine.__file__).parent
    for path in sorted(root.rglob("*.py")):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _digests(ret: engine.Return) -> dict[str, str]:
    """A digest of each of the return's tables (one child's slice: a few rows each)."""
    return {name: hashlib.blake2b(repr((frame.schema, frame.rows())).encode(), digest_size=16).hexdigest()
            for name, frame in ret.tables.items()}


def _rules_to_rerun(state: ChildCheck | None, rules_key: str, digests: dict[str, str], as_at: dt.date,
                    collection: str, year: int) -> set[str] | None:
    """The rules that read something changed since the child's last check (None: all of them, the first time
    or with new rules). The others read the same as last time, so they would find the same."""
    if state is None or state.rules != rules_key:
        return None
    changed = {t for t in digests.keys() | state.tables.keys() if digests.get(t) != state.tables.get(t)}
    if state.as_at != as_at:
        changed.add(engine.AS_AT)
    return {r.code for r in engine.rules_for(collection, year)
            if r.code not in state.reads or changed.intersection(state.reads[r.code])}


def _refresh_one(collection: str, year: int, person_pk: int, as_at: dt.date) -> dict[str, int]:
    """One child's check, as a save asks: only the rules that read what the save changed run (ChildCheck)."""
    # The child's last check is locked first, so two saves for the same child are checked one after the other.
    state = ChildCheck.objects.select_for_update().filter(person_id=person_pk, collection=collection,
                                                          year=year).first()
    # A child with a check exists (the check goes with them); without one, they may have been removed (or their
    # save rolled back) since the check was queued.
    if state is None and not Person.objects.filter(pk=person_pk).exists():
        return {"opened": 0, "resolved": 0, "open": 0, "rules_run": 0}
    ret = BUILDERS[collection](year, [person_pk], as_at)
    digests, rules_key = _digests(ret), f"{rules_digest()}:{ret.la_code}"
    codes = _rules_to_rerun(state, rules_key, digests, as_at, collection, year)
    outcome = engine.validate(ret, codes=codes, skip_empty=True)
    counts = _store(collection, year, [person_pk], ret, outcome.findings, codes)
    reads = dict(state.reads) if state is not None and codes is not None else {}
    reads.update({code: sorted(tables) for code, tables in outcome.reads.items()})
    ChildCheck.objects.update_or_create(person_id=person_pk, collection=collection, year=year,
                                        defaults={"as_at": as_at, "rules": rules_key, "tables": digests,
                                                  "reads": reads})
    return {**counts, "rules_run": len(outcome.reads)}


def refresh_child(person_id: int, collections: Iterable[str] = (engine.CIN, engine.SSDA903)) -> None:
    refresh_together([(collection, year, [person_id]) for year in years_to_check() for collection in collections])


def refresh_county(today: dt.date | None = None) -> dict[str, dict[str, int]]:
    """Every child, every collection, the years checked today: the nightly job (`safehold returns check`). Then
    each child in a return whose checks are not yet by today's rules is checked on its own (`prime_checks`)."""
    as_at = today or timezone.localdate()
    out = {}
    for year in years_to_check(today):
        for collection in (engine.CIN, engine.SSDA903):
            ret = BUILDERS[collection](year, None, as_at)
            with transaction.atomic():
                counts = _store(collection, year, None, ret, _validate(ret, False))
            counts["primed"] = prime_checks(collection, year, _people_in(ret), as_at=as_at)
            out[f"{collection} {year}-{str(year + 1)[2:]}"] = counts
    return out


def _people_in(ret: engine.Return) -> list[int]:
    child = ret.child_column
    ids: set[str] = set()
    for frame in ret.tables.values():
        if child in frame.columns:
            ids.update(frame.get_column(child).drop_nulls().to_list())
    return sorted(Person.objects.filter(person_id__in=ids).values_list("pk", flat=True))


def prime_checks(collection: str, year: int, person_pks: Iterable[int], *, as_at: dt.date) -> int:
    """Check child by child, as a save does, those of `person_pks` with no check by today's rules (after a
    release: all of them), so that each one's next save reruns only the rules it touches rather than all of them.
    Each child in a transaction of its own. Returns how many were checked."""
    pks = list(person_pks)
    ready = set(ChildCheck.objects.filter(collection=collection, year=year, person_id__in=pks,
                                          rules__startswith=f"{rules_digest()}:").values_list("person_id", flat=True))
    unchecked = [pk for pk in pks if pk not in ready]
    for pk in unchecked:
        with transaction.atomic():
            _refresh_one(collection, year, pk, as_at)
    return len(unchecked)

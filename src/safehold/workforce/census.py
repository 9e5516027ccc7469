"""The children's social work workforce census (CSWW) return, written from the record and read back.

`write(reference_date, path)` writes the XML in the shape of the 2022 schema
(workforce/schemas/social_work_workforce_2022.xsd, from ../shared/data/csww/): a header, the
council-level vacancies and agency figures, and one CSWWWorker for each worker in a role on the
reference date (30 September) or who left in the 12 months before it, elements in the schema's order.
The file is checked against the schema before it is kept. `read(path)` loads a return into the record,
all or nothing and idempotent (workers matched by Social Work England number); every problem is
reported with the worker's position in the file. Import checks each value rather than the whole file
against the schema, since systems' returns do not all keep the schema's element order."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from lxml import etree

from safehold.casework.models import Allocation
from safehold.core.uploads import XML_PARSER_OPTIONS

from .codes import (
    AbsenceReason,
    CFKSSStatus,
    Gender,
    LeaverDestination,
    OrgRole,
    QualLevel,
    ReasonLeave,
    StartOrigin,
)
from .models import Absence, Appointment, Post, VacancyReturn, Worker
from .selectors import figures_on

SCHEMA = Path(__file__).resolve().parent / "schemas" / "social_work_workforce_2022.xsd"
MAX_BYTES = 50 * 1024 * 1024  # a census of a large council is a few MB; refuse anything far larger


def _schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMA)))


def _sub(parent, tag: str, value) -> None:
    if value is None or value == "":
        return
    etree.SubElement(parent, tag).text = str(value)


def _fte(value: Decimal) -> str:
    return f"{Decimal(value):.6f}"


def _yes_no(value: bool | None) -> str | None:
    return None if value is None else ("1" if value else "0")


def write(reference_date: dt.date, path: Path) -> dict[str, int]:
    """Write the return as at `reference_date`; returns counts. Raises ValueError if the file breaks the schema."""
    year_start = reference_date - relativedelta(years=1) + dt.timedelta(days=1)
    appointments = list(Appointment.objects.filter(start_date__lte=reference_date).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=year_start)).select_related("worker").order_by("worker__swe_number",
                                                                                                "start_date"))
    latest: dict[int, Appointment] = {}
    for a in appointments:
        latest[a.worker_id] = a  # a worker's latest role in the year
    workers = {w.pk: w for w in Worker.objects.filter(pk__in=list(latest))}
    absences: dict[int, list[Absence]] = {}
    for ab in Absence.objects.filter(worker_id__in=list(latest), start_date__lte=reference_date).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=year_start)):
        absences.setdefault(ab.worker_id, []).append(ab)
    cases = _cases_on(reference_date, [w.user_id for w in workers.values() if w.user_id])
    if not latest:
        raise ValueError(f"No social worker was in a role in the year to {reference_date:%d/%m/%Y}: record the "
                         "workforce (or import a census) first")
    figures = figures_on(reference_date)

    root = etree.Element("Message")
    header = etree.SubElement(root, "Header")
    details = etree.SubElement(header, "CollectionDetails")
    _sub(details, "Collection", "CSWW")
    _sub(details, "Year", reference_date.year)
    _sub(details, "ReferenceDate", reference_date.isoformat())
    source = etree.SubElement(header, "Source")
    _sub(source, "SourceLevel", "L")
    _sub(source, "LEA", settings.SAFEHOLD_LA_CODE)
    _sub(source, "SoftwareCode", "Safehold")
    _sub(source, "DateTime", timezone.now().replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ"))
    la = etree.SubElement(root, "LALevelVacancies")
    vacancies = figures.vacancies_fte
    if not Post.objects.exists():  # no establishment recorded: the figure an imported return gave, if any
        given = VacancyReturn.objects.filter(reference_date=reference_date).first()
        vacancies = given.vacancies_fte if given else Decimal(0)
    _sub(la, "NumberOfVacancies", f"{vacancies:.2f}")
    _sub(la, "NoAgencyFTE", f"{figures.agency_fte:.2f}")
    _sub(la, "NoAgencyHeadcount", figures.agency_headcount)
    for worker_id, a in sorted(latest.items(), key=lambda kv: workers[kv[0]].swe_number):
        w = workers[worker_id]
        in_role = a.end_date is None or a.end_date >= reference_date
        el = etree.SubElement(root, "CSWWWorker")
        _sub(el, "AgencyWorker", "1" if w.agency else "0")
        _sub(el, "SWENo", w.swe_number)
        _sub(el, "FTE", _fte(a.fte) if in_role else _fte(Decimal(0)))
        _sub(el, "PersonBirthDate", w.birth_date.isoformat() if w.birth_date else None)
        _sub(el, "GenderCurrent", w.gender)
        _sub(el, "Ethnicity", w.ethnicity)
        _sub(el, "QualInst", w.qualification_institution or "Not known")
        _sub(el, "QualLevel", w.qualification_level)
        _sub(el, "StepUpGrad", _yes_no(w.step_up_graduate))
        _sub(el, "OrgRole", a.org_role)
        _sub(el, "RoleStartDate", a.start_date.isoformat())
        _sub(el, "StartOrigin", a.start_origin)
        if not in_role:
            _sub(el, "RoleEndDate", a.end_date.isoformat())
            _sub(el, "LeaverDestination", a.leaver_destination)
            _sub(el, "ReasonLeave", a.reason_leave)
            _sub(el, "FTE30", _fte(a.fte))
        if in_role and w.user_id in cases:
            _sub(el, "Cases30", cases[w.user_id])
        lost = sum((ab.working_days for ab in absences.get(worker_id, [])), Decimal(0))
        _sub(el, "WorkingDaysLost", f"{lost:.2f}")
        _sub(el, "ContractWeeks", f"{a.contract_weeks:.1f}" if a.contract_weeks is not None else None)
        _sub(el, "FrontlineGrad", _yes_no(w.frontline_graduate))
        away = [ab for ab in absences.get(worker_id, []) if ab.start_date <= reference_date
                and (ab.end_date is None or ab.end_date >= reference_date)]
        if in_role:
            _sub(el, "Absat30Sept", "1" if away else "0")
            if away:
                _sub(el, "ReasonAbsence", away[0].reason)
        _sub(el, "CFKSSstatus", w.cfkss_status)
    schema = _schema()
    if not schema.validate(root):
        problems = "; ".join(f"line {e.line}: {e.message}" for e in list(schema.error_log)[:10])
        raise ValueError(f"The census breaks its schema: {problems}")
    path.write_bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))
    return {"workers": len(latest), "leavers": sum(1 for a in latest.values() if a.end_date and
                                                   a.end_date < reference_date)}


def _cases_on(day: dt.date, user_ids: list[int]) -> dict[int, int]:
    return dict(Counter(Allocation.objects.filter(worker_id__in=user_ids, role=Allocation.Role.ALLOCATED_WORKER,
                                                  started_on__lte=day)
                        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=day)).values_list("worker_id", flat=True)))


# --- Import --------------------------------------------------------------------------------------------

class CensusRefused(Exception):
    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass
class ImportReport:
    reference_date: dt.date | None = None
    created: int = 0
    updated: int = 0
    problems: list[str] = field(default_factory=list)


def _text(el, tag: str) -> str:
    found = el.find(tag)
    return (found.text or "").strip() if found is not None else ""


def _date(value: str, what: str, where: str, problems: list[str]) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        problems.append(f"{where}: {what} {value!r} is not a date like 2022-09-30")
        return None


def _number(value: str, what: str, where: str, problems: list[str], top: float | None = None) -> Decimal:
    try:
        number = Decimal(value)
        if not number.is_finite() or number < 0 or (top is not None and number > top):
            raise ValueError
        return number
    except (ArithmeticError, ValueError):
        limit = f" from 0 to {top}" if top is not None else " of 0 or more"
        problems.append(f"{where}: {what} {value!r} is not a number{limit}")
        return Decimal(0)


def _choice(value: str, choices, what: str, where: str, problems: list[str]) -> str:
    if value and value not in choices.values:
        problems.append(f"{where}: {what} {value!r} is not one of the census codes ({', '.join(choices.values)})")
        return ""
    return value


def read(path: Path) -> ImportReport:
    """Load a census return: all or nothing. A file that breaks the schema, or any worker that cannot be
    read, refuses the whole file with every problem named (worker N, SWE number, element)."""
    if path.stat().st_size > MAX_BYTES:
        raise CensusRefused([f"The file is {path.stat().st_size // 2**20} MB; a census return is at most "
                             f"{MAX_BYTES // 2**20} MB"])

    parser = etree.XMLParser(**XML_PARSER_OPTIONS)
    try:
        doc = etree.parse(str(path), parser)
    except etree.XMLSyntaxError as exc:
        raise CensusRefused([f"The file is not readable XML: {exc}"]) from exc
    # Not checked against the schema whole: returns as councils' systems write them do not all keep the
    # element order (the shared sample puts QualLevel where QualInst is missing). Each value is checked
    # below instead, and any problem refuses the file.
    root = doc.getroot()
    if root.tag != "Message" or root.find("CSWWWorker") is None:
        raise CensusRefused(["The file is not a workforce census return (no Message with CSWWWorker elements)"])
    problems: list[str] = []
    reference = _date(_text(root, "Header/CollectionDetails/ReferenceDate"), "ReferenceDate", "Header", problems)
    if reference is None and not problems:
        problems.append("Header: the return has no ReferenceDate (the census date, 30 September)")
    rows = []
    for n, el in enumerate(root.iterfind("CSWWWorker"), start=1):
        swe = _text(el, "SWENo")
        where = f"Worker {n} ({swe})"
        start = _date(_text(el, "RoleStartDate"), "RoleStartDate", where, problems)
        end = _date(_text(el, "RoleEndDate"), "RoleEndDate", where, problems)
        if start and end and end < start:
            problems.append(f"{where}: RoleEndDate {end} is before RoleStartDate {start}")
        start_given = start is not None
        if start is None and reference is not None:
            # The census does not always carry a start: the role is known from the census date, or its end.
            start = min(reference, end) if end else reference
        rows.append({
            "swe": swe, "agency": _text(el, "AgencyWorker") == "1",
            "birth_date": _date(_text(el, "PersonBirthDate"), "PersonBirthDate", where, problems),
            "gender": _choice(_text(el, "GenderCurrent"), Gender, "GenderCurrent", where, problems) or "0",
            "ethnicity": _text(el, "Ethnicity"),
            "qual_inst": _text(el, "QualInst") or "Not known",
            "qual_level": _choice(_text(el, "QualLevel"), QualLevel, "QualLevel", where, problems),
            "step_up": {"1": True, "0": False}.get(_text(el, "StepUpGrad")),
            "frontline": {"1": True, "0": False}.get(_text(el, "FrontlineGrad")),
            "cfkss": _choice(_text(el, "CFKSSstatus"), CFKSSStatus, "CFKSSstatus", where, problems),
            "org_role": _choice(_text(el, "OrgRole"), OrgRole, "OrgRole", where, problems) or OrgRole.CASE_HOLDER,
            "fte": _number(_text(el, "FTE30") or _text(el, "FTE") or "0", "FTE", where, problems, top=1),
            "start": start, "start_given": start_given, "end": end,
            "origin": _choice(_text(el, "StartOrigin"), StartOrigin, "StartOrigin", where, problems),
            "destination": _choice(_text(el, "LeaverDestination"), LeaverDestination, "LeaverDestination", where,
                                   problems),
            "reason": _choice(_text(el, "ReasonLeave"), ReasonLeave, "ReasonLeave", where, problems),
            "weeks": _number(_text(el, "ContractWeeks"), "ContractWeeks", where, problems)
            if _text(el, "ContractWeeks") else None,
            "days_lost": _number(_text(el, "WorkingDaysLost") or "0", "WorkingDaysLost", where, problems),
            "absence": _choice(_text(el, "ReasonAbsence"), AbsenceReason, "ReasonAbsence", where, problems),
        })
    la = {tag: _number(_text(root, f"LALevelVacancies/{tag}") or "0", tag, "LALevelVacancies", problems)
          for tag in ("NumberOfVacancies", "NoAgencyFTE", "NoAgencyHeadcount")}
    seen = set()
    for n, r in enumerate(rows, start=1):
        if r["swe"] in seen:
            problems.append(f"Worker {n} ({r['swe']}): the same Social Work England number is in the file twice")
        seen.add(r["swe"])
    if problems:
        raise CensusRefused(problems)
    report = ImportReport(reference_date=reference)
    with transaction.atomic():
        for r in rows:
            worker, created = Worker.objects.update_or_create(swe_number=r["swe"], defaults={
                "agency": r["agency"], "birth_date": r["birth_date"], "gender": r["gender"],
                "ethnicity": r["ethnicity"], "qualification_institution": r["qual_inst"][:200],
                "qualification_level": r["qual_level"], "step_up_graduate": r["step_up"],
                "frontline_graduate": r["frontline"], "cfkss_status": r["cfkss"]})
            if created:
                Worker.objects.filter(pk=worker.pk).update(imported=True)
                report.created += 1
            else:
                report.updated += 1
            values = {"org_role": r["org_role"], "fte": r["fte"], "end_date": r["end"], "start_origin": r["origin"],
                      "leaver_destination": r["destination"], "reason_leave": r["reason"],
                      "contract_weeks": r["weeks"]}
            current = None if r["start_given"] else worker.appointments.order_by("-start_date").first()
            if current is not None:  # no start in the file: it is the role the record already holds
                Appointment.objects.filter(pk=current.pk).update(**values)
            else:
                Appointment.objects.update_or_create(worker=worker, start_date=r["start"], defaults=values)
            Absence.objects.filter(worker=worker, start_date=reference - relativedelta(years=1) + dt.timedelta(days=1)
                                   ).delete()
            if r["days_lost"] or r["absence"]:
                # One row for the year: the working days lost, and whether the worker was away on the census
                # date (then it runs to that date; otherwise it ends the day before).
                Absence.objects.create(worker=worker, start_date=reference - relativedelta(years=1) + dt.timedelta(days=1),
                                       end_date=reference if r["absence"] else reference - dt.timedelta(days=1),
                                       reason=r["absence"] or AbsenceReason.OTH, working_days=r["days_lost"])
        VacancyReturn.objects.update_or_create(reference_date=reference, defaults={
            "vacancies_fte": la["NumberOfVacancies"], "agency_fte": la["NoAgencyFTE"],
            "agency_headcount": int(la["NoAgencyHeadcount"])})
    return report

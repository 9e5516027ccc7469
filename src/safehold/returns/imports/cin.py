"""`safehold import cin FILE.xml`: children, episodes of need, assessments, child in need plans,
section 47 enquiries, initial and review conferences and child protection plans from a census file.

The file is read with the census structure of ../shared/domain/cin-census.md 2.1 (either GenderCurrent
or Sex), into the same shapes `returns.cin` writes, and each child is checked against the rules the
record keeps (the CIN rules the services enforce: 1103-1105, 2889, 8608, 8615, 8630, 8805/8810,
8815, 8831, 8840, 8869, 8935, 2885 ...). A child who breaks one is refused whole, with every reason.

What the census does not hold is recorded as such: people get "Not known" names; a section 47
enquiry gets the strategy discussion that must have started it, dated its start and marked as
imported; a plan's lead practitioner and the conferences' chair are the import account."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING

from django.utils import timezone
from lxml import etree
from tqdm import tqdm

from safehold.audit.actions import AuditAction
from safehold.child_protection import batch as protection_batch
from safehold.child_protection import rules as protection_rules
from safehold.child_protection.models import ChildProtectionConference as Conference
from safehold.child_protection.models import CPPlan as PlanModel
from safehold.child_protection.models import Section47Enquiry, StrategyDiscussion
from safehold.core.codes import Disability as DisabilityCode
from safehold.core.codes import Ethnicity, UPNUnknown
from safehold.core.uploads import XML_PARSER_OPTIONS, file_problem
from safehold.family_help import batch as family_batch
from safehold.family_help import rules as family_rules
from safehold.family_help.codes import AssessmentFactor, ClosureReason, PrimaryNeed, ReferralSource
from safehold.family_help.models import Assessment as AssessmentModel
from safehold.family_help.models import CINEpisode, CINPlan
from safehold.people import batch as people_batch
from safehold.people.models import Disability, Person
from safehold.people.validators import validate_person_id, validate_upn

from ..cin import Assessment, Child, CPPlan, Episode, Section47
from ..years import CollectionYear
from .common import (
    ImportReport,
    audit_imported,
    check_code,
    import_user,
    load_all_or_nothing,
    parse_date,
)

if TYPE_CHECKING:
    from safehold.people.models import Person

GENDER_CURRENT = {"1": "M", "2": "F", "0": "U", "9": "U"}  # cin-census.md 2.2, Gender/Sex
CATEGORIES = {"NEG", "PHY", "SAB", "EMO", "MUL"}
TRUE, FALSE = {"true", "1"}, {"false", "0"}


def _t(node, path: str) -> str:
    found = node.find(path)
    return (found.text or "").strip() if found is not None and found.text else ""


def _flag(value: str, name: str, problems: list[str]) -> bool:
    v = value.strip().lower()
    if v in TRUE:
        return True
    if v in FALSE:
        return False
    problems.append(f"{name} {value!r} is not true, false, 1 or 0" if value else f"{name} is missing")
    return False


def parse_child(node) -> tuple[Child, list[str]]:
    """One Child element, as the export's shapes, with every problem found in reading it."""
    problems: list[str] = []
    ids = node.find("ChildIdentifiers")
    ids = ids if ids is not None else etree.Element("ChildIdentifiers")
    la_id = _t(ids, "LAchildID")
    if not la_id:
        problems.append("LAchildID is missing")
    else:
        try:
            validate_person_id(la_id)
        except Exception:  # noqa: BLE001 (ValidationError)
            problems.append(f"LAchildID {la_id!r} is not 1 to 20 letters or digits (rules 1570/1580)")
    upn = _t(ids, "UPN").upper()
    if upn:
        try:
            validate_upn(upn)
        except Exception as exc:  # noqa: BLE001
            problems.append(f"UPN {upn!r}: {getattr(exc, 'messages', [str(exc)])[0]} (rules 1510-1550)")
    former = _t(ids, "FormerUPN").upper()
    if former and len(former) != 13:
        problems.append(f"FormerUPN {former!r} is not 13 characters")
    unknown = check_code(_t(ids, "UPNunknown"), UPNUnknown.values, "UPNunknown", problems)
    dob = parse_date(_t(ids, "PersonBirthDate"), "PersonBirthDate", problems)
    expected = parse_date(_t(ids, "ExpectedPersonBirthDate"), "ExpectedPersonBirthDate", problems)
    if dob and expected:
        problems.append("Both PersonBirthDate and ExpectedPersonBirthDate are given: only one can be (rule 8525Q)")
    if ids.find("Sex") is not None:
        sex = _t(ids, "Sex")
        if sex not in ("M", "F", "U"):
            problems.append(f"Sex {sex!r} is not M, F or U (rule 4180)" if sex else "Sex is missing (rule 4180)")
    else:
        gender = _t(ids, "GenderCurrent")
        sex = GENDER_CURRENT.get(gender, "")
        if not sex:
            problems.append(f"GenderCurrent {gender!r} is not 0, 1, 2 or 9 (rule 4180)" if gender
                            else "GenderCurrent (or Sex) is missing (rule 4180)")
    death = parse_date(_t(ids, "PersonDeathDate"), "PersonDeathDate", problems)
    ethnicity = check_code(_t(node, "ChildCharacteristics/Ethnicity"), Ethnicity.values, "Ethnicity", problems,
                           required=True)
    disabilities = []
    for d in node.iterfind("ChildCharacteristics/Disabilities/Disability"):
        code = check_code((d.text or "").strip(), DisabilityCode.values, "Disability", problems)
        if code and code not in disabilities:
            disabilities.append(code)
    if "NONE" in disabilities and len(disabilities) > 1:
        problems.append("Disability NONE is given with other disabilities (rule 8790)")
    child = Child(la_child_id=la_id, upn=upn, former_upn=former, upn_unknown=unknown, dob=dob, expected_dob=expected,
                  sex=sex or "U", death_date=death, ethnicity=ethnicity, disabilities=disabilities)
    for n, cd in enumerate(node.iterfind("CINdetails"), start=1):
        child.episodes.append(_parse_episode(cd, f"CINdetails {n}", problems))
    if not child.episodes:
        problems.append("The child has no CINdetails (rule 8590)")
    return child, problems


def _parse_episode(cd, where: str, problems: list[str]) -> Episode:
    p: list[str] = []
    referral = parse_date(_t(cd, "CINreferralDate"), "CINreferralDate", p)
    if referral is None and not any("CINreferralDate" in x for x in p):
        p.append("CINreferralDate is missing (rule 8600)")
    e = Episode(
        referral_date=referral,
        referral_source=check_code(_t(cd, "ReferralSource"), ReferralSource.values, "ReferralSource", p, required=True),
        primary_need=check_code(_t(cd, "PrimaryNeedCode"), PrimaryNeed.values, "PrimaryNeedCode", p),
        closure_date=parse_date(_t(cd, "CINclosureDate"), "CINclosureDate", p),
        closure_reason=check_code(_t(cd, "ReasonForClosure"), ClosureReason.values, "ReasonForClosure", p),
        icpc=parse_date(_t(cd, "DateOfInitialCPC"), "DateOfInitialCPC", p),
        referral_nfa=_flag(_t(cd, "ReferralNFA"), "ReferralNFA", p),
    )
    for a in cd.iterfind("Assessments"):
        factors = []
        for f in a.iterfind("FactorsIdentifiedAtAssessment/AssessmentFactors"):
            code = check_code((f.text or "").strip(), AssessmentFactor.values, "AssessmentFactors", p)
            if code and code not in factors:
                factors.append(code)
        e.assessments.append(Assessment(parse_date(_t(a, "AssessmentActualStartDate"), "AssessmentActualStartDate", p),
                                        parse_date(_t(a, "AssessmentAuthorisationDate"),
                                                   "AssessmentAuthorisationDate", p), factors))
    for c in cd.iterfind("CINPlanDates"):
        e.cin_plans.append((parse_date(_t(c, "CINPlanStartDate"), "CINPlanStartDate", p),
                            parse_date(_t(c, "CINPlanEndDate"), "CINPlanEndDate", p)))
    for s in cd.iterfind("Section47"):
        e.section47s.append(Section47(parse_date(_t(s, "S47ActualStartDate"), "S47ActualStartDate", p),
                                      parse_date(_t(s, "InitialCPCtarget"), "InitialCPCtarget", p),
                                      parse_date(_t(s, "DateOfInitialCPC"), "DateOfInitialCPC", p),
                                      _flag(_t(s, "ICPCnotRequired"), "ICPCnotRequired", p)))
    for c in cd.iterfind("ChildProtectionPlans"):
        previous = _t(c, "NumberOfPreviousCPP")
        if not previous.isdigit():
            p.append(f"NumberOfPreviousCPP {previous!r} is not a whole number of 0 or more (rule 8730)")
        plan = CPPlan(parse_date(_t(c, "CPPstartDate"), "CPPstartDate", p),
                      parse_date(_t(c, "CPPendDate"), "CPPendDate", p),
                      check_code(_t(c, "InitialCategoryOfAbuse"), CATEGORIES, "InitialCategoryOfAbuse", p,
                                 required=True),
                      check_code(_t(c, "LatestCategoryOfAbuse"), CATEGORIES, "LatestCategoryOfAbuse", p,
                                 required=True),
                      int(previous) if previous.isdigit() else 0)
        plan.reviews = [d for d in (parse_date(r.text, "CPPreviewDate", p) for r in c.iterfind("Reviews/CPPreviewDate"))
                        if d]
        e.cp_plans.append(plan)
    problems.extend(f"{where}: {x}" for x in p)
    return e


def _child_problems(child: Child) -> list[str]:
    """What may be open at once, and episodes that overlap (rules 8815, 8820, 8863Q/8896, 4004, 8839/8890)."""
    out: list[str] = []
    every = [x for e in child.episodes for x in e.assessments]
    if sum(1 for a in every if a.start and not a.authorised) > 1:
        out.append("More than one assessment is open (rules 8863Q/8896)")
    if sum(1 for e in child.episodes for start, stop in e.cin_plans if start and not stop) > 1:
        out.append("More than one child in need plan is open (rule 4004)")
    if sum(1 for e in child.episodes for s in e.section47s if s.start and not s.icpc and not s.icpc_not_required) > 1:
        out.append("More than one section 47 enquiry is open (rules 8839/8890)")
    dated = [(e.referral_date, e) for e in child.episodes if e.referral_date]
    open_eps = [e for _, e in dated if e.closure_date is None]
    if len(open_eps) > 1:
        out.append("More than one episode is open (rule 8815)")
    for before, after in family_rules.overlapping_episodes((day, e.closure_date) for day, e in dated):
        out.append(f"The episode referred {before[0]} overlaps the one referred {after[0]} (rule 8820)")
    return out


def _episode_problems(w: str, e: Episode, r: dt.date, child: Child, today: dt.date) -> list[str]:
    """The episode's own dates, closure, need and whether a referral with no further action has any work."""
    out: list[str] = []
    if r > today:
        out.append(f"{w}: CINreferralDate {r} is in the future")
    if child.dob and r < child.dob - dt.timedelta(weeks=40):
        out.append(f"{w}: CINreferralDate {r} is more than 40 weeks before the date of birth (rule 8606)")
    if e.closure_date and family_rules.closed_before_referral(e.closure_date, r):
        out.append(f"{w}: CINclosureDate {e.closure_date} is before the referral (rule 8630)")
    if bool(e.closure_date) != bool(e.closure_reason):
        out.append(f"{w}: CINclosureDate and ReasonForClosure must be given together (rules 8805/8810)")
    if not e.referral_nfa and not e.primary_need:
        out.append(f"{w}: PrimaryNeedCode is missing on a referral that led to further action (rule 8610)")
    activity = e.assessments or e.cin_plans or e.section47s or e.cp_plans or e.icpc
    if e.referral_nfa and activity:
        out.append(f"{w}: a referral with no further action (ReferralNFA) has assessments, plans, enquiries or "
                   "conferences (rules 8831/8832/4000)")
    if e.icpc:
        out.append(f"{w}: DateOfInitialCPC {e.icpc} is given on the episode, not on a Section47: Safehold "
                   "records an initial conference as the outcome of its section 47 enquiry (rule 2884)")
    return out


def _assessment_problems(w: str, e: Episode, r: dt.date) -> list[str]:
    out: list[str] = []
    end = e.closure_date
    for a in e.assessments:
        if a.start is None:
            out.append(f"{w}: an assessment has no AssessmentActualStartDate")
            continue
        if family_rules.before_referral(a.start, r):
            out.append(f"{w}: assessment start {a.start} is before the referral (rule 1103)")
        if a.authorised and family_rules.authorised_before_start(a.authorised, a.start):
            out.append(f"{w}: assessment authorised {a.authorised} before it started {a.start} (rule 8608)")
        if end and (a.authorised or a.start) > end:
            out.append(f"{w}: assessment activity after the episode closed (rule 8565)")
        if family_rules.no_factors_with_others(a.factors):
            out.append(f"{w}: factor 21 (no factors) is given with other factors (rule 8869)")
        if a.factors and not a.authorised:
            out.append(f"{w}: factors are given for an assessment that is not authorised (rule 8614)")
    return out


def _cin_plan_problems(w: str, e: Episode, r: dt.date) -> list[str]:
    out: list[str] = []
    for start, stop in e.cin_plans:
        if start is None:
            out.append(f"{w}: a child in need plan has no CINPlanStartDate")
        elif family_rules.before_referral(start, r):
            out.append(f"{w}: child in need plan start {start} is before the referral (rule 4015)")
        elif stop and stop < start:
            out.append(f"{w}: child in need plan ends {stop} before it starts {start}")
    return out


def _section47_problems(w: str, e: Episode, r: dt.date) -> list[str]:
    out: list[str] = []
    for s in e.section47s:
        if s.start is None:
            out.append(f"{w}: a Section47 has no S47ActualStartDate")
            continue
        if family_rules.before_referral(s.start, r):
            out.append(f"{w}: section 47 start {s.start} is before the referral (rule 2889)")
        if s.icpc and protection_rules.conference_before_enquiry(s.icpc, s.start):
            out.append(f"{w}: initial conference {s.icpc} before the section 47 started {s.start} (rule 8615)")
        if s.icpc and s.icpc_not_required:
            out.append(f"{w}: a section 47 has an initial conference and says none was required")
    return out


def _cp_plan_problems(w: str, e: Episode, r: dt.date, year_start: dt.date | None) -> list[str]:
    out: list[str] = []
    icpcs = {s.icpc for s in e.section47s if s.icpc}
    for p in e.cp_plans:
        if p.start is None:
            out.append(f"{w}: a child protection plan has no CPPstartDate")
            continue
        if family_rules.before_referral(p.start, r):
            out.append(f"{w}: plan start {p.start} is before the referral (rule 1105)")
        if p.end and protection_rules.plan_ends_too_soon(p.start, p.end):
            out.append(f"{w}: plan end {p.end} is not after its start {p.start} (rules 8840/8925)")
        if p.start not in icpcs and (year_start is None or p.start >= year_start):
            out.append(f"{w}: the plan starting {p.start} has no initial conference on that day in a Section47 "
                       "(rule 2885)")
        if any(day <= p.start or (p.end and day > p.end) for day in p.reviews):
            out.append(f"{w}: a review conference falls outside the plan it reviews (rule 8841)")
    return out


def check_child(child: Child, today: dt.date, year_start: dt.date | None = None) -> list[str]:
    """The record's rules for a child's episodes: a child breaking one is refused (the source got it wrong).
    `year_start` is the first day of the file's census year: a plan that started before it comes without
    the enquiry and conference that started it (they belong to an earlier year's return)."""
    out = _child_problems(child)
    for n, e in enumerate(child.episodes, start=1):
        w, r = f"CINdetails {n}", e.referral_date
        if r is None:
            continue
        out += _episode_problems(w, e, r, child, today)
        out += _assessment_problems(w, e, r)
        out += _cin_plan_problems(w, e, r)
        out += _section47_problems(w, e, r)
        out += _cp_plan_problems(w, e, r, year_start)
    # Plans on an episode with a referral date (the others are refused above for that).
    if sum(1 for e in child.episodes if e.referral_date for p in e.cp_plans if p.start and p.end is None) > 1:
        out.append("More than one child protection plan is open (rule 8935)")
    plans = sorted(((p.start, p) for e in child.episodes for p in e.cp_plans if p.start),
                   key=lambda pair: pair[0])
    for (_, before), (start, _after) in pairwise(plans):
        if before.end is None or before.end > start:
            out.append(f"The child protection plans starting {before.start} and {start} overlap (rule 8940)")
    return out


def read(path: Path) -> tuple[list[tuple[int, Child, list[str]]], dt.date | None, list[str]]:
    """Every child in the file with its line and its problems, and the first day of the file's census
    year (from Header ReferenceDate, rule 100); a file that is not census XML is one problem."""
    if problem := file_problem(path):
        return [], None, [problem]
    try:
        # No entity expansion, no DTD, no network, no huge trees (issue 15.6).
        tree = etree.parse(str(path), etree.XMLParser(**XML_PARSER_OPTIONS))
    except (OSError, etree.XMLSyntaxError) as exc:
        return [], None, [f"The file cannot be read as XML: {exc}"]
    root = tree.getroot()
    if root.tag != "Message" or root.find("Children") is None:
        return [], None, ["The file is not a CIN census: it has no Message/Children"]
    ignored: list[str] = []
    reference = parse_date(_t(root, "Header/CollectionDetails/ReferenceDate"), "ReferenceDate", ignored)
    year_start = CollectionYear.ending(reference).start if reference else None
    out = []
    for node in root.iterfind("Children/Child"):
        child, problems = parse_child(node)
        out.append((node.sourceline, child, problems))
    return out, year_start, []


def run(path: Path, *, progress: bool = True, today: dt.date | None = None) -> ImportReport:
    """Import the file: every child that passes the checks loads in one transaction (all or nothing);
    everything refused is in the report with its reasons."""
    today = today or timezone.localdate()
    report = ImportReport(source=f"CIN census {path.name}")
    children, year_start, fatal = read(path)
    if fatal:
        report.refuse("the file", "", fatal)
        return report
    accepted: list[tuple[int, Child]] = []
    seen_ids: dict[str, int] = {}
    seen_upns: dict[str, int] = {}
    for line, child, problems in tqdm(children, desc="Checking children", unit=" children", disable=not progress):
        problems = problems + check_child(child, today, year_start)
        if child.la_child_id in seen_ids:
            problems.append(f"LAchildID {child.la_child_id} appears twice in the file, first on line "
                            f"{seen_ids[child.la_child_id]} (rule 8510)")
        if child.upn and child.upn in seen_upns:
            problems.append(f"UPN {child.upn} is also given to the child on line {seen_upns[child.upn]} (rule 1520)")
        seen_ids.setdefault(child.la_child_id, line)
        if child.upn:
            seen_upns.setdefault(child.upn, line)
        if problems:
            report.refuse(f"line {line}", child.la_child_id, problems)
        else:
            accepted.append((line, child))
    checked = _check_against_record(accepted, report)
    load_all_or_nothing(report, [item for item in checked if item[2] is None],
                        [item for item in checked if item[2] is not None],
                        lambda items, part: _load(items, part, progress and len(items) > 1),
                        lambda item: (f"line {item[0]}", item[1].la_child_id))
    return report


def _check_against_record(accepted: list[tuple[int, Child]],
                          report: ImportReport) -> list[tuple[int, Child, Person | None]]:
    """Match each child to the person already on the record (by LA child ID, then UPN), and refuse one
    whose record the file contradicts: a different UPN, or a second open episode (rule 8815) or
    plan (8935). Returns (line, child, person or None)."""
    existing = {p.person_id: p for p in _in_chunks(Person.objects, "person_id", [c.la_child_id for _, c in accepted])}
    by_upn = {p.upn: p for p in _in_chunks(Person.objects, "upn", [c.upn for _, c in accepted if c.upn])}
    matched = {c.la_child_id: existing.get(c.la_child_id) or (by_upn.get(c.upn) if c.upn else None)
               for _, c in accepted}
    taken: dict[int, str] = {}
    pks = [p.pk for p in matched.values() if p]
    open_eps = dict(_in_chunks(CINEpisode.objects.filter(closure_date__isnull=True), "person_id", pks)
                    .values_list("person_id", "referral_date"))
    open_plans = dict(_in_chunks(PlanModel.objects.filter(end_date__isnull=True), "person_id", pks)
                      .values_list("person_id", "start_date"))
    keep = []
    for line, child in accepted:
        person = matched[child.la_child_id]
        problems = []
        if person is not None and person.merged_into_id:
            problems.append(f"{person.person_id} on the record was merged into another record: import it under "
                            "that record's ID")
        elif person is not None and person.pk in taken:
            problems.append(f"This child and {taken[person.pk]} in the same file are one person on the record "
                            f"({person.person_id}, matched by ID or UPN)")
        elif person is not None:
            taken[person.pk] = child.la_child_id
            if child.upn and person.upn and person.upn != child.upn:
                problems.append(f"UPN {child.upn} differs from the record's {person.upn} for this child")
            on_record = open_eps.get(person.pk)
            file_open = [e.referral_date for e in child.episodes if e.closure_date is None]
            closes = {e.referral_date for e in child.episodes if e.closure_date}
            if on_record and file_open and file_open[0] != on_record and on_record not in closes:
                problems.append(f"The record has an open episode referred {on_record}; the file opens another "
                                f"referred {file_open[0]} (rule 8815)")
            plan_open = open_plans.get(person.pk)
            file_plans = [p.start for e in child.episodes for p in e.cp_plans if p.end is None]
            ends = {p.start for e in child.episodes for p in e.cp_plans if p.end}
            if plan_open and file_plans and file_plans[0] != plan_open and plan_open not in ends:
                problems.append(f"The record has an open child protection plan from {plan_open}; the file opens "
                                f"another from {file_plans[0]} (rule 8935)")
        if problems:
            report.refuse(f"line {line}", child.la_child_id, problems)
        else:
            keep.append((line, child, person))
    return keep


@dataclass
class _Held:
    """What the record already holds for the matched children, keyed as the file's events are matched: an
    episode by child and referral date, what hangs off it by episode and start date."""

    disabilities: set[tuple[int, str]]
    episodes: dict[tuple[int, dt.date], CINEpisode]
    assessments: dict[int, dict[dt.date, AssessmentModel]]
    cin_plans: dict[int, dict[dt.date, CINPlan]]
    plans: dict[int, dict[dt.date, PlanModel]]
    enquiries: dict[tuple[int, dt.date], Section47Enquiry]
    icpcs: dict[int, Conference]  # by enquiry
    review_days: dict[int, set[dt.date]]  # the days of each plan's review conferences, by plan

    @classmethod
    def read(cls, old: list[int]) -> _Held:
        have_dis = {(pid, code) for pid, code in _in_chunks(Disability.objects, "person_id", old)
                    .values_list("person_id", "code")} if old else set()
        episodes = {(e.person_id, e.referral_date): e for e in _in_chunks(CINEpisode.objects, "person_id", old)}
        eps_old = [e.pk for e in episodes.values()]

        def rows(model):
            out: dict[int, dict] = {}
            for obj in _in_chunks(model.objects, "episode_id", eps_old):
                out.setdefault(obj.episode_id, {})[obj.start_date] = obj
            return out

        return cls(
            disabilities=have_dis, episodes=episodes, assessments=rows(AssessmentModel), cin_plans=rows(CINPlan),
            plans=rows(PlanModel),
            enquiries={(s.episode_id, s.start_date): s
                       for s in _in_chunks(Section47Enquiry.objects, "episode_id", eps_old)},
            icpcs={c.enquiry_id: c for c in _in_chunks(Conference.objects.filter(kind="initial"), "episode_id",
                                                       eps_old)},
            review_days=_review_days(eps_old))


def _review_days(episode_ids: list[int]) -> dict[int, set[dt.date]]:
    days: dict[int, set[dt.date]] = {}
    for plan_id, held_on in _in_chunks(Conference.objects.filter(kind="review"), "episode_id", episode_ids) \
            .values_list("plan_id", "held_on"):
        days.setdefault(plan_id, set()).add(held_on)
    return days


def _load_people(accepted: list, report: ImportReport, by) -> tuple[list[tuple[Person, Child]], list[Person]]:
    """Each accepted child with the person they are on the record, creating those the record has not met."""
    targets: list[tuple[Person, Child]] = []
    new_people: list[Person] = []
    for _line, child, person in accepted:
        if person is not None:
            report.matched["children"] += 1
        else:
            person = people_batch.imported_person(
                child.la_child_id, by=by, sex=child.sex, ethnicity=child.ethnicity, dob=child.dob,
                expected_dob=child.expected_dob, death_date=child.death_date, upn=child.upn,
                former_upn=child.former_upn, upn_unknown="" if child.upn else child.upn_unknown)
            new_people.append(person)
        targets.append((person, child))
    people_batch.people_add(new_people)
    report.created["children"] += len(new_people)
    return targets, new_people


def _load_episodes(targets, held: _Held, report: ImportReport, by, chronology, progress: bool) -> None:
    """Each episode the record lacks, and the closure of each it holds open that the file says has closed."""
    new_eps, closures = [], []
    for person, child in tqdm(targets, desc="Episodes", unit=" children", disable=not progress):
        for e in child.episodes:
            ep = held.episodes.get((person.pk, e.referral_date))
            if ep is None:
                ep = family_batch.imported_episode(
                    person, referral_date=e.referral_date, source=e.referral_source, need=e.primary_need,
                    nfa=e.referral_nfa, closure_date=e.closure_date, closure_reason=e.closure_reason, by=by)
                held.episodes[(person.pk, e.referral_date)] = ep
                new_eps.append(ep)
            else:
                report.matched["episodes"] += 1
                if e.closure_date and not ep.closure_date:  # the file knows the episode has closed since
                    family_batch.episode_closed_since(ep, closure_date=e.closure_date,
                                                      closure_reason=e.closure_reason, by=by)
                    closures.append(ep)
    # Close what the file says has closed before opening what it opens (one open episode per child).
    family_batch.episodes_close(closures)
    family_batch.episodes_add(new_eps, chronology=chronology, what=" from the CIN census")
    report.created["episodes"] += len(new_eps)
    report.created["closures"] += len(closures)


def _load_assessments_and_plans(targets, held: _Held, report: ImportReport, by, chronology) -> None:
    """Assessments and child in need plans: new ones added, and those the record holds completed or ended
    where the file says they have been since."""
    assessments, cin_plans = [], []
    for person, child in targets:
        for e in child.episodes:
            ep = held.episodes[(person.pk, e.referral_date)]
            for a in e.assessments:
                assert a.start is not None  # check_child refuses a child without it
                known = held.assessments.get(ep.pk, {}).get(a.start)
                if known is None:
                    assessments.append(family_batch.imported_assessment(ep, person, start=a.start,
                                                                        authorised=a.authorised, factors=a.factors,
                                                                        by=by))
                    continue
                report.matched["assessments"] += 1
                if a.authorised and not known.authorised_date:  # authorised since the record had it
                    family_batch.assessment_authorised_since(known, authorised=a.authorised, factors=a.factors, by=by)
                    report.created["assessments completed"] += 1
            for start, stop in e.cin_plans:
                assert start is not None  # check_child refuses a child without it
                known_plan = held.cin_plans.get(ep.pk, {}).get(start)
                if known_plan is None:
                    cin_plans.append(family_batch.imported_cin_plan(ep, person, start=start, end=stop, by=by))
                    continue
                report.matched["child in need plans"] += 1
                if stop and not known_plan.end_date:
                    family_batch.cin_plan_ended_since(known_plan, end=stop)
                    report.created["child in need plans ended"] += 1
    family_batch.assessments_add(assessments, chronology=chronology)
    family_batch.cin_plans_add(cin_plans, chronology=chronology)
    report.created["assessments"] += len(assessments)
    report.created["child in need plans"] += len(cin_plans)


def _load_enquiries(targets, held: _Held, report: ImportReport, by, chronology) -> None:
    """Section 47 enquiries, each with the strategy discussion the census implies (it does not record one);
    those the record holds are concluded where the file says they have been since."""
    discussions, pending = [], []
    for person, child in targets:
        for e in child.episodes:
            ep = held.episodes[(person.pk, e.referral_date)]
            for s in e.section47s:
                assert s.start is not None  # check_child refuses a child without it
                known = held.enquiries.get((ep.pk, s.start))
                if known is not None:
                    report.matched["section 47 enquiries"] += 1
                    if not known.icpc_held_on and not known.icpc_not_required and (s.icpc or s.icpc_not_required):
                        protection_batch.enquiry_concluded_since(known, icpc=s.icpc,
                                                                 icpc_not_required=s.icpc_not_required)
                        report.created["section 47 enquiries concluded"] += 1
                    continue
                sd = protection_batch.imported_discussion(
                    ep, person, day=s.start, by=by,
                    rationale="Imported from a CIN census file, which does not record the strategy discussion: "
                              "dated from the enquiry's start")
                discussions.append(sd)
                pending.append((sd, ep, person, s))
    protection_batch.discussions_add(discussions)
    new_s47 = []
    for sd, ep, person, s in pending:
        enquiry = protection_batch.imported_enquiry(ep, person, discussion=sd, start=s.start,
                                                    icpc_target=s.icpc_target, icpc_not_required=s.icpc_not_required,
                                                    icpc=s.icpc, by=by)
        held.enquiries[(ep.pk, s.start)] = enquiry
        new_s47.append(enquiry)
    protection_batch.enquiries_add(new_s47, chronology=chronology)
    report.created["section 47 enquiries"] += len(new_s47)


def _load_earlier_enquiries(targets, held: _Held, report: ImportReport, by) -> dict:
    """A plan from before the file's year comes without its enquiry and conference (they were in an earlier
    return): they are made, dated from the plan's start. Returns each plan in the file by episode and start."""
    plan_starts = {}
    earlier: list[tuple[StrategyDiscussion, Section47Enquiry]] = []
    icpc_days = {(eid, s.icpc_held_on) for (eid, _), s in held.enquiries.items() if s.icpc_held_on}
    for person, child in targets:
        for e in child.episodes:
            ep = held.episodes[(person.pk, e.referral_date)]
            for p in e.cp_plans:
                assert p.start is not None  # check_child refuses a child without it
                plan_starts[(ep.pk, p.start)] = p
                if (ep.pk, p.start) in icpc_days or p.start in held.plans.get(ep.pk, {}):
                    continue
                sd = protection_batch.imported_discussion(
                    ep, person, day=p.start, by=by,
                    rationale="Imported: the CIN census reports a plan from before its year without the strategy "
                              "discussion, enquiry and conference that started it; dated from the plan's start")
                enquiry = protection_batch.imported_enquiry(ep, person, start=p.start, icpc=p.start, by=by)
                earlier.append((sd, enquiry))
                held.enquiries[(ep.pk, p.start)] = enquiry
                icpc_days.add((ep.pk, p.start))
    protection_batch.discussions_add([sd for sd, _ in earlier])
    for sd, enquiry in earlier:
        enquiry.strategy_discussion = sd
    protection_batch.enquiries_add([enq for _, enq in earlier])
    report.created["section 47 enquiries (before the year)"] += len(earlier)
    return plan_starts


def _load_initial_conferences(held: _Held, plan_starts: dict, report: ImportReport, by, chronology) -> None:
    """An initial conference for each enquiry that held one and has none on the record, with the category of
    the plan it started."""
    new_icpcs = []
    for (ep_pk, _start), enquiry in held.enquiries.items():
        if enquiry.icpc_held_on and enquiry.pk not in held.icpcs:
            plan = plan_starts.get((ep_pk, enquiry.icpc_held_on))
            conf = protection_batch.imported_initial_conference(
                enquiry, plan_category=plan.initial_category if plan else None, by=by)
            held.icpcs[enquiry.pk] = conf
            new_icpcs.append(conf)
    protection_batch.conferences_add(new_icpcs, chronology=chronology)
    report.created["initial conferences"] += len(new_icpcs)


def _load_plans(targets, held: _Held, report: ImportReport, by, chronology) -> None:
    """Child protection plans, each started by the initial conference on its start date, and their review
    conferences; plans the record holds are ended where the file says and given the reviews they lack."""
    by_icpc = {(eid, s.icpc_held_on): s for (eid, _), s in held.enquiries.items() if s.icpc_held_on}
    new_plans, reviews_for = [], []
    for person, child in targets:
        for e in child.episodes:
            ep = held.episodes[(person.pk, e.referral_date)]
            for p in e.cp_plans:
                assert p.start is not None  # check_child refuses a child without it
                known = held.plans.get(ep.pk, {}).get(p.start)
                if known is not None:
                    report.matched["child protection plans"] += 1
                    if p.end and not known.end_date:
                        protection_batch.plan_ended_since(known, end=p.end, latest_category=p.latest_category, by=by)
                        report.created["child protection plans ended"] += 1
                    held_on = held.review_days.get(known.pk, set())
                    reviews_for.append((known, [day for day in p.reviews if day not in held_on]))
                    continue
                enquiry = by_icpc[(ep.pk, p.start)]
                plan = protection_batch.imported_plan(
                    ep, person, initial_conference=held.icpcs[enquiry.pk], start=p.start, end=p.end,
                    initial_category=p.initial_category, latest_category=p.latest_category,
                    previous_plans=p.previous_plans, by=by)
                new_plans.append(plan)
                reviews_for.append((plan, p.reviews))
    protection_batch.plans_add(new_plans, chronology=chronology)
    reviews = [protection_batch.imported_review(plan, day=day, by=by) for plan, days in reviews_for for day in days]
    protection_batch.conferences_add(reviews)
    report.created["child protection plans"] += len(new_plans)
    report.created["review conferences"] += len(reviews)


def _load(accepted: list, report: ImportReport, progress: bool) -> None:
    """Load the accepted children in bulk through the batch-load modules of the apps that own the rows
    (people, family_help, child_protection): people, then episodes, then what hangs off each episode,
    skipping whatever the record already has (matched by the child's ID or UPN and each event's date)."""
    by = import_user()
    targets, new_people = _load_people(accepted, report, by)
    new_ids = {p.pk for p in new_people}
    held = _Held.read([p.pk for p, _ in targets if p.pk not in new_ids])
    disabilities = [Disability(person=p, code=c) for p, ch in targets for c in ch.disabilities
                    if (p.pk, c) not in held.disabilities]
    people_batch.disabilities_add(disabilities)
    report.created["disabilities"] += len(disabilities)
    chronology = people_batch.ChronologyBatch(by=by)
    _load_episodes(targets, held, report, by, chronology, progress)
    _load_assessments_and_plans(targets, held, report, by, chronology)
    _load_enquiries(targets, held, report, by, chronology)
    plan_starts = _load_earlier_enquiries(targets, held, report, by)
    _load_initial_conferences(held, plan_starts, report, by, chronology)
    _load_plans(targets, held, report, by, chronology)
    for person in new_people:
        chronology.touched[person.pk] = person
    chronology.save()
    audit_imported(by=by, action=AuditAction.IMPORT_CIN, source=report.source, person_ids=chronology.touched)


def _in_chunks(qs, field: str, values: list, size: int = 900):
    """qs filtered to `field` in `values`, in chunks SQLite can take; yields the objects (or, after
    .values_list on the result, rows): returned as a list-backed queryset stand-in."""
    return _Chunked(qs, field, list(values), size)


class _Chunked:
    def __init__(self, qs, field, values, size, values_list=None):
        self.qs, self.field, self.values, self.size, self._vl = qs, field, values, size, values_list

    def values_list(self, *fields):
        return _Chunked(self.qs, self.field, self.values, self.size, fields)

    def __iter__(self):
        for i in range(0, len(self.values), self.size):
            qs = self.qs.filter(**{f"{self.field}__in": self.values[i:i + self.size]})
            yield from (qs.values_list(*self._vl) if self._vl else qs)

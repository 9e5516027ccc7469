"""The Children in Need census, read straight from the record and written as the DfE's XML.

Element names, their order (every level is an xs:sequence), code sets and date formats follow
../shared/domain/cin-census.md 2.1-2.4 and ../shared/data/cin-census/CIN_schema_2024.xsd.

Scope (cin-census.md 2): every child with an episode of need open on any day of the census year
(1 April to 31 March). Within an episode, only what happened in the year or was still running in it
is reported, and a date after 31 March is left out (the episode, assessment or plan is reported open
at the year end), because the DfE rules require closure, authorisation, conference and plan-end dates
to fall within the year (rules 8620, 8696, 8715, 8930, 4013).

Year differences:
- up to 2023-24 the child's sex is `GenderCurrent` (1 male, 2 female, 0 not recorded or unborn);
  from 2024-25 it is `Sex` (M, F, U), U for an unborn child (rule 8750, cin2024_25).
- from 2026-27 each episode carries module 5, `PreProceedingsandFGDM`, as its last child (cin-census.md 2.4).

What the record does not hold is left out, never made up; the validator then reports it against the
child, which is what a council needs to see.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from lxml import etree

from safehold import __version__
from safehold.child_protection.models import ChildProtectionConference, Section47Enquiry
from safehold.child_protection.models import CPPlan as CPPlanModel
from safehold.children_in_care.models import PeriodOfCare
from safehold.family_help.models import Assessment as AssessmentModel
from safehold.family_help.models import CINEpisode, CINPlan
from safehold.family_help.models import PreProceedings as PP
from safehold.people.models import Disability

from .years import CollectionYear

SEX_ELEMENT_FROM_YEAR = 2024  # 2024-25: Sex replaces GenderCurrent (cin-census.md 2.2, Gender/Sex)
MODULE5_FROM_YEAR = 2026  # 2026-27: PreProceedingsandFGDM (cin-census.md 2.4)
SCHEMA_2024 = Path(__file__).with_name("schemas") / "CIN_schema_2024.xsd"  # see schemas/NOTICE.md


def iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def within(day: dt.date | None, year: CollectionYear) -> dt.date | None:
    """The date if it falls on or before the year end; None if later (not yet happened at 31 March)."""
    return day if day is not None and day <= year.end else None


@dataclass
class Assessment:
    start: dt.date | None  # None only as read from a file that lacks it (the import refuses the child)
    authorised: dt.date | None = None
    factors: list[str] = field(default_factory=list)


@dataclass
class Section47:
    start: dt.date | None  # as Assessment.start
    icpc_target: dt.date | None
    icpc: dt.date | None
    icpc_not_required: bool


@dataclass
class CPPlan:
    start: dt.date | None  # as Assessment.start
    end: dt.date | None
    initial_category: str
    latest_category: str
    previous_plans: int
    reviews: list[dt.date] = field(default_factory=list)


@dataclass
class PreProceedings:
    values: dict[str, object]  # element name -> date, bool, int or code, in module 5's order


@dataclass
class Episode:
    referral_date: dt.date | None  # as Assessment.start
    referral_source: str
    primary_need: str
    closure_date: dt.date | None
    closure_reason: str
    icpc: dt.date | None  # an initial conference with no section 47 of its own (e.g. a transfer in)
    referral_nfa: bool
    assessments: list[Assessment] = field(default_factory=list)
    cin_plans: list[tuple[dt.date | None, dt.date | None]] = field(default_factory=list)
    section47s: list[Section47] = field(default_factory=list)
    cp_plans: list[CPPlan] = field(default_factory=list)
    pre_proceedings: PreProceedings | None = None


@dataclass
class Child:
    la_child_id: str
    upn: str
    former_upn: str
    upn_unknown: str
    dob: dt.date | None
    expected_dob: dt.date | None
    sex: str  # the census value for the year: 1/2/0 up to 2023-24, M/F/U after
    death_date: dt.date | None
    ethnicity: str
    disabilities: list[str]
    episodes: list[Episode] = field(default_factory=list)


@dataclass
class Census:
    year: CollectionYear
    la_code: str
    children: list[Child]

    @property
    def episode_count(self) -> int:
        return sum(len(c.episodes) for c in self.children)


def census_sex(sex: str, unborn: bool, year: CollectionYear) -> str:
    if year.start.year >= SEX_ELEMENT_FROM_YEAR:
        return "U" if unborn else (sex if sex in ("M", "F") else "U")
    return "0" if unborn else {"M": "1", "F": "2"}.get(sex, "0")


def build(period_end: dt.date, *, person_ids=None) -> Census:
    """The census for the year ending `period_end`, from the record; only `person_ids` (primary keys) when given,
    as when one child's record is checked on save (issue 16.2)."""
    year = CollectionYear.ending(period_end)
    episodes = list(CINEpisode.objects.filter(referral_date__lte=year.end)
                    .filter(Q(closure_date__isnull=True) | Q(closure_date__gte=year.start))
                    .filter(person__merged_into__isnull=True)
                    .filter(**({"person_id__in": person_ids} if person_ids is not None else {}))
                    .select_related("person").order_by("person__person_id", "referral_date", "pk"))
    in_scope = CINEpisode.objects.filter(pk__in=[e.pk for e in episodes]) if len(episodes) < 500 else \
        CINEpisode.objects.filter(referral_date__lte=year.end).filter(
            Q(closure_date__isnull=True) | Q(closure_date__gte=year.start))

    assessments = defaultdict(list)
    for a in (AssessmentModel.objects.filter(episode__in=in_scope, start_date__lte=year.end)
              .filter(Q(authorised_date__isnull=True) | Q(authorised_date__gte=year.start))
              .order_by("start_date", "pk").values_list("episode_id", "start_date", "authorised_date", "factors")):
        episode_id, start, authorised, factors = a
        authorised = within(authorised, year)
        # Factors are reported only for a completed assessment (rule 8614), without repeats (8898).
        assessments[episode_id].append(Assessment(start, authorised, list(dict.fromkeys(factors or []))
                                                  if authorised else []))
    cin_plans: defaultdict[int, list[tuple[dt.date | None, dt.date | None]]] = defaultdict(list)
    for episode_id, start, end in (CINPlan.objects.filter(episode__in=in_scope, start_date__lte=year.end)
                                   .filter(Q(end_date__isnull=True) | Q(end_date__gte=year.start))
                                   .order_by("start_date", "pk").values_list("episode_id", "start_date", "end_date")):
        cin_plans[episode_id].append((start, within(end, year)))
    section47s = defaultdict(list)
    for s in (Section47Enquiry.objects.filter(episode__in=in_scope, start_date__lte=year.end)
              .order_by("start_date", "pk")):
        icpc = within(s.icpc_held_on, year)
        # Decided at the enquiry's end; an imported enquiry carries the decision without its end date.
        not_required = s.icpc_not_required and (s.end_date is None or s.end_date <= year.end)
        # An imported "not required" decision has no end date: take it as made by the conference's target
        # date (the enquiry's time limit), so an old enquiry does not reappear in a later year.
        decided = (s.end_date or s.initial_cpc_target) if s.icpc_not_required else None
        finished_before = (s.icpc_held_on and s.icpc_held_on < year.start) or (decided and decided < year.start)
        if finished_before:
            continue
        section47s[s.episode_id].append(Section47(s.start_date, s.initial_cpc_target, icpc, not_required))
    lone_icpcs: dict[int, dt.date] = {}
    for episode_id, held_on in (ChildProtectionConference.objects.filter(
            episode__in=in_scope, kind=ChildProtectionConference.Kind.INITIAL, enquiry__isnull=True,
            held_on__range=(year.start, year.end)).order_by("held_on").values_list("episode_id", "held_on")):
        lone_icpcs.setdefault(episode_id, held_on)
    plans = defaultdict(list)
    plan_by_id = {}
    for p in (CPPlanModel.objects.filter(episode__in=in_scope, start_date__lte=year.end)
              .filter(Q(end_date__isnull=True) | Q(end_date__gte=year.start)).order_by("start_date", "pk")):
        plan = CPPlan(p.start_date, within(p.end_date, year), p.initial_category, p.latest_category,
                      p.number_of_previous_plans)
        plans[p.episode_id].append(plan)
        plan_by_id[p.pk] = plan
    # Every review of each plan in the census up to the year end, including those before 1 April: the census
    # asks for all of a plan's reviews (the DfE's 2023-24 sample reports one of February 2023) and the
    # "reviewed within timescales" indicator counts from them.
    for plan_id, held_on in (ChildProtectionConference.objects.filter(
            plan_id__in=list(plan_by_id), kind=ChildProtectionConference.Kind.REVIEW,
            held_on__lte=year.end).order_by("held_on").values_list("plan_id", "held_on")):
        plan_by_id[plan_id].reviews.append(held_on)
    pre_proceedings = {}
    if year.start.year >= MODULE5_FROM_YEAR:
        for pp in PP.objects.filter(episode__in=in_scope, pp_start_date__range=(year.start, year.end)):
            pre_proceedings[pp.episode_id] = PreProceedings(module5_values(pp, year))

    disabilities: defaultdict[int, list[str]] = defaultdict(list)
    person_ids = {e.person_id for e in episodes}
    for person_id, code in Disability.objects.filter(person_id__in=person_ids).order_by("pk") \
            .values_list("person_id", "code") if len(person_ids) < 500 else \
            Disability.objects.filter(person__cin_episodes__in=in_scope).distinct() \
            .order_by("pk").values_list("person_id", "code"):
        if code not in disabilities[person_id]:
            disabilities[person_id].append(code)

    children: dict[int, Child] = {}
    for e in episodes:
        person = e.person
        child = children.get(person.pk)
        if child is None:
            dob = person.dob if person.dob and person.dob <= year.end else None
            expected = person.expected_dob if dob is None and person.expected_dob else None
            if person.dob and dob is None:  # born after the year end: unborn at the census date
                expected = person.dob
            child = children[person.pk] = Child(
                la_child_id=person.person_id, upn=person.upn, former_upn=person.former_upn,
                upn_unknown=person.upn_unknown, dob=dob, expected_dob=expected,
                sex=census_sex(person.sex, dob is None and expected is not None, year),
                death_date=within(person.death_date, year),
                ethnicity=person.ethnicity, disabilities=disabilities.get(person.pk, []))
        closed = within(e.closure_date, year)
        child.episodes.append(Episode(
            referral_date=e.referral_date, referral_source=e.referral_source, primary_need=e.primary_need,
            closure_date=closed, closure_reason=e.closure_reason if closed else "",
            icpc=lone_icpcs.get(e.pk), referral_nfa=e.referral_nfa,
            assessments=assessments.get(e.pk, []), cin_plans=cin_plans.get(e.pk, []),
            section47s=section47s.get(e.pk, []), cp_plans=plans.get(e.pk, []),
            pre_proceedings=pre_proceedings.get(e.pk)))
    return Census(year=year, la_code=settings.SAFEHOLD_LA_CODE, children=list(children.values()))


MODULE5_FIELDS = [  # cin-census.md 2.4, in the sample file's order
    ("PPStartDate", "pp_start_date"), ("LBPSentDate", "lbp_sent_date"), ("FGDMMeetingOffer", "fgdm_meeting_offer"),
    ("FGDMMeetingFac", "fgdm_meeting_fac"), ("InitialPPMeetingDate", "initial_pp_meeting_date"),
    ("ReviewMeetingsCount", "review_meetings_count"), ("StepDecisionDate", "step_decision_date"),
    ("PPOutcome", "pp_outcome"), ("CourtAppDate", "court_app_date"), ("LetterInitCPDate", "letter_init_cp_date"),
]


def module5_values(pp, year: CollectionYear) -> dict[str, object]:
    values = {}
    for element, attr in MODULE5_FIELDS:
        value = getattr(pp, attr)
        if isinstance(value, dt.date):
            value = within(value, year)
        if value not in (None, ""):
            values[element] = value
    return values


def _text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def to_xml(census: Census, *, generated_at: dt.datetime | None = None) -> bytes:
    """The census as the DfE's XML (cin-census.md 2.1), elements in schema order."""
    year = census.year
    E = etree.Element

    def add(parent, tag: str, value: object = None, *, always: bool = False):
        if value in (None, "") and not always:
            return None
        node = etree.SubElement(parent, tag)
        if value not in (None, ""):
            node.text = _text(value)
        return node

    root = E("Message")
    header = etree.SubElement(root, "Header")
    details = etree.SubElement(header, "CollectionDetails")
    add(details, "Collection", "CIN")
    add(details, "Year", str(year.end.year))
    add(details, "ReferenceDate", year.end)  # rule 100: 31 March of Year
    source = etree.SubElement(header, "Source")
    add(source, "SourceLevel", "L")
    add(source, "LEA", census.la_code)
    add(source, "SoftwareCode", "Safehold")

    add(source, "Release", __version__)
    add(source, "SerialNo", "001")
    stamp = (generated_at or timezone.now()).astimezone(dt.timezone.utc).replace(microsecond=0, tzinfo=None)
    add(source, "DateTime", stamp.isoformat())
    children = etree.SubElement(root, "Children")
    sex_tag = "Sex" if year.start.year >= SEX_ELEMENT_FROM_YEAR else "GenderCurrent"
    for c in census.children:
        child = etree.SubElement(children, "Child")
        ids = etree.SubElement(child, "ChildIdentifiers")
        add(ids, "LAchildID", c.la_child_id)
        add(ids, "UPN", c.upn)
        add(ids, "FormerUPN", c.former_upn)
        add(ids, "UPNunknown", None if c.upn else c.upn_unknown)
        add(ids, "PersonBirthDate", c.dob)
        add(ids, "ExpectedPersonBirthDate", c.expected_dob)
        add(ids, sex_tag, c.sex)
        add(ids, "PersonDeathDate", c.death_date)
        chars = etree.SubElement(child, "ChildCharacteristics")
        add(chars, "Ethnicity", c.ethnicity)
        if c.disabilities:
            dis = etree.SubElement(chars, "Disabilities")
            for code in c.disabilities:
                add(dis, "Disability", code)
        for e in c.episodes:
            node = etree.SubElement(child, "CINdetails")
            add(node, "CINreferralDate", e.referral_date)
            add(node, "ReferralSource", e.referral_source)
            add(node, "PrimaryNeedCode", e.primary_need)
            add(node, "CINclosureDate", e.closure_date)
            add(node, "ReasonForClosure", e.closure_reason)
            add(node, "DateOfInitialCPC", e.icpc)
            for a in e.assessments:
                an = etree.SubElement(node, "Assessments")
                add(an, "AssessmentActualStartDate", a.start)
                add(an, "AssessmentAuthorisationDate", a.authorised)
                if a.factors:
                    fx = etree.SubElement(an, "FactorsIdentifiedAtAssessment")
                    for code in a.factors:
                        add(fx, "AssessmentFactors", code)
            for start, end in e.cin_plans:
                pn = etree.SubElement(node, "CINPlanDates")
                add(pn, "CINPlanStartDate", start)
                add(pn, "CINPlanEndDate", end)
            for s in e.section47s:
                sn = etree.SubElement(node, "Section47")
                add(sn, "S47ActualStartDate", s.start)
                add(sn, "InitialCPCtarget", s.icpc_target)
                add(sn, "DateOfInitialCPC", s.icpc)
                add(sn, "ICPCnotRequired", s.icpc_not_required)
            add(node, "ReferralNFA", e.referral_nfa)
            for p in e.cp_plans:
                cn = etree.SubElement(node, "ChildProtectionPlans")
                add(cn, "CPPstartDate", p.start)
                add(cn, "CPPendDate", p.end)
                add(cn, "InitialCategoryOfAbuse", p.initial_category)
                add(cn, "LatestCategoryOfAbuse", p.latest_category)
                add(cn, "NumberOfPreviousCPP", p.previous_plans)
                if p.reviews:
                    rv = etree.SubElement(cn, "Reviews")
                    for day in p.reviews:
                        add(rv, "CPPreviewDate", day)
            if e.pre_proceedings and year.start.year >= MODULE5_FROM_YEAR:
                mn = etree.SubElement(node, "PreProceedingsandFGDM")
                for element, value in e.pre_proceedings.values.items():
                    add(mn, element, value)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def write(period_end: dt.date, path: Path) -> dict[str, int]:
    """Write the census for the year to `path`; returns the counts a person would check."""
    census = build(period_end)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(to_xml(census))
    return counts(census)


def counts(census: Census) -> dict[str, int]:
    eps = [e for c in census.children for e in c.episodes]
    return {"children": len(census.children), "episodes": len(eps),
            "assessments": sum(len(e.assessments) for e in eps),
            "cin_plans": sum(len(e.cin_plans) for e in eps),
            "section47s": sum(len(e.section47s) for e in eps),
            "cp_plans": sum(len(e.cp_plans) for e in eps)}


def looked_after_without_episode(period_end: dt.date) -> list[str]:
    """Children looked after in the year with no episode of need open in it: the census counts children
    in care as children in need (cin-census.md 2, scope), so each should have an episode; they are not
    in the file until one is recorded."""
    year = CollectionYear.ending(period_end)
    in_care = PeriodOfCare.objects.filter(start_date__lte=year.end).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=year.start))
    with_episode = CINEpisode.objects.filter(referral_date__lte=year.end).filter(
        Q(closure_date__isnull=True) | Q(closure_date__gte=year.start)).values("person_id")
    return sorted(set(in_care.exclude(person_id__in=with_episode).values_list("person__person_id", flat=True)))


# The schema --------------------------------------------------------------------------------------------

XS = "http://www.w3.org/2001/XMLSchema"


def schema_document(year: CollectionYear, source: Path | None = None) -> etree._ElementTree:
    """The shared 2023-24 schema, adjusted for `year` (../shared/data/cin-census/NOTICE.md):
    - NumberOfPreviousCPP accepts 0 (rule 8730 requires it for a first plan; the copy's positiveInteger
      looks like a fault in that copy, UNCONFIRMED against the DfE's own file);
    - from 2024-25 `Sex` (M, F, U) in the place of `GenderCurrent`;
    - from 2026-27 the optional module 5 as the last child of CINdetails (its multiplicity is not fixed
      by any schema found, cin-census.md 2.4: here at most one per episode)."""
    tree = etree.parse(str(source or SCHEMA_2024))
    ns = {"xs": XS}
    for node in tree.iterfind(".//xs:element[@name='NumberOfPreviousCPP']", ns):
        node.set("type", "xs:nonNegativeInteger")
    root = tree.getroot()
    if year.start.year >= SEX_ELEMENT_FROM_YEAR:
        for node in tree.iterfind(".//xs:element[@name='GenderCurrent']", ns):
            node.set("name", "Sex")
            node.set("type", "sextype")
        root.append(etree.fromstring(
            f'<xs:simpleType xmlns:xs="{XS}" name="sextype"><xs:restriction base="xs:string">'
            '<xs:enumeration value="M"/><xs:enumeration value="F"/><xs:enumeration value="U"/>'
            '</xs:restriction></xs:simpleType>'))
    if year.start.year >= MODULE5_FROM_YEAR:
        seq = tree.find(".//xs:complexType[@name='cindetailstype']/xs:sequence", ns)
        types = {"FGDMMeetingOffer": "yesnotype", "FGDMMeetingFac": "yesnotype",
                 "ReviewMeetingsCount": "xs:nonNegativeInteger", "PPOutcome": "xs:string"}
        inner = "".join(f'<xs:element name="{name}" type="{types.get(name, "xs:date")}" minOccurs="0"/>'
                        for name, _ in MODULE5_FIELDS)
        seq.append(etree.fromstring(
            f'<xs:element xmlns:xs="{XS}" name="PreProceedingsandFGDM" minOccurs="0" maxOccurs="1">'
            f'<xs:complexType><xs:sequence>{inner}</xs:sequence></xs:complexType></xs:element>'))
    return tree


def schema_errors(xml_path: Path, period_end: dt.date) -> list[str]:
    """Every way the file breaks the year's schema, as 'line N: message' (empty when it conforms)."""
    schema = etree.XMLSchema(schema_document(CollectionYear.ending(period_end)))
    try:
        doc = etree.parse(str(xml_path))
    except etree.XMLSyntaxError as exc:
        return [f"line {exc.lineno}: the file is not well-formed XML: {exc.msg}"]
    if schema.validate(doc):
        return []
    return [f"line {e.line}: {e.message}" for e in schema.error_log]

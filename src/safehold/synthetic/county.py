"""The synthetic county: a deterministic local authority of children, families, staff and teams.

`seed_county(children=N, seed=S)` gives the same county for the same N, seed and as-of date. Every
name, address and identifier is invented (identifiers carry valid check digits so validation and
the returns treat them as real). Later issues add casework histories on top of these people.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from faker import Faker
from tqdm import tqdm

from safehold.accounts.models import Agency, RecordAccessGrant, Role, Service, Team, User
from safehold.audit.actions import AuditAction
from safehold.audit.services import audit_change
from safehold.casework.models import Allocation
from safehold.core.codes import Disability as DisabilityCode
from safehold.front_door.models import RoutingRule
from safehold.people.models import Address, ChronologyEntry, Disability, Person, Relationship
from safehold.people.validators import UPN_LA_CODES, fold, name_key, upn_check_letter

from . import names as pools
from . import postcodes
from .care import seed_children_in_care
from .care_leavers import seed_care_leavers
from .care_planning import seed_care_planning
from .histories import seed_histories
from .improvement import seed_improvement
from .performance import seed_performance
from .work_flow import seed_work_flow
from .workforce import seed_workforce

# Approximate ethnic make-up of children known to children's services in an English shire county
# (an illustrative spread, not a national statistic: the county is synthetic).
ETHNICITY_WEIGHTS = {
    "WBRI": 70, "WIRI": 0.4, "WIRT": 0.3, "WOTH": 6, "WROM": 0.8, "MWBC": 2.2, "MWBA": 1, "MWAS": 1.6,
    "MOTH": 3, "AIND": 1.8, "APKN": 3, "ABAN": 1, "AOTH": 1.5, "BCRB": 0.8, "BAFR": 3, "BOTH": 0.7,
    "CHNE": 0.4, "OOTH": 1.5, "REFU": 0.3, "NOBT": 0.7,
}
HERITAGE = {
    "AIND": "south_asian", "APKN": "south_asian", "ABAN": "south_asian", "AOTH": "south_asian",
    "BAFR": "african", "BOTH": "african", "WOTH": "eastern_european", "WROM": "roma", "WIRT": "roma",
    "CHNE": "chinese",
}
POOLS = {"south_asian": pools.SOUTH_ASIAN, "african": pools.AFRICAN, "eastern_european": pools.EASTERN_EUROPEAN,
         "chinese": pools.CHINESE, "roma": pools.ROMA_TRAVELLER}
DISABILITY_CODES = [c for c in DisabilityCode.values if c != "NONE"]

# The demo logins: one per role, each a real member of a seeded team (printed by `safehold demo_logins`).
DEMO_ACCOUNTS = [
    ("social.worker", Role.SOCIAL_WORKER, "Sam", "Okafor", "FHN1"),
    ("team.manager", Role.TEAM_MANAGER, "Tara", "Whitfield", "FHN1"),
    ("service.manager", Role.SERVICE_MANAGER, "Simon", "Achebe", None),
    ("iro", Role.IRO, "Ines", "Romero", "IRO"),
    ("front.door", Role.FRONT_DOOR, "Fran", "Doyle", "FD"),
    ("analyst", Role.ANALYST, "Anil", "Prasad", "PERF"),
    ("police.partner", Role.PARTNER, "Paul", "Reid", "POLICE"),
    ("admin", Role.ADMIN, "Ada", "Mensah", "PERF"),
    ("leader", Role.LEADER, "Lesley", "Hart", None),
    ("quality.lead", Role.QUALITY_ASSURANCE, "Quinn", "Adeyemi", "PERF"),
]


@dataclass
class SeedReport:
    children: int = 0
    adults: int = 0
    teams: int = 0
    staff: int = 0
    open_cases: int = 0
    restricted: int = 0
    history: dict[str, int] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)


def _bar(total: int, desc: str, quiet: bool):
    return tqdm(total=total, desc=desc, unit=" rows", file=sys.stderr, disable=quiet, leave=False,
                dynamic_ncols=True)


class CountyBuilder:
    def __init__(self, *, seed: int, as_of: dt.date, quiet: bool = False):
        self.rng = random.Random(seed)
        self.fake = Faker("en_GB")
        self.fake.seed_instance(seed)
        self.as_of = as_of
        self.quiet = quiet
        self.la_code = str(settings.SAFEHOLD_LA_CODE).zfill(3)[:3]
        # NHS numbers from 900 000 000x up are never issued to patients (reserved for testing).
        self._nhs = 900_000_000 + self.rng.randrange(10_000_000)
        self._upn = 0
        # UPNs carry the issuing LA's code (rule 1530): the council's own, or, for a council code the DfE
        # does not recognise (the demo's 999), recognised ones as if issued by neighbouring councils.
        self._upn_las = [self.la_code] if self.la_code in UPN_LA_CODES else ["886", "887", "938"]
        self._eth_codes = list(ETHNICITY_WEIGHTS)
        self._eth_weights = list(ETHNICITY_WEIGHTS.values())

    # identifiers -------------------------------------------------------------------------------
    def nhs_number(self) -> str:
        while True:
            self._nhs += 1
            digits = str(self._nhs)
            total = sum(int(d) * w for d, w in zip(digits, range(10, 1, -1), strict=False))
            check = (11 - total % 11) % 11
            if check != 10:
                return f"{digits}{check}"

    def upn(self) -> str:
        self._upn += 1
        la = self._upn_las[self._upn % len(self._upn_las)]
        body = f"{la}{self._upn:08d}"[:11] + str(self._upn % 10)
        return upn_check_letter("X" + body) + body

    # people ------------------------------------------------------------------------------------
    def name(self, heritage: str | None, sex: str) -> tuple[str, str]:
        if heritage in POOLS:
            pool = POOLS[heritage]
            return self.rng.choice(pool["female" if sex == "F" else "male"]), self.rng.choice(pool["surname"])
        first = self.fake.first_name_female() if sex == "F" else self.fake.first_name_male()
        return first, self.fake.last_name()

    def routing_rules(self, teams: dict[str, Team]) -> None:
        """The front door's routing rules (front_door/routing.py): strategy discussions to the MACPT;
        Family Help by locality, the northern towns' postcode districts to Family Help North and the
        rest to Family Help South; a last rule so that no decision is left without a team."""
        if RoutingRule.objects.exists():
            return
        districts = sorted(postcodes.DISTRICTS)
        north = sorted({pc.split()[0] for d in districts[: len(districts) // 2] for pc in postcodes.DISTRICTS[d]})
        RoutingRule.objects.bulk_create([
            RoutingRule(order=10, decision="strategy", team=teams["MACPT1"]),
            RoutingRule(order=20, postcode_prefixes=" ".join(north), team=teams["FHN1"]),
            RoutingRule(order=90, team=teams["FHS1"]),
        ])

    def staff_and_teams(self, children: int) -> dict[str, Team]:
        scale = max(1, children // 2500)
        services = {n: Service.objects.get_or_create(name=n)[0] for n in (
            "Front Door", "Family Help North", "Family Help South", "Multi-Agency Child Protection",
            "Children in Care and Care Leavers", "Quality Assurance and Performance", "Partner agencies")}
        specs = [("FD", "Front Door", Team.Kind.FRONT_DOOR, "Front Door")]
        for i in range(1, 2 * scale + 1):
            specs.append((f"FHN{i}", f"Family Help North {i}", Team.Kind.FAMILY_HELP, "Family Help North"))
            specs.append((f"FHS{i}", f"Family Help South {i}", Team.Kind.FAMILY_HELP, "Family Help South"))
        for i in range(1, scale + 1):
            specs.append((f"MACPT{i}", f"MACPT {i}", Team.Kind.MACPT, "Multi-Agency Child Protection"))
            specs.append((f"CIC{i}", f"Children in Care {i}", Team.Kind.CHILDREN_IN_CARE, "Children in Care and Care Leavers"))
        specs += [
            ("CL", "Care Leavers", Team.Kind.CARE_LEAVERS, "Children in Care and Care Leavers"),
            ("IRO", "Independent Reviewing and Conference Chairs", Team.Kind.REVIEWING, "Quality Assurance and Performance"),
            ("PERF", "Performance and Information Governance", Team.Kind.CORPORATE, "Quality Assurance and Performance"),
            ("POLICE", "Police Public Protection Unit", Team.Kind.PARTNER, "Partner agencies"),
            ("HEALTH", "Health Safeguarding Team", Team.Kind.PARTNER, "Partner agencies"),
            ("EDUC", "Education Safeguarding", Team.Kind.PARTNER, "Partner agencies"),
        ]
        teams = {}
        for team_id, name, kind, service in specs:
            teams[team_id], _ = Team.objects.get_or_create(
                team_id=team_id, defaults={"name": name, "kind": kind, "service": services[service]})
        users = []
        taken = set(User.objects.values_list("username", flat=True))

        def add(username, role, first, last, team, **extra):
            if username in taken:
                return
            taken.add(username)
            u = User(username=username, first_name=first, last_name=last, role=role, team=team,
                     staff_id=f"S{len(taken):05d}", **extra)
            u.set_unusable_password()
            users.append(u)

        for username, role, first, last, team_id in DEMO_ACCOUNTS:
            extra = {}
            if role == Role.SERVICE_MANAGER:
                extra["service"] = services["Family Help North"]
            if role == Role.PARTNER:
                extra["agency"] = Agency.POLICE
            if role == Role.LEADER:
                # The director of children's services: the only demo login that may authorise a
                # placement in unregistered provision (accounts.policy).
                extra["is_director"] = True
            add(username, role, first, last, teams.get(team_id) if team_id else None,
                job_title="Director of Children's Services" if role == Role.LEADER else Role(role).label, **extra)
        for team in teams.values():
            if team.kind in (Team.Kind.PARTNER, Team.Kind.CORPORATE, Team.Kind.REVIEWING):
                count, role = (4, Role.IRO) if team.kind == Team.Kind.REVIEWING else (2, Role.ANALYST)
                if team.kind == Team.Kind.PARTNER:
                    role = Role.PARTNER
                agency = {"POLICE": Agency.POLICE, "HEALTH": Agency.HEALTH, "EDUC": Agency.EDUCATION}.get(
                    team.team_id, Agency.LOCAL_AUTHORITY)
                for _ in range(count):
                    sex = self.rng.choice("FM")
                    first, last = self.name(None, sex)
                    add(f"{fold(first)[:1]}{fold(last).replace(' ', '')}{len(taken)}", role, first, last, team,
                        agency=agency, job_title=Role(role).label)
                continue
            first, last = self.name(None, self.rng.choice("FM"))
            add(f"tm.{team.team_id.lower()}", Role.TEAM_MANAGER, first, last, team, job_title="Team manager")
            workers = 7 if team.kind != Team.Kind.FRONT_DOOR else 8
            for n in range(workers):
                first, last = self.name(self.rng.choice([None, None, None, "african", "south_asian"]),
                                        self.rng.choice("FFFM"))
                role = Role.FRONT_DOOR if team.kind == Team.Kind.FRONT_DOOR else Role.SOCIAL_WORKER
                add(f"sw.{team.team_id.lower()}.{n + 1}", role, first, last, team,
                    job_title="Social worker" if role == Role.SOCIAL_WORKER else "Front door practitioner",
                    swe_registration=f"SW{self.rng.randrange(10_000, 150_000)}",
                    is_agency_worker=self.rng.random() < 0.178)  # measures.md: 17.8% agency (2023)
        for service in ("Family Help South", "Multi-Agency Child Protection", "Children in Care and Care Leavers"):
            first, last = self.name(None, self.rng.choice("FM"))
            add(f"sm.{fold(service).split()[0]}{fold(service).split()[-1]}", Role.SERVICE_MANAGER, first, last,
                None, service=services[service], job_title="Service manager")
        User.objects.bulk_create(users, batch_size=500)
        return teams

    def families(self, children: int) -> tuple[list[dict], int]:
        """Plan the households: adults and children with their attributes (no database work)."""
        families = []
        made = 0
        while made < children:
            eth = self.rng.choices(self._eth_codes, self._eth_weights)[0]
            heritage = HERITAGE.get(eth)
            n_children = min(children - made, self.rng.choices([1, 2, 3, 4, 5], [38, 32, 18, 8, 4])[0])
            mother_surname = self.name(heritage, "F")[1]
            two_parents = self.rng.random() < 0.45
            father_surname = self.name(heritage, "M")[1] if two_parents else mother_surname
            family_surname = father_surname if two_parents and self.rng.random() < 0.6 else mother_surname
            # Children are known from before birth to 17; a few are older (care leavers, later issues).
            ages = sorted((self.rng.choices(range(-1, 21), [1] + [5] * 16 + [3, 2, 1, 1, 1])[0]
                           for _ in range(n_children)), reverse=True)
            eldest = max(0, ages[0])
            mother_age = eldest + self.rng.randint(18, 32)
            town_index = self.rng.randrange(len(pools.TOWNS))
            town, _district = pools.TOWNS[town_index]
            postcode = self.rng.choice(postcodes.for_town(town_index))  # real postcodes: synthetic/postcodes.py
            address = (f"{self.rng.randint(1, 180)} {self.rng.choice(pools.STREETS)}", town, postcode)
            family = {"ethnicity": eth, "heritage": heritage, "address": address, "adults": [], "children": []}
            first, _ = self.name(heritage, "F")
            family["adults"].append({"role": "mother", "forename": first, "surname": mother_surname, "sex": "F",
                                     "dob": self._dob(mother_age)})
            if two_parents:
                first, _ = self.name(heritage, "M")
                family["adults"].append({"role": "father", "forename": first, "surname": father_surname,
                                         "sex": "M", "dob": self._dob(mother_age + self.rng.randint(-2, 8))})
            for age in ages:
                sex = self.rng.choice("FM")
                first, _ = self.name(heritage, sex)
                family["children"].append({"forename": first, "surname": family_surname, "sex": sex, "age": age})
            families.append(family)
            made += n_children
        return families, made

    def _dob(self, age: int) -> dt.date:
        return self.as_of - dt.timedelta(days=age * 365 + self.rng.randrange(365))


def seed_county(*, children: int, seed: int = 1, as_of: dt.date | None = None, quiet: bool = False,
                open_share: float = 0.15, years: int = 0) -> SeedReport:
    """Create the synthetic county. All-or-nothing: one transaction. With `years`, the open cases come from
    generated casework histories (synthetic/histories.py) instead of being allocated at random."""
    as_of = as_of or dt.date.today()
    b = CountyBuilder(seed=seed, as_of=as_of, quiet=quiet)
    report = SeedReport()
    t0 = time.perf_counter()
    with transaction.atomic():
        teams = b.staff_and_teams(children)
        b.routing_rules(teams)
        report.teams = len(teams)
        report.staff = User.objects.count()
        families, _ = b.families(children)
        report.timings["plan"] = time.perf_counter() - t0

        t = time.perf_counter()
        persons, roles = _people(b, families, as_of, quiet)
        report.timings["people"] = time.perf_counter() - t

        t = time.perf_counter()
        _households(b, families, persons, roles, as_of, quiet)
        report.timings["households"] = time.perf_counter() - t

        allocations = _open_cases(b, teams, persons, as_of, open_share, years)
        if years:
            t = time.perf_counter()
            report.history = seed_histories(seed=seed, as_of=as_of, years=years, quiet=quiet)
            report.history.update(seed_children_in_care(seed=seed, as_of=as_of, years=years))
            report.history.update(seed_care_planning(seed=seed, as_of=as_of))
            report.history.update(seed_care_leavers(seed=seed, as_of=as_of))
            _social_worker_change_reasons(seed)
            report.timings["histories"] = time.perf_counter() - t
            allocations = list(Allocation.objects.filter(ended_on__isnull=True, role="allocated_worker"))
        report.open_cases = len(allocations)

        report.restricted = _restrict_some(allocations)
        report.children = sum(1 for p in persons if p.kind == Person.Kind.CHILD)
        report.adults = len(persons) - report.children
        audit_change(actor=None, action=AuditAction.SEED_COUNTY, instance=Team.objects.first(), before={},
                     after={"children": report.children, "adults": report.adults, "seed": seed,
                            "as_of": as_of.isoformat()}, reason="Synthetic county generated")
    if years:
        t = time.perf_counter()
        report.history.update(seed_workforce(seed=seed, as_of=as_of))
        report.history.update(seed_performance(seed=seed, as_of=as_of, children=children))
        report.timings["measures"] = time.perf_counter() - t

        t = time.perf_counter()
        report.history.update(seed_improvement(seed=seed, as_of=as_of))
        report.timings["improvement"] = time.perf_counter() - t

        report.history.update(seed_work_flow(seed=seed, as_of=as_of))
    report.timings["total"] = time.perf_counter() - t0
    return report


def _child(b: CountyBuilder, fam: dict, spec: dict, person_id: str, language: str, as_of: dt.date) -> Person:
    """A child of the family: date of birth (or expected, unborn), NHS number, UPN or the reason there is
    none, and for a few older children an unaccompanied asylum seeker's status."""
    age = spec["age"]
    p = Person(kind=Person.Kind.CHILD, person_id=person_id, forename=spec["forename"],
               surname=spec["surname"], sex=spec["sex"], ethnicity=fam["ethnicity"],
               first_language=language)
    if age < 0:
        p.expected_dob = as_of + dt.timedelta(days=b.rng.randint(20, 200))
        p.sex, p.forename = "U", "Unborn"
    else:
        p.dob = b._dob(age)
        p.common_child_id = b.nhs_number() if b.rng.random() < 0.93 else ""
        if 5 <= age <= 16:
            if b.rng.random() < 0.9:
                p.upn = b.upn()
            else:
                p.upn_unknown = b.rng.choice(["UN2", "UN3", "UN4", "UN5"])
        elif age < 5:
            p.upn_unknown = "UN1"
        else:  # 17 and over: they were at school, so they have one (903 rule 442)
            p.upn = b.upn()
    if fam["ethnicity"] in ("WOTH", "BAFR", "AOTH", "OOTH") and 14 <= age <= 17 and b.rng.random() < 0.04:
        p.is_uasc, p.nationality = True, b.rng.choice(["Afghanistan", "Eritrea", "Sudan", "Iran", "Syria", "Vietnam"])
    return p


def _people(b: CountyBuilder, families: list[dict], as_of: dt.date, quiet: bool) -> tuple[list[Person], list]:
    """Everyone in the families, adults then children, each with their family and role; saved in bulk."""
    persons: list[Person] = []
    roles: list[tuple[int, str, dict]] = []  # (family index, "adult"/"child", spec)
    next_id = Person.objects.count() + 1
    with _bar(sum(len(f["adults"]) + len(f["children"]) for f in families), "People", quiet) as bar:
        for fi, fam in enumerate(families):
            language = b.rng.choice(pools.LANGUAGES.get(fam["heritage"], ["English"]))
            for spec in fam["adults"]:
                p = Person(kind=Person.Kind.ADULT, person_id=f"A{next_id:07d}", forename=spec["forename"],
                           surname=spec["surname"], sex=spec["sex"], ethnicity=fam["ethnicity"], dob=spec["dob"],
                           first_language=language,
                           common_child_id=b.nhs_number() if b.rng.random() < 0.7 else "")
                next_id += 1
                persons.append(p)
                roles.append((fi, "adult", spec))
                bar.update()
            for spec in fam["children"]:
                p = _child(b, fam, spec, f"C{next_id:07d}", language, as_of)
                next_id += 1
                persons.append(p)
                roles.append((fi, "child", spec))
                bar.update()
    for p in persons:
        p.search_name = fold(f"{p.forename} {p.surname}")
        p.forename_key = name_key(p.forename)
        p.surname_key = name_key(p.surname)
    with _bar(len(persons), "Saving people", quiet) as bar:
        for i in range(0, len(persons), 2000):
            Person.objects.bulk_create(persons[i:i + 2000])
            bar.update(len(persons[i:i + 2000]))
    return persons, roles


def _households(b: CountyBuilder, families: list[dict], persons: list[Person], roles: list, as_of: dt.date,
                quiet: bool) -> None:
    """Each family's household rows (see `_household`), saved in bulk."""
    addresses, relationships, disabilities, chronology = [], [], [], []
    by_family: dict[int, dict[str, list[Person]]] = {}
    for person, (fi, kind, _spec) in zip(persons, roles, strict=False):
        by_family.setdefault(fi, {"adult": [], "child": []})[kind].append(person)
    for fi, members in by_family.items():
        _household(b, families[fi], members, as_of, addresses, relationships, disabilities, chronology)
    for label, model, rows in (("Addresses", Address, addresses), ("Relationships", Relationship, relationships),
                               ("Disabilities", Disability, disabilities), ("Chronology", ChronologyEntry, chronology)):
        with _bar(len(rows), label, quiet) as bar:
            for i in range(0, len(rows), 5000):
                model.objects.bulk_create(rows[i:i + 5000])
                bar.update(len(rows[i:i + 5000]))


def _household(b: CountyBuilder, fam: dict, members: dict[str, list[Person]], as_of: dt.date, addresses: list,
               relationships: list, disabilities: list, chronology: list) -> None:
    """A family's addresses (a previous one for some), parents and siblings, children's disabilities and
    each member's first chronology entry."""
    line1, town, postcode = fam["address"]
    moved_in = as_of - dt.timedelta(days=b.rng.randint(60, 3000))
    for person in members["adult"] + members["child"]:
        start = max(moved_in, person.dob or moved_in)
        addresses.append(Address(person=person, line1=line1, town=town, postcode=postcode, start_date=start))
        if b.rng.random() < 0.25 and person.dob and start - dt.timedelta(days=400) > person.dob:
            i2 = b.rng.randrange(len(pools.TOWNS))
            addresses.append(Address(person=person, line1=f"{b.rng.randint(1, 120)} {b.rng.choice(pools.STREETS)}",
                                     town=pools.TOWNS[i2][0], postcode=b.rng.choice(postcodes.for_town(i2)),
                                     start_date=start - dt.timedelta(days=b.rng.randint(400, 1500)),
                                     end_date=start - dt.timedelta(days=1)))
    adults = {spec_role: p for p, spec_role in zip(members["adult"], [a["role"] for a in fam["adults"]], strict=False)}
    kids = members["child"]
    for child in kids:
        if "mother" in adults:
            relationships.append(Relationship(person=child, related=adults["mother"], type="mother",
                                              parental_responsibility=True))
        if "father" in adults:
            relationships.append(Relationship(person=child, related=adults["father"], type="father",
                                              parental_responsibility=b.rng.random() < 0.9))
        if child.dob:
            roll = b.rng.random()
            if roll < 0.08:
                for code in b.rng.sample(DISABILITY_CODES, b.rng.choice([1, 1, 2, 3])):
                    disabilities.append(Disability(person=child, code=code))
            elif roll < 0.95:
                disabilities.append(Disability(person=child, code="NONE"))
    for i, a in enumerate(kids):
        for c in kids[i + 1:]:
            relationships.append(Relationship(person=a, related=c, type="sibling"))
    for person in members["adult"] + members["child"]:
        chronology.append(ChronologyEntry(person=person, occurred_on=as_of - dt.timedelta(days=b.rng.randint(30, 1800)),
                                          event_type="person_recorded", summary="Put on the record (synthetic county)"))


def _open_cases(b: CountyBuilder, teams: dict, persons: list[Person], as_of: dt.date, open_share: float,
                years: int) -> list[Allocation]:
    """Open cases: a share of the children is held by a Family Help team now, most with a worker (without
    `years`: with them, the histories make the open cases)."""
    fh_teams = [t for t in teams.values() if t.kind == Team.Kind.FAMILY_HELP]
    workers_by_team: dict[int, list[User]] = {}
    for u in User.objects.filter(team__in=fh_teams, role__in=[Role.SOCIAL_WORKER, Role.TEAM_MANAGER]):
        if u.role == Role.SOCIAL_WORKER or u.username == "team.manager":
            workers_by_team.setdefault(u.team_id, []).append(u)
    demo_sw = User.objects.filter(username="social.worker").first()
    kids_all = [p for p in persons if p.kind == Person.Kind.CHILD and p.dob and p.age_on(as_of) < 18]
    open_kids = b.rng.sample(kids_all, int(len(kids_all) * open_share)) if not years else []
    allocations, alloc_events = [], []
    for n, child in enumerate(open_kids):
        team = fh_teams[n % len(fh_teams)]
        if demo_sw and team.pk == demo_sw.team_id and n < len(fh_teams) * 12:
            worker = demo_sw
        else:
            worker = b.rng.choice(workers_by_team[team.pk]) if b.rng.random() < 0.88 else None
        start = as_of - dt.timedelta(days=b.rng.randint(1, 540))
        allocations.append(Allocation(person=child, team=team, worker=worker, started_on=start))
        who = f"{worker.get_full_name()} ({team.name})" if worker else f"{team.name}, awaiting a worker"
        alloc_events.append(ChronologyEntry(person=child, occurred_on=start, event_type="allocation",
                                            summary=f"Allocated worker: {who}"))
    Allocation.objects.bulk_create(allocations, batch_size=2000)
    ChronologyEntry.objects.bulk_create(alloc_events, batch_size=5000)
    return allocations


def _restrict_some(allocations: list[Allocation]) -> int:
    """A few records are restricted (e.g. a staff member's relative); the allocated worker keeps access."""
    restricted = [a for a in allocations if a.worker is not None][:: max(1, len(allocations) // 6)][:6]
    granter = User.objects.filter(username="team.manager").first()
    for a in restricted:
        Person.objects.filter(pk=a.person_id).update(is_restricted=True,
                                                     restriction_reason="Relative of a member of staff")
        if granter:
            RecordAccessGrant.objects.create(person_id=a.person_id, user=a.worker, granted_by=granter,
                                             reason="Allocated worker")
    return len(restricted)


def _social_worker_change_reasons(seed: int) -> None:
    """Every change of social worker carries its SSDA903 SW_REASON: the child's first worker is
    FCONTA; later ones mostly the worker leaving or a transfer between teams (illustrative shares)."""
    rng = random.Random(seed * 31 + 17)
    reasons = (["LEFTRL", "TSPROC", "MANAGE", "ORGRST", "ABSENC", "CHCHAN", "OTHERS"], [34, 30, 12, 8, 6, 5, 5])
    seen: set[int] = set()
    changed = []
    for a in Allocation.objects.filter(role=Allocation.Role.ALLOCATED_WORKER, worker__isnull=False).order_by(
            "person_id", "started_on", "pk").only("pk", "person_id"):
        a.sw_reason = "FCONTA" if a.person_id not in seen else rng.choices(*reasons)[0]
        seen.add(a.person_id)
        changed.append(a)
    Allocation.objects.bulk_update(changed, ["sw_reason"], batch_size=5000)

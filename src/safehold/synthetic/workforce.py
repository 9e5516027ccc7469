"""The synthetic county's workforce (issue 12.9): an establishment of posts per team, a worker record
for every practitioner and manager with their start, agency staff covering some posts, a few vacant
posts, and leavers in the last two years with why they left. Everyone is made up."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from safehold.accounts.models import Role, Team, User
from safehold.workforce.codes import LeaverDestination, OrgRole, ReasonLeave, StartOrigin
from safehold.workforce.models import Absence, Appointment, Post, Worker

ROLE = {Role.TEAM_MANAGER: (OrgRole.FIRST_LINE_MANAGER, "Team manager"),
        Role.SERVICE_MANAGER: (OrgRole.MIDDLE_MANAGER, "Service manager"),
        Role.SOCIAL_WORKER: (OrgRole.CASE_HOLDER, "Social worker"),
        Role.FRONT_DOOR: (OrgRole.CASE_HOLDER, "Front door social worker"),
        Role.IRO: (OrgRole.QUALIFIED_WITHOUT_CASES, "Independent reviewing officer")}
ETHNICITIES = ["WBRI"] * 14 + ["WOTH", "MWBC", "AIND", "BAFR", "BCRB", "APKN", "CHNE", "REFU"]


def _swe(rng: random.Random) -> str:
    return "SW" + "".join(str(rng.randint(0, 9)) for _ in range(10))


def seed_workforce(*, seed: int, as_of: dt.date) -> dict[str, int]:
    if Worker.objects.exists():
        return {}
    rng = random.Random(seed * 13 + 5)
    staff = list(User.objects.filter(role__in=list(ROLE), is_active=True).select_related("team").order_by("username"))
    posts, workers, appointments, absences = [], [], [], []
    used: set[str] = set()

    def swe() -> str:
        number = _swe(rng)
        while number in used:
            number = _swe(rng)
        used.add(number)
        return number

    by_team: dict[int, list[User]] = {}
    for u in staff:
        if u.team_id:
            by_team.setdefault(u.team_id, []).append(u)
    for team in Team.objects.filter(pk__in=list(by_team)):
        for u in by_team[team.pk]:
            org_role, title = ROLE[u.role]
            post = Post(team=team, title=title, org_role=org_role, fte=Decimal("1.00"),
                        established_on=as_of - dt.timedelta(days=3650))
            posts.append((post, u))
        # One or two posts no one of the council's own fills: vacant (some covered by the team's agency staff).
        for _ in range(rng.choice([0, 1, 1, 2])):
            posts.append((Post(team=team, title="Social worker", org_role=OrgRole.CASE_HOLDER, fte=Decimal("1.00"),
                               established_on=as_of - dt.timedelta(days=rng.randint(60, 900))), None))
    Post.objects.bulk_create([p for p, _ in posts])
    for post, u in posts:
        if u is None:
            continue
        worker = Worker(user=u, name=u.get_full_name() or u.username, swe_number=swe(), agency=u.is_agency_worker,
                        birth_date=dt.date(rng.randint(1962, 1999), rng.randint(1, 12), rng.randint(1, 28)),
                        gender=rng.choice(["1", "2", "2", "2"]), ethnicity=rng.choice(ETHNICITIES),
                        qualification_institution=rng.choice(["University of East Anglia", "Anglia Ruskin University",
                                                              "University of Suffolk", "Open University"]),
                        qualification_level=rng.choice(["1", "2"]), step_up_graduate=rng.random() < 0.08,
                        frontline_graduate=rng.random() < 0.1)
        workers.append((worker, post, u))
    Worker.objects.bulk_create([w for w, _, _ in workers])
    for worker, post, _user in workers:
        start = as_of - dt.timedelta(days=rng.randint(30, 4000))
        fte = Decimal("1.000000") if rng.random() < 0.8 else Decimal("0.800000")
        appointments.append(Appointment(worker=worker, post=None if worker.agency else post, team=post.team,
                                        org_role=post.org_role, fte=fte, start_date=start,
                                        start_origin=StartOrigin.AGENCY if worker.agency else rng.choice(
                                            [StartOrigin.NQSW, StartOrigin.OTHER_LA, StartOrigin.OTHER_LA,
                                             StartOrigin.AGENCY, StartOrigin.NOT_KNOWN]),
                                        contract_weeks=Decimal(rng.randint(8, 52)) if worker.agency else None))
        if rng.random() < 0.25:
            begin = as_of - dt.timedelta(days=rng.randint(5, 300))
            days = rng.randint(1, 15)
            absences.append(Absence(worker=worker, start_date=begin, end_date=begin + dt.timedelta(days=days),
                                    reason=rng.choice(["SIC", "SIC", "TRN", "OTH"]), working_days=Decimal(days)))
    # Leavers in the last two years: their posts were refilled (or are among the vacancies).
    leavers = []
    teams = list(Team.objects.filter(pk__in=list(by_team)))
    for n in range(max(2, len(workers) // 7)):
        team = teams[n % len(teams)]
        leavers.append(Worker(name=f"Former worker {n + 1}", swe_number=swe(), agency=False,
                              gender=rng.choice(["1", "2", "2"]), ethnicity=rng.choice(ETHNICITIES)))
    Worker.objects.bulk_create(leavers)
    for n, w in enumerate(leavers):
        end = as_of - dt.timedelta(days=rng.randint(10, 700))
        appointments.append(Appointment(worker=w, team=teams[n % len(teams)], org_role=OrgRole.CASE_HOLDER,
                                        fte=Decimal("1.000000"), start_date=end - dt.timedelta(days=rng.randint(200, 2500)),
                                        start_origin=StartOrigin.OTHER_LA, end_date=end,
                                        leaver_destination=rng.choice(list(LeaverDestination.values)[:6]),
                                        reason_leave=rng.choice([ReasonLeave.RESIGNATION, ReasonLeave.RESIGNATION,
                                                                 ReasonLeave.RETIRED, ReasonLeave.OTHER])))
    Appointment.objects.bulk_create(appointments)
    Absence.objects.bulk_create(absences)
    return {"posts": len(posts), "workers": len(workers) + len(leavers)}

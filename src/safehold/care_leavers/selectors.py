"""Reading care leavers: the record panel, the team caseload, the SSDA903 OC3 rows and Annex A list 9.
Anything returning people for a user takes `fetched_by` and applies the policy
(accounts.policy.visible_q).

Birthday check-ins are due "around" each birthday (ssda903.md 3.1: OC3 is "collected around the
young person's birthday"). No national window is given: CHECK_IN_WINDOW_MONTHS (3 months either side)
is a local default, UNCONFIRMED, configurable with the setting CARE_LEAVERS_CHECK_IN_WINDOW_MONTHS."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Exists, Max, OuterRef, Q
from django.utils import timezone

from safehold.accounts.policy import visible_q
from safehold.casework.models import Allocation, StatutoryWork
from safehold.casework.work import WORK_OF_ROLE
from safehold.people.models import Person

from .codes import CHECK_IN_AGES, CHECK_IN_AGES_TO_25, Eligibility
from .models import (
    BirthdayCheckIn,
    CareLeaverAccommodation,
    CareLeaverStatus,
    KeepingInTouchContact,
    PathwayPlan,
    PathwayPlanReview,
)

CHECK_IN_WINDOW_MONTHS = 3  # UNCONFIRMED local default: see the module docstring.
# The personal adviser's statutory work (one list, kept where reallocation reads it).
CARE_LEAVER_RULES = WORK_OF_ROLE[Allocation.Role.PERSONAL_ADVISER]


def check_in_window_months() -> int:
    return int(getattr(settings, "CARE_LEAVERS_CHECK_IN_WINDOW_MONTHS", CHECK_IN_WINDOW_MONTHS))


def add_months(day: dt.date, months: int) -> dt.date:
    """Calendar-month arithmetic, clamped to the end of the month (timescales.md "Months")."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def birthday(dob: dt.date, age: int) -> dt.date:
    try:
        return dob.replace(year=dob.year + age)
    except ValueError:  # 29 February: the birthday is 1 March in other years
        return dt.date(dob.year + age, 3, 1)


def check_in_window(day: dt.date) -> tuple[dt.date, dt.date]:
    months = check_in_window_months()
    return add_months(day, -months), add_months(day, months)


def current_status(person) -> CareLeaverStatus | None:
    return CareLeaverStatus.objects.filter(person=person, end_date__isnull=True).first()


def first_status(person) -> CareLeaverStatus | None:
    return CareLeaverStatus.objects.filter(person=person).order_by("start_date", "id").first()


def personal_adviser(person) -> Allocation | None:
    return (Allocation.objects.filter(person=person, role=Allocation.Role.PERSONAL_ADVISER, ended_on__isnull=True)
            .select_related("worker", "team").first())


def pathway_plan(person) -> PathwayPlan | None:
    return PathwayPlan.objects.filter(person=person).first()


def last_review(person) -> PathwayPlanReview | None:
    return PathwayPlanReview.objects.filter(person=person).first()


def current_accommodation(person) -> CareLeaverAccommodation | None:
    return CareLeaverAccommodation.objects.filter(person=person, end_date__isnull=True).first()


def last_contact(person) -> KeepingInTouchContact | None:
    return KeepingInTouchContact.objects.filter(person=person).first()


def open_work(person, rule_code: str) -> StatutoryWork | None:
    return StatutoryWork.objects.filter(person=person, rule_code=rule_code,
                                        status=StatutoryWork.Status.OPEN).order_by("due_on").first()


def check_in_ages(status: CareLeaverStatus | None) -> range:
    return CHECK_IN_AGES_TO_25 if status and status.support_requested_to_25 else CHECK_IN_AGES


def check_ins(person, *, on: dt.date | None = None) -> list[dict]:
    """Every birthday check-in the young person has or will have: age, birthday, window, the
    recorded check-in if any, and whether it is due now or overdue. Only birthdays on or after the
    day they became a care leaver count (the first status's start: for most, the day care ended)."""
    on = on or timezone.localdate()
    recorded = {c.age: c for c in BirthdayCheckIn.objects.filter(person=person)}
    return _check_ins(person, current_status(person), first_status(person), recorded, on)


def _check_ins(person, status, first, recorded: dict, on: dt.date) -> list[dict]:
    if status is None or first is None or person.dob is None:
        return []
    rows = []
    for age in check_in_ages(status):
        day = birthday(person.dob, age)
        if day < first.start_date and age not in recorded:
            continue
        opens, closes = check_in_window(day)
        done = recorded.get(age)
        rows.append({"age": age, "birthday": day, "opens": opens, "closes": closes, "check_in": done,
                     "due": done is None and opens <= on <= closes, "overdue": done is None and on > closes})
    return rows


def next_check_in(rows: list[dict]) -> dict | None:
    """The earliest check-in not yet recorded (overdue first, then due, then the next to come)."""
    return next((r for r in rows if r["check_in"] is None), None)


def panel_summary(person, *, on: dt.date | None = None) -> dict:
    on = on or timezone.localdate()
    rows = check_ins(person, on=on)
    plan = pathway_plan(person)
    return {
        "status": current_status(person),
        "history": list(CareLeaverStatus.objects.filter(person=person)),
        "adviser": personal_adviser(person),
        "plan": plan,
        "last_review": last_review(person),
        "review_work": open_work(person, "PATHWAY_PLAN_REVIEW"),
        "last_contact": last_contact(person),
        "contact_work": open_work(person, "PA_CONTACT"),
        "accommodation": current_accommodation(person),
        "visit_work": open_work(person, "PA_VISIT_NEW_HOME"),
        "check_ins": rows,
        "check_ins_due": [r for r in rows if r["due"] or r["overdue"]],
        "next_check_in": next_check_in(rows),
        "today": on,
    }


def _work_by_person(people_ids, rule_code: str) -> dict[int, StatutoryWork]:
    out: dict[int, StatutoryWork] = {}
    for w in StatutoryWork.objects.filter(person_id__in=people_ids, rule_code=rule_code,
                                          status=StatutoryWork.Status.OPEN).order_by("due_on"):
        out.setdefault(w.person_id, w)
    return out


CASELOAD_PAGE = 50


def caseload(*, fetched_by, team=None, adviser=None, on: dt.date | None = None, page: int = 1,
             page_size: int = CASELOAD_PAGE):
    """Care leavers (an open status) the user may open, for `team` (any open allocation in it) and/or
    personal `adviser`, with the next birthday check-in, pathway plan review and contact, each
    flagged due or overdue; a page at a time (issue 14.11: "all teams" is thousands), in a fixed number
    of queries whatever the page's size. Returns (the page, its rows)."""
    on = on or timezone.localdate()
    # Semi-joins (EXISTS), not joins: no DISTINCT over whole rows, so the count and the page are cheap.
    people = Person.objects.filter(visible_q(fetched_by)).filter(Exists(CareLeaverStatus.objects.filter(
        person_id=OuterRef("pk"), end_date__isnull=True)))
    if team is not None:
        people = people.filter(Exists(Allocation.objects.filter(person_id=OuterRef("pk"), team=team,
                                                                ended_on__isnull=True)))
    if adviser is not None:
        people = people.filter(Exists(Allocation.objects.filter(person_id=OuterRef("pk"), worker=adviser,
                                                                ended_on__isnull=True,
                                                                role=Allocation.Role.PERSONAL_ADVISER)))
    page_obj = Paginator(people.order_by("surname", "forename", "pk"), page_size).get_page(page)
    people = list(page_obj.object_list)
    ids = [p.pk for p in people]
    reviews, contacts = _work_by_person(ids, "PATHWAY_PLAN_REVIEW"), _work_by_person(ids, "PA_CONTACT")
    visits = _work_by_person(ids, "PA_VISIT_NEW_HOME")
    advisers = {a.person_id: a for a in Allocation.objects.filter(
        person_id__in=ids, role=Allocation.Role.PERSONAL_ADVISER, ended_on__isnull=True).select_related("worker",
                                                                                                        "team")}
    statuses: dict[int, CareLeaverStatus] = {}
    firsts: dict[int, CareLeaverStatus] = {}
    for st in CareLeaverStatus.objects.filter(person_id__in=ids).order_by("start_date", "id"):
        firsts.setdefault(st.person_id, st)
        if st.end_date is None:
            statuses[st.person_id] = st
    recorded: dict[int, dict] = {}
    for c in BirthdayCheckIn.objects.filter(person_id__in=ids):
        recorded.setdefault(c.person_id, {})[c.age] = c
    with_plan = set(PathwayPlan.objects.filter(person_id__in=ids).values_list("person_id", flat=True))
    rows = []
    for p in people:
        nxt = next_check_in(_check_ins(p, statuses.get(p.pk), firsts.get(p.pk), recorded.get(p.pk, {}), on))
        work = [w for w in (reviews.get(p.pk), contacts.get(p.pk), visits.get(p.pk)) if w]
        rows.append({
            "person": p, "status": statuses.get(p.pk), "adviser": advisers.get(p.pk),
            "review": reviews.get(p.pk), "contact": contacts.get(p.pk), "visit": visits.get(p.pk),
            "has_plan": p.pk in with_plan,
            "check_in": nxt,
            "overdue": any(w.due_on < on for w in work) or bool(nxt and nxt["overdue"]),
            "due": bool(nxt and nxt["due"]),
        })
    return page_obj, rows


def advisers_for(*, fetched_by) -> list:
    """Personal advisers of the care leavers the user may open (the caseload filter)."""
    visible = Person.objects.filter(visible_q(fetched_by))
    allocs = (Allocation.objects.filter(role=Allocation.Role.PERSONAL_ADVISER, ended_on__isnull=True,
                                        person__in=visible, worker__isnull=False).select_related("worker"))
    return sorted({a.worker for a in allocs}, key=lambda u: (u.last_name, u.first_name, u.pk))


def _d(day: dt.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def oc3_rows(year_start: dt.date, year_end: dt.date, *, person_ids=None) -> list[dict]:
    """SSDA903 OC3: one row per care leaver birthday falling in the collection year (17 to 21, and 22
    to 25 for those who asked for support), with CHILD (Person.person_id), DOB dd/mm/yyyy, IN_TOUCH,
    ACTIV, ACCOM. A birthday with no check-in recorded has blank items and `recorded` False, so the
    return can show what is missing. Not scoped to a user: the returns app decides who may export."""
    rows = []
    people = Person.objects.filter(care_leaver_statuses__isnull=False, dob__isnull=False).distinct()
    if person_ids is not None:  # one child's slice, checked on save (returns/rules/record.py)
        people = people.filter(pk__in=person_ids)
    recorded = {(c.person_id, c.age): c for c in BirthdayCheckIn.objects.filter(
        person__in=people, birthday__gte=year_start, birthday__lte=year_end)}
    for person in people.order_by("person_id"):
        first = first_status(person)
        ever_to_25 = CareLeaverStatus.objects.filter(person=person, support_requested_to_25=True).exists()
        for age in (CHECK_IN_AGES_TO_25 if ever_to_25 else CHECK_IN_AGES):
            day = birthday(person.dob, age)
            if not (year_start <= day <= year_end):
                continue
            check = recorded.get((person.pk, age))
            if day <= first.start_date:
                # Still looked after on the birthday (leaving care on it counts): OC3 is not returned for
                # it (ssda903.md rule 1016, 17- and 18-year-olds who leave care after their birthday).
                continue
            rows.append({"CHILD": person.person_id, "DOB": _d(person.dob), "age": age, "birthday": day,
                         "IN_TOUCH": check.in_touch if check else "", "ACTIV": check.activity if check else "",
                         "ACCOM": check.accommodation if check else "", "recorded": check is not None})
    return rows


@dataclass(frozen=True)
class ListedCareLeaver:
    """A care leaver on Annex A list 9 on a day (ilacs-and-annex-a.md 4.2), with what the list reads about them as
    it stood that day: the status, the latest birthday check-in recorded, the accommodation, the personal
    adviser, the latest keeping-in-touch contact and the pathway plan's latest review (or its start)."""

    status: CareLeaverStatus
    check_in: BirthdayCheckIn | None
    accommodation: CareLeaverAccommodation | None
    adviser: Allocation | None
    latest_contact: dt.date | None
    pathway_plan_reviewed: dt.date | None


def care_leavers_on(on: dt.date, *, people=None) -> list[ListedCareLeaver]:
    """Annex A list 9: each care leaver (relevant, former relevant, qualifying) with a status open on `on`, once,
    by child ID; `people` (a Person queryset) narrows it. Eligible children are still looked after and belong
    to list 8. The one home for the list: the Annex A workbook (returns/annex_a.py) reads it. A fixed number of queries, however many leavers."""
    statuses = (CareLeaverStatus.objects.filter(start_date__lte=on).filter(Q(end_date__isnull=True)
                                                                           | Q(end_date__gt=on))
                .exclude(eligibility=Eligibility.ELIGIBLE).select_related("person")
                .order_by("person__person_id", "-start_date", "-pk"))
    if people is not None:
        statuses = statuses.filter(person__in=people)
    latest: dict[int, CareLeaverStatus] = {}
    for status in statuses:
        latest.setdefault(status.person_id, status)
    ids = set(latest)
    check_ins = {c.person_id: c for c in BirthdayCheckIn.objects.filter(person_id__in=ids, recorded_on__lte=on)
                 .order_by("birthday", "pk")}  # the last wins: the latest birthday's
    accommodation = {a.person_id: a for a in CareLeaverAccommodation.objects.filter(
        person_id__in=ids, start_date__lte=on).filter(Q(end_date__isnull=True) | Q(end_date__gt=on))
        .order_by("start_date", "pk")}
    advisers = {a.person_id: a for a in Allocation.objects.filter(
        person_id__in=ids, role=Allocation.Role.PERSONAL_ADVISER, started_on__lte=on)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=on)).select_related("team", "worker")
        .order_by("started_on", "pk")}
    contacts = dict(KeepingInTouchContact.objects.filter(person_id__in=ids, contact_date__lte=on)
                    .values_list("person_id").annotate(last=Max("contact_date")).values_list("person_id", "last"))
    reviews = dict(PathwayPlanReview.objects.filter(person_id__in=ids, review_date__lte=on)
                   .values_list("person_id").annotate(last=Max("review_date")).values_list("person_id", "last"))
    plans = dict(PathwayPlan.objects.filter(person_id__in=ids, start_date__lte=on)
                 .values_list("person_id").annotate(last=Max("start_date")).values_list("person_id", "last"))
    return [ListedCareLeaver(status=status, check_in=check_ins.get(pk), accommodation=accommodation.get(pk),
                             adviser=advisers.get(pk), latest_contact=contacts.get(pk),
                             pathway_plan_reviewed=max((d for d in (reviews.get(pk), plans.get(pk)) if d),
                                                       default=None))
            for pk, status in latest.items()]

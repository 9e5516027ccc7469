"""Care leavers for the synthetic county: every young person whose period of care ended at 16 or over
and whose periods of care make them a care leaver (care_leavers.services.suggested_category) gets a
confirmed category, a personal adviser in the care leavers team, a pathway plan reviewed about every
6 months, keeping-in-touch contacts about every 2 months, accommodation (with a move for some) and the
SSDA903 OC3 check-in around each birthday from 17 (to 21, or 25 for the fifth who ask for support).

Rates are illustrative, not national statistics: most care leavers are in touch, about half are in
education, employment or training, and most live somewhere suitable (measures.md gives England's
figures for comparison). Deterministic from the seed, written in bulk, after seed_care_planning.
"""

from __future__ import annotations

import datetime as dt
import random

from safehold.accounts.models import Role, Team, User
from safehold.care_leavers.codes import Eligibility
from safehold.care_leavers.models import (
    BirthdayCheckIn,
    CareLeaverAccommodation,
    CareLeaverStatus,
    KeepingInTouchContact,
    PathwayPlan,
    PathwayPlanReview,
)
from safehold.care_leavers.selectors import check_in_window
from safehold.care_leavers.services import suggested_category
from safehold.casework.models import Allocation, StatutoryWork
from safehold.children_in_care.models import PeriodOfCare
from safehold.people.models import ChronologyEntry
from safehold.synthetic.names import stable_index
from safehold.synthetic.rows import save_work_and_chronology
from safehold.timescales import due_date_with_rule

IN_TOUCH = (["YES", "NO", "REFU", "NREQ", "RHOM"], [86, 6, 4, 2, 2])
ACTIVITY = (["F1", "F2", "P2", "F4", "F5", "P5", "G4", "G5", "G6"], [8, 24, 4, 5, 12, 5, 8, 26, 8])
ACCOM = (["D", "E", "Z", "U", "B", "K", "T", "S", "X"], [30, 14, 12, 18, 10, 5, 5, 3, 3])
SUPPORT_TO_25 = 0.2
LATE_SHARE = 0.12


def _birthday(dob: dt.date, age: int) -> dt.date:
    try:
        return dob.replace(year=dob.year + age)
    except ValueError:  # 29 February
        return dt.date(dob.year + age, 3, 1)


class _CareLeavers:
    """The rows, clocks and chronology made for the county's care leavers, saved together at the end."""

    def __init__(self, rng: random.Random, team: Team, as_of: dt.date):
        self.rng, self.team, self.as_of = rng, team, as_of
        self.rows: dict[str, list] = {k: [] for k in ("status", "alloc", "plan", "review", "contact", "accom",
                                                      "check_in")}
        self.work: list[StatutoryWork] = []
        self.chronology: list[ChronologyEntry] = []

    def due(self, rule, start):
        return due_date_with_rule(rule, start, overrides=False).due

    def done_on(self, d: dt.date, start: dt.date) -> dt.date:
        if self.rng.random() < LATE_SHARE:
            return d + dt.timedelta(days=self.rng.randint(1, 30))
        return start + dt.timedelta(days=self.rng.randint(max(1, (d - start).days // 2), max(1, (d - start).days)))

    def clock(self, person, rule, title, start, source, adviser, *, done=None, event=None):
        d = self.due(rule, start)
        w = StatutoryWork(person=person, rule_code=rule, title=title, source_type=source._meta.label_lower,
                          started_on=start, due_on=d, team=self.team, worker=adviser)
        w._source = source
        if done is not None:
            w.status, w.completed_on, w.on_time, w._event = StatutoryWork.Status.DONE, done, done <= d, event
        self.work.append(w)

    def event(self, person, day, etype, summary, source):
        entry = ChronologyEntry(person=person, occurred_on=day, event_type=etype, summary=summary)
        entry._source = source
        self.chronology.append(entry)

    def status(self, child, suggestion, left: dt.date, until: dt.date, to_25: bool, adviser, recorder):
        """The care leaver category from leaving care (relevant to 18, then former relevant), and the adviser."""
        eighteen = _birthday(child.dob, 18)
        category = suggestion.eligibility
        if category == Eligibility.RELEVANT and eighteen <= self.as_of:
            self.rows["status"].append(CareLeaverStatus(person=child, eligibility=category, start_date=left,
                                                   end_date=eighteen - dt.timedelta(days=1), suggested=category,
                                                   reason="Left care at 16 or 17 having been eligible",
                                                   recorded_by=recorder))
            category, since = Eligibility.FORMER_RELEVANT, eighteen
        else:
            since = left
        status = CareLeaverStatus(person=child, eligibility=category, start_date=since, suggested=category,
                                  reason=suggestion.reason[:300], support_requested_to_25=to_25,
                                  end_date=None if until > self.as_of else until, recorded_by=recorder)
        self.rows["status"].append(status)
        self.event(child, left, "care_leaver_status", f"Became a care leaver: {status.get_eligibility_display()}", status)
        self.rows["alloc"].append(Allocation(person=child, team=self.team, worker=adviser, role=Allocation.Role.PERSONAL_ADVISER,
                                        started_on=left, ended_on=None if until > self.as_of else until))

    def pathway_plan(self, child, period, left: dt.date, last_day: dt.date, until: dt.date, adviser, recorder):
        """The pathway plan, made while the child was still looked after, then reviewed."""
        made = max(_birthday(child.dob, 16), period.start_date) if child.age_on(period.start_date) < 18 else left
        made = min(made, left)
        plan = PathwayPlan(person=child, start_date=made, summary="Pathway plan: education, accommodation, "
                                                                   "health and money", recorded_by=recorder)
        self.rows["plan"].append(plan)
        self.event(child, made, "pathway_plan", "Pathway plan made", plan)
        source, begin = plan, made
        while True:
            d = self.due("PATHWAY_PLAN_REVIEW", begin)
            day = self.done_on(d, begin)
            if day > last_day:
                if until > self.as_of:
                    self.clock(child, "PATHWAY_PLAN_REVIEW", "Pathway plan review", begin, source, adviser)
                break
            review = PathwayPlanReview(plan=plan, person=child, review_date=day, summary="Plan reviewed",
                                       recorded_by=adviser)
            self.rows["review"].append(review)
            self.clock(child, "PATHWAY_PLAN_REVIEW", "Pathway plan review", begin, source, adviser, done=day, event=review)
            self.event(child, day, "pathway_plan_review", "Pathway plan review", review)
            source, begin = review, day

    def accommodation(self, child, left: dt.date, last_day: dt.date, adviser):
        """Accommodation on leaving care, and a move for some."""
        letter = self.rng.choices(*ACCOM)[0]
        suitable = letter not in ("S", "X") and self.rng.random() < 0.9
        home = CareLeaverAccommodation(person=child, start_date=left, accommodation=letter, accom_suitable=suitable,
                                       recorded_by=adviser)
        homes = [home]
        if (last_day - left).days > 200 and self.rng.random() < 0.35:
            moved = left + dt.timedelta(days=self.rng.randint(90, (last_day - left).days - 30))
            home.end_date = moved - dt.timedelta(days=1)
            letter = self.rng.choice(["U", "D", "K", "B"])
            homes.append(CareLeaverAccommodation(person=child, start_date=moved, accommodation=letter,
                                                 accom_suitable=self.rng.random() < 0.9, recorded_by=adviser))
        self.rows["accom"].extend(homes)
        return homes

    def keeping_in_touch(self, child, homes: list, left: dt.date, last_day: dt.date, until: dt.date, adviser):
        """Keeping in touch: about every 2 months, a visit in the new home within a week of a move."""
        begin, source = left, None
        visits_due = {h.start_date: h for h in homes[1:]}
        while True:
            d = self.due("PA_CONTACT", begin)
            day = self.done_on(d, begin)
            move = next((m for m in visits_due if begin < m <= day), None)
            if move is not None:
                day = move + dt.timedelta(days=self.rng.randint(1, 9))
            if day > last_day:
                if until > self.as_of and source is not None:
                    self.clock(child, "PA_CONTACT", "Personal adviser contact", begin, source, adviser)
                break
            visit = move is not None or self.rng.random() < 0.5
            contact = KeepingInTouchContact(person=child, contact_date=day, method="visit" if visit else self.rng.choice(
                ["phone", "video", "message"]), in_accommodation=visit, personal_adviser=adviser, recorded_by=adviser)
            self.rows["contact"].append(contact)
            if source is not None:
                self.clock(child, "PA_CONTACT", "Personal adviser contact", begin, source, adviser, done=day, event=contact)
            if move is not None:
                new_home = visits_due.pop(move)
                self.clock(child, "PA_VISIT_NEW_HOME", "Personal adviser visit to the new home", move, new_home, adviser,
                      done=day, event=contact)
            self.event(child, day, "care_leaver_contact", f"Keeping in touch: {contact.get_method_display().lower()}", contact)
            source, begin = contact, day

    def check_ins(self, child, homes: list, left: dt.date, to_25: bool, adviser):
        """OC3 check-ins around each birthday from 17 (from the first after leaving care)."""
        for age in range(17, 26 if to_25 else 22):
            birthday = _birthday(child.dob, age)
            opens, closes = check_in_window(birthday)
            if birthday <= left or opens > self.as_of:  # none for a birthday spent in care (903 rule 1016)
                continue
            recorded = min(self.as_of, birthday + dt.timedelta(days=self.rng.randint(-30, 60)))
            recorded = max(recorded, opens)
            if recorded > closes or (recorded > self.as_of):
                continue
            in_touch = self.rng.choices(*IN_TOUCH)[0]
            if in_touch in ("RHOM",):
                activity, accom = "0", "0"
            elif in_touch == "YES":
                activity = self.rng.choices(*ACTIVITY)[0]
                current = next((h for h in reversed(homes) if h.start_date <= recorded), homes[0])
                accom = current.code
                if (age == 17 and accom.startswith("Z")) or (age < 18 and accom.startswith("T")):
                    accom = "D1"  # rules 3001 and 347
            else:
                activity, accom = self.rng.choices(*ACTIVITY)[0], self.rng.choice(["D1", "U1", "K1", "R2"])
            check = BirthdayCheckIn(person=child, age=age, birthday=birthday, in_touch=in_touch, activity=activity,
                                    accommodation=accom, recorded_on=recorded, recorded_by=adviser)
            self.rows["check_in"].append(check)
            self.event(child, recorded, "care_leaver_check_in", f"Birthday check-in at {age}: {in_touch} {activity} {accom}",
                  check)

    def save(self) -> dict[str, int]:
        """Every row in bulk, then the clocks and chronology entries that point at them."""
        models = [("status", CareLeaverStatus), ("alloc", Allocation), ("plan", PathwayPlan), ("accom",
                  CareLeaverAccommodation), ("contact", KeepingInTouchContact), ("check_in", BirthdayCheckIn)]
        for key, model in models:
            model.objects.bulk_create(self.rows[key], batch_size=5000)
        for r in self.rows["review"]:
            r.plan_id = r.plan.pk
        PathwayPlanReview.objects.bulk_create(self.rows["review"], batch_size=5000)
        save_work_and_chronology(self.work, self.chronology)
        return {"care_leavers": sum(1 for s in self.rows["status"] if s.end_date is None or s.end_date > self.as_of),
                "care_leaver_check_ins": len(self.rows["check_in"]), "care_leaver_contacts": len(self.rows["contact"]),
                "care_leaver_work": len(self.work)}


def seed_care_leavers(*, seed: int, as_of: dt.date) -> dict[str, int]:
    """Care leavers from the county's ended periods of care: category, personal adviser, pathway plan and
    reviews, accommodation, keeping in touch and the OC3 birthday check-ins, each with its statutory clock."""
    rng = random.Random(seed * 6271 + 5)
    team = Team.objects.filter(kind=Team.Kind.CARE_LEAVERS).order_by("pk").first()
    advisers = list(User.objects.filter(team=team, role=Role.SOCIAL_WORKER, is_active=True).order_by("pk")) if team \
        else []
    recorder = User.objects.filter(role=Role.TEAM_MANAGER).order_by("pk").first()
    if team is None or recorder is None:
        return {"care_leavers": 0}
    advisers = advisers or [recorder]
    open_people = set(PeriodOfCare.objects.filter(end_date__isnull=True).values_list("person_id", flat=True))
    last_periods = {}
    for period in PeriodOfCare.objects.filter(end_date__isnull=False).select_related("person").order_by("end_date"):
        last_periods[period.person_id] = period
    leavers = _CareLeavers(rng, team, as_of)
    for person_id, period in last_periods.items():
        child = period.person
        if person_id in open_people or not child.dob:
            continue
        left = period.end_date
        if child.age_on(left) < 16:
            continue
        suggestion = suggested_category(child, left)
        if suggestion is None or suggestion.eligibility == Eligibility.ELIGIBLE:
            continue
        to_25 = rng.random() < SUPPORT_TO_25
        until = _birthday(child.dob, 25 if to_25 else 21)
        last_day = min(as_of, until - dt.timedelta(days=1))
        if last_day <= left:
            continue
        adviser = advisers[stable_index(child) % len(advisers)]
        leavers.status(child, suggestion, left, until, to_25, adviser, recorder)
        leavers.pathway_plan(child, period, left, last_day, until, adviser, recorder)
        homes = leavers.accommodation(child, left, last_day, adviser)
        leavers.keeping_in_touch(child, homes, left, last_day, until, adviser)
        leavers.check_ins(child, homes, left, to_25, adviser)
    return leavers.save()

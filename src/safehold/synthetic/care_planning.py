"""Care planning histories for the synthetic county's children in care: IRO reviews, statutory visits,
health assessments, dental checks, personal education plans, care plans, IRO contacts and missing
episodes, each with the statutory work it stopped and the work that is open now.

Rates are illustrative, not national statistics: most work is on time, about one item in eight is
late, and about one child in care in five aged 11 or over goes missing, a few of them repeatedly.
Everything is deterministic from the seed and written in bulk (call inside the seed's transaction,
after seed_children_in_care).
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict

from django.utils import timezone

from safehold.accounts.models import Role, User
from safehold.care_planning import outcomes
from safehold.care_planning.models import (
    AnnualOutcomes,
    CarePlan,
    CLAReview,
    DentalCheck,
    HealthAssessment,
    IROContact,
    MissingEpisode,
    PersonalEducationPlan,
)
from safehold.care_planning.services import PEP_FROM_AGE, PEP_UNTIL_AGE, TITLES
from safehold.casework.models import Allocation, StatutoryWork, Visit
from safehold.children_in_care.models import CareEpisode, PeriodOfCare, Placement
from safehold.people.models import ChronologyEntry
from safehold.synthetic.names import stable_index
from safehold.synthetic.rows import save_work_and_chronology
from safehold.timescales import due_date_with_rule

LATE_SHARE = 0.12
MISSING_SHARE_11_PLUS = 0.2
PARTICIPATION_4_PLUS = (["PN1", "PN2", "PN3", "PN4", "PN5", "PN6", "PN7"], [55, 8, 3, 6, 16, 6, 6])
PERMANENCE = (["return_to_family", "adoption", "sgo_cao", "long_term_fostering", "long_term_residential",
               "supported_living", "other"], [22, 10, 12, 38, 8, 5, 5])


def _due(rule: str, start):
    return due_date_with_rule(rule, start, overrides=False).due


class _Builder:
    def __init__(self, rng: random.Random, as_of: dt.date):
        self.rng, self.as_of = rng, as_of
        self.work: list[StatutoryWork] = []
        self.chronology: list[ChronologyEntry] = []
        self.rows: dict[str, list] = defaultdict(list)

    def done_on(self, due: dt.date, start: dt.date) -> dt.date:
        if self.rng.random() < LATE_SHARE:
            return due + dt.timedelta(days=self.rng.randint(1, 20))
        return start + dt.timedelta(days=self.rng.randint(max(1, (due - start).days // 2), max(1, (due - start).days)))

    def clock(self, person, rule, start, source, holder, *, done=None, event=None, open_until=None):
        """A StatutoryWork row: done by `event` on `done`, else open (or cancelled if the period ended)."""
        due = _due(rule, start)
        w = StatutoryWork(person=person, rule_code=rule, title=TITLES[rule], source_type=source._meta.label_lower,
                          source_id="", started_on=start, due_on=due, team=holder[0], worker=holder[1])
        w._source = source
        if done is not None:
            w.status, w.completed_on, w.on_time = StatutoryWork.Status.DONE, done, done <= due
            w._event = event
        elif open_until is not None:
            w.status, w.cancel_reason = StatutoryWork.Status.CANCELLED, f"The child left care on {open_until:%d/%m/%Y}"
        self.work.append(w)
        return due

    def chain(self, person, first_rule, next_rule, start, last_day, source, holder, make_event, *, ended=None,
              next_rule_for=None):
        """Events one after another: each stops the running clock and starts the next, until `last_day`.
        `make_event(day, n)` builds the event row; returns the events."""
        events, rule, begin, n = [], first_rule, start, 0
        while True:
            due = _due(rule, begin)
            day = self.done_on(due, begin)
            if day > last_day:
                self.clock(person, rule, begin, source, holder, open_until=ended)
                return events
            n += 1
            event = make_event(day, n)
            events.append(event)
            self.clock(person, rule, begin, source, holder, done=day, event=event)
            begin = day
            rule = next_rule_for(day, n) if next_rule_for else next_rule

    def event(self, person, day, etype, summary, source):
        entry = ChronologyEntry(person=person, occurred_on=day, event_type=etype, summary=summary[:300])
        entry._source = source
        self.chronology.append(entry)


def _annual_outcomes(rng: random.Random, periods, as_of: dt.date, recorder) -> list:
    """The OC2 answers for each year that has ended in which a child was looked after continuously for 12
    months at 31 March, with the items that apply at the child's age (care_planning.outcomes). Synthetic
    rates: most immunisations and development checks up to date, a few convictions and substance misuse
    problems."""
    episodes_of = defaultdict(list)
    for e in CareEpisode.objects.order_by("start_date", "pk"):
        episodes_of[e.period_id].append(e)
    rows = []
    for period in periods:
        child = period.person
        if child.dob is None:
            continue
        end = dt.date(period.start_date.year + 1, 3, 31)
        while end <= as_of and (period.end_date is None or period.end_date >= end):
            if outcomes.continuously_looked_after(episodes_of[period.pk], end):
                age = outcomes.applies(child.dob, end)
                misuse = age.conviction and rng.random() < 0.06
                received = (rng.random() < 0.6) if misuse else None
                sdq_score = rng.choices(range(41), weights=[max(1, 20 - abs(i - 14)) for i in range(41)])[0] \
                    if age.sdq and rng.random() < 0.85 else None
                sdq_reason = "" if not age.sdq or sdq_score is not None else rng.choice(["SDQ2", "SDQ4", "SDQ5"])
                rows.append(AnnualOutcomes(
                    person=child, year_ending=end, immunisations_up_to_date=rng.random() < 0.9,
                    development_checks_up_to_date=(rng.random() < 0.88) if age.development else None,
                    sdq_score=sdq_score, sdq_reason=sdq_reason,
                    convicted=(rng.random() < 0.03) if age.conviction else None, substance_misuse=misuse,
                    intervention_received=received,
                    intervention_offered=(rng.random() < 0.5) if received is False else None, recorded_by=recorder))
            end = dt.date(end.year + 1, 3, 31)
    return rows


def _seed_reviews_and_care_plan(b: _Builder, rng, child, period, holder, iro, sw, last_day, ended) -> None:
    """Looked after reviews, and the care plan with its permanence plan by the second review."""
    # 20 working days, 3 months, then 6-monthly; the participation code by age (rules 440, 441).
    def review(day, n, child=child, period=period, iro=iro):
        age = child.age_on(day)
        code = "PN0" if age < 4 else rng.choices(*PARTICIPATION_4_PLUS)[0]
        r = CLAReview(person=child, period=period, review_date=day, participation=code, sequence=n,
                      chaired_by=iro, recorded_by=iro)
        b.rows["review"].append(r)
        b.event(child, day, "cla_review", f"Looked after review {n}, chaired by {iro}: {code}", r)
        return r

    reviews = b.chain(child, "CLA_REVIEW_FIRST", "CLA_REVIEW_NEXT", period.start_date, last_day, period, holder,
                      review, ended=ended,
                      next_rule_for=lambda day, n: "CLA_REVIEW_SECOND" if n == 1 else "CLA_REVIEW_NEXT")
    if reviews:
        first = reviews[0].review_date
        due = _due("PERMANENCE_PLAN", first)
        agreed = b.done_on(due, first)
        if agreed <= last_day:
            plan = CarePlan(person=child, period=period, agreed_on=agreed,
                            permanence_plan=rng.choices(*PERMANENCE)[0], recorded_by=sw)
            b.rows["care_plan"].append(plan)
            b.clock(child, "PERMANENCE_PLAN", first, period, holder, done=agreed, event=plan)
            b.event(child, agreed, "care_plan", f"Care plan agreed: permanence plan "
                                                f"{plan.get_permanence_plan_display()}", plan)
        else:
            b.clock(child, "PERMANENCE_PLAN", first, period, holder, open_until=ended)


def _seed_health_education_iro(b: _Builder, rng, child, period, holder, iro, sw, last_day, ended) -> None:
    """Health assessments, dental checks, personal education plans (school age) and the IRO's own contact."""
    def health(day, n, child=child, period=period, sw=sw):
        h = HealthAssessment(person=child, period=period, kind="initial" if n == 1 else "review", assessed_on=day,
                             recorded_by=sw)
        b.rows["health"].append(h)
        b.event(child, day, "health_assessment", h.get_kind_display(), h)
        return h

    b.chain(child, "HEALTH_ASSESSMENT_INITIAL", None, period.start_date, last_day, period, holder, health,
            ended=ended, next_rule_for=lambda day, n, child=child: (
                "HEALTH_ASSESSMENT_UNDER5" if child.age_on(day) < 5 else "HEALTH_ASSESSMENT"))

    def dental(day, n, child=child, period=period, sw=sw):
        d = DentalCheck(person=child, period=period, checked_on=day, recorded_by=sw)
        b.rows["dental"].append(d)
        b.event(child, day, "dental_check", "Dental check", d)
        return d

    b.chain(child, "DENTAL_CHECK", "DENTAL_CHECK", period.start_date, last_day, period, holder, dental,
            ended=ended)
    age = child.age_on(period.start_date)
    if age is not None and PEP_FROM_AGE <= age < PEP_UNTIL_AGE:
        def pep(day, n, child=child, period=period, sw=sw):
            p = PersonalEducationPlan(person=child, period=period, held_on=day, recorded_by=sw,
                                      school="Northshire Virtual School" if n == 1 else "")
            b.rows["pep"].append(p)
            b.event(child, day, "education_plan", "Personal education plan", p)
            return p

        b.chain(child, "PEP_INITIAL", "PEP_REVIEW", period.start_date, last_day, period, holder, pep,
                ended=ended)

    def contact(day, n, child=child, period=period, iro=iro):
        c = IROContact(person=child, period=period, contact_on=day, method=rng.choice(["visit", "video", "phone"]),
                       iro=iro)
        b.rows["iro_contact"].append(c)
        b.event(child, day, "iro_contact", f"IRO contact with the child by {iro}", c)
        return c

    b.chain(child, "IRO_CONTACT", "IRO_CONTACT", period.start_date, last_day, period, (None, iro), contact,
            ended=ended)


def _seed_visits(b: _Builder, rng, child, placements, holder, sw, last_day, ended, as_of) -> None:
    """Statutory visits in each placement: within a week, then at the reg 28 intervals."""
    for placement in placements:
        p_last = min(placement.end_date or last_day, last_day)
        p_ended = placement.end_date if placement.end_date and placement.end_date <= as_of else None

        def visit(day, n, child=child, placement=placement, sw=sw):
            seen = rng.random() < 0.95
            alone = seen and child.age_on(day) >= 5 and rng.random() < 0.7
            v = Visit(person=child, kind=Visit.Kind.CLA, visited_on=day, visited_by=sw, child_seen=seen,
                      child_seen_alone=alone, context_type="children_in_care.placement", recorded_by=sw)
            v._context = placement
            b.rows["visit"].append(v)
            b.event(child, day, "cla_visit", "Statutory visit: " + (
                "child seen alone" if alone else "child seen, not alone" if seen else "child not seen"), v)
            return v

        # Rule choice needs the placement's episodes: the simple regimes are enough for history
        # (6 weeks, 3 months after the first year of a long-term placement).
        b.chain(child, "CLA_VISIT_FIRST", "CLA_VISIT", placement.start_date, p_last, placement, holder, visit,
                ended=p_ended or ended, next_rule_for=lambda day, n, placement=placement: (
                    "CLA_VISIT_LONG_TERM" if placement.intended_until_18 and
                    (day - placement.start_date).days >= 365 else "CLA_VISIT"))


def _seed_missing(b: _Builder, rng, child, period, holder, sw, last_day, as_of, tz, repeat_shown: bool) -> bool:
    """Missing episodes for some older children, with their return interviews; whether the county's child
    missing repeatedly has been shown (after this child)."""
    if (child.age_on(last_day) or 0) >= 11 and rng.random() < MISSING_SHARE_11_PLUS:
        n_ep = rng.choices([1, 2, 3, 5, 8], [45, 20, 15, 12, 8])[0]
        span = (last_day - period.start_date).days
        if span > 60 and not repeat_shown:
            n_ep, repeat_shown = max(n_ep, 3), True  # the county always shows one child missing repeatedly
        if span > 10:
            days = sorted(period.start_date + dt.timedelta(days=rng.randint(1, span - 1)) for _ in range(n_ep))
            if n_ep >= 3:  # a run of episodes a week or so apart: repeatedly missing
                gap = rng.randint(5, 12)
                base = max(period.start_date + dt.timedelta(days=1), days[-1] - dt.timedelta(days=gap * n_ep))
                days = [base + dt.timedelta(days=i * gap) for i in range(n_ep)]
            previous_back = None
            for day in dict.fromkeys(days):
                went = dt.datetime.combine(day, dt.time(rng.randint(16, 23), rng.choice([0, 15, 30, 45])),
                                           tzinfo=tz)
                back = went + dt.timedelta(hours=rng.randint(3, 40))
                if back.date() > last_day or (previous_back and went <= previous_back):
                    continue
                previous_back = back
                offered = back + dt.timedelta(hours=rng.randint(4, 60) if rng.random() > 0.2 else
                                              rng.randint(73, 140))
                offered = offered if offered.date() <= as_of and rng.random() < 0.9 else None
                accepted = None if offered is None else rng.random() < 0.6
                ep = MissingEpisode(person=child, period=period, kind="M" if rng.random() < 0.7 else "A",
                                    started_at=went, ended_at=back, interview_offered_at=offered,
                                    interview_accepted=accepted,
                                    interview_held_on=(offered + dt.timedelta(days=1)).date()
                                    if accepted and (offered + dt.timedelta(days=1)).date() <= as_of else None,
                                    recorded_by=sw)
                b.rows["missing"].append(ep)
                b.event(child, day, "missing_episode", f"{ep.get_kind_display()} from {went:%H:%M}", ep)
                due = _due("RETURN_INTERVIEW", back)
                w = StatutoryWork(person=child, rule_code="RETURN_INTERVIEW", title=TITLES["RETURN_INTERVIEW"],
                                  source_type="care_planning.missingepisode", started_on=back.date(),
                                  started_at=back, due_on=due.date(), due_at=due, team=holder[0], worker=holder[1])
                w._source = ep
                if offered is not None:
                    w.status, w.completed_on, w.completed_at = StatutoryWork.Status.DONE, offered.date(), offered
                    w.on_time, w._event = offered <= due, ep
                b.work.append(w)
    return repeat_shown


def _save(b: _Builder) -> dict[str, int]:
    models = {"review": CLAReview, "care_plan": CarePlan, "health": HealthAssessment, "dental": DentalCheck,
              "pep": PersonalEducationPlan, "iro_contact": IROContact, "missing": MissingEpisode, "visit": Visit,
              "outcomes": AnnualOutcomes}
    counts = {}
    for key, model in models.items():
        rows = b.rows[key]
        if key == "visit":
            for v in rows:
                v.context_id = str(v._context.pk)
        model.objects.bulk_create(rows, batch_size=5000)
        counts[f"care_planning_{key}"] = len(rows)
    save_work_and_chronology(b.work, b.chronology)
    counts["care_planning_work"] = len(b.work)
    return counts


def seed_care_planning(*, seed: int, as_of: dt.date) -> dict[str, int]:
    """Care planning for every period of care: reviews, the care plan, health, education, IRO contact,
    statutory visits and missing episodes, each with its statutory clock, and the year's OC2 outcomes."""
    rng = random.Random(seed * 7919 + 11)
    b = _Builder(rng, as_of)
    iros = list(User.objects.filter(role=Role.IRO, is_active=True).order_by("pk"))
    recorder = User.objects.filter(role=Role.TEAM_MANAGER).order_by("pk").first()
    iros = iros or [recorder]
    holders = {a.person_id: (a.team, a.worker) for a in Allocation.objects.filter(
        ended_on__isnull=True, role=Allocation.Role.ALLOCATED_WORKER).select_related("team", "worker")}
    placements_of = defaultdict(list)
    for p in Placement.objects.order_by("start_date", "pk"):
        placements_of[p.period_id].append(p)
    periods = list(PeriodOfCare.objects.select_related("person").order_by("pk"))
    tz = timezone.get_current_timezone()
    repeat_shown = False
    for period in periods:
        child = period.person
        holder = holders.get(child.pk, (None, None))
        last_day = min(period.end_date or as_of, as_of)
        ended = period.end_date
        iro = iros[stable_index(child) % len(iros)]
        sw = holder[1] or recorder
        _seed_reviews_and_care_plan(b, rng, child, period, holder, iro, sw, last_day, ended)
        _seed_health_education_iro(b, rng, child, period, holder, iro, sw, last_day, ended)
        _seed_visits(b, rng, child, placements_of[period.pk], holder, sw, last_day, ended, as_of)
        repeat_shown = _seed_missing(b, rng, child, period, holder, sw, last_day, as_of, tz, repeat_shown)
    b.rows["outcomes"] = _annual_outcomes(rng, periods, as_of, recorder)
    return _save(b)


__all__ = ["seed_care_planning"]

"""Casework histories for the synthetic county: contacts, front door decisions, referrals,
assessments, strategy discussions, section 47 enquiries, conferences, child protection and child in
need plans, visits, closures, re-referrals, allocations, statutory work, management oversight and
supervision, over several years.

Rates are close to the England figures in ../shared/domain/measures.md where it has them
(re-referrals about 22%; second or later CP plans about 23%; assessments in 45 working days about
80%; ICPCs in 15 working days about 75-80%; CP plans of 2+ years about 3-4%); the rest are plausible
shapes for a shire county, labelled as such below. Everything is generated deterministically from
the seed, written with bulk inserts, and judged by the same timescales engine as live work.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
from collections import defaultdict

from django.utils import timezone
from tqdm import tqdm

from safehold.accounts.models import Role, Team, User
from safehold.casework.models import Allocation, StatutoryWork, Visit
from safehold.child_protection.models import (
    ChildProtectionConference,
    CoreGroupMeeting,
    CPPlan,
    Section47Enquiry,
    StrategyDiscussion,
    StrategyParticipant,
)
from safehold.family_help.models import Assessment, CINEpisode, CINPlan, EarlyHelpEpisode, PlanReview
from safehold.front_door.models import Contact
from safehold.oversight.models import ManagementOversight, Supervision
from safehold.people.models import ChronologyEntry, Person
from safehold.synthetic.names import stable_index
from safehold.timescales import due_date_with_rule
from safehold.timescales.engine import add_working_days, is_working_day

# Shapes (illustrative, not national statistics, except where measures.md is cited).
CONTACTS_PER_CHILD = ([1, 2, 3, 4, 5, 6], [22, 26, 22, 14, 9, 7])
DECISIONS = ([("nfa", 24), ("information_advice", 14), ("universal", 8), ("family_help", 14),
              ("assessment", 34), ("strategy", 6)])
ASSESSMENT_ON_TIME = 0.82          # measures.md: "roughly 80%+" within 45 working days
ICPC_ON_TIME = 0.78                # measures.md: "roughly 75-80%" within 15 working days
STEP_UP_DURING_ASSESSMENT = 0.16   # assessed cases that go to a strategy discussion
S47_TO_ICPC = 0.45                 # enquiries that need an initial conference
ICPC_TO_PLAN = 0.88
CIN_PLAN_AFTER_ASSESSMENT = 0.42
CATEGORIES = (["NEG", "EMO", "PHY", "SAB", "MUL"], [48, 36, 8, 4, 4])
CONTACT_DECISION_ON_TIME = 0.93
REVIEW_ON_TIME = 0.9
VISIT_ON_TIME = 0.8
OVERSIGHT_RECENT = 0.72            # open cases with oversight in the last 3 months
SUPERVISION_ON_TIME = 0.85
RETURN_AFTER_CLOSURE = 0.45        # tuned so re-referrals land near measures.md's 22%


def _d(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def _next_working(day: dt.date) -> dt.date:
    while not is_working_day(day):
        day += dt.timedelta(days=1)
    return day


class HistoryBuilder:
    def __init__(self, *, seed: int, as_of: dt.date, years: int, quiet: bool):
        self.rng = random.Random(seed * 7919 + 1)
        self.as_of = as_of
        self.start = as_of - dt.timedelta(days=365 * years)
        self.quiet = quiet
        self.rows: dict[str, list] = defaultdict(list)
        self.pending_work: list[tuple] = []  # (person, rule, start, source, title, done, by_event, team, worker)
        self.chronology: list[tuple] = []  # (person, day, type, summary, source)

    # staff ------------------------------------------------------------------------------------
    def load_staff(self):
        teams = list(Team.objects.all())
        self.fh_teams = [t for t in teams if t.kind == Team.Kind.FAMILY_HELP]
        self.macpt_teams = [t for t in teams if t.kind == Team.Kind.MACPT] or self.fh_teams
        self.fd_team = next((t for t in teams if t.kind == Team.Kind.FRONT_DOOR), self.fh_teams[0])
        self.workers: dict[int, list[User]] = defaultdict(list)
        self.managers: dict[int, User] = {}
        for u in User.objects.filter(is_active=True).exclude(team=None):
            if u.role in (Role.SOCIAL_WORKER, Role.FRONT_DOOR):
                self.workers[u.team_id].append(u)
            elif u.role == Role.TEAM_MANAGER and (u.team_id not in self.managers or u.username == "team.manager"):
                self.managers[u.team_id] = u
        self.iros = list(User.objects.filter(role=Role.IRO)) or [next(iter(self.managers.values()))]
        self.demo_worker = User.objects.filter(username="social.worker").first()

    def worker_for(self, team: Team) -> User | None:
        if self.demo_worker and team.pk == self.demo_worker.team_id and self.rng.random() < 0.12:
            return self.demo_worker
        pool = self.workers.get(team.pk) or [self.managers[team.pk]]
        return self.rng.choice(pool)

    # helpers ----------------------------------------------------------------------------------
    def work(self, person, rule, start, source, title, done=None, by_event=None, team=None, worker=None):
        self.pending_work.append((person, rule, start, source, title, done, by_event, team, worker))

    def event(self, person, day, etype, summary, source=None):
        self.chronology.append((person, day, etype, summary, source))

    def due(self, rule, start):
        return due_date_with_rule(rule, start, overrides=False).due

    def on_time_date(self, rule, start, on_time: bool, late_by=(1, 15), window: int | None = None) -> dt.date:
        """A date for the step: on time (within `window` days before it is due, or any day from the start),
        or late by some days."""
        due = self.due(rule, start)
        if on_time:
            span = max(0, (due - start).days)
            earliest = max(0, span - window) if window is not None else 0
            return _next_working(start + dt.timedelta(days=self.rng.randint(earliest, span))) if span else due
        return due + dt.timedelta(days=self.rng.randint(*late_by))

    # one child's history ----------------------------------------------------------------------
    def child_history(self, child: Person):
        """The child's contacts from the window's start to `as_of`, each decided at the front door, and what
        followed: early help, or an episode of need (see `_episode`). A family may come back after a closure."""
        rng = self.rng
        born = child.dob or (child.expected_dob - dt.timedelta(days=270) if child.expected_dob else self.start)
        window_start = max(self.start, born)
        if window_start >= self.as_of - dt.timedelta(days=3):
            return
        n = rng.choices(*CONTACTS_PER_CHILD)[0]
        days = sorted(window_start + dt.timedelta(days=rng.randrange((self.as_of - window_start).days)) for _ in range(n))
        team = self.fh_teams[stable_index(child) % len(self.fh_teams)]
        busy_until = window_start
        previous_plans = 0
        while days:
            contact_day = days.pop(0)
            if contact_day < busy_until or contact_day >= self.as_of:
                continue
            contact, source, decision, decide_day, fd_worker = self._contact(child, contact_day, previous_plans)
            if not decision:
                break
            self.event(child, decide_day, "contact_decision", f"Front door decision: {decision.replace('_', ' ')}", contact)
            if decision == "family_help":
                busy_until = self._early_help(child, team, decide_day, fd_worker)
                continue
            if decision not in ("assessment", "strategy"):
                continue
            close_day, plans_made = self._episode(child, team, contact, source, decision, decide_day, fd_worker,
                                                  previous_plans)
            previous_plans += plans_made
            if close_day is None:
                busy_until = self.as_of
                break
            busy_until = close_day
            if rng.random() < RETURN_AFTER_CLOSURE:
                # Many families come back: a new contact within the year is a re-referral.
                days.append(close_day + dt.timedelta(days=rng.randint(20, 330)))
                days.sort()

    def _contact(self, child: Person, contact_day: dt.date, previous_plans: int):
        """A contact on `contact_day` and the front door's decision on it (none if not yet due by `as_of`)."""
        rng = self.rng
        received = _d(contact_day, rng.randint(8, 17))
        source = rng.choices(["6", "2A", "3A", "3B", "3E", "1A", "5A", "8", "9", "4"],
                             [28, 18, 6, 6, 5, 10, 6, 8, 5, 8])[0]
        decision = rng.choices([d for d, _ in DECISIONS], [w for _, w in DECISIONS])[0]
        if previous_plans and rng.random() < 0.5:
            decision = "strategy"  # concerns return for children who have had a plan before
        decide_day = self.on_time_date("CONTACT_DECISION", contact_day, rng.random() < CONTACT_DECISION_ON_TIME, (1, 4))
        if decide_day > self.as_of:
            decision, decide_day = "", None
        fd_worker = self.worker_for(self.fd_team)
        decided_at = ((received + dt.timedelta(hours=rng.randint(1, 6)) if decide_day == contact_day
                       else _d(decide_day, rng.randint(9, 17))) if decide_day else None)
        if decided_at is not None and decided_at > timezone.now():
            decided_at = max(received, timezone.now())  # seeded today: never a decision later than now (14.11)
        contact = Contact(person=child, received_at=received, source=source, source_detail="",
                          concern="Synthetic concern for the demonstration county", consent="given" if source != "6" else "not_needed",
                          decision=decision, decision_rationale="Synthetic rationale" if decision else "",
                          decided_by=fd_worker if decision else None,
                          decided_at=decided_at,
                          recorded_by=fd_worker)
        self.rows["contact"].append(contact)
        self.event(child, contact_day, "contact", "Contact received", contact)
        self.work(child, "CONTACT_DECISION", contact_day, contact, "Front door decision", decide_day, contact,
                  self.fd_team, fd_worker)
        return contact, source, decision, decide_day, fd_worker

    def _early_help(self, child: Person, team, decide_day: dt.date, fd_worker) -> dt.date:
        """Targeted early help from the decision; the day the family is free for a new contact."""
        rng = self.rng
        end = decide_day + dt.timedelta(days=rng.randint(90, 270))
        eh = EarlyHelpEpisode(person=child, start_date=decide_day, end_date=end if end < self.as_of else None,
                              reason="Targeted early help (synthetic)", end_reason="outcomes_met" if end < self.as_of else "",
                              lead_practitioner=self.worker_for(team), lead_practitioner_role="Family support worker",
                              lead_practitioner_agency="Local authority", recorded_by=fd_worker)
        self.rows["early_help"].append(eh)
        self.event(child, decide_day, "early_help", "Family Help (targeted early help) started", eh)
        return min(end, self.as_of)

    def _episode(self, child: Person, team, contact, source: str, decision: str, decide_day: dt.date, fd_worker,
                 previous_plans: int) -> tuple[dt.date | None, int]:
        """An episode of need from referral to closure (census CINdetails): assessment, a section 47 and
        conference where there is cause, a child in need plan otherwise. The closure day (None if the episode
        is still open at `as_of`) and the number of child protection plans made."""
        rng = self.rng
        referral = decide_day
        worker = self.worker_for(team)
        episode = CINEpisode(person=child, referral_date=referral, referral_source=source,
                             primary_need=rng.choices(["N1", "N4", "N5", "N3", "N2", "N6", "N8", "N7"],
                                                      [55, 14, 14, 6, 4, 3, 2, 2])[0],
                             contact_id=None, recorded_by=fd_worker)
        episode._contact = contact
        episode.is_rereferral = any(
            e.person_id == child.pk and 0 < (referral - e.referral_date).days <= 365 for e in self._child_episodes)
        self._child_episodes.append(episode)
        self.rows["episode"].append(episode)
        self.event(child, referral, "referral", "Referral received" + (" (re-referral within 12 months)" if episode.is_rereferral else ""), episode)
        alloc = Allocation(person=child, team=team, worker=worker, started_on=referral)
        self.rows["allocation"].append(alloc)
        a_start = referral + dt.timedelta(days=rng.randint(0, 3))
        auth = self.on_time_date("ASSESSMENT", referral, rng.random() < ASSESSMENT_ON_TIME, (1, 30))
        auth = max(auth, a_start)
        open_assessment = auth > self.as_of
        assessment = Assessment(episode=episode, person=child, start_date=min(a_start, self.as_of),
                                authorised_date=None if open_assessment else auth,
                                factors=[] if open_assessment else rng.sample(
                                    ["3B", "4B", "2B", "1B", "16A", "17A", "3A", "4A", "5B", "6B", "14A", "11A", "24A"],
                                    rng.randint(1, 3)),
                                summary="" if open_assessment else "Synthetic assessment summary",
                                lead_worker=worker, recorded_by=worker,
                                authorised_by=None if open_assessment else self.managers.get(team.pk),
                                authorised_at=None if open_assessment else _d(auth, 15))
        self.rows["assessment"].append(assessment)
        self.event(child, assessment.start_date, "assessment_started", "Assessment started", assessment)
        self.work(child, "ASSESSMENT", referral, episode, "Child and family assessment authorised",
                  None if open_assessment else auth, assessment, team, worker)
        if open_assessment:
            return None, 0
        self.event(child, auth, "assessment_authorised", "Assessment authorised", assessment)
        last_day = auth
        cp = decision == "strategy" or rng.random() < STEP_UP_DURING_ASSESSMENT
        closure_reason = None
        plans_made = 0
        if cp:
            still_open, last_day, closure_reason, plans_made = self._protection(
                child, episode, team, worker, decision, referral, auth, last_day, previous_plans)
            if still_open:
                return None, plans_made
        if closure_reason is None:
            if rng.random() < CIN_PLAN_AFTER_ASSESSMENT:
                end = self._cin_plan(child, episode, worker, auth)
                if end >= self.as_of:
                    return None, plans_made
                last_day, closure_reason = end, "RC7"
            elif cp:  # after a section 47 the case did not close "after assessment" (rule 2990)
                closure_reason = "RC7"
            else:
                closure_reason = rng.choices(["RC8", "RC9"], [65, 35])[0]
        close_day = last_day + dt.timedelta(days=rng.randint(1, 20))
        if close_day >= self.as_of:
            return None, plans_made
        episode.closure_date, episode.closure_reason = close_day, closure_reason
        episode.closure_signed_off_by = self.managers.get(team.pk)
        episode.closure_signed_off_at = _d(close_day, 16)
        alloc.ended_on, alloc.end_reason = close_day, "Case closed"
        self.event(child, close_day, "closure", f"Episode closed ({closure_reason})", episode)
        return close_day, plans_made

    def _protection(self, child: Person, episode, team, worker, decision: str, referral: dt.date, auth: dt.date,
                    last_day: dt.date, previous_plans: int):
        """A strategy discussion, its section 47 enquiry and, where needed, the initial conference and plan:
        (still open at `as_of`, the last day of activity, the closure reason if a plan ended, plans made)."""
        rng = self.rng
        sd_day = referral if decision == "strategy" else min(auth, referral + dt.timedelta(days=rng.randint(1, 20)))
        chair = self.managers.get(team.pk) or worker
        sd = StrategyDiscussion(episode=episode, person=child, held_at=_d(sd_day, 11), decision="start_s47",
                                rationale="Reasonable cause to suspect significant harm (synthetic)",
                                chaired_by=chair, recorded_by=worker)
        self.rows["strategy"].append(sd)
        for agency, who in (("social_care", worker.get_full_name()), ("police", "DC Synthetic"),
                            ("health", "Named nurse (synthetic)"), ("education", "Designated safeguarding lead")):
            self.rows["participant"].append(StrategyParticipant(discussion=sd, name=who, agency=agency, attended=True))
        self.event(child, sd_day, "strategy_discussion", "Strategy discussion: section 47 enquiry started", sd)
        target = self.due("ICPC", sd_day)
        needs_icpc = rng.random() < (0.75 if previous_plans else S47_TO_ICPC)
        s47_end = min(sd_day + dt.timedelta(days=rng.randint(5, 20)), self.as_of)
        icpc_day = None
        if needs_icpc:
            icpc_day = self.on_time_date("ICPC", sd_day, rng.random() < ICPC_ON_TIME, (1, 12))
            icpc_day = _next_working(icpc_day)
            if icpc_day > self.as_of:
                icpc_day = None
        s47 = Section47Enquiry(episode=episode, person=child, strategy_discussion=sd, start_date=sd_day,
                               initial_cpc_target=target, end_date=s47_end if (not needs_icpc or icpc_day) else None,
                               outcome=("substantiated" if needs_icpc else "not_substantiated") if (not needs_icpc or icpc_day) else "",
                               icpc_not_required=not needs_icpc, icpc_held_on=icpc_day, recorded_by=worker,
                               completed_by=worker if (not needs_icpc or icpc_day) else None)
        self.rows["s47"].append(s47)
        self.event(child, sd_day, "section_47", "Section 47 enquiry started", s47)
        if needs_icpc:
            self.work(child, "ICPC", sd_day, s47, "Initial child protection conference", icpc_day, s47, team, worker)
        if needs_icpc and icpc_day is None:
            return True, last_day, None, 0
        last_day = max(last_day, s47_end)
        if icpc_day:
            plan_made = rng.random() < ICPC_TO_PLAN
            iro = rng.choice(self.iros)
            icpc = ChildProtectionConference(person=child, episode=episode, kind="initial", enquiry=s47,
                                             held_on=icpc_day, chaired_by=iro,
                                             outcome="plan" if plan_made else "no_plan", recorded_by=iro)
            if plan_made:
                icpc.category = rng.choices(*CATEGORIES)[0]
            self.rows["conference"].append(icpc)
            self.event(child, icpc_day, "icpc", "Initial child protection conference", icpc)
            last_day = max(last_day, icpc_day)
            if plan_made:
                last_day = self.cp_plan(child, episode, icpc, team, previous_plans, CPPlan,
                                        ChildProtectionConference, CoreGroupMeeting)
                return last_day is None, last_day, "RC7", 1
        return False, last_day, None, 0

    def _cin_plan(self, child: Person, episode, worker, auth: dt.date) -> dt.date:
        """A child in need plan after the assessment, with its reviews and visits; the day it ends (or would)."""
        rng = self.rng
        start = auth + dt.timedelta(days=rng.randint(0, 10))
        end = start + dt.timedelta(days=rng.randint(90, 400))
        plan = CINPlan(episode=episode, person=child, start_date=start, end_date=end if end < self.as_of else None,
                       end_reason="Needs met" if end < self.as_of else "", lead_practitioner=worker, recorded_by=worker)
        self.rows["cin_plan"].append(plan)
        self.event(child, start, "cin_plan", "Child in need plan started", plan)
        review = start + dt.timedelta(days=90)
        while review < min(end, self.as_of):
            self.rows["plan_review"].append(PlanReview(person=child, cin_plan=plan, review_date=review,
                                                       outcome="Plan continues (synthetic)", recorded_by=worker))
            self.event(child, review, "plan_review", "Child in need plan review", None)
            review += dt.timedelta(days=90)
        visit = start + dt.timedelta(days=rng.randint(7, 20))
        while visit < min(end, self.as_of):
            self.visit(child, "cin", visit, worker, plan)
            visit += dt.timedelta(days=rng.randint(20, 45))
        return end

    def visit(self, child, kind, day, worker, context):
        seen = self.rng.random() < 0.94
        v = Visit(person=child, kind=kind, visited_on=day, visited_by=worker, child_seen=seen,
                  child_seen_alone=seen and self.rng.random() < 0.6,
                  childs_words="Told me about school and their friends (synthetic)" if seen and self.rng.random() < 0.5 else "",
                  context_type=context._meta.label_lower, recorded_by=worker)
        v._context = context
        self.rows["visit"].append(v)
        self.event(child, day, "cp_visit" if kind == "cp" else "visit", f"{v.get_kind_display()}" + (
            ", child seen alone" if v.child_seen_alone else (", child seen" if seen else ", child not seen")), v)
        return v

    def cp_plan(self, child, episode, icpc, team, previous, CPPlan, Conference, CoreGroup):
        """A child protection plan from its initial conference to its end; None if still open."""
        rng = self.rng
        start = icpc.held_on
        macpt = self.macpt_teams[stable_index(child) % len(self.macpt_teams)]
        lcpp = self.worker_for(macpt)
        # Most plans end within a year; a few last two years or more (measures.md: about 3-4%).
        months = rng.choices([rng.randint(3, 12), rng.randint(12, 23), rng.randint(24, 30)], [70, 26.5, 3.5])[0]
        end = start + dt.timedelta(days=int(months * 30.4))
        open_plan = end >= self.as_of
        plan = CPPlan(episode=episode, person=child, initial_conference=icpc, start_date=start,
                      end_date=None if open_plan else end, initial_category=icpc.category, latest_category=icpc.category,
                      lead_practitioner=lcpp, number_of_previous_plans=previous,
                      end_reason="" if open_plan else "Risk reduced: the plan is no longer needed (synthetic)",
                      ended_by=None if open_plan else self.managers.get(team.pk), recorded_by=icpc.chaired_by)
        self.rows["cp_plan"].append(plan)
        self.rows["allocation"].append(Allocation(person=child, team=macpt, worker=lcpp, role="lead_cp_practitioner",
                                                  started_on=start, ended_on=None if open_plan else end,
                                                  end_reason="" if open_plan else "Plan ended"))
        self.event(child, start, "cp_plan_start", f"Child protection plan started ({icpc.category})", plan)
        stop = min(end, self.as_of)
        # Core group within 10 working days (local standard).
        cg = self.on_time_date("CORE_GROUP_FIRST", start, rng.random() < 0.85, (1, 10))
        if cg < stop:
            meeting = CoreGroup(plan=plan, person=child, held_on=cg, recorded_by=lcpp,
                                attendees="Family, school, health visitor (synthetic)")
            self.rows["core_group"].append(meeting)
            self.event(child, cg, "core_group", "Core group meeting", meeting)
        self.work(child, "CORE_GROUP_FIRST", start, plan, "First core group meeting", cg if cg < stop else None,
                  plan, macpt, lcpp)
        # Review conferences: 3 months after the initial, then every 6 months.
        prev, rule = start, "RCPC_FIRST"
        while True:
            # A review is held near its due date, never on the day the plan started (rule 8841).
            held = self.on_time_date(rule, prev, rng.random() < REVIEW_ON_TIME, (1, 20), window=21)
            held = _next_working(held)
            if held >= stop:
                self.work(child, rule, prev, plan, "Review child protection conference", None, None, macpt, lcpp)
                break
            iro = rng.choice(self.iros)
            conf = Conference(person=child, episode=episode, kind="review", plan=plan, held_on=held, chaired_by=iro,
                              outcome="plan_continues", recorded_by=iro)
            self.rows["conference"].append(conf)
            self.event(child, held, "rcpc", "Review child protection conference", conf)
            self.work(child, rule, prev, plan, "Review child protection conference", held, conf, macpt, lcpp)
            prev, rule = held, "RCPC_NEXT"
        # Visits every 10 working days (local standard), most on time.
        prev = start
        while True:
            due = add_working_days(prev, 10)
            day = due - dt.timedelta(days=rng.randint(0, 6)) if rng.random() < VISIT_ON_TIME else due + dt.timedelta(days=rng.randint(1, 8))
            day = max(day, prev + dt.timedelta(days=1))
            if day >= stop:
                self.work(child, "CP_VISIT", prev, plan, "Child protection visit", None, None, macpt, lcpp)
                break
            v = self.visit(child, "cp", day, lcpp, plan)
            self.work(child, "CP_VISIT", prev, plan, "Child protection visit", day, v, macpt, lcpp)
            prev = day
        if open_plan:
            return None
        self.event(child, end, "cp_plan_end", "Child protection plan ended", plan)
        return end

    # the whole county -------------------------------------------------------------------------
    def build(self, children: list[Person]):
        self._child_episodes: list = []
        for child in tqdm(children, desc="Histories", unit=" children", file=sys.stderr, disable=self.quiet,
                          leave=False, dynamic_ncols=True):
            self._child_episodes = []
            self.child_history(child)

    def save(self) -> dict[str, int]:
        order = [("contact", Contact), ("early_help", EarlyHelpEpisode), ("episode", CINEpisode),
                 ("allocation", Allocation), ("assessment", Assessment), ("strategy", StrategyDiscussion),
                 ("participant", StrategyParticipant), ("s47", Section47Enquiry), ("conference", ChildProtectionConference),
                 ("cp_plan", CPPlan), ("core_group", CoreGroupMeeting), ("cin_plan", CINPlan),
                 ("plan_review", PlanReview), ("visit", Visit)]
        counts = {}
        # Initial conferences must exist before their plans, and review conferences point at plans:
        # save initial conferences, then plans, then review conferences.
        conferences = self.rows.pop("conference", [])
        self.rows["conference"] = [c for c in conferences if c.kind == "initial"]
        reviews = [c for c in conferences if c.kind == "review"]
        for key, model in order:
            rows = self.rows.get(key, [])
            if key == "episode":
                for e in rows:
                    e.contact_id = e._contact.pk
            if key == "visit":
                for v in rows:
                    v.context_id = str(v._context.pk)
            for i in range(0, len(rows), 5000):
                model.objects.bulk_create(rows[i:i + 5000])
            counts[key] = len(rows)
            if key == "cp_plan":
                for i in range(0, len(reviews), 5000):
                    ChildProtectionConference.objects.bulk_create(reviews[i:i + 5000])
                counts["conference"] += len(reviews)
        Contact.objects.bulk_update(
            [self._link(c) for c in self.rows["contact"] if getattr(c, "_episode", None)], ["cin_episode_id"], batch_size=5000)
        work = []
        for person, rule, start, source, title, done, by_event, team, worker in self.pending_work:
            due = due_date_with_rule(rule, start, overrides=False).due
            w = StatutoryWork(person=person, rule_code=rule, title=title, source_type=source._meta.label_lower,
                              source_id=str(source.pk), started_on=start, due_on=due, team=team, worker=worker)
            if done is not None:
                w.status, w.completed_on, w.on_time = StatutoryWork.Status.DONE, done, done <= due
                if by_event is not None:
                    w.completion_type, w.completion_id = by_event._meta.label_lower, str(by_event.pk)
            elif not self._still_open(source):
                w.status, w.cancel_reason = StatutoryWork.Status.CANCELLED, "Episode closed"
            work.append(w)
        for i in range(0, len(work), 5000):
            StatutoryWork.objects.bulk_create(work[i:i + 5000])
        counts["statutory_work"] = len(work)
        chron = [ChronologyEntry(person=p, occurred_on=day, event_type=t, summary=s[:300],
                                 source_type=src._meta.label_lower if src is not None else "",
                                 source_id=str(src.pk) if src is not None else "")
                 for p, day, t, s, src in self.chronology]
        for i in range(0, len(chron), 5000):
            ChronologyEntry.objects.bulk_create(chron[i:i + 5000])
        counts["chronology"] = len(chron)
        return counts

    def _link(self, contact):
        contact.cin_episode_id = contact._episode.pk
        return contact

    def _still_open(self, source) -> bool:
        for attr in ("closure_date", "end_date"):
            if hasattr(source, attr):
                return getattr(source, attr) is None
        return True

    def oversight_and_supervision(self, open_people: list[Person]) -> dict[str, int]:
        """Management oversight on open cases (most within 3 months) and monthly supervision."""
        rng = self.rng
        oversight, work = [], []
        team_of = {a.person_id: a.team_id for a in Allocation.objects.filter(ended_on__isnull=True, role="allocated_worker")}
        for person in open_people:
            manager = self.managers.get(team_of.get(person.pk))
            if manager is None:
                continue
            recent = rng.random() < OVERSIGHT_RECENT
            day = self.as_of - dt.timedelta(days=rng.randint(1, 85) if recent else rng.randint(95, 200))
            oversight.append(ManagementOversight(person=person, recorded_by=manager, recorded_at=_d(day, 14),
                                                 occurred_on=day, decision_point="case_review",
                                                 what_was_read="Chronology, assessment and latest visits",
                                                 decision="Continue the current plan", rationale="Progress is as planned (synthetic)"))
        ManagementOversight.objects.bulk_create(oversight, batch_size=5000)
        for o in oversight:
            due = due_date_with_rule("MANAGEMENT_OVERSIGHT", o.occurred_on, overrides=False).due
            work.append(StatutoryWork(person=o.person, rule_code="MANAGEMENT_OVERSIGHT", title="Management oversight",
                                      source_type=o._meta.label_lower, source_id=str(o.pk), started_on=o.occurred_on,
                                      due_on=due, team_id=team_of.get(o.person_id), worker=o.recorded_by))
            self.chronology.append((o.person, o.occurred_on, "oversight", "Management oversight: continue the current plan", o))
        StatutoryWork.objects.bulk_create(work, batch_size=5000)
        sups = []
        for team_id, workers in self.workers.items():
            manager = self.managers.get(team_id)
            if manager is None:
                continue
            for worker in workers:
                day = self.as_of - dt.timedelta(days=rng.randint(1, 28) if rng.random() < SUPERVISION_ON_TIME else rng.randint(35, 70))
                for k in range(6):
                    sups.append(Supervision(worker=worker, supervisor=manager, held_on=day - dt.timedelta(days=30 * k),
                                            notes="Supervision (synthetic)", recorded_at=_d(day - dt.timedelta(days=30 * k), 12)))
        Supervision.objects.bulk_create(sups, batch_size=5000)
        chron = [ChronologyEntry(person=p, occurred_on=day, event_type=t, summary=s, source_type=src._meta.label_lower,
                                 source_id=str(src.pk)) for p, day, t, s, src in self.chronology[-len(oversight):]]
        ChronologyEntry.objects.bulk_create(chron, batch_size=5000)
        return {"oversight": len(oversight), "supervision": len(sups)}


def seed_histories(*, seed: int, as_of: dt.date, years: int, quiet: bool = False) -> dict[str, int]:
    """Generate casework histories for every child on the record (call inside the seed's transaction)."""
    b = HistoryBuilder(seed=seed, as_of=as_of, years=years, quiet=quiet)
    b.load_staff()
    children = list(Person.objects.filter(kind=Person.Kind.CHILD, merged_into__isnull=True).order_by("pk"))
    b.build(children)
    # Contacts that opened an episode point back at it.
    for e in b.rows["episode"]:
        e._contact._episode = e
    counts = b.save()
    open_people = list(Person.objects.filter(cin_episodes__closure_date__isnull=True).distinct())
    b.chronology = []
    counts.update(b.oversight_and_supervision(open_people))
    return counts

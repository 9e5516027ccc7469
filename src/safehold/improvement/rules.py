"""The rules of inspection and improvement, as plain functions the pages show in words and the tests
read (issue 13): when the next inspection is likely, the RAG status of an action and of an area for
improvement, drawing an audit sample and assigning auditors, and the agreement between auditors and
moderators. Nothing here reads the database."""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta

from .models import GRADE_ORDER, Grade

RED, AMBER, GREEN = "red", "amber", "green"
RAG_ORDER = {GREEN: 0, AMBER: 1, RED: 2}
RAG_LABELS = {RED: "Red", AMBER: "Amber", GREEN: "Green", "": "No status"}

# --- The inspection cycle (ilacs-and-annex-a.md 4.1) -------------------------------------------------

# The annual engagement meeting is yearly; the self-evaluation goes to Ofsted before it. The lead time
# is not in the framework we hold ([UNCONFIRMED]): four weeks here, a setting in improvement.selectors.
ENGAGEMENT_EVERY_MONTHS = 12


def basis_grade(grades: dict[str, str], overall_code: str | None) -> tuple[str, str]:
    """The grade the cycle rule reads, and how it was chosen: overall effectiveness where it was graded;
    since Ofsted removed it (April 2026), the lowest of the judgements (the council's reading, shown on
    the page)."""
    if overall_code and grades.get(overall_code):
        return grades[overall_code], "the overall effectiveness grade"
    if not grades:
        return "", "no judgement was graded"
    worst = max(grades.values(), key=lambda g: GRADE_ORDER[g])
    return worst, "the lowest judgement grade (no overall grade was given)"


@dataclass
class Window:
    expected_on: dt.date
    opens_on: dt.date
    closes_on: dt.date

    def state(self, today: dt.date) -> str:
        if today < self.opens_on:
            return "before"
        if today <= self.closes_on:
            return "open"
        return "passed"


def next_inspection_window(last_day_on_site: dt.date, months_after: int, window_months: int) -> Window:
    expected = last_day_on_site + relativedelta(months=months_after)
    return Window(expected, expected - relativedelta(months=window_months), expected + relativedelta(months=window_months))


def engagement_due(last_meeting: dt.date | None, last_inspection: dt.date | None) -> dt.date | None:
    """The next annual engagement meeting: a year after the last, or a year after the last inspection."""
    base = last_meeting or last_inspection
    return base + relativedelta(months=ENGAGEMENT_EVERY_MONTHS) if base else None


# --- RAG (issue 13.5) --------------------------------------------------------------------------------

# Shown on the plan's pages word for word: the rule is the code below, in this order.
ACTION_RULE = [
    "Green when the action is completed.",
    "Red when it is not completed and its due date has passed.",
    "Amber when a milestone's date has passed and the milestone is not done.",
    "Amber when it has not started and its start date has passed.",
    "Otherwise green: on track.",
]
AREA_RULE = [
    "An area takes the worst status of its actions (after any override).",
    "It is at least amber when a linked measure is worse now than at the inspection (its baseline).",
    "It is at least amber when every action is completed but a linked measure has not reached its target: "
    "the work is done, the impact is not yet shown.",
]
OVERRIDE_RULE = "A person may set another status with a reason; the page shows both, and the override counts."


@dataclass
class Rag:
    derived: str
    why: str
    override: str = ""
    override_reason: str = ""

    @property
    def status(self) -> str:
        return self.override or self.derived


def action_rag(*, status: str, starts_on: dt.date, due_on: dt.date, milestones: list[tuple[dt.date, dt.date | None]],
               on: dt.date, override: str = "", override_reason: str = "") -> Rag:
    """The RAG of an action on `on`, given its status then (ACTION_RULE)."""
    def made(derived: str, why: str) -> Rag:
        return Rag(derived, why, override, override_reason)

    if status == "completed":
        return made(GREEN, "Completed.")
    if due_on < on:
        return made(RED, f"Not completed; due {due_on:%-d %B %Y}.")
    late = [d for d, done in milestones if d < on and (done is None or done > on)]
    if late:
        return made(AMBER, f"{len(late)} milestone{'s' if len(late) > 1 else ''} past its date and not done.")
    if status == "not_started" and starts_on < on:
        return made(AMBER, f"Not started; due to start {starts_on:%-d %B %Y}.")
    return made(GREEN, "On track.")


@dataclass
class MeasureCheck:
    name: str
    worse_than_baseline: bool
    target_met: bool | None  # None: no value now


def area_rag(action_rags: list[Rag], measures: list[MeasureCheck]) -> Rag:
    """The RAG of an area for improvement (AREA_RULE)."""
    if not action_rags:
        return Rag("", "No actions yet.")
    worst = max((r.status for r in action_rags), key=lambda s: RAG_ORDER.get(s, 0))
    reasons = [f"Worst action: {RAG_LABELS[worst].lower()}."]
    status = worst
    slipping = [m.name for m in measures if m.worse_than_baseline]
    if slipping and RAG_ORDER[status] < RAG_ORDER[AMBER]:
        status = AMBER
    if slipping:
        reasons.append("Worse than at the inspection: " + "; ".join(slipping) + ".")
    all_done = all(r.why == "Completed." for r in action_rags)
    short = [m.name for m in measures if m.target_met is False]
    if all_done and short:
        if RAG_ORDER[status] < RAG_ORDER[AMBER]:
            status = AMBER
        reasons.append("Actions completed; target not yet reached: " + "; ".join(short) + ".")
    return Rag(status, " ".join(reasons))


def worse(value: float | None, baseline: float | None, good: str) -> bool:
    """Is `value` worse than `baseline` for a measure where `good` ("high"/"low") is better?"""
    if value is None or baseline is None or good not in ("high", "low"):
        return False
    return value < baseline if good == "high" else value > baseline


def meets(value: float | None, target: float, good: str) -> bool | None:
    if value is None or good not in ("high", "low"):
        return None
    return value >= target if good == "high" else value <= target


# --- Sampling and assigning auditors (issue 13.3) --------------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    person_id: int
    team_id: int | None
    worker_id: int | None


def draw_sample(candidates: list[Candidate], *, method: str, size: int, seed: int) -> list[Candidate]:
    """The children to audit. The same candidates and seed always give the same sample: candidates are
    put in person order first, then drawn with a generator seeded by `seed`.
    random: `size` children from all; stratified: `size` from each team; every: all of them."""
    pool = sorted(set(candidates), key=lambda c: c.person_id)
    if method == "every":
        return pool
    rng = random.Random(seed)
    if method == "stratified":
        by_team: dict[int | None, list[Candidate]] = defaultdict(list)
        for c in pool:
            by_team[c.team_id].append(c)
        chosen: list[Candidate] = []
        for team_id in sorted(by_team, key=lambda t: (t is None, t or 0)):
            group = by_team[team_id]
            chosen.extend(rng.sample(group, min(size, len(group))))
        return sorted(chosen, key=lambda c: c.person_id)
    return sorted(rng.sample(pool, min(size, len(pool))), key=lambda c: c.person_id)


@dataclass(frozen=True)
class Auditor:
    user_id: int
    team_id: int | None
    name: str


class NoAuditor(Exception):
    def __init__(self, person_id: int):
        self.person_id = person_id
        super().__init__(person_id)


def may_audit(auditor: Auditor, case: Candidate) -> bool:
    """Never your own case, nor one held by your team."""
    if auditor.user_id == case.worker_id:
        return False
    return not (auditor.team_id is not None and auditor.team_id == case.team_id)


def assign_auditors(sample: list[Candidate], auditors: list[Auditor],
                    load: dict[int, int] | None = None) -> dict[int, int]:
    """{person_id: auditor user_id}: each case to the eligible auditor with the fewest cases so far (then
    in the order given). NoAuditor names a child no one may audit."""
    load = dict(load or {})
    out = {}
    for case in sample:
        eligible = [a for a in auditors if may_audit(a, case)]
        if not eligible:
            raise NoAuditor(case.person_id)
        chosen = min(eligible, key=lambda a: (load.get(a.user_id, 0), auditors.index(a)))
        load[chosen.user_id] = load.get(chosen.user_id, 0) + 1
        out[case.person_id] = chosen.user_id
    return out


def to_moderate(audit_ids: list[int], percent: int, seed: int) -> set[int]:
    """A share of a round's audits for moderation (at least one when any is asked for), reproducible."""
    if percent <= 0 or not audit_ids:
        return set()
    count = max(1, round(len(audit_ids) * percent / 100))
    return set(random.Random(seed).sample(sorted(audit_ids), min(count, len(audit_ids))))


@dataclass
class Agreement:
    moderated: int = 0
    agreed: int = 0
    within_one: int = 0  # the moderator's grade at most one step from the auditor's
    changes: dict[tuple[str, str], int] = field(default_factory=dict)

    @property
    def percent(self) -> float | None:
        return 100 * self.agreed / self.moderated if self.moderated else None

    @property
    def within_one_percent(self) -> float | None:
        return 100 * self.within_one / self.moderated if self.moderated else None


def agreement(pairs: list[tuple[str, str]]) -> Agreement:
    """(auditor's grade, moderator's grade) pairs: how often they agree exactly, and within one grade."""
    out = Agreement()
    for auditor_grade, moderator_grade in pairs:
        out.moderated += 1
        if auditor_grade == moderator_grade:
            out.agreed += 1
        else:
            key = (auditor_grade, moderator_grade)
            out.changes[key] = out.changes.get(key, 0) + 1
        if abs(GRADE_ORDER[auditor_grade] - GRADE_ORDER[moderator_grade]) <= 1:
            out.within_one += 1
    return out


GRADES = [g.value for g in Grade]
# The answers a case file audit question takes.
ANSWERS = {"yes": "Yes", "partly": "Partly", "no": "No", "na": "Not applicable"}

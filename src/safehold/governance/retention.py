"""The retention schedule (retention_rules.toml) and the date each person's record is kept until.

Pure rules over a person's facts (birth, death, adoption order, care, last activity, related children),
so the calculator is tested with fixed dates; `facts_for` reads those facts for many people in a few
queries. A person covered by several rules is kept until the latest of their dates; a rule whose
starting date is unknown (no date of birth) leaves the record undetermined, never due.
"""

from __future__ import annotations

import datetime as dt
import functools
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Exists, Max, OuterRef, Q, Subquery

from safehold.children_in_care.models import PeriodOfCare
from safehold.people.models import ChronologyEntry, Person, Relationship

APPLIES = {"adopted", "looked_after", "child", "adult"}
FROM = {"birth", "adoption_order", "last_activity", "death"}
DEFAULT_RULES = Path(__file__).with_name("retention_rules.toml")


@dataclass(frozen=True)
class Rule:
    code: str
    label: str
    applies: str
    from_: str
    years: int
    source: str
    local_decision: bool = False
    died_before_age: int | None = None
    after_death_years: int | None = None
    inactive_years: int | None = None
    linked_children: bool = False


@dataclass
class Facts:
    """What the rules need to know about one person."""

    pk: int
    kind: str  # "child" or "adult"
    birth: dt.date | None = None
    death: dt.date | None = None
    adoption_order: dt.date | None = None
    looked_after: bool = False
    last_activity: dt.date | None = None
    related_children: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class Retention:
    """The date a record is kept until, and the rule that sets it (the latest of the rules that apply).
    `date` is None when it cannot be worked out (`why` says what is missing)."""

    date: dt.date | None
    rule: Rule | None
    why: str = ""

    def due(self, on: dt.date) -> bool:
        return self.date is not None and self.date <= on


def rules_path() -> Path:
    return Path(getattr(settings, "SAFEHOLD_RETENTION_RULES", "") or DEFAULT_RULES)


@functools.cache
def _load(path: str) -> tuple[Rule, ...]:
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ImproperlyConfigured(f"The retention rules in {path} cannot be read: {exc}") from exc
    rules = []
    for n, raw in enumerate(data.get("rule", []), start=1):
        raw = dict(raw)
        missing = {"code", "label", "applies", "from", "years", "source"} - set(raw)
        if missing:
            raise ImproperlyConfigured(f"Retention rule {n} in {path} has no {', '.join(sorted(missing))}")
        if raw["applies"] not in APPLIES or raw["from"] not in FROM:
            raise ImproperlyConfigured(f"Retention rule {raw['code']!r}: applies must be one of {sorted(APPLIES)} "
                                       f"and from one of {sorted(FROM)}")
        raw["from_"] = raw.pop("from")
        try:
            rule = Rule(**raw)
        except TypeError as exc:
            raise ImproperlyConfigured(f"Retention rule {raw['code']!r}: {exc}") from exc
        if (rule.died_before_age is None) != (rule.after_death_years is None):
            raise ImproperlyConfigured(f"Retention rule {rule.code!r}: died_before_age and after_death_years "
                                       "go together")
        rules.append(rule)
    if len({r.code for r in rules}) != len(rules):
        raise ImproperlyConfigured(f"Two retention rules in {path} share a code")
    if not rules:
        raise ImproperlyConfigured(f"{path} holds no retention rules")
    return tuple(rules)


def rules() -> tuple[Rule, ...]:
    return _load(str(rules_path()))


def rule_by_code(code: str) -> Rule | None:
    return next((r for r in rules() if r.code == code), None)


def add_years(day: dt.date, years: int) -> dt.date:
    """The anniversary `years` after `day`; a 29 February falls on 1 March in a common year (the later
    date, so a record is never disposed of a day early)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return dt.date(day.year + years, 3, 1)


def _applies(rule: Rule, f: Facts) -> bool:
    return {
        "adopted": f.adoption_order is not None,
        "looked_after": f.looked_after,
        "child": f.kind == "child",
        "adult": f.kind == "adult",
    }[rule.applies]


def _age_at(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


_ANCHOR_WORDS = {"birth": "date of birth", "adoption_order": "adoption order date", "last_activity": "activity",
                 "death": "date of death"}


def rule_date(rule: Rule, f: Facts, child_dates: dict[int, dt.date | None] | None = None) -> dt.date | None:
    """The date `rule` keeps `f`'s record until (None: a date it counts from is not known)."""
    return _rule_date(rule, f, child_dates)[0]


def _rule_date(rule: Rule, f: Facts, child_dates) -> tuple[dt.date | None, str]:
    anchor = {"birth": f.birth, "adoption_order": f.adoption_order, "last_activity": f.last_activity,
              "death": f.death}[rule.from_]
    if anchor is None:
        return None, f"{rule.label}: no {_ANCHOR_WORDS[rule.from_]} to count from"
    day = add_years(anchor, rule.years)
    if rule.died_before_age is not None and f.death and f.birth and _age_at(f.birth, f.death) < rule.died_before_age:
        day = add_years(f.death, rule.after_death_years or 0)
    if rule.inactive_years is not None and f.last_activity:
        day = max(day, add_years(f.last_activity, rule.inactive_years))
    if rule.linked_children:
        for child in f.related_children:
            child_day = (child_dates or {}).get(child)
            if child_day is None:  # kept while a related child's record is kept, and theirs is not known
                return None, f"{rule.label}: a related child's retention date is not known"
            day = max(day, child_day)
    return day, ""


def retention_of(f: Facts, child_dates: dict[int, dt.date | None] | None = None,
                 schedule: tuple[Rule, ...] | None = None) -> Retention:
    """The latest date among the rules that apply to `f`, and which rule gives it."""
    best: tuple[dt.date, Rule] | None = None
    for rule in schedule or rules():
        if not _applies(rule, f):
            continue
        day, why = _rule_date(rule, f, child_dates)
        if day is None:
            return Retention(None, rule, why)
        if best is None or day > best[0]:
            best = (day, rule)
    if best is None:
        return Retention(None, None, "No retention rule covers this record")
    return Retention(best[0], best[1])


def facts_for(people) -> dict[int, Facts]:
    """Facts for every person in the queryset `people` (a few queries, whatever its size)."""
    last_event = ChronologyEntry.objects.filter(person=OuterRef("pk")).values("person").annotate(
        last=Max("occurred_on")).values("last")
    rows = people.annotate(
        is_looked_after=Exists(PeriodOfCare.objects.filter(person=OuterRef("pk"))),
        adopted_on=Subquery(Person.objects.filter(pk=OuterRef("pk")).values("adoption__adopted_on")[:1]),
        last_event=Subquery(last_event[:1]),
    ).values_list("pk", "kind", "dob", "expected_dob", "death_date", "is_looked_after", "adopted_on", "last_event",
                  "updated_at")
    out: dict[int, Facts] = {}
    for pk, kind, dob, expected, death, lac, adopted, last_event_on, updated in rows:
        updated_on = updated.date() if updated else None
        last = max(d for d in (last_event_on, updated_on) if d) if (last_event_on or updated_on) else None
        out[pk] = Facts(pk=pk, kind=kind, birth=dob or expected, death=death, adoption_order=adopted,
                        looked_after=bool(lac), last_activity=last)
    adults = [pk for pk, f in out.items() if f.kind == "adult"]
    if adults:
        links = Relationship.objects.filter(
            Q(person_id__in=adults, related__kind="child") | Q(related_id__in=adults, person__kind="child"),
            person__merged_into__isnull=True, related__merged_into__isnull=True,
        ).values_list("person_id", "related_id")
        for a, b in links:
            adult, child = (a, b) if a in out and out[a].kind == "adult" else (b, a)
            if adult in out and child not in out[adult].related_children:
                out[adult].related_children.append(child)
    return out


def retention_for_people(people) -> dict[int, Retention]:
    """Each person's retention; an adult's related children are read too, wherever they are."""
    facts = facts_for(people)
    child_ids = {c for f in facts.values() for c in f.related_children} - set(facts)
    child_facts = facts_for(Person.objects.filter(pk__in=child_ids)) if child_ids else {}
    everyone = {**child_facts, **facts}
    child_dates = {pk: retention_of(f).date for pk, f in everyone.items() if f.kind == "child"}
    return {pk: retention_of(f, child_dates) for pk, f in facts.items()}

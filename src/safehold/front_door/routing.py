"""Which team a front door decision reaches (issue 14.1).

The council's RoutingRules are tried in order; the first whose decision, locality (the start of the
child's current home postcode), age on the day of the decision and disability all match names the
team. A child whose case a team already holds stays with that team: the decision joins their work.
A decision for an immediate strategy discussion always reaches a Multi-Agency Child Protection Team,
who make every child protection decision (../shared/domain/families-first.md): if a Family Help team
holds the case, the MACPT is added beside it as the lead child protection practitioner's team.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from safehold.accounts.models import Team
from safehold.casework.models import Allocation
from safehold.people.models import Person
from safehold.people.selectors import current_address

from .models import ROUTED_DECISIONS, Decision, RoutingRule


@dataclass(frozen=True)
class Route:
    """Where a decision sends the child: `team` receives the case in the allocation `role` unless
    `already_held` (the team holds it now), with `note` saying why in words."""

    team: Team | None
    role: str
    note: str
    already_held: bool = False
    rule: RoutingRule | None = None


def _child_facts(person: Person, on: dt.date) -> tuple[str, int | None, bool]:
    address = current_address(person)
    postcode = (address.postcode if address else "").replace(" ", "").upper()
    age = person.age_on(on) if person.dob else (0 if person.expected_dob else None)
    disabled = person.disabilities.exclude(code="NONE").exists()
    return postcode, age, disabled


def rule_matches(rule: RoutingRule, *, decision: str, postcode: str, age: int | None, disabled: bool) -> bool:
    if rule.decision and rule.decision != decision:
        return False
    if rule.prefixes and not any(postcode.startswith(p) for p in rule.prefixes):
        return False
    if rule.min_age is not None and (age is None or age < rule.min_age):
        return False
    if rule.max_age is not None and (age is None or age > rule.max_age):
        return False
    if rule.disabled == RoutingRule.Disabled.YES and not disabled:
        return False
    if rule.disabled == RoutingRule.Disabled.NO and disabled:
        return False
    return True


def matching_rule(person: Person, decision: str, on: dt.date) -> RoutingRule | None:
    postcode, age, disabled = _child_facts(person, on)
    for rule in RoutingRule.objects.filter(active=True).select_related("team"):
        if decision == Decision.STRATEGY and rule.team.kind != Team.Kind.MACPT:
            continue  # child protection decisions are the MACPT's
        if rule_matches(rule, decision=decision, postcode=postcode, age=age, disabled=disabled):
            return rule
    return None


def route_for(person: Person, decision: str, on: dt.date, *, chosen_team: Team | None = None) -> Route:
    """Where `decision` on `person` goes. `chosen_team` is the practitioner's choice, which overrides
    the rules (the note says so); without a rule or a choice a new case has no team (team None)."""
    held = (Allocation.objects.filter(person=person, ended_on__isnull=True, role=Allocation.Role.ALLOCATED_WORKER)
            .select_related("team").first())
    role = Allocation.Role.ALLOCATED_WORKER
    if held is not None:
        if decision != Decision.STRATEGY or held.team.kind == Team.Kind.MACPT:
            return Route(held.team, role, f"Already held by {held.team}", already_held=True)
        role = Allocation.Role.LEAD_CP_PRACTITIONER
        cp = (Allocation.objects.filter(person=person, ended_on__isnull=True, role=role)
              .select_related("team").first())
        if cp is not None:
            return Route(cp.team, role, f"Already held by {cp.team} (child protection)", already_held=True)
    if chosen_team is not None:
        return Route(chosen_team, role, f"Sent to {chosen_team}, chosen at the front door")
    rule = matching_rule(person, decision, on)
    if rule is None:
        if held is not None:  # a strategy decision with no MACPT rule stays with the team holding the case
            return Route(held.team, Allocation.Role.ALLOCATED_WORKER,
                         f"Held by {held.team}: no routing rule names a Multi-Agency Child Protection Team",
                         already_held=True)
        return Route(None, role, "No routing rule matches this child and decision")
    return Route(rule.team, role, f"Sent to {rule.team} by the routing rule: {rule.describe()}",
                 rule=rule)


def routes_preview(person: Person, on: dt.date) -> list[tuple[str, Route]]:
    """For the decision page: where each decision that hands the child on would send them today."""
    return [(Decision(d).label, route_for(person, d, on)) for d in ROUTED_DECISIONS]

"""The default rule table, transcribed from ../shared/domain/timescales.md ("The rules").

Pure Python with no Django imports. Each entry cites its row's Source column. `kind` says where
the limit comes from: "statute" (regulations), "guidance" (statutory guidance) or "local" (the
council's own standard). Any rule can be overridden from an effective-from date with a RuleVersion
(models.py); changing a statute or guidance limit needs a recorded reason. `confirmed` is False
where timescales.md marks the source as secondary, UNCONFIRMED or without a national rule; `note`
says which.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from .engine import Unit

__all__ = ["DEFAULT_RULES", "SUPPLEMENTARY_CODES", "TABLE_CODES", "Kind", "Rule", "get_default_rule"]


class Kind(StrEnum):
    STATUTE = "statute"
    GUIDANCE = "guidance"
    LOCAL = "local"


@dataclass(frozen=True, slots=True)
class Rule:
    code: str
    starts: str
    stops: str
    amount: int
    unit: Unit
    source: str
    kind: Kind
    confirmed: bool
    note: str = ""

    @property
    def limit(self) -> str:
        """The limit in words, e.g. "45 working days"."""
        label = self.unit.label
        if self.amount == 1:
            label = label.removesuffix("s")
        return f"{self.amount} {label}"


_SECONDARY = "Secondary source only."

_RULES = [
    # ../shared/domain/timescales.md: CONTACT_DECISION, source "WT2023 ch.2 [secondary]"
    Rule(
        code="CONTACT_DECISION",
        starts="Contact or referral received at the front door",
        stops="Decision on the response recorded",
        amount=1,
        unit=Unit.WORKING_DAYS,
        source="Working Together to Safeguard Children 2023, ch.2",
        kind=Kind.GUIDANCE,
        confirmed=False,
        note=_SECONDARY,
    ),
    # ../shared/domain/timescales.md: ASSESSMENT, source "WT2023 ch.2; census rule 8670Q [confirmed]"
    Rule(
        code="ASSESSMENT",
        starts="Referral date (CIN details referral date)",
        stops="Assessment authorised",
        amount=45,
        unit=Unit.WORKING_DAYS,
        source="Working Together to Safeguard Children 2023, ch.2; CIN census validation rule 8670Q",
        kind=Kind.GUIDANCE,
        confirmed=True,
    ),
    # ../shared/domain/timescales.md: ICPC, source "WT2023 ch.2; census `InitialCPCtarget`, rule
    # 8675Q [confirmed]"
    Rule(
        code="ICPC",
        starts="Strategy discussion at which the section 47 enquiry was started",
        stops="Initial child protection conference held",
        amount=15,
        unit=Unit.WORKING_DAYS,
        source="Working Together to Safeguard Children 2023, ch.2; CIN census InitialCPCtarget, rule 8675Q",
        kind=Kind.GUIDANCE,
        confirmed=True,
    ),
    # ../shared/domain/timescales.md: RCPC_FIRST, source "WT2023 [secondary]"
    Rule(
        code="RCPC_FIRST",
        starts="Initial child protection conference",
        stops="First review conference",
        amount=3,
        unit=Unit.MONTHS,
        source="Working Together to Safeguard Children 2023",
        kind=Kind.GUIDANCE,
        confirmed=False,
        note=_SECONDARY,
    ),
    # ../shared/domain/timescales.md: RCPC_NEXT, source "WT2023 [secondary]"
    Rule(
        code="RCPC_NEXT",
        starts="Previous review conference",
        stops="Next review conference",
        amount=6,
        unit=Unit.MONTHS,
        source="Working Together to Safeguard Children 2023",
        kind=Kind.GUIDANCE,
        confirmed=False,
        note=_SECONDARY,
    ),
    # ../shared/domain/timescales.md: CORE_GROUP_FIRST, source "*local* [UNCONFIRMED nationally]"
    Rule(
        code="CORE_GROUP_FIRST",
        starts="Initial child protection conference",
        stops="First core group meeting",
        amount=10,
        unit=Unit.WORKING_DAYS,
        source="Local procedures",
        kind=Kind.LOCAL,
        confirmed=False,
        note="Local standard; UNCONFIRMED as a national rule for England.",
    ),
    # ../shared/domain/timescales.md: CP_VISIT, source "*local* [no national rule]"
    Rule(
        code="CP_VISIT",
        starts="Child protection plan start, then each visit",
        stops="Next visit to the child",
        amount=10,
        unit=Unit.WORKING_DAYS,
        source="Local procedures",
        kind=Kind.LOCAL,
        confirmed=False,
        note="Local standard; no national visiting frequency found (some councils use 15 working days).",
    ),
    # ../shared/domain/timescales.md: CLA_REVIEW_FIRST, source "CPPCR 2010 reg 33 [secondary]"
    Rule(
        code="CLA_REVIEW_FIRST",
        starts="Date the child became looked after",
        stops="First review",
        amount=20,
        unit=Unit.WORKING_DAYS,
        source="Care Planning, Placement and Case Review (England) Regulations 2010, reg 33",
        kind=Kind.STATUTE,
        confirmed=False,
        note=_SECONDARY + " Older procedures use 28 days; the date of the change is UNCONFIRMED.",
    ),
    # ../shared/domain/timescales.md: CLA_REVIEW_SECOND, source "CPPCR 2010 reg 33 [secondary]"
    Rule(
        code="CLA_REVIEW_SECOND",
        starts="First review",
        stops="Second review",
        amount=3,
        unit=Unit.MONTHS,
        source="Care Planning, Placement and Case Review (England) Regulations 2010, reg 33",
        kind=Kind.STATUTE,
        confirmed=False,
        note=_SECONDARY,
    ),
    # ../shared/domain/timescales.md: CLA_REVIEW_NEXT, source "CPPCR 2010 reg 33 [secondary]"
    Rule(
        code="CLA_REVIEW_NEXT",
        starts="Previous review (second onwards)",
        stops="Next review",
        amount=6,
        unit=Unit.MONTHS,
        source="Care Planning, Placement and Case Review (England) Regulations 2010, reg 33",
        kind=Kind.STATUTE,
        confirmed=False,
        note=_SECONDARY,
    ),
    # ../shared/domain/timescales.md: CLA_VISIT_FIRST, source "CPPCR 2010 reg 28(2) [confirmed]"
    Rule(
        code="CLA_VISIT_FIRST",
        starts="Start of any placement",
        stops="First visit in that placement",
        amount=7,
        unit=Unit.CALENDAR_DAYS,
        source="Care Planning, Placement and Case Review (England) Regulations 2010, reg 28(2)",
        kind=Kind.STATUTE,
        confirmed=True,
    ),
    # ../shared/domain/timescales.md: CLA_VISIT, source "CPPCR 2010 reg 28(2) [confirmed]"
    Rule(
        code="CLA_VISIT",
        starts="Previous visit, first year of a placement (and later, unless long-term)",
        stops="Next visit",
        amount=6,
        unit=Unit.WEEKS,
        source="Care Planning, Placement and Case Review (England) Regulations 2010, reg 28(2)",
        kind=Kind.STATUTE,
        confirmed=True,
    ),
    # ../shared/domain/timescales.md: CLA_VISIT_LONG_TERM, source "CPPCR 2010 reg 28(2) [confirmed]"
    Rule(
        code="CLA_VISIT_LONG_TERM",
        starts="Previous visit, after the first year of a placement intended to last until 18",
        stops="Next visit",
        amount=3,
        unit=Unit.MONTHS,
        source="Care Planning, Placement and Case Review (England) Regulations 2010, reg 28(2)",
        kind=Kind.STATUTE,
        confirmed=True,
    ),
    # ../shared/domain/timescales.md: CLA_VISIT_WEEKLY, source "CPPCR 2010 reg 28 [confirmed]"
    Rule(
        code="CLA_VISIT_WEEKLY",
        starts=(
            "Previous visit, placed with parent before assessment complete, or connected person with "
            "temporary approval, until the first review"
        ),
        stops="Next visit",
        amount=7,
        unit=Unit.CALENDAR_DAYS,
        source="Care Planning, Placement and Case Review (England) Regulations 2010, reg 28",
        kind=Kind.STATUTE,
        confirmed=True,
    ),
    # ../shared/domain/timescales.md: HEALTH_ASSESSMENT_INITIAL, source "Promoting the health and
    # wellbeing of looked-after children (2015) [UNCONFIRMED]"
    Rule(
        code="HEALTH_ASSESSMENT_INITIAL",
        starts="Date the child became looked after",
        stops="Initial health assessment",
        amount=20,
        unit=Unit.WORKING_DAYS,
        source="Promoting the health and wellbeing of looked-after children (2015)",
        kind=Kind.GUIDANCE,
        confirmed=False,
        note="UNCONFIRMED.",
    ),
    # ../shared/domain/timescales.md: HEALTH_ASSESSMENT_UNDER5, source "same [UNCONFIRMED]"
    Rule(
        code="HEALTH_ASSESSMENT_UNDER5",
        starts="Previous health assessment, child under 5",
        stops="Review health assessment",
        amount=6,
        unit=Unit.MONTHS,
        source="Promoting the health and wellbeing of looked-after children (2015)",
        kind=Kind.GUIDANCE,
        confirmed=False,
        note="UNCONFIRMED.",
    ),
    # ../shared/domain/timescales.md: HEALTH_ASSESSMENT, source "same [UNCONFIRMED]"
    Rule(
        code="HEALTH_ASSESSMENT",
        starts="Previous health assessment, child 5 or over",
        stops="Review health assessment",
        amount=12,
        unit=Unit.MONTHS,
        source="Promoting the health and wellbeing of looked-after children (2015)",
        kind=Kind.GUIDANCE,
        confirmed=False,
        note="UNCONFIRMED.",
    ),
    # ../shared/domain/timescales.md: PEP_INITIAL, source "*local*, statutory guidance on virtual
    # school heads [UNCONFIRMED]"
    Rule(
        code="PEP_INITIAL",
        starts="Date the child became looked after",
        stops="Personal education plan in place",
        amount=20,
        unit=Unit.WORKING_DAYS,
        source="Local standard; statutory guidance on virtual school heads",
        kind=Kind.LOCAL,
        confirmed=False,
        note="UNCONFIRMED.",
    ),
    # ../shared/domain/timescales.md: RETURN_INTERVIEW, source "statutory guidance on children
    # missing from care [secondary]"
    Rule(
        code="RETURN_INTERVIEW",
        starts="End of a missing episode (date and time)",
        stops="Return home interview offered",
        amount=72,
        unit=Unit.HOURS,
        source="Statutory guidance on children who run away or go missing from home or care",
        kind=Kind.GUIDANCE,
        confirmed=False,
        note=_SECONDARY,
    ),
    # ../shared/domain/timescales.md: PATHWAY_PLAN_REVIEW, source "Care Leavers (England)
    # Regulations 2010 [secondary]"
    Rule(
        code="PATHWAY_PLAN_REVIEW",
        starts="Previous pathway plan review",
        stops="Next review",
        amount=6,
        unit=Unit.MONTHS,
        source="Care Leavers (England) Regulations 2010",
        kind=Kind.STATUTE,
        confirmed=False,
        note=_SECONDARY,
    ),
    # ../shared/domain/timescales.md: PA_VISIT_NEW_HOME, source "Care Leavers (England)
    # Regulations 2010 [secondary]"
    Rule(
        code="PA_VISIT_NEW_HOME",
        starts="Care leaver moves into new accommodation",
        stops="Personal adviser visit there",
        amount=7,
        unit=Unit.CALENDAR_DAYS,
        source="Care Leavers (England) Regulations 2010",
        kind=Kind.STATUTE,
        confirmed=False,
        note=_SECONDARY + " Regulation number UNCONFIRMED.",
    ),
    # ../shared/domain/timescales.md: PA_CONTACT, source "Care Leavers (England) Regulations 2010 [secondary]"
    Rule(
        code="PA_CONTACT",
        starts="Previous personal adviser contact",
        stops="Next contact",
        amount=2,
        unit=Unit.MONTHS,
        source="Care Leavers (England) Regulations 2010",
        kind=Kind.STATUTE,
        confirmed=False,
        note=_SECONDARY + " Regulation number UNCONFIRMED.",
    ),
    # ../shared/domain/timescales.md: SUPERVISION, source "*local*"
    Rule(
        code="SUPERVISION",
        starts="Previous supervision of a worker",
        stops="Next supervision",
        amount=1,
        unit=Unit.MONTHS,
        source="Local standard",
        kind=Kind.LOCAL,
        confirmed=True,
        note="The council's own standard.",
    ),
    # ../shared/domain/timescales.md: MANAGEMENT_OVERSIGHT, source "*local*"
    Rule(
        code="MANAGEMENT_OVERSIGHT",
        starts="Previous management oversight on an open case (or its opening)",
        stops="Next oversight",
        amount=3,
        unit=Unit.MONTHS,
        source="Local standard",
        kind=Kind.LOCAL,
        confirmed=True,
        note="The council's own standard.",
    ),
]

# Rules the issue asks for that timescales.md's rule table has no row for. Each says where its limit
# comes from; the local ones are the council's to change in the admin (with an effective-from date).
_SUPPLEMENTARY = [
    # ../shared/domain/timescales.md 1.2 "Visits (reg 28)": "Connected person with temporary approval
    # (reg 24), or interim care order and living with parent: Weekly until the first review, then
    # <= 4 weeks" [confirmed]. The table gives the weekly rule a code (CLA_VISIT_WEEKLY) but not this one.
    Rule(
        code="CLA_VISIT_FOUR_WEEKLY",
        starts=("Previous visit, connected person with temporary approval or interim care order and living "
                "with parent, after the first review"),
        stops="Next visit",
        amount=4,
        unit=Unit.WEEKS,
        source="Care Planning, Placement and Case Review (England) Regulations 2010, reg 28",
        kind=Kind.STATUTE,
        confirmed=True,
    ),
    # The care plan with its permanence plan "by the second review" (the issue; CPPCR 2010 guidance
    # vol 2). Counted like CLA_REVIEW_SECOND from the first review, so it falls due with the second review.
    Rule(
        code="PERMANENCE_PLAN",
        starts="First review",
        stops="Care plan with a permanence plan agreed",
        amount=3,
        unit=Unit.MONTHS,
        source="Children Act 1989 guidance vol 2 (care planning): permanence plan by the second review",
        kind=Kind.GUIDANCE,
        confirmed=False,
        note="Not in timescales.md's table; taken from the issue text. UNCONFIRMED.",
    ),
    # Annex A list 8 asks for the date of the last dental check; no national interval is in
    # ../shared/domain/. Six months is common local practice; the 903 OC2 return asks about the last 12.
    Rule(
        code="DENTAL_CHECK",
        starts="Previous dental check (or becoming looked after)",
        stops="Next dental check",
        amount=6,
        unit=Unit.MONTHS,
        source="Local standard",
        kind=Kind.LOCAL,
        confirmed=False,
        note="No national interval in the domain files; a local standard the council sets. UNCONFIRMED.",
    ),
    # "Personal education plans each term" (the issue). Three terms a year: about every 4 months.
    Rule(
        code="PEP_REVIEW",
        starts="Previous personal education plan",
        stops="Next personal education plan review (each term)",
        amount=4,
        unit=Unit.MONTHS,
        source="Local standard; statutory guidance on virtual school heads (termly PEP reviews)",
        kind=Kind.LOCAL,
        confirmed=False,
        note="Termly approximated as 4 months; a council may prefer its own term dates. UNCONFIRMED.",
    ),
    # Annex A list 8 "Date of Last IRO Visit/Contact". The IRO handbook asks the IRO to speak with the
    # child before each review; no interval is in the domain files, so this is a local standard.
    Rule(
        code="IRO_CONTACT",
        starts="Previous review or IRO contact with the child",
        stops="Next IRO contact with the child",
        amount=3,
        unit=Unit.MONTHS,
        source="Local standard; IRO handbook (2010)",
        kind=Kind.LOCAL,
        confirmed=False,
        note="No national interval in the domain files; a local standard. UNCONFIRMED.",
    ),
]

TABLE_CODES: tuple[str, ...] = tuple(rule.code for rule in _RULES)
SUPPLEMENTARY_CODES: tuple[str, ...] = tuple(rule.code for rule in _SUPPLEMENTARY)
DEFAULT_RULES: dict[str, Rule] = {rule.code: rule for rule in (*_RULES, *_SUPPLEMENTARY)}


def get_default_rule(code: str) -> Rule:
    """The default rule for `code`; a ValueError naming the known codes if there is none."""
    try:
        return DEFAULT_RULES[code]
    except KeyError:
        known = ", ".join(DEFAULT_RULES)
        raise ValueError(f"Unknown timescale rule code {code!r}; known codes: {known}") from None


# What each piece of statutory work is called in front of a practitioner (issue 14.9: words, not codes). The
# code stays beside it only where a return or a rule table needs it.
NAMES = {
    "CONTACT_DECISION": "Front door decision",
    "ASSESSMENT": "Assessment authorised",
    "ICPC": "Initial child protection conference",
    "RCPC_FIRST": "First review conference",
    "RCPC_NEXT": "Review conference",
    "CORE_GROUP_FIRST": "First core group meeting",
    "CP_VISIT": "Child protection visit",
    "CLA_REVIEW_FIRST": "First looked-after review",
    "CLA_REVIEW_SECOND": "Second looked-after review",
    "CLA_REVIEW_NEXT": "Looked-after review",
    "CLA_VISIT_FIRST": "First statutory visit in a placement",
    "CLA_VISIT": "Statutory visit",
    "CLA_VISIT_LONG_TERM": "Statutory visit (long-term placement)",
    "CLA_VISIT_WEEKLY": "Weekly statutory visit",
    "CLA_VISIT_FOUR_WEEKLY": "Four-weekly statutory visit",
    "HEALTH_ASSESSMENT_INITIAL": "Initial health assessment",
    "HEALTH_ASSESSMENT_UNDER5": "Health assessment (under 5)",
    "HEALTH_ASSESSMENT": "Health assessment",
    "DENTAL_CHECK": "Dental check",
    "PEP_INITIAL": "First personal education plan",
    "PEP_REVIEW": "Personal education plan review",
    "PERMANENCE_PLAN": "Permanence plan",
    "RETURN_INTERVIEW": "Return home interview",
    "IRO_CONTACT": "IRO contact with the child",
    "PATHWAY_PLAN_REVIEW": "Pathway plan review",
    "PA_VISIT_NEW_HOME": "Personal adviser visit to a new home",
    "PA_CONTACT": "Personal adviser contact",
    "SUPERVISION": "Supervision",
    "MANAGEMENT_OVERSIGHT": "Management oversight",
    "AUDIT_ACTION": "Action from a case file audit",
}


def name_of(code: str) -> str:
    """The work's name in words; an unknown code (a council's own rule) is shown as it is."""
    return NAMES.get(code, code.replace("_", " ").capitalize())

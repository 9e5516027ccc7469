"""The statutory clocks care planning runs (rule codes in timescales/rules.py, ../shared/domain/timescales.md)
and the titles their work items carry. Below both the services and the selectors, which read them.

- Reviews (CPPCR 2010 reg 33): CLA_REVIEW_FIRST from becoming looked after, CLA_REVIEW_SECOND from the
  first review, CLA_REVIEW_NEXT from each later one. The care plan with its permanence plan is due
  with the second review (PERMANENCE_PLAN).
- Visits (reg 28, timescales.md 1.2): CLA_VISIT_FIRST from the start of every placement, then from
  each visit at which the child was seen: CLA_VISIT (6 weeks), CLA_VISIT_LONG_TERM (3 months) after
  the first year of a placement intended to last until 18, and for a child on an interim care order
  living with a parent CLA_VISIT_WEEKLY until the first review, then CLA_VISIT_FOUR_WEEKLY.
- Health: HEALTH_ASSESSMENT_INITIAL from becoming looked after, then HEALTH_ASSESSMENT_UNDER5 or
  HEALTH_ASSESSMENT by the child's age at the last one. DENTAL_CHECK, PEP_INITIAL then PEP_REVIEW,
  and IRO_CONTACT are local standards the council can change in the admin.
- Missing episodes: RETURN_INTERVIEW, 72 hours from the return to the interview being offered.
"""

from __future__ import annotations

# Personal education plans: the virtual school's duty is for children of compulsory school age, and
# most councils start PEPs in the early years (from age 3) and keep them to 18. A local choice.
PEP_FROM_AGE = 3
PEP_UNTIL_AGE = 18

VISIT_RULES = ("CLA_VISIT_FIRST", "CLA_VISIT", "CLA_VISIT_LONG_TERM", "CLA_VISIT_WEEKLY", "CLA_VISIT_FOUR_WEEKLY")
REVIEW_RULES = ("CLA_REVIEW_FIRST", "CLA_REVIEW_SECOND", "CLA_REVIEW_NEXT")
HEALTH_RULES = ("HEALTH_ASSESSMENT_INITIAL", "HEALTH_ASSESSMENT_UNDER5", "HEALTH_ASSESSMENT")
PEP_RULES = ("PEP_INITIAL", "PEP_REVIEW")
# Every clock this app starts, for the record panel and for period_ended.
CARE_PLANNING_RULES = (*REVIEW_RULES, "PERMANENCE_PLAN", *VISIT_RULES, *HEALTH_RULES, "DENTAL_CHECK", *PEP_RULES,
                       "IRO_CONTACT")

TITLES = {
    "CLA_REVIEW_FIRST": "First looked after review",
    "CLA_REVIEW_SECOND": "Second looked after review",
    "CLA_REVIEW_NEXT": "Looked after review",
    "PERMANENCE_PLAN": "Care plan with a permanence plan",
    "CLA_VISIT_FIRST": "Statutory visit in the new placement",
    "CLA_VISIT": "Statutory visit",
    "CLA_VISIT_LONG_TERM": "Statutory visit",
    "CLA_VISIT_WEEKLY": "Statutory visit (weekly)",
    "CLA_VISIT_FOUR_WEEKLY": "Statutory visit",
    "HEALTH_ASSESSMENT_INITIAL": "Initial health assessment",
    "HEALTH_ASSESSMENT_UNDER5": "Review health assessment",
    "HEALTH_ASSESSMENT": "Review health assessment",
    "DENTAL_CHECK": "Dental check",
    "PEP_INITIAL": "Personal education plan",
    "PEP_REVIEW": "Personal education plan review",
    "IRO_CONTACT": "IRO contact with the child",
    "RETURN_INTERVIEW": "Return home interview offered",
}

"""Care planning changes, one module per area (as Zulip's zerver/actions/<area>.py). Each records one
event, checks it against the period of care, and stops and starts the statutory clocks it touches
(casework.work, due dates from the timescales engine; the clocks and their titles are in ../clocks.py).

- hooks.py            what children_in_care.services calls inside its own transaction, so a period of
                      care and its first clocks are saved together or not at all: period_started,
                      placement_started, legal_status_changed, period_ended
- reviews.py          looked after reviews (review_record), the care plan (care_plan_record) and the
                      IRO's contact with the child (iro_contact_record)
- visits.py           statutory visits (visit_record)
- health.py           health assessments and dental checks (health_assessment_record, dental_check_record)
- education.py        personal education plans (education_plan_record)
- missing.py          missing episodes and return home interviews (missing_episode_record,
                      missing_episode_update)
- annual_outcomes.py  each year's outcomes, SSDA903 OC2 (outcomes_update)
- common.py           what they share: a clock started, stopped or restarted, the period of care a date
                      falls in, a dated event that restarts its clock

Reads live in ../selectors.py (next_visit_rule, who holds the IRO's work, a clock's timeliness in words);
next_visit_rule is re-exported here for old callers. This package imports children_in_care's models, never
its services, so the dependency between the two apps' services runs one way (children_in_care calls the
hooks).

Callers keep `from safehold.care_planning import services; services.review_record(...)`: every entry point
is re-exported below. A test that patches a name patches it where it is looked up, in its module (e.g.
`safehold.care_planning.services.visits.work_complete`)."""

from __future__ import annotations

from ..clocks import (
    CARE_PLANNING_RULES,
    HEALTH_RULES,
    PEP_FROM_AGE,
    PEP_RULES,
    PEP_UNTIL_AGE,
    REVIEW_RULES,
    TITLES,
    VISIT_RULES,
)
from ..selectors import next_visit_rule
from .annual_outcomes import OUTCOME_FIELDS, SDQ_MAX, outcomes_update
from .education import education_plan_record
from .health import dental_check_record, health_assessment_record
from .hooks import legal_status_changed, period_ended, period_started, placement_started
from .missing import missing_episode_record, missing_episode_update
from .reviews import care_plan_record, iro_contact_record, review_record
from .visits import visit_record

__all__ = [
    "CARE_PLANNING_RULES",
    "HEALTH_RULES",
    "OUTCOME_FIELDS",
    "PEP_FROM_AGE",
    "PEP_RULES",
    "PEP_UNTIL_AGE",
    "REVIEW_RULES",
    "SDQ_MAX",
    "TITLES",
    "VISIT_RULES",
    "care_plan_record",
    "dental_check_record",
    "education_plan_record",
    "health_assessment_record",
    "iro_contact_record",
    "legal_status_changed",
    "missing_episode_record",
    "missing_episode_update",
    "next_visit_rule",
    "outcomes_update",
    "period_ended",
    "period_started",
    "placement_started",
    "review_record",
    "visit_record",
]

"""Multi-agency child protection services: strategy discussions, section 47 enquiries, conferences,
plans, core groups and visits. Each service checks the permission (accounts.policy.require) and the
rules (raising ValidationError keyed by form field), writes the change, its audit row and chronology
entry, and raises, completes or cancels the statutory work the event implies (timescales.md rule
codes), in one transaction.

Rules cited are the CIN census validation rules (../shared/domain/cin-census.md 2.3) and the
timescales in ../shared/domain/timescales.md.

One module per area; callers keep using `from safehold.child_protection import services` and the names
below:
- strategy.py: strategy discussions and who took part (strategy_discussion_record, missing_agencies,
  strategy_warnings)
- section47.py: the section 47 enquiry a strategy discussion starts, and its outcome (section47_complete)
- conferences.py: initial and review child protection conferences
- plans.py: a plan started by an initial conference, ended by a review conference or cp_plan_end; the
  lead child protection practitioner's allocation
- core_groups.py: core group meetings; visits.py: child protection visits
- plan_content.py: the plan's outcomes, actions and contingency
- _common.py: the checks the areas share (dates inside the episode and the plan, the category of abuse)
Reads live in ../selectors.py (PLAN_CONTEXT, last_review_on, plan_last_activity); `d` and the error
helpers in safehold.core.validation.
"""

from __future__ import annotations

from safehold.core.validation import d

from ..selectors import PLAN_CONTEXT
from .conferences import Outcome, conference_initial_record, conference_review_record
from .core_groups import core_group_record
from .plan_content import plan_action_add, plan_action_done, plan_contingency_save, plan_outcome_add
from .plans import cp_plan_end
from .section47 import section47_complete
from .strategy import Decision, missing_agencies, strategy_discussion_record, strategy_warnings
from .visits import cp_visit_record

__all__ = [
    "PLAN_CONTEXT",
    "Decision",
    "Outcome",
    "conference_initial_record",
    "conference_review_record",
    "core_group_record",
    "cp_plan_end",
    "cp_visit_record",
    "d",
    "missing_agencies",
    "plan_action_add",
    "plan_action_done",
    "plan_contingency_save",
    "plan_outcome_add",
    "section47_complete",
    "strategy_discussion_record",
    "strategy_warnings",
]

"""Family Help services: the episode of need and the work in it. Each service checks the permission
(accounts.policy.require) and the rules (raising ValidationError keyed by form field), writes the change
with its audit row and chronology entry, and raises, completes or cancels statutory work, in one
transaction.

Rules cited are the CIN census validation rules (../shared/domain/cin-census.md 2.3, module 5 in 2.4)
and the timescales in ../shared/domain/timescales.md (ASSESSMENT: 45 working days from the referral).

One module per area; callers keep using `from safehold.family_help import services` and the names below:
- episodes.py: the episode of need opened from a referral (referral_open), its primary need
- closure.py: a worker asks for the episode to close, a manager signs it off (episode_request_closure,
  episode_close)
- assessments.py: child and family assessments, the autosaved draft and its audit, the authorisation
- cin_plans.py: child in need plans; early_help.py: targeted early help
- lead_practitioner.py: the Family Help lead practitioner's allocation, taken and given up with the plans
- reviews.py: reviews of a child in need or early help plan
- visits.py: assessment, child in need and early help visits
- pre_proceedings.py: pre-proceedings and FGDM (census module 5), and its census queries
- _common.py: the checks the areas share (the open episode, dates inside it, a plan's end)
Reads live in ../selectors.py (is_rereferral, episode_open_work, plan_last_activity); the date formats
(d, long_date) and the error helpers in safehold.core.validation.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError

from safehold.core.validation import d, long_date

from ..models import Assessment
from ..selectors import REREFERRAL_WINDOW_DAYS, episode_open_work, is_rereferral
from .assessments import (
    DRAFT_AUDIT_MAX_CHARS,
    DRAFT_AUDIT_WORD_CHARS,
    DRAFT_MAX_CHARS,
    assessment_authorise,
    assessment_complete,
    assessment_save_draft,
    assessment_start,
    check_factors,
    draft_being_written,
    draft_change,
)
from .cin_plans import cin_plan_end, cin_plan_start
from .closure import episode_close, episode_request_closure
from .early_help import early_help_close, early_help_open
from .episodes import episode_update_primary_need, referral_open
from .pre_proceedings import (
    PP_DATE_FIELDS,
    PP_FIELDS,
    PP_LABELS,
    PP_MILESTONES,
    pre_proceedings_record,
    pre_proceedings_update,
)
from .reviews import plan_review_record
from .visits import VISIT_KINDS, visit_record

# ValidationError and Assessment are here for the tests that reached them through this module.
__all__ = [
    "DRAFT_AUDIT_MAX_CHARS",
    "DRAFT_AUDIT_WORD_CHARS",
    "DRAFT_MAX_CHARS",
    "PP_DATE_FIELDS",
    "PP_FIELDS",
    "PP_LABELS",
    "PP_MILESTONES",
    "REREFERRAL_WINDOW_DAYS",
    "VISIT_KINDS",
    "Assessment",
    "ValidationError",
    "assessment_authorise",
    "assessment_complete",
    "assessment_save_draft",
    "assessment_start",
    "check_factors",
    "cin_plan_end",
    "cin_plan_start",
    "d",
    "draft_being_written",
    "draft_change",
    "early_help_close",
    "early_help_open",
    "episode_close",
    "episode_open_work",
    "episode_request_closure",
    "episode_update_primary_need",
    "is_rereferral",
    "long_date",
    "plan_review_record",
    "pre_proceedings_record",
    "pre_proceedings_update",
    "referral_open",
    "visit_record",
]

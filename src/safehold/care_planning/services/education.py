"""Personal education plans: the first stops PEP_INITIAL, each starts the next termly review."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from safehold.accounts.policy import Perm
from safehold.accounts.policy import require as _require

from ..clocks import PEP_RULES
from ..models import (
    PersonalEducationPlan,
)
from .common import simple_record


@transaction.atomic
def education_plan_record(*, by, person, held_on: dt.date, school: str = "", summary: str = "") -> PersonalEducationPlan:
    """A personal education plan meeting: the first stops PEP_INITIAL, each starts the next termly review."""
    _require(by, Perm.CASEWORK_RECORD)
    school = (school or "").strip()
    return simple_record(by=by, person=person, day=held_on, field="held_on", what="personal education plan",
                         model=PersonalEducationPlan, date_field="held_on", rule_codes=PEP_RULES,
                         next_rule="PEP_REVIEW", event_type="education_plan",
                         event_summary="Personal education plan" + (f" ({school})" if school else ""),
                         school=school, summary=(summary or "").strip(), recorded_by=by)

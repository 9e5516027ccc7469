"""The CIN census rules the record keeps for section 47 enquiries, conferences and child protection plans, one
home each (../shared/domain/cin-census.md, the DfE's CIN census validation rules). Pure functions of dates: the
services refuse a change that would break one (`child_protection/services/`), the census importer refuses a
child whose file breaks one (`returns/imports/cin.py`), and a database constraint backs the first
(`Section47Enquiry.Meta`). The rules for the episode the work sits in are `family_help/rules.py`."""

from __future__ import annotations

import datetime as dt

from safehold.core.validation import d


def conference_before_enquiry(conference: dt.date, enquiry_start: dt.date) -> bool:
    """Rule 8615: the initial child protection conference is held on or after the section 47 enquiry started."""
    return conference < enquiry_start


def plan_ends_too_soon(start: dt.date, end: dt.date) -> bool:
    """Rules 8840/8925: a child protection plan ends after the day it started."""
    return end <= start


def plan_end_problem(start: dt.date, end: dt.date) -> str | None:
    """Rules 8840/8925 in a worker's words: why `end` cannot end a plan that started on `start` (None: it can)."""
    if not plan_ends_too_soon(start, end):
        return None
    if end < start:
        return f"The plan end date must be after the plan started ({d(start)})"
    return f"A child protection plan cannot start and end on the same day ({d(end)})"

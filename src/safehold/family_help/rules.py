"""The CIN census rules the record keeps for a child's episodes of need and the work in them, one home each
(../shared/domain/cin-census.md, the DfE's CIN census validation rules). Pure functions of dates and codes:
the services refuse a change that would break one (`family_help/services/`), and the census and Annex A
importers refuse a child whose file breaks one (`returns/imports/cin.py`, `returns/imports/annex_a.py`). The
DfE rules as a return is checked are `returns/rules/cin/`; these are the ones the record cannot hold broken."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from itertools import pairwise

from .codes import NO_FACTORS, AssessmentFactor

Span = tuple[dt.date, dt.date | None]  # an episode's referral date and closure date (None while open)


def overlapping_episodes(episodes: Iterable[Span]) -> list[tuple[Span, Span]]:
    """Rule 8820: a child's episodes of need must not overlap. In referral date order, each pair (earlier, later)
    where the later one starts before the earlier one closed, or the earlier one is still open. A referral may
    start on the day the last episode closed."""
    ordered = sorted(episodes, key=lambda span: span[0])
    return [(before, after) for before, after in pairwise(ordered) if before[1] is None or before[1] > after[0]]


def before_referral(day: dt.date, referral_date: dt.date) -> bool:
    """Rules 1103 (assessment), 4015 (child in need plan), 2889 (section 47), 1105 (child protection plan): work in
    an episode starts on or after its referral date."""
    return day < referral_date


def closed_before_referral(closure_date: dt.date, referral_date: dt.date) -> bool:
    """Rule 8630: an episode closes on or after its referral date."""
    return closure_date < referral_date


def authorised_before_start(authorised: dt.date, start: dt.date) -> bool:
    """Rule 8608: an assessment is authorised on or after it started."""
    return authorised < start


def no_factors_with_others(factors: Iterable[str]) -> bool:
    """Rule 8869: factor 21 (no factors identified) stands alone."""
    chosen = set(factors)
    return NO_FACTORS in chosen and len(chosen) > 1


def factor_problems(factors: list[str]) -> list[str]:
    """What is wrong with the factors identified at a completed assessment, in a worker's words: required (rules
    8614/8897Q), census codes only, each once (8898), 21 on its own (8869)."""
    problems = []
    if not factors:
        problems.append("Choose the factors identified at assessment, or 21 'No factors identified'")
    unknown = [f for f in factors if f not in AssessmentFactor.values]
    if unknown:
        problems.append(f"These are not census factor codes: {', '.join(unknown)}")
    if len(set(factors)) != len(factors):
        problems.append("Each factor can be chosen only once")
    if no_factors_with_others(factors):
        problems.append("21 'No factors identified' must be used on its own: remove it or the other factors")
    return problems

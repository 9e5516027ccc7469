"""Helpers the child protection services share: dates inside the episode of need and inside a plan, the
category of abuse, the plan locked for a change."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from safehold.core.validation import add_error as _add
from safehold.core.validation import d

from ..codes import CategoryOfAbuse
from ..models import CPPlan


def _check_date(errors: dict, field: str, when: dt.date | None, episode, what: str) -> None:
    """Not in the future, and inside the episode of need: on or after its referral date (rules
    1104/1105/2889/4015) and not after its closure (rule 8565: no activity after closure)."""
    if when is None:
        return
    if when > timezone.localdate():
        _add(errors, field, f"{what} must be today or in the past")
    if when < episode.referral_date:
        _add(errors, field, f"{what} must be on or after the referral date ({d(episode.referral_date)})")
    if episode.closure_date and when > episode.closure_date:
        _add(errors, field, f"{what} must be on or before the date the episode closed ({d(episode.closure_date)})")


def _require_category(errors: dict, field: str, category: str, *, required: bool) -> None:
    if category and category not in CategoryOfAbuse.values:
        _add(errors, field, "Choose a category of abuse from the list")
    elif required and not category:
        _add(errors, field, "Choose the category of abuse")


def _open_plan_locked(plan: CPPlan) -> CPPlan:
    return CPPlan.objects.select_for_update(of=("self",)).select_related("episode", "person").get(pk=plan.pk)


def _check_in_plan(errors: dict, field: str, plan: CPPlan, when: dt.date, what: str) -> None:
    if when < plan.start_date:
        _add(errors, field, f"{what} must be on or after the plan started ({d(plan.start_date)})")
    if plan.end_date and when > plan.end_date:
        _add(errors, field, f"{what} must be on or before the plan ended ({d(plan.end_date)})")
    _check_date(errors, field, when, plan.episode, what)

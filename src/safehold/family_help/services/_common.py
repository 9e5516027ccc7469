"""Helpers the Family Help services share: the episode of need locked for a change, the checks that work is
recorded inside an open episode, and the child protection models (imported late: child_protection
imports Family Help)."""

from __future__ import annotations

import datetime as dt

from safehold.child_protection.models import CPPlan, Section47Enquiry
from safehold.core.validation import add_error as _add
from safehold.core.validation import check_day as _check_day
from safehold.core.validation import d

from .. import rules
from ..models import CINEpisode
from ..selectors import plan_last_activity


def _check_in_episode(errors: dict, field: str, when: dt.date | None, episode: CINEpisode, what: str,
                      *, required: bool = True) -> None:
    """Present (if required), not in the future, on or after the referral (rules 1103/2889/4015) and not
    after closure (rule 8565)."""
    if when is None and not required:
        return
    if not _check_day(errors, field, when, what):
        return
    if rules.before_referral(when, episode.referral_date):
        _add(errors, field, f"{what} must be on or after the referral date ({d(episode.referral_date)})")
    if episode.closure_date and when > episode.closure_date:
        _add(errors, field, f"{what} must be on or before the date the episode closed ({d(episode.closure_date)})")


def _locked_episode(episode: CINEpisode) -> CINEpisode:
    return CINEpisode.objects.select_for_update(of=("self",)).select_related("person").get(pk=episode.pk)


def _require_open_episode(errors: dict, field: str, episode: CINEpisode, *, activity: bool = True) -> None:
    if not episode.is_open:
        _add(errors, field, f"This episode of need closed on {d(episode.closure_date)}: open a new referral instead")
    elif activity and episode.referral_nfa:
        # Rules 8831/4000: no assessment, plan or other activity on a referral with no further action.
        _add(errors, field, "This referral led to no further action, so no work can be recorded in it")


def _cp_models():
    """The child protection app's plan and enquiry models (imported here, not at the top: the
    child protection app imports Family Help)."""
    return CPPlan, Section47Enquiry


def _check_end(errors: dict, field: str, plan, end_date: dt.date | None, what: str) -> None:
    if not plan.is_open:
        _add(errors, field, f"This {what} already ended on {d(plan.end_date)}")
        return
    if not _check_day(errors, field, end_date, "The end date"):
        return
    if end_date < plan.start_date:
        _add(errors, field, f"The end date must be on or after the {what} started ({d(plan.start_date)})")
    last = plan_last_activity(plan)
    if last and end_date < last[0]:
        _add(errors, field, f"The end date must be on or after {last[1]} ({d(last[0])})")

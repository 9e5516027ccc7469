"""The episode of need (census CINdetails): opened from a referral, with the child's primary need.
The referral raises the ASSESSMENT work, due 45 working days from the referral date (timescales.md)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from safehold.accounts.policy import Perm, has_perm
from safehold.accounts.policy import require as _require
from safehold.audit.actions import AuditAction
from safehold.audit.services import audit_change, snapshot
from safehold.casework.work import work_raise
from safehold.core.concurrency import save_if_unchanged
from safehold.core.validation import add_error as _add
from safehold.core.validation import d
from safehold.core.validation import raise_if_errors as _raise
from safehold.people.chronology import record_event

from .. import rules
from ..codes import PrimaryNeed, ReferralSource
from ..models import CINEpisode
from ..selectors import is_rereferral
from ._common import _locked_episode, _require_open_episode


@transaction.atomic
def referral_open(*, by, person, referral_date: dt.date, source: str, contact=None, primary_need: str = "",
                  raise_assessment: bool = True) -> CINEpisode:
    """Open an episode of need from a referral (census CINdetails). Raises the ASSESSMENT work,
    due 45 working days from the referral date (timescales.md ASSESSMENT)."""
    if not (has_perm(by, Perm.CASEWORK_RECORD) or has_perm(by, Perm.CONTACT_DECIDE)):
        raise PermissionDenied("Your role cannot open a referral")
    errors: dict[str, list[str]] = {}
    if referral_date is None:
        errors["referral_date"] = ["Enter the referral date"]
    elif referral_date > timezone.localdate():
        errors["referral_date"] = ["The referral date must be today or in the past"]
    if source not in ReferralSource.values:
        errors["referral_source"] = ["Choose where the referral came from"]
    if primary_need and primary_need not in PrimaryNeed.values:
        errors["primary_need"] = ["Choose the child's primary need from the list"]
    if person.kind != person.Kind.CHILD:
        errors["person"] = ["Only a child (or unborn child) can be referred"]
    open_episode = CINEpisode.objects.select_for_update().filter(person=person, closure_date__isnull=True).first()
    if open_episode:
        errors["referral_date"] = [
            f"{person.full_name} already has an open referral from {open_episode.referral_date:%d/%m/%Y}: "
            "record the new concern in that episode"]
    elif referral_date is not None:
        new: rules.Span = (referral_date, None)
        earlier = CINEpisode.objects.filter(person=person).values_list("referral_date", "closure_date")
        for before, after in rules.overlapping_episodes([*earlier, new]):
            if after is new:
                errors["referral_date"] = [
                    f"The referral date falls inside the episode from {d(before[0])} to {d(before[1])}: it must be "
                    f"on or after {d(before[1])}"]
                break
            if before is new:
                errors["referral_date"] = [
                    f"The child has a later episode of need, from {d(after[0])}: a new referral must be on or after "
                    f"the date it closed ({d(after[1])})"]
                break
    if errors:
        raise ValidationError(errors)
    episode = CINEpisode.objects.create(
        person=person, referral_date=referral_date, referral_source=source, primary_need=primary_need,
        contact_id=getattr(contact, "pk", None), is_rereferral=is_rereferral(person, referral_date), recorded_by=by,
    )
    audit_change(actor=by, action=AuditAction.CIN_EPISODE_OPEN, instance=episode, person_id=person.pk)
    summary = f"Referral received from {episode.get_referral_source_display()}"
    if episode.is_rereferral:
        summary += " (re-referral within 12 months)"
    record_event(person=person, event_type="referral", occurred=referral_date, summary=summary, source=episode,
                 recorded_by=by)
    if raise_assessment:
        work_raise(person=person, rule_code="ASSESSMENT", start=referral_date, source=episode,
                   title="Child and family assessment authorised")
    return episode


@transaction.atomic
def episode_update_primary_need(*, by, episode: CINEpisode, primary_need: str,
                                expected_version: int | None = None) -> CINEpisode:
    """Record or change the child's primary need (census PrimaryNeedCode, rule 8650)."""
    _require(by, Perm.CASEWORK_RECORD)
    episode = _locked_episode(episode)
    errors: dict[str, list[str]] = {}
    _require_open_episode(errors, "primary_need", episode, activity=False)
    if primary_need not in PrimaryNeed.values:
        _add(errors, "primary_need", "Choose the child's primary need from the list")
    _raise(errors)
    if primary_need == episode.primary_need:
        return episode
    before = snapshot(episode, ["primary_need"])
    episode.primary_need = primary_need
    save_if_unchanged(episode, expected_version=episode.version if expected_version is None else expected_version,
                      fields=["primary_need"])
    audit_change(actor=by, action=AuditAction.CIN_EPISODE_PRIMARY_NEED, instance=episode, before=before,
                 after=snapshot(episode, ["primary_need"]), person_id=episode.person_id)
    return episode

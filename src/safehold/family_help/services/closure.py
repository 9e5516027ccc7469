"""Closing an episode of need: a worker asks (episode_request_closure), a manager signs it off
(episode_close, census CINclosureDate and ReasonForClosure); refused while work in it is still open."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from safehold.accounts.policy import Perm
from safehold.accounts.policy import require as _require
from safehold.audit.actions import AuditAction
from safehold.audit.services import audit_change, snapshot
from safehold.casework.models import Visit
from safehold.casework.work import work_cancel
from safehold.core.concurrency import save_if_unchanged
from safehold.core.validation import add_error as _add
from safehold.core.validation import check_day as _check_day
from safehold.core.validation import d
from safehold.core.validation import raise_if_errors as _raise
from safehold.people.chronology import record_event

from .. import rules
from ..codes import ClosureReason, PrimaryNeed
from ..models import Assessment, CINEpisode, CINPlan, PlanReview, PreProceedings
from ..selectors import episode_open_work
from ._common import _cp_models, _locked_episode, _require_open_episode
from .pre_proceedings import PP_DATE_FIELDS, PP_LABELS


def _last_activity(episode: CINEpisode) -> tuple[dt.date, str] | None:
    """The latest dated piece of work in the episode (rule 8565: no activity after closure)."""
    dates: list[tuple[dt.date, str]] = []
    for a in Assessment.objects.filter(episode=episode):
        dates.append((a.start_date, "the assessment started"))
        if a.authorised_date:
            dates.append((a.authorised_date, "the assessment was authorised"))
    plans = list(CINPlan.objects.filter(episode=episode))
    for p in plans:
        dates.append((p.end_date or p.start_date, "the child in need plan ended" if p.end_date else
                      "the child in need plan started"))
    for r in PlanReview.objects.filter(cin_plan__episode=episode):
        dates.append((r.review_date, "the last plan review"))
    contexts = [(Assessment._meta.label_lower, str(a.pk)) for a in Assessment.objects.filter(episode=episode)]
    contexts += [(CINPlan._meta.label_lower, str(p.pk)) for p in plans]
    for ctype, cid in contexts:
        last = Visit.objects.filter(context_type=ctype, context_id=cid).aggregate(m=Max("visited_on"))["m"]
        if last:
            dates.append((last, "the last visit"))
    pp = PreProceedings.objects.filter(episode=episode).first()
    if pp:
        for field in PP_DATE_FIELDS:
            value = getattr(pp, field)
            if value:
                dates.append((value, PP_LABELS[field][0].lower() + PP_LABELS[field][1:]))
    return max(dates, key=lambda x: x[0]) if dates else None


def _closure_problems(episode: CINEpisode, reason: str, *, person) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if reason not in ClosureReason.values:
        _add(errors, "reason", "Choose the reason for closing the episode")
    for message in episode_open_work(episode):
        _add(errors, "__all__", message)
    if reason in (ClosureReason.RC8, ClosureReason.RC9):
        label = "RC8 (no further action)" if reason == ClosureReason.RC8 else "RC9 (referred to early help)"
        if not Assessment.objects.filter(episode=episode).exists():
            # Rule 8825Q: RC8/RC9 mean "closed after assessment".
            _add(errors, "reason", f"{label} closes a case after assessment, and this episode has no assessment "
                                   "(CIN census rule 8825Q)")
        CPPlan, Section47 = _cp_models()
        if (CINPlan.objects.filter(episode=episode).exists() or CPPlan.objects.filter(episode=episode).exists()
                or Section47.objects.filter(episode=episode).exists()):
            # Rule 2990: no plan or section 47 activity on an RC8/RC9 case.
            _add(errors, "reason", f"{label} cannot close an episode that had a child in need plan, a section 47 "
                                   "enquiry or a child protection plan (CIN census rule 2990): choose another reason")
    if reason == ClosureReason.RC2 and not person.death_date:
        # Rule 8585Q: RC2 (died) needs the date of death.
        _add(errors, "reason", "Record the child's date of death on their details before closing with RC2 (died)")
    return errors


@transaction.atomic
def episode_request_closure(*, by, episode: CINEpisode, reason: str, note: str = "") -> CINEpisode:
    """A worker asks a manager to close the episode; nothing closes until a manager signs it off."""
    _require(by, Perm.CASEWORK_RECORD)
    episode = _locked_episode(episode)
    errors: dict[str, list[str]] = {}
    _require_open_episode(errors, "reason", episode, activity=False)
    if not errors:
        errors = _closure_problems(episode, reason, person=episode.person)
    if not (note or "").strip():
        _add(errors, "note", "Say why the episode can close")
    _raise(errors)
    before = snapshot(episode, ["closure_requested_reason", "closure_request_note"])
    CINEpisode.objects.filter(pk=episode.pk).update(
        closure_requested_by=by, closure_requested_at=timezone.now(), closure_requested_reason=reason,
        closure_request_note=note.strip(), updated_at=timezone.now())
    episode.refresh_from_db()
    audit_change(actor=by, action=AuditAction.CIN_EPISODE_REQUEST_CLOSURE, instance=episode, before=before,
                 after=snapshot(episode, ["closure_requested_reason", "closure_request_note"]),
                 person_id=episode.person_id)
    record_event(person=episode.person, event_type="closure", occurred=timezone.localdate(),
                 summary=f"Closure requested by {by}: {reason} {ClosureReason(reason).label}; awaiting a manager's "
                         "sign-off", source=episode, recorded_by=by)
    return episode


@transaction.atomic
def episode_close(*, by, episode: CINEpisode, closure_date: dt.date, reason: str, expected_version: int,
                  primary_need: str = "", note: str = "") -> CINEpisode:
    """A manager signs off the closure of an episode of need (census CINclosureDate, ReasonForClosure).
    Refused while an assessment, a CIN plan, a CP plan or a section 47 enquiry is still open. Cancels
    the episode's open statutory work."""
    _require(by, Perm.CASEWORK_SIGN_OFF)
    episode = _locked_episode(episode)
    person = episode.person
    errors: dict[str, list[str]] = {}
    if not episode.is_open:
        _add(errors, "closure_date", f"This episode already closed on {d(episode.closure_date)}")
        _raise(errors)
    if _check_day(errors, "closure_date", closure_date, "The closure date"):
        if rules.closed_before_referral(closure_date, episode.referral_date):
            _add(errors, "closure_date", f"The closure date must be on or after the referral date "
                                         f"({d(episode.referral_date)})")
        last = _last_activity(episode)
        if last and closure_date < last[0]:  # rule 8565
            _add(errors, "closure_date", f"The closure date must be on or after the last recorded work "
                                         f"({last[1]} on {d(last[0])})")
    for field, messages in _closure_problems(episode, reason, person=person).items():
        for message in messages:
            _add(errors, field, message)
    primary_need = primary_need or episode.primary_need
    if primary_need and primary_need not in PrimaryNeed.values:
        _add(errors, "primary_need", "Choose the child's primary need from the list")
    elif not primary_need and not episode.referral_nfa:
        # Rule 8610: a primary need is required when the referral led to further action.
        _add(errors, "primary_need", "Choose the child's primary need: the census needs it for every referral "
                                     "that led to further action (rule 8610)")
    _raise(errors)
    fields = ["closure_date", "closure_reason", "closure_signed_off_by", "closure_signed_off_at", "primary_need"]
    before = snapshot(episode, fields)
    episode.closure_date, episode.closure_reason = closure_date, reason
    episode.closure_signed_off_by, episode.closure_signed_off_at = by, timezone.now()
    episode.primary_need = primary_need
    save_if_unchanged(episode, expected_version=expected_version, fields=fields)
    cancelled = work_cancel(source=episode, reason="The episode of need closed")
    audit_change(actor=by, action=AuditAction.CIN_EPISODE_CLOSE, instance=episode, before=before,
                 after=snapshot(episode, fields), person_id=person.pk, reason=(note or "").strip())
    summary = f"Episode of need closed: {reason} {ClosureReason(reason).label}. Signed off by {by}"
    if cancelled:
        summary += f"; {cancelled} piece{'s' if cancelled > 1 else ''} of statutory work no longer needed"
    record_event(person=person, event_type="closure", occurred=closure_date, summary=summary, source=episode,
                 recorded_by=by)
    return episode

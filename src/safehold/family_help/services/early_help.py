"""Targeted early help (Family Help below the s17 threshold) with its lead practitioner
(ssd_early_help_episodes; families-first.md section 6)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from safehold.accounts.policy import Perm
from safehold.accounts.policy import require as _require
from safehold.audit.actions import AuditAction
from safehold.audit.services import audit_change, snapshot
from safehold.core.concurrency import save_if_unchanged
from safehold.core.validation import add_error as _add
from safehold.core.validation import check_day as _check_day
from safehold.core.validation import d
from safehold.core.validation import raise_if_errors as _raise
from safehold.people.chronology import record_event

from ..codes import EarlyHelpEndReason
from ..models import EarlyHelpEpisode
from ._common import _check_end
from .lead_practitioner import _lead_allocate, _lead_release


@transaction.atomic
def early_help_open(*, by, person, start_date: dt.date, reason: str, lead_practitioner,
                    lead_practitioner_role: str = "", lead_practitioner_agency: str = "",
                    organisation: str = "") -> EarlyHelpEpisode:
    """Start targeted early help (Family Help below the s17 threshold) with a lead practitioner
    (ssd_early_help_episodes; families-first.md section 6)."""
    _require(by, Perm.CASEWORK_RECORD)
    errors: dict[str, list[str]] = {}
    if person.kind != person.Kind.CHILD:
        _add(errors, "start_date", "Only a child (or unborn child) can have Family Help")
    if _check_day(errors, "start_date", start_date, "The start date"):
        overlap = EarlyHelpEpisode.objects.filter(person=person, end_date__gte=start_date).first()
        if overlap:
            _add(errors, "start_date", f"The start date must be after the last early help episode ended "
                                       f"({d(overlap.end_date)})")
    current = EarlyHelpEpisode.objects.select_for_update().filter(person=person, end_date__isnull=True).first()
    if current:
        _add(errors, "start_date", f"{person.full_name} already has early help from {d(current.start_date)}")
    if not (reason or "").strip():
        _add(errors, "reason", "Say why the family is getting help")
    if lead_practitioner is None:
        _add(errors, "lead_practitioner", "Choose the lead practitioner")
    _raise(errors)
    role = (lead_practitioner_role or "").strip() or lead_practitioner.job_title or \
        lead_practitioner.get_role_display()
    agency = (lead_practitioner_agency or "").strip() or lead_practitioner.get_agency_display()
    episode = EarlyHelpEpisode.objects.create(
        person=person, start_date=start_date, reason=reason.strip(), organisation=(organisation or "").strip(),
        lead_practitioner=lead_practitioner, lead_practitioner_role=role[:120], lead_practitioner_agency=agency[:120],
        recorded_by=by)
    audit_change(actor=by, action=AuditAction.EARLY_HELP_OPEN, instance=episode, person_id=person.pk)
    _lead_allocate(by=by, person=person, lead=lead_practitioner, on=start_date)
    record_event(person=person, event_type="early_help", occurred=start_date,
                 summary=f"Family Help (targeted early help) started; lead practitioner {lead_practitioner} "
                         f"({role}, {agency})", source=episode, recorded_by=by)
    return episode


@transaction.atomic
def early_help_close(*, by, episode: EarlyHelpEpisode, end_date: dt.date, end_reason: str, expected_version: int,
                     end_note: str = "") -> EarlyHelpEpisode:
    _require(by, Perm.CASEWORK_RECORD)
    episode = EarlyHelpEpisode.objects.select_for_update(of=("self",)).select_related("person").get(pk=episode.pk)
    errors: dict[str, list[str]] = {}
    _check_end(errors, "end_date", episode, end_date, "early help")
    if end_reason not in EarlyHelpEndReason.values:
        _add(errors, "end_reason", "Choose why the early help ended")
    _raise(errors)
    fields = ["end_date", "end_reason", "end_note"]
    before = snapshot(episode, fields)
    episode.end_date, episode.end_reason, episode.end_note = end_date, end_reason, (end_note or "").strip()
    save_if_unchanged(episode, expected_version=expected_version, fields=fields)
    audit_change(actor=by, action=AuditAction.EARLY_HELP_CLOSE, instance=episode, before=before, after=snapshot(episode, fields),
                 person_id=episode.person_id)
    _lead_release(by=by, person=episode.person, lead=episode.lead_practitioner, on=end_date,
                  reason="Family Help (early help) ended")
    record_event(person=episode.person, event_type="early_help", occurred=end_date,
                 summary=f"Family Help (targeted early help) ended: {episode.get_end_reason_display()}",
                 source=episode, recorded_by=by)
    return episode

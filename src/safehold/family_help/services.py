"""Family Help services: the episode of need and the work in it. Each service checks the rules,
writes the change with its audit row and chronology entry, and raises or completes statutory work,
in one transaction."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from safehold.accounts.policy import Perm, has_perm
from safehold.audit.services import audit_change
from safehold.casework.work import work_raise
from safehold.people.chronology import record_event

from .codes import ReferralSource
from .models import CINEpisode

REREFERRAL_WINDOW_DAYS = 365  # measures.md: a re-referral is a referral within 12 months of the previous one


def is_rereferral(person, referral_date: dt.date) -> bool:
    """Was there an earlier referral for this child in the 12 months before `referral_date`?"""
    return CINEpisode.objects.filter(
        person=person, referral_date__lt=referral_date,
        referral_date__gte=referral_date - dt.timedelta(days=REREFERRAL_WINDOW_DAYS),
    ).exists()


@transaction.atomic
def referral_open(*, by, person, referral_date: dt.date, source: str, contact=None, primary_need: str = "",
                  raise_assessment: bool = True) -> CINEpisode:
    """Open an episode of need from a referral (census CINdetails). Raises the ASSESSMENT work,
    due 45 working days from the referral date (timescales.md ASSESSMENT)."""
    if not (has_perm(by, Perm.CASEWORK_RECORD) or has_perm(by, Perm.CONTACT_DECIDE)):
        raise PermissionDenied("Your role cannot open a referral")
    errors: dict[str, list[str]] = {}
    if referral_date > timezone.localdate():
        errors["referral_date"] = ["The referral date must be today or in the past"]
    if source not in ReferralSource.values:
        errors["referral_source"] = ["Choose where the referral came from"]
    if person.kind != person.Kind.CHILD:
        errors["person"] = ["Only a child (or unborn child) can be referred"]
    open_episode = CINEpisode.objects.select_for_update().filter(person=person, closure_date__isnull=True).first()
    if open_episode:
        errors["referral_date"] = [
            f"{person.full_name} already has an open referral from {open_episode.referral_date:%d/%m/%Y}: "
            "record the new concern in that episode"]
    if errors:
        raise ValidationError(errors)
    episode = CINEpisode.objects.create(
        person=person, referral_date=referral_date, referral_source=source, primary_need=primary_need,
        contact_id=getattr(contact, "pk", None), is_rereferral=is_rereferral(person, referral_date), recorded_by=by,
    )
    audit_change(actor=by, action="cin_episode.open", instance=episode, person_id=person.pk)
    summary = f"Referral received from {episode.get_referral_source_display()}"
    if episode.is_rereferral:
        summary += " (re-referral within 12 months)"
    record_event(person=person, event_type="referral", occurred=referral_date, summary=summary, source=episode,
                 recorded_by=by)
    if raise_assessment:
        work_raise(person=person, rule_code="ASSESSMENT", start=referral_date, source=episode,
                   title="Child and family assessment authorised")
    return episode

"""Placements: the PLACE code checked against the year and the register, the placement written with the
values copied from its provider, and a change of placement (the current placement and episode end, the
new ones start the same day)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from safehold.accounts.policy import Perm
from safehold.accounts.policy import require as _require
from safehold.audit.actions import AuditAction
from safehold.audit.services import audit_change, snapshot
from safehold.care_planning import services as care_planning
from safehold.core.concurrency import save_if_unchanged
from safehold.core.validation import add_error as _add
from safehold.core.validation import check_day as _check_day
from safehold.core.validation import d
from safehold.core.validation import raise_if_errors as _raise
from safehold.people.chronology import record_event

from .. import geo
from ..codes import (
    AGE_OF_CRIMINAL_RESPONSIBILITY,
    FOSTER_PLACEMENTS,
    NO_PROVIDER_PLACEMENTS,
    SHORT_BREAK_STATUSES,
    TEMPORARY_PLACEMENTS,
    VALID_PLACEMENT_TYPES,
    PlacementProvider,
    PlacementType,
    ReasonNewEpisode,
    ReasonPlaceChange,
)
from ..models import (
    CareEpisode,
    Placement,
    Provider,
    UnregisteredPlacementAuthorisation,
)
from ..selectors import home_postcode
from .dolo import dolo_placement_errors
from .episodes import end_episode, not_looked_after, open_state
from .legal_status import legal_status_errors
from .unregistered import Authorisation, apply_guard, refusal_audited


def placement_types_for(day: dt.date) -> frozenset[str]:
    """Valid PLACE codes for the collection year (to 31 March) containing `day` (rule 146)."""
    year = day.year + (1 if day.month >= 4 else 0)
    years = sorted(VALID_PLACEMENT_TYPES)
    return VALID_PLACEMENT_TYPES[min(max(year, years[0]), years[-1])]


def resolve_placement(errors: dict, *, placement_type: str, provider: Provider | None, start_date) -> str:
    """The PLACE code, from the form or the provider, checked against the year and the provider."""
    if provider is not None and not placement_type:
        placement_type = provider.placement_type
    if not placement_type:
        _add(errors, "placement_type", "Choose the placement type, or a provider from the register")
        return ""
    if placement_type not in PlacementType.values:
        _add(errors, "placement_type", "Choose the placement type from the list")
        return ""
    if start_date and placement_type not in placement_types_for(start_date):
        _add(errors, "placement_type", f"Placement type {placement_type} is not valid for a placement starting "
                                       f"{d(start_date)} (903 rule 146): choose a current type")
    if provider is None:
        if placement_type not in NO_PROVIDER_PLACEMENTS and placement_type != PlacementType.P1:
            _add(errors, "provider", "Choose the provider from the register (only placed with parents and temporary "
                                     "or other placements can be recorded without one)")
    else:
        if not provider.is_active:
            _add(errors, "provider", f"{provider.name} is no longer active on the register: choose another provider")
        same_group = placement_type in FOSTER_PLACEMENTS and provider.placement_type in FOSTER_PLACEMENTS
        if placement_type != provider.placement_type and not same_group and placement_type not in TEMPORARY_PLACEMENTS:
            _add(errors, "placement_type", f"{provider.name} is registered as {provider.placement_type}: choose that "
                                           "type, or correct the provider register")
    return placement_type


def make_placement(*, by, person, period, placement_type, provider, start_date, intended_until_18, weekly_visits=False,
                   concerns, authorisation: Authorisation | None) -> Placement:
    home = home_postcode(person)
    postcode = provider.postcode if provider else ""
    no_provider = placement_type in NO_PROVIDER_PLACEMENTS
    provider_code = "" if no_provider else (provider.provider_code if provider else
                                            (PlacementProvider.PR0 if placement_type == PlacementType.P1 else ""))
    placement = Placement.objects.create(
        person=person, period=period, provider=provider, placement_type=placement_type,
        provider_code=provider_code, urn="" if no_provider or not provider else provider.urn,
        postcode=postcode, home_postcode=home, la_code=provider.la_code if provider else "",
        distance_miles=geo.distance_miles(home, postcode) if home and postcode else None,
        start_date=start_date, intended_until_18=intended_until_18, weekly_visits=weekly_visits, recorded_by=by)
    audit_change(actor=by, action=AuditAction.PLACEMENT_START, instance=placement, person_id=person.pk)
    if concerns:
        auth = UnregisteredPlacementAuthorisation.objects.create(
            placement=placement, person=person, concerns="\n".join(concerns), authorised_by=by,
            authorised_on=timezone.localdate(), reason=authorisation.reason.strip(),
            plan_to_end=authorisation.plan_to_end.strip(), target_end_date=authorisation.target_end_date,
            ofsted_notified_on=authorisation.ofsted_notified_on,
            registration_application=authorisation.registration_application)
        audit_change(actor=by, action=AuditAction.PLACEMENT_UNREGISTERED_AUTHORISED, instance=auth, person_id=person.pk,
                     reason=auth.reason)
        record_event(person=person, event_type="unregistered_authorised", occurred=start_date, source=auth,
                     summary=f"Director authorised an unlawful or unregistered placement ({placement_type}); "
                             f"target end {d(auth.target_end_date)}", recorded_by=by)
    return placement


def overlapping_placement(person, start: dt.date) -> Placement | None:
    """A placement of this child running after `start`, or starting after it (placements must not overlap)."""
    return (Placement.objects.filter(person=person)
            .filter(Q(start_date__gt=start) | Q(end_date__isnull=True) | Q(end_date__gt=start))
            .order_by("start_date").first())


def end_placement(by, placement: Placement, end: dt.date, reason: str, expected_version: int | None) -> None:
    before = snapshot(placement, ["end_date", "change_reason"])
    placement.end_date, placement.change_reason = end, reason
    save_if_unchanged(placement, expected_version=placement.version if expected_version is None else expected_version,
                      fields=["end_date", "change_reason"])
    audit_change(actor=by, action=AuditAction.PLACEMENT_END, instance=placement, before=before,
                 after=snapshot(placement, ["end_date", "change_reason"]), person_id=placement.person_id)


def placement_change(*, by, person, start_date: dt.date, placement_type: str = "", provider: Provider | None = None,
                     change_reason: str = "", same_carer: bool = False, legal_status: str = "",
                     intended_until_18: bool = False, weekly_visits: bool = False,
                     authorisation: Authorisation | None = None,
                     expected_version: int | None = None) -> Placement:
    """The child moves: the current placement ends (with REASON_PLACE_CHANGE, rule 226) and the
    episode ends X1; the new placement starts the same day with an episode P (new carer) or T (same
    carer), or B/U when the legal status changes the same day (ssda903.md 3.2 RNE table, rule 433).
    `expected_version` is the current placement's version when the form was opened."""
    with refusal_audited(by=by, person=person, placement_type=placement_type, provider=provider), transaction.atomic():
        _require(by, Perm.CASEWORK_RECORD, Perm.PLACEMENT_AUTHORISE_UNREGISTERED)
        period, current, episode = open_state(person)
        if period is None or current is None:
            raise not_looked_after(person)
        errors: dict[str, list[str]] = {}
        if _check_day(errors, "start_date", start_date, "The date of the move"):
            if start_date < current.start_date:
                _add(errors, "start_date", f"The move must be on or after the start of the current placement "
                                           f"({d(current.start_date)}): placements must not overlap")
            later = Placement.objects.filter(person=person, start_date__gt=start_date).exclude(pk=current.pk).first()
            if later:
                _add(errors, "start_date", f"The new placement would overlap the placement from {d(later.start_date)}")
        placement_type = resolve_placement(errors, placement_type=placement_type, provider=provider,
                                           start_date=start_date)
        temporary = current.placement_type in TEMPORARY_PLACEMENTS or placement_type in TEMPORARY_PLACEMENTS
        if temporary and change_reason:
            _add(errors, "change_reason", "Leave the reason blank when a temporary placement (T0-T4) starts or ends "
                                          "(903 rule 226)")
        elif not temporary and change_reason not in ReasonPlaceChange.values:
            _add(errors, "change_reason", "Choose the reason for the placement change (903 rule 226)")
        elif change_reason == "CUSTOD" and start_date and person.age_on(start_date) is not None \
                and person.age_on(start_date) < AGE_OF_CRIMINAL_RESPONSIBILITY:
            _add(errors, "change_reason",
                 "Admitted to custody (CUSTOD) is not possible for a child under 10 (903 rule 234)")
        new_status = legal_status if legal_status and legal_status != episode.legal_status else ""
        if new_status:
            for message in legal_status_errors(person, new_status, start_date):
                _add(errors, "legal_status", message)
            if {new_status, episode.legal_status} & SHORT_BREAK_STATUSES:
                _add(errors, "legal_status", "A short break (V3/V4) is its own period of care: end the period, then "
                                             "start a new one")
        if start_date and placement_type:
            for message in dolo_placement_errors(person, placement_type, start_date):
                _add(errors, "placement_type", message)
        _raise(errors)
        concerns = apply_guard(errors, by=by, person=person, placement_type=placement_type, provider=provider,
                               start_date=start_date, authorisation=authorisation)
        end_placement(by, current, start_date, "" if temporary else change_reason, expected_version)
        placement = make_placement(by=by, person=person, period=period, placement_type=placement_type, provider=provider,
                                   start_date=start_date, intended_until_18=intended_until_18, weekly_visits=weekly_visits,
                                   concerns=concerns,
                                   authorisation=authorisation)
        if new_status:
            rne = "U" if same_carer else "B"
        else:
            rne = "T" if same_carer else "P"
        if episode.start_date == start_date and episode.reason_new_episode == ReasonNewEpisode.L:
            # The legal status changed earlier the same day: one episode for both changes.
            before = snapshot(episode, ["placement_id", "reason_new_episode", "legal_status"])
            episode.placement = placement
            episode.reason_new_episode = "U" if same_carer else "B"
            if new_status:
                episode.legal_status = new_status
            episode.save(update_fields=["placement", "reason_new_episode", "legal_status", "updated_at"])
            audit_change(actor=by, action=AuditAction.CARE_EPISODE_PLACEMENT, instance=episode, before=before,
                         after=snapshot(episode, ["placement_id", "reason_new_episode", "legal_status"]),
                         person_id=person.pk)
        else:
            end_episode(by, episode, start_date, "X1")
            new = CareEpisode.objects.create(person=person, period=period, placement=placement, start_date=start_date,
                                             reason_new_episode=rne, legal_status=new_status or episode.legal_status,
                                             category_of_need=episode.category_of_need)
            audit_change(actor=by, action=AuditAction.CARE_EPISODE_START, instance=new, person_id=person.pk)
        summary = f"Placement changed to {placement}"
        if new_status:
            summary += f"; legal status changed to {new_status}"
        record_event(person=person, event_type="placement_change", occurred=start_date, source=placement,
                     summary=summary, recorded_by=by)
        care_planning.placement_started(placement=placement, by=by)
        return placement

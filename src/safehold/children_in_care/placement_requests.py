"""Asking a director to authorise a placement the unregistered provision guard refused (issue 14.2;
../shared/domain/unregistered-provision.md 5: only the DCS or an assistant director may authorise it).

The worker's placement form, refused, offers "Ask a director": the answers are kept as a request with the
guard's findings and the worker's reasons, every director is told, and the request waits in their work. A
director authorises it (the placement is then made through the same service, with the authorisation the
director gives, exactly as if they had entered it) or declines it with a reason; the worker is told either
way. Nothing is placed while it waits, and a child has one waiting request at a time.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from safehold.accounts.policy import Perm, has_perm
from safehold.audit.actions import AuditAction
from safehold.audit.services import audit_change
from safehold.core.concurrency import lock_if_unchanged
from safehold.notifications.models import Kind as NotificationKind
from safehold.notifications.services import directors, notify
from safehold.people.chronology import record_event

from . import services
from .codes import PlacementType
from .models import PlacementRequest, Provider
from .selectors import current_placement

# The placing services' arguments a request keeps, by kind (the authorisation is the director's to give).
FIELDS = {
    PlacementRequest.Kind.PERIOD_START: (
        "start_date", "legal_status", "category_of_need", "placement_type", "provider", "intended_until_18",
        "weekly_visits", "previous_permanence", "previous_permanence_la", "previous_permanence_date",
        "referral_source"),
    PlacementRequest.Kind.PLACEMENT_CHANGE: (
        "start_date", "placement_type", "provider", "change_reason", "same_carer", "legal_status",
        "intended_until_18", "weekly_visits", "version"),
}
REASON_MIN = 20


def proposal_from(kind: str, cleaned: dict) -> dict:
    """The form's answers as JSON: dates as ISO strings, the provider as its id."""
    out = {}
    for name in FIELDS[kind]:
        value = cleaned.get(name)
        if isinstance(value, dt.date):
            value = value.isoformat()
        elif isinstance(value, Provider):
            value = value.pk
        out[name] = value
    return out


def _arguments(request: PlacementRequest) -> dict:
    """The placing service's keyword arguments from the request's proposal."""
    p = dict(request.proposal)
    p["start_date"] = dt.date.fromisoformat(p["start_date"])
    p["provider"] = Provider.objects.filter(pk=p["provider"]).first() if p.get("provider") else None
    if request.kind == PlacementRequest.Kind.PLACEMENT_CHANGE:
        p["expected_version"] = p.pop("version", None)
    return {k: ("" if v is None and k not in ("provider", "expected_version") else v) for k, v in p.items()}


def request_url(request: PlacementRequest) -> str:
    return reverse("children_in_care:placement_request", args=[request.pk])


def describe(request: PlacementRequest) -> list[tuple[str, str]]:
    """The proposal in words, for the director's page."""
    p = request.proposal
    provider = Provider.objects.filter(pk=p.get("provider")).first() if p.get("provider") else None
    rows = [("What", request.get_kind_display()), ("From", dt.date.fromisoformat(p["start_date"]).strftime("%-d %B %Y"))]
    placement_type = p.get("placement_type") or (provider.placement_type if provider else "")
    if placement_type:
        rows.append(("Placement type", f"{dict(PlacementType.choices).get(placement_type, placement_type)}"))
    rows.append(("Provider", str(provider) if provider else "No provider"))
    return rows


@transaction.atomic
def placement_request_make(*, by, person, kind: str, cleaned: dict, reason: str) -> PlacementRequest:
    """The worker asks the directors. Only for a placement the guard refuses; one waiting request per child."""
    if not has_perm(by, Perm.CASEWORK_RECORD):
        raise PermissionDenied("Only practitioners ask for a placement to be authorised")
    if kind not in PlacementRequest.Kind.values:
        raise ValueError(kind)
    reason = (reason or "").strip()
    errors: dict[str, list[str]] = {}
    if len(reason) < REASON_MIN:
        errors["director_request_reason"] = ["Say why this placement is needed and what else was tried, for the "
                                             "director to decide"]
    provider = cleaned.get("provider")
    placement_type = cleaned.get("placement_type") or (provider.placement_type if provider else "")
    concerns = services.guard_concerns(person=person, placement_type=placement_type, provider=provider,
                                       start_date=cleaned["start_date"])
    if not concerns:
        errors["director_request_reason"] = ["This placement needs no director's authorisation: record it"]
    waiting = PlacementRequest.objects.select_for_update().filter(person=person, state="waiting").first()
    if waiting:
        errors["director_request_reason"] = [f"A request for {person.person_id} already waits for a director (made "
                                             f"{timezone.localtime(waiting.requested_at):%-d %B %Y at %H:%M})"]
    if errors:
        raise ValidationError(errors)
    request = PlacementRequest.objects.create(person=person, kind=kind, proposal=proposal_from(kind, cleaned),
                                              concerns=concerns, reason=reason, requested_by=by)
    audit_change(actor=by, action=AuditAction.PLACEMENT_REQUEST_MAKE, instance=request, person_id=person.pk, reason=reason)
    record_event(person=person, event_type="placement_request", occurred=timezone.localdate(), source=request,
                 summary=f"{by} asked a director to authorise a placement the guard refused", recorded_by=by)
    notify(recipients=directors(), kind=NotificationKind.AUTHORISATION_REQUESTED, actor=by, person=person,
           title=f"{by} asks you to authorise a placement for {person.person_id} in provision the law would "
                 f"otherwise forbid", url=request_url(request))
    return request


def _locked(request: PlacementRequest, expected_version: int) -> PlacementRequest:
    current = lock_if_unchanged(PlacementRequest, request.pk, expected_version=expected_version, theirs_field="state",
                                mine=request.state, select_related=("person",))
    if current.state != PlacementRequest.State.WAITING:
        raise ValidationError({"state": [f"This request was already {current.get_state_display().lower()}"]})
    return current


def _require_director(by) -> None:
    if not has_perm(by, Perm.PLACEMENT_AUTHORISE_UNREGISTERED):
        raise PermissionDenied("Only a director authorises or declines this placement")


@transaction.atomic
def placement_request_authorise(*, by, request: PlacementRequest, expected_version: int,
                                authorisation: services.Authorisation) -> PlacementRequest:
    """The director authorises it: the placement is made now, with the director's authorisation, through the
    same service the worker used (so every rule applies again, on today's record)."""
    _require_director(by)
    request = _locked(request, expected_version)
    arguments = _arguments(request)
    if request.kind == PlacementRequest.Kind.PERIOD_START:
        services.period_start(by=by, person=request.person, authorisation=authorisation, **arguments)
    else:
        services.placement_change(by=by, person=request.person, authorisation=authorisation, **arguments)

    request.placement = current_placement(request.person)
    request.state, request.decided_by, request.decided_at = PlacementRequest.State.AUTHORISED, by, timezone.now()
    request.version += 1
    request.save(update_fields=["placement", "state", "decided_by", "decided_at", "version", "updated_at"])
    audit_change(actor=by, action=AuditAction.PLACEMENT_REQUEST_AUTHORISE, instance=request, person_id=request.person_id,
                 after={"state": request.state, "placement": request.placement_id})
    notify(recipients=[request.requested_by], kind=NotificationKind.AUTHORISATION_DECIDED, actor=by,
           person=request.person, url=request_url(request),
           title=f"{by} authorised the placement you asked for, for {request.person.person_id}")
    return request


@transaction.atomic
def placement_request_decline(*, by, request: PlacementRequest, expected_version: int, reason: str) -> PlacementRequest:
    _require_director(by)
    request = _locked(request, expected_version)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"decline_reason": ["Say why the placement is not authorised, and what to do instead"]})
    request.state, request.decided_by, request.decided_at = PlacementRequest.State.DECLINED, by, timezone.now()
    request.decline_reason = reason
    request.version += 1
    request.save(update_fields=["state", "decided_by", "decided_at", "decline_reason", "version", "updated_at"])
    audit_change(actor=by, action=AuditAction.PLACEMENT_REQUEST_DECLINE, instance=request, person_id=request.person_id,
                 after={"state": request.state}, reason=reason)
    record_event(person=request.person, event_type="placement_request", occurred=timezone.localdate(), source=request,
                 summary=f"{by} declined to authorise the placement: {reason}", recorded_by=by)
    notify(recipients=[request.requested_by], kind=NotificationKind.AUTHORISATION_DECIDED, actor=by,
           person=request.person, url=request_url(request),
           title=f"{by} declined the placement you asked for, for {request.person.person_id}")
    return request


def waiting_requests():
    return PlacementRequest.objects.filter(state=PlacementRequest.State.WAITING).select_related(
        "person", "requested_by").order_by("requested_at", "pk")

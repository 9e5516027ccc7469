"""The provider register: adding and changing providers and settings (903 provider codes, Ofsted
registration). Placements keep the values copied when they started."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from safehold.accounts.policy import Perm
from safehold.accounts.policy import require as _require
from safehold.audit.actions import AuditAction
from safehold.audit.services import audit_change, snapshot
from safehold.core.concurrency import save_if_unchanged
from safehold.core.validation import add_error as _add
from safehold.core.validation import raise_if_errors as _raise
from safehold.people.validators import normalise_postcode, validate_postcode

from ..codes import (
    ADOPTION_PLACEMENTS,
    FOSTER_PLACEMENTS,
    MUST_BE_REGISTERED,
    NO_PROVIDER_PLACEMENTS,
    PlacementProvider,
    PlacementType,
)
from ..models import (
    Provider,
)

PROVIDER_FIELDS = ["name", "placement_type", "provider_code", "urn", "registration_status",
                   "registration_checked_on", "deregistered_on", "address_line1", "town", "postcode", "la_code",
                   "is_active"]


def _provider_errors(values: dict) -> dict:
    errors: dict[str, list[str]] = {}
    ptype, code, status = values.get("placement_type"), values.get("provider_code"), values.get("registration_status")
    if not (values.get("name") or "").strip():
        _add(errors, "name", "Enter the provider's name")
    if ptype not in PlacementType.values:
        _add(errors, "placement_type", "Choose the placement type")
    if status not in Provider.Registration.values:
        _add(errors, "registration_status", "Choose the registration status")
    if ptype in NO_PROVIDER_PLACEMENTS and code:
        _add(errors, "provider_code", f"Leave the provider code blank for placement type {ptype} (903 rule 213)")
    elif ptype and ptype not in NO_PROVIDER_PLACEMENTS and not code:
        _add(errors, "provider_code", "Choose the provider code, PR0 to PR5 (903 rule 526)")
    elif code in (PlacementProvider.PR1, PlacementProvider.PR2) and ptype in (
            PlacementType.P1, PlacementType.R2, PlacementType.R5):
        _add(errors, "provider_code", f"{code} cannot be used with placement type {ptype} (903 rules 527, 528)")
    elif code == PlacementProvider.PR3 and ptype in ({PlacementType.P1, PlacementType.K1, PlacementType.K2}
                                                    | ADOPTION_PLACEMENTS | FOSTER_PLACEMENTS):
        _add(errors, "provider_code", f"PR3 cannot be used with placement type {ptype} (903 rule 529)")
    if ptype in MUST_BE_REGISTERED and status == Provider.Registration.NOT_REQUIRED:
        _add(errors, "registration_status", f"A {ptype} setting must be registered with Ofsted (Care Standards Act "
                                            "2000 s11; Supported Accommodation (England) Regulations 2023)")
    urn = (values.get("urn") or "").strip().upper()
    values["urn"] = urn
    if status == Provider.Registration.REGISTERED:
        if not urn:
            _add(errors, "urn", "Enter the Ofsted unique reference number (URN) of a registered provider")
        if not values.get("registration_checked_on"):
            _add(errors, "registration_checked_on", "Enter the date the registration was checked with Ofsted")
    if urn and not urn.isalnum():
        _add(errors, "urn", "The URN must be letters and numbers only, like SC123456")
    checked = values.get("registration_checked_on")
    if checked and checked > timezone.localdate():
        _add(errors, "registration_checked_on", "The date checked must be today or in the past")
    values["postcode"] = (values.get("postcode") or "").strip().upper()
    if values["postcode"]:
        try:
            validate_postcode(values["postcode"])
        except ValidationError as exc:
            for message in exc.messages:
                _add(errors, "postcode", message)
        else:
            values["postcode"] = normalise_postcode(values["postcode"])
    return errors


@transaction.atomic
def provider_create(*, by, **values) -> Provider:
    """Add a provider or setting to the register."""
    _require(by, Perm.PROVIDER_MANAGE)
    values = {k: values.get(k) for k in PROVIDER_FIELDS if k in values}
    _raise(_provider_errors(values))
    provider = Provider.objects.create(**{k: v for k, v in values.items() if v is not None})
    audit_change(actor=by, action=AuditAction.PROVIDER_CREATE, instance=provider)
    return provider


@transaction.atomic
def provider_update(*, by, provider: Provider, expected_version: int, **values) -> Provider:
    """Change a provider on the register. Placements keep the values copied when they started."""
    _require(by, Perm.PROVIDER_MANAGE)
    values = {k: values.get(k) for k in PROVIDER_FIELDS if k in values}
    _raise(_provider_errors(values))
    before = snapshot(provider, list(values))
    for k, v in values.items():
        setattr(provider, k, v if v is not None else ("" if k not in ("registration_checked_on",
                                                                      "deregistered_on") else None))
    save_if_unchanged(provider, expected_version=expected_version, fields=list(values))
    audit_change(actor=by, action=AuditAction.PROVIDER_UPDATE, instance=provider, before=before,
                 after=snapshot(provider, list(values)))
    return provider

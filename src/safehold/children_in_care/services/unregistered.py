"""The unregistered provision guard (../shared/domain/unregistered-provision.md 5): every placement is
checked against the provider register and the child's age before it is written; a refusal quotes the law
and is audited outside the rolled-back transaction. Only a director can authorise a placement the guard
refuses. The live register of authorised placements is kept up to date here (when Ofsted was told, the
plan to end the placement and its actions)."""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from safehold.accounts.policy import Perm, has_perm
from safehold.accounts.policy import require as _require
from safehold.audit.actions import AuditAction
from safehold.audit.services import audit_change, snapshot
from safehold.core.concurrency import save_if_unchanged
from safehold.core.validation import add_error as _add
from safehold.core.validation import d
from safehold.core.validation import raise_if_errors as _raise

from ..codes import (
    MUST_BE_REGISTERED,
    UNDER_16_BAN_AGE,
    UNDER_16_BANNED,
    PlacementType,
    RegistrationApplication,
)
from ..models import (
    AuthorisationAction,
    Provider,
    UnregisteredPlacementAuthorisation,
)

# CPPCR (England) (Amendment) Regulations 2021: no looked-after child under 16 in other arrangements
# from September 2021. The exact day is UNCONFIRMED (unregistered-provision.md 5: "commonly cited as
# 9 Sept 2021"), so it is a setting: CHILDREN_IN_CARE_UNDER_16_BAN_FROM.
DEFAULT_UNDER_16_BAN_FROM = dt.date(2021, 9, 9)

# Supported Accommodation (England) Regulations 2023: registration mandatory from 28 October 2023.
SUPPORTED_ACCOMMODATION_REGISTRATION_FROM = dt.date(2023, 10, 28)
SUPPORTED_ACCOMMODATION = frozenset({PlacementType.K3, PlacementType.H5})

LAW_REGISTRATION = (
    "The law: a setting providing care and accommodation wholly or mainly for children is a children's home "
    "(Care Standards Act 2000 s1(2)), and carrying one on without Ofsted registration is a criminal offence "
    "(s11). Supported accommodation must be registered with Ofsted from 28 October 2023 (Supported "
    "Accommodation (England) Regulations 2023).")
LAW_UNDER_16 = (
    "The law: the Care Planning, Placement and Case Review (England) (Amendment) Regulations 2021 stop a local "
    "authority placing a looked-after child under 16 in other arrangements (supported accommodation, "
    "independent or semi-independent living).")
DIRECTOR_NEEDED = (
    "Only a director (the DCS or an assistant director) can authorise this placement, recording why no "
    "registered placement can meet the child's needs, the plan to end it and a target end date. Ofsted must "
    "be told. Ask a director below, with your reasons, or speak to your manager: nothing has been saved.")


def under_16_ban_from() -> dt.date:
    return getattr(settings, "CHILDREN_IN_CARE_UNDER_16_BAN_FROM", DEFAULT_UNDER_16_BAN_FROM)


def guard_findings(*, person, placement_type: str, provider: Provider | None,
                   start_date: dt.date) -> list[tuple[str, str]]:
    """THE UNREGISTERED PROVISION GUARD (unregistered-provision.md 5, suggested flags 1 and 2).
    Every reason this placement would be unlawful, as (law, finding) with law "registration" or
    "under_16": empty when the placement may go ahead."""
    found: list[tuple[str, str]] = []
    if placement_type in MUST_BE_REGISTERED:
        # Supported accommodation may lawfully operate with a complete application pending
        # (Supported Accommodation (England) Regulations 2023); a children's home may not (CSA 2000 s11).
        applied_ok = placement_type in SUPPORTED_ACCOMMODATION
        label = PlacementType(placement_type).label
        if provider is None:
            found.append(("registration", f"A {label} ({placement_type}) placement must be with an "
                                          "Ofsted-registered provider from the register, and none was chosen."))
        else:
            status = provider.registration_status
            pending = status == Provider.Registration.APPLIED and applied_ok
            if status != Provider.Registration.REGISTERED and not pending:
                found.append(("registration", f"{provider.name} is not registered with Ofsted "
                                              f"({provider.get_registration_status_display().lower()}), but a "
                                              f"{label} ({placement_type}) must be."))
            if provider.registration_checked_on is None:
                found.append(("registration", f"No one has recorded checking {provider.name}'s Ofsted registration."))
            if provider.deregistered_on and provider.deregistered_on <= start_date:
                found.append(("registration", f"{provider.name} was deregistered or closed on "
                                              f"{d(provider.deregistered_on)}, on or before the start date."))
            if not provider.urn and not pending:
                found.append(("registration", f"{provider.name} has no Ofsted unique reference number (URN) on the "
                                              "register (903 rule 218)."))
    age = person.age_on(start_date) if person.dob else None
    if (placement_type in UNDER_16_BANNED and age is not None and age < UNDER_16_BAN_AGE
            and start_date >= under_16_ban_from()):
        found.append(("under_16", f"{person.full_name} is {age} on {d(start_date)}: a child under 16 must not be "
                                  f"placed in {PlacementType(placement_type).label} ({placement_type}), even when it "
                                  "is registered (903 rules 370/371)."))
    return found


def guard_concerns(*, person, placement_type: str, provider: Provider | None, start_date: dt.date) -> list[str]:
    """The guard's findings in words (empty when the placement may go ahead)."""
    return [text for _law, text in guard_findings(person=person, placement_type=placement_type, provider=provider,
                                                  start_date=start_date)]


def guard_message(findings: list[tuple[str, str]]) -> str:
    """The refusal: what is wrong, then the law that makes it unlawful."""
    laws = {law for law, _text in findings}
    return " ".join(["This placement would be unlawful.", *(text for _law, text in findings),
                     *([LAW_REGISTRATION] if "registration" in laws else []),
                     *([LAW_UNDER_16] if "under_16" in laws else [])])


@dataclass
class Authorisation:
    """A director's authorisation of a placement the guard refuses (the form's authorisation fields)."""

    reason: str = ""
    plan_to_end: str = ""
    target_end_date: dt.date | None = None
    ofsted_notified_on: dt.date | None = None
    registration_application: str = RegistrationApplication.NOT_APPLIED

    def is_given(self) -> bool:
        return bool(self.reason or self.plan_to_end or self.target_end_date)


class UnregisteredPlacementRefused(ValidationError):
    """The guard refused a placement that no director authorised: the attempt is audited."""

    def __init__(self, errors: dict, concerns: list[str]):
        super().__init__(errors)
        self.concerns = concerns


def apply_guard(errors: dict, *, by, person, placement_type, provider, start_date,
                authorisation: Authorisation | None) -> list[str]:
    """Run the guard. Returns its concerns when a director authorised them; raises otherwise."""
    findings = guard_findings(person=person, placement_type=placement_type, provider=provider, start_date=start_date)
    if not findings:
        return []
    concerns = [text for _law, text in findings]
    field = "provider" if provider is not None else "placement_type"
    message = guard_message(findings)
    if not has_perm(by, Perm.PLACEMENT_AUTHORISE_UNREGISTERED):
        _add(errors, field, message)
        _add(errors, field, DIRECTOR_NEEDED)
        raise UnregisteredPlacementRefused(errors, concerns)
    auth = authorisation or Authorisation()
    today = timezone.localdate()
    if not auth.reason.strip():
        _add(errors, "authorisation_reason", "Enter why no registered placement can meet the child's needs, to "
                                             "authorise this placement")
    if not auth.plan_to_end.strip():
        _add(errors, "plan_to_end", "Enter the plan to end the placement or have the provider registered")
    if auth.target_end_date is None:
        _add(errors, "target_end_date", "Enter the target date to end the placement")
    elif auth.target_end_date <= start_date:
        _add(errors, "target_end_date", "The target end date must be after the placement start date")
    if auth.ofsted_notified_on and auth.ofsted_notified_on > today:
        _add(errors, "ofsted_notified_on", "The date Ofsted was told must be today or in the past")
    if auth.registration_application not in RegistrationApplication.values:
        _add(errors, "registration_application", "Choose where the provider's registration application stands")
    if errors:
        _add(errors, field, message)
        raise UnregisteredPlacementRefused(errors, concerns)
    return concerns


@contextmanager
def refusal_audited(*, by, person, placement_type: str, provider: Provider | None):
    """Around a placing service: if the guard refused the placement, audit the attempt (outside the
    service's rolled-back transaction, so the refusal is on the record) and re-raise."""
    try:
        yield
    except UnregisteredPlacementRefused as refused:
        audit_change(actor=by, action=AuditAction.PLACEMENT_UNREGISTERED_REFUSED, instance=person, person_id=person.pk,
                     after={"placement_type": placement_type or "",
                            "provider_id": getattr(provider, "pk", None),
                            "concerns": refused.concerns},
                     reason="Unregistered provision guard refused the placement")
        raise


def _require_register_editor(by) -> None:
    _require(by, Perm.CASEWORK_SIGN_OFF, Perm.PLACEMENT_AUTHORISE_UNREGISTERED)


@transaction.atomic
def authorisation_update(*, by, authorisation: UnregisteredPlacementAuthorisation, expected_version: int,
                         ofsted_notified_on, registration_application: str, plan_to_end: str,
                         target_end_date) -> UnregisteredPlacementAuthorisation:
    """Record when Ofsted was told, the registration application, and changes to the plan to end it."""
    _require_register_editor(by)
    errors: dict[str, list[str]] = {}
    if ofsted_notified_on and ofsted_notified_on > timezone.localdate():
        _add(errors, "ofsted_notified_on", "The date Ofsted was told must be today or in the past")
    if registration_application not in RegistrationApplication.values:
        _add(errors, "registration_application", "Choose where the registration application stands")
    if not (plan_to_end or "").strip():
        _add(errors, "plan_to_end", "Enter the plan to end the placement or have the provider registered")
    if target_end_date is None:
        _add(errors, "target_end_date", "Enter the target date to end the placement")
    _raise(errors)
    fields = ["ofsted_notified_on", "registration_application", "plan_to_end", "target_end_date"]
    before = snapshot(authorisation, fields)
    authorisation.ofsted_notified_on = ofsted_notified_on
    authorisation.registration_application = registration_application
    authorisation.plan_to_end = plan_to_end.strip()
    authorisation.target_end_date = target_end_date
    save_if_unchanged(authorisation, expected_version=expected_version, fields=fields)
    audit_change(actor=by, action=AuditAction.UNREGISTERED_AUTHORISATION_UPDATE, instance=authorisation, before=before,
                 after=snapshot(authorisation, fields), person_id=authorisation.person_id)
    return authorisation


@transaction.atomic
def authorisation_action_add(*, by, authorisation: UnregisteredPlacementAuthorisation, action: str, owner: str,
                             due_date) -> AuthorisationAction:
    """An action in the plan to end an unregistered placement, with its owner and due date."""
    _require_register_editor(by)
    errors: dict[str, list[str]] = {}
    if not (action or "").strip():
        _add(errors, "action", "Enter the action")
    if not (owner or "").strip():
        _add(errors, "owner", "Enter who will do it")
    if due_date is None:
        _add(errors, "due_date", "Enter the date it is due")
    _raise(errors)
    row = AuthorisationAction.objects.create(authorisation=authorisation, action=action.strip(), owner=owner.strip(),
                                             due_date=due_date, recorded_by=by)
    audit_change(actor=by, action=AuditAction.UNREGISTERED_AUTHORISATION_ACTION_ADD, instance=row,
                 person_id=authorisation.person_id)
    return row

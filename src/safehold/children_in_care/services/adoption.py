"""Adoption: the child's milestones and the adopters' details (903 AD1 and PlacedAdoption)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from safehold.accounts.policy import Perm
from safehold.accounts.policy import require as _require
from safehold.audit.actions import AuditAction
from safehold.audit.services import audit_change, snapshot
from safehold.core.concurrency import save_if_unchanged
from safehold.core.validation import add_error as _add
from safehold.core.validation import d
from safehold.core.validation import raise_if_errors as _raise

from ..codes import (
    ADOPTERS_SEXES_FOR_STATUS,
    AdoptersLegalStatus,
    AdoptersSex,
    AdoptionCeasedReason,
)
from ..models import (
    AdoptionMilestones,
)

ADOPTION_ORDER = [
    ("should_be_placed_on", "the decision that the child should be placed for adoption"),
    ("placement_order_on", "the placement order"),
    ("matched_on", "the match with adopters"),
    ("placed_on", "the date placed for adoption"),
    ("adopted_on", "the adoption order"),
]

ADOPTERS_FIELDS = ["by_former_foster_carers", "adopters_sex", "adopters_legal_status"]


def _check_adopters(errors: dict, values: dict) -> None:
    """The adopters' details (903 AD1): all three once the adoption order is made (rules 151, 601), and a
    legal status that fits the adopters (rules 514, 517 to 520, 524)."""
    sex, status = values["adopters_sex"], values["adopters_legal_status"]
    if sex and sex not in AdoptersSex.values:
        _add(errors, "adopters_sex", "Choose who adopted the child from the list")
    if status and status not in AdoptersLegalStatus.values:
        _add(errors, "adopters_legal_status", "Choose the adopters' legal status from the list")
    elif sex in AdoptersSex.values and status and sex not in ADOPTERS_SEXES_FOR_STATUS[status]:
        allowed = " or ".join(AdoptersSex(code).label.lower() for code in sorted(ADOPTERS_SEXES_FOR_STATUS[status]))
        _add(errors, "adopters_legal_status", f"{AdoptersLegalStatus(status).label} needs {allowed}, not "
                                              f"{AdoptersSex(sex).label.lower()}")
    if values["adopted_on"]:
        required = {"by_former_foster_carers": "Say whether the child was adopted by their former foster carers",
                    "adopters_sex": "Choose who adopted the child", "adopters_legal_status":
                    "Choose the adopters' legal status"}
        for field, message in required.items():
            if values[field] in (None, ""):
                _add(errors, field, f"{message}: the SSDA903 needs it once the adoption order is made (rule 601)")
        # AD1 also carries the decision and the match: all of its items or none (rule 151).
        for field, what in (("should_be_placed_on", "the decision that the child should be placed"),
                            ("matched_on", "the match with the adopters")):
            if values[field] is None:
                _add(errors, field, f"Enter the date of {what}: the SSDA903 needs it once the adoption order is "
                                    "made (rule 151)")


@transaction.atomic
def adoption_update(*, by, person, expected_version: int | None = None, **dates) -> AdoptionMilestones:
    """The child's adoption milestones (903 AD1, PlacedAdoption): each on or after the one before."""
    _require(by, Perm.CASEWORK_RECORD)
    errors: dict[str, list[str]] = {}
    fields = [f for f, _ in ADOPTION_ORDER] + ["no_longer_placed_on", "no_longer_reason", *ADOPTERS_FIELDS]
    values = {f: dates.get(f) or (None if f not in ("no_longer_reason", "adopters_sex", "adopters_legal_status")
                                  else "") for f in fields}
    values["by_former_foster_carers"] = dates.get("by_former_foster_carers")
    previous = None
    for field, what in ADOPTION_ORDER:
        when = values[field]
        if when is None:
            continue
        if when > timezone.localdate():
            _add(errors, field, f"The date of {what} must be today or in the past")
        elif person.dob and when < person.dob:
            _add(errors, field, f"The date of {what} must be on or after the child's date of birth")
        elif previous and when < values[previous[0]]:
            _add(errors, field, f"The date of {what} must be on or after the date of {previous[1]} "
                                f"({d(values[previous[0]])})")
        previous = (field, what)
    if values["placed_on"] and not values["should_be_placed_on"]:
        _add(errors, "should_be_placed_on", "Enter the date of the decision that the child should be placed for "
                                            "adoption (903 rule 115)")
    stop, why = values["no_longer_placed_on"], values["no_longer_reason"]
    if stop and not why:
        _add(errors, "no_longer_reason", "Choose the reason the child should no longer be placed (903 rule 119)")
    if why and not stop:
        _add(errors, "no_longer_placed_on", "Enter the date of the decision that the child should no longer be placed")
    if why and why not in AdoptionCeasedReason.values:
        _add(errors, "no_longer_reason", "Choose a reason from the list (RD1 to RD4)")
    if stop:
        if not values["should_be_placed_on"]:
            _add(errors, "no_longer_placed_on", "Enter the decision that the child should be placed first")
        elif stop < values["should_be_placed_on"]:
            _add(errors, "no_longer_placed_on", "The date must be on or after the decision that the child should be "
                                                "placed for adoption")
        if values["adopted_on"]:
            _add(errors, "no_longer_placed_on", "A child who was adopted cannot also have a decision no longer to be "
                                                "placed: clear one of them")
    _check_adopters(errors, values)
    _raise(errors)
    record, created = AdoptionMilestones.objects.get_or_create(person=person)
    before = None if created else snapshot(record, fields)
    for f in fields:
        setattr(record, f, values[f])
    save_if_unchanged(record, expected_version=record.version if created or expected_version is None
                      else expected_version, fields=fields)
    audit_change(actor=by, action=AuditAction.ADOPTION_UPDATE, instance=record, before=before, after=snapshot(record, fields),
                 person_id=person.pk)
    return record

"""Unaccompanied asylum-seeking children: the status and the date it ceased (903 UASC)."""

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

from ..models import (
    UASCStatus,
)


@transaction.atomic
def uasc_update(*, by, person, is_uasc: bool, ceased_on=None, expected_version: int | None = None) -> UASCStatus:
    """Record UASC status and the date it ceased (903 UASC DUC: on or before the 18th birthday, rule 304)."""
    _require(by, Perm.CASEWORK_RECORD)
    errors: dict[str, list[str]] = {}
    if ceased_on and not is_uasc:
        _add(errors, "ceased_on", "Leave the date blank, or record that the child is or was UASC")
    if ceased_on and _check_day(errors, "ceased_on", ceased_on, "The date UASC status ceased") and person.dob:
        eighteenth = _birthday(person.dob, 18)
        if ceased_on > eighteenth:
            _add(errors, "ceased_on", f"The date UASC status ceased must be on or before the 18th birthday "
                                      f"({d(eighteenth)}) (903 rule 304)")
    _raise(errors)
    status, created = UASCStatus.objects.get_or_create(person=person)
    fields = ["is_uasc", "ceased_on"]
    before = None if created else snapshot(status, fields)
    status.is_uasc, status.ceased_on = is_uasc, ceased_on
    save_if_unchanged(status, expected_version=status.version if created or expected_version is None
                      else expected_version, fields=fields)
    audit_change(actor=by, action=AuditAction.UASC_UPDATE, instance=status, before=before, after=snapshot(status, fields),
                 person_id=person.pk)
    return status


def _birthday(dob: dt.date, years: int) -> dt.date:
    try:
        return dob.replace(year=dob.year + years)
    except ValueError:  # 29 February
        return dt.date(dob.year + years, 3, 1)

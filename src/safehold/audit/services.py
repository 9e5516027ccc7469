"""Writing the audit log. Services call these inside their own transaction, so a change and its
audit row commit together or not at all (style.md A4.2, Zulip's RealmAuditLog pattern)."""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone

from safehold.core.middleware import current_ip

from .actions import AuditAction, audit_action, payload_missing
from .models import AccessEvent, AuditEvent


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (decimal.Decimal, uuid.UUID)):
        return str(value)
    if isinstance(value, (list, tuple, set)):
        return [_plain(v) for v in value]
    return value


def snapshot(instance: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    """The current values of a model's concrete fields, as JSON-ready values."""
    names = fields or [f.attname for f in instance._meta.concrete_fields if f.name not in ("created_at", "updated_at")]
    return {name: _plain(getattr(instance, name)) for name in names}


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    return {k: [before.get(k), after.get(k)] for k in after if before.get(k) != after.get(k)}


def audit_change(
    *,
    actor,
    action: AuditAction | str,
    instance: models.Model,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    person_id: int | None = None,
    reason: str = "",
) -> AuditEvent:
    """Record a change to `instance`. `before` is None for a creation; `after` None for an ending.
    `action` is an AuditAction (a string must be one of its values: an unknown one raises ValueError)."""
    action = audit_action(action)
    if getattr(settings, "SAFEHOLD_AUDIT_CHECK_PAYLOAD", settings.DEBUG):
        if missing := payload_missing(action, after):
            raise ValueError(f"The audit of {action} must carry {', '.join(sorted(missing))} (ACTION_PAYLOAD)")
    if after is None and before is None:
        after = snapshot(instance)
    changes = diff(before or {}, after or {}) if after is not None else {k: [v, None] for k, v in (before or {}).items()}
    return AuditEvent.objects.create(
        at=timezone.now(),
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        object_type=instance._meta.label_lower,
        object_id=str(instance.pk),
        person_id=person_id,
        changes=changes,
        reason=reason,
        ip=current_ip.get(),
    )


def audit_access(*, user, person_id: int, view: str, basis: str, break_glass_id: int | None = None) -> AccessEvent:
    """Record a view of a person's record. Called on the same path as the fetch: no audit, no view."""
    return AccessEvent.objects.create(
        at=timezone.now(),
        user=user,
        person_id=person_id,
        view=view,
        basis=basis,
        break_glass_id=break_glass_id,
        ip=current_ip.get(),
    )


def audit_log_read(*, reader, query: dict[str, Any], person_id: int | None = None,
                   values_shown: bool = False, basis: str = "administration") -> AuditEvent:
    """Reading the audit log is itself logged (issue 15): what was asked, by whom, from where. A read
    about a person is also a view of that person's history, so it shows under "who looked at this
    record" with the basis it was read on ("administration" when no values were shown)."""
    if person_id is not None:
        audit_access(user=reader, person_id=person_id, view="audit log",
                     basis=basis if values_shown else AccessEvent.Basis.ADMINISTRATION)
    return AuditEvent.objects.create(
        at=timezone.now(), actor=reader, action=AuditAction.AUDIT_READ.value,
        object_type="audit.log", object_id="",
        person_id=person_id, changes={k: [None, _plain(v)] for k, v in query.items() if v not in (None, "")},
        reason="", ip=current_ip.get(),
    )


def audit_sign_in_event(*, action: AuditAction | str, user=None, username: str = "",
                        reason: str = "") -> AuditEvent:
    """Signing in and out, and failed sign-ins (issue 15.4): who (or which username was tried), when,
    from where. No password is ever recorded."""
    return AuditEvent.objects.create(
        at=timezone.now(), actor=user if getattr(user, "pk", None) else None, action=audit_action(action),
        object_type="accounts.user", object_id=str(getattr(user, "pk", "") or ""), person_id=None,
        changes={"username": [None, (username or getattr(user, "username", ""))[:150]]}, reason=reason,
        ip=current_ip.get())

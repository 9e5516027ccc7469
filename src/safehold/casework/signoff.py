"""Work handed on and signed off (issue 14.2): the states a record passes through on its way to a manager,
and who is told at each step.

    draft --submit--> submitted --authorise--> authorised
      ^                   |
      +----- returned <---+ return (with the reason)

The apps that own the records register each kind once (in AppConfig.ready) and open a draft sign-off when
the record is made (`sign_off_open`). The worker submits it; a manager of the submitter's team returns it
with a reason or authorises it. Nobody signs off a draft, nobody signs off their own work, a submitted
record is not edited (the owning service asks `sign_off_editable`), and a stale page cannot overwrite a
newer decision (the sign-off's version). A kind whose authorisation records more than a yes (the
assessment: its date, factors and analysis, which the census reads) names its own form in `authorise_url`,
and its service calls `sign_off_authorised`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone

from safehold.accounts.policy import Perm, has_perm
from safehold.audit.actions import AuditAction
from safehold.audit.services import audit_change
from safehold.core.concurrency import lock_if_unchanged, save_if_unchanged
from safehold.notifications.models import Kind as NotificationKind
from safehold.notifications.services import notify, team_managers
from safehold.people.chronology import record_event

from .models import Allocation, SignOff, SignOffStep

State = SignOff.State


@dataclass(frozen=True)
class SignOffKind:
    key: str
    label: str  # "Assessment", "Visit"
    model: str  # the record's model label, lower case: "family_help.assessment"
    summary: Callable  # (record) -> [(label, value)] shown to the manager on the sign-off page
    record_url: Callable  # (record) -> where the record is read or edited
    authorise_url: Callable | None = None  # (record) -> the record's own authorisation form, if it has one


_KINDS: dict[str, SignOffKind] = {}


def register(kind: SignOffKind) -> None:
    _KINDS[kind.key] = kind


def kind_of(sign_off: SignOff) -> SignOffKind:
    return _KINDS[sign_off.kind]


def record_of(sign_off: SignOff) -> models.Model:
    return apps.get_model(sign_off.record_type).objects.get(pk=sign_off.record_id)


def _label(record: models.Model) -> tuple[str, str]:
    return record._meta.label_lower, str(record.pk)


def sign_off_for(record: models.Model) -> SignOff | None:
    record_type, record_id = _label(record)
    return SignOff.objects.filter(record_type=record_type, record_id=record_id).first()


def sign_off_url(sign_off: SignOff) -> str:
    return reverse("casework:sign_off", args=[sign_off.pk])


# --- Checks the owning services make ---------------------------------------------------------------------

def sign_off_editable(record: models.Model) -> str:
    """"" if the record may be changed now, else why not: it waits with a manager, or it is authorised.
    A record with no sign-off (recorded before sign-off, or imported) stays editable."""
    sign_off = sign_off_for(record)
    if sign_off is None or sign_off.state in (State.DRAFT, State.RETURNED):
        return ""
    if sign_off.state == State.SUBMITTED:
        return (f"This was submitted for sign-off by {sign_off.submitted_by} on "
                f"{timezone.localtime(sign_off.submitted_at):%-d %B %Y at %H:%M}: it cannot be changed while it "
                f"waits with a manager. Ask them to return it if it needs changes.")
    return f"This was authorised by {sign_off.decided_by}: it can no longer be changed."


def sign_off_ready(record: models.Model, *, by) -> str:
    """"" if a manager may authorise the record now, else why not (for a kind with its own authorisation
    form). Without a sign-off row (an older record) the authorisation is allowed as before."""
    sign_off = sign_off_for(record)
    if sign_off is None:
        return ""
    if sign_off.state != State.SUBMITTED:
        return (f"It has not been submitted for sign-off (it is {sign_off.get_state_display().lower()}): "
                f"the worker submits it when they have finished writing.")
    if sign_off.submitted_by_id == by.pk:
        return "You submitted it: another manager must sign it off."
    return ""


# --- Steps -----------------------------------------------------------------------------------------------

def _step(sign_off: SignOff, state: str, by, note: str = "") -> None:
    SignOffStep.objects.create(sign_off=sign_off, state=state, by=by, note=note)


def _team_for(person, by):
    """The team whose managers sign off `by`'s work: their own team if it holds cases, else the team
    holding the child's case."""
    team = getattr(by, "team", None)
    if team is not None and team.kind not in ("partner", "corporate", "reviewing"):
        return team
    allocation = Allocation.objects.filter(person=person, ended_on__isnull=True).select_related("team").first()
    return allocation.team if allocation else team


def sign_off_open(*, by, record: models.Model, kind: str, person, title: str) -> SignOff:
    """A new record starts as a draft the worker submits when it is finished."""
    if kind not in _KINDS:
        raise ValueError(f"Sign-off kind {kind!r} is not registered")
    record_type, record_id = _label(record)
    return SignOff.objects.create(person=person, kind=kind, record_type=record_type, record_id=record_id,
                                  title=title[:200], author=by, team=_team_for(person, by))


def _locked(sign_off: SignOff, expected_version: int | None = None) -> SignOff:
    return lock_if_unchanged(SignOff, sign_off.pk, expected_version=expected_version, theirs_field="state",
                             mine=sign_off.state, select_related=("person", "team"))


def _save(sign_off: SignOff, expected_version: int, fields: list[str]) -> None:
    save_if_unchanged(sign_off, expected_version=expected_version, fields=fields)


@transaction.atomic
def sign_off_submit(*, by, sign_off: SignOff, expected_version: int, note: str = "") -> SignOff:
    """The worker hands the finished record to their team's managers, who are told."""
    if not has_perm(by, Perm.CASEWORK_RECORD):
        raise PermissionDenied("Only practitioners submit work for sign-off")
    sign_off = _locked(sign_off, expected_version)
    if sign_off.state not in (State.DRAFT, State.RETURNED):
        raise ValidationError({"state": [f"This is already {sign_off.get_state_display().lower()}"]})
    before = {"state": sign_off.state}
    sign_off.state, sign_off.submitted_by, sign_off.submitted_at = State.SUBMITTED, by, timezone.now()
    sign_off.team = _team_for(sign_off.person, by) or sign_off.team
    _save(sign_off, expected_version, ["state", "submitted_by", "submitted_at", "team"])
    _step(sign_off, State.SUBMITTED, by, note.strip())
    audit_change(actor=by, action=AuditAction.SIGN_OFF_SUBMIT, instance=sign_off, before=before,
                 after={"state": sign_off.state, "team": sign_off.team_id, "record": f"{sign_off.record_type} "
                        f"{sign_off.record_id}"}, person_id=sign_off.person_id, reason=note.strip())
    notify(recipients=team_managers(sign_off.team), kind=NotificationKind.SIGN_OFF_SUBMITTED, actor=by,
           title=f"{sign_off.title} for {sign_off.person.person_id} is waiting for your sign-off",
           url=sign_off_url(sign_off), person=sign_off.person)
    return sign_off


def _require_manager(by, sign_off: SignOff) -> None:
    if not has_perm(by, Perm.CASEWORK_SIGN_OFF):
        raise PermissionDenied("Only managers sign work off")
    if sign_off.state != State.SUBMITTED:
        raise ValidationError({"state": [f"Only submitted work is signed off: this is "
                                         f"{sign_off.get_state_display().lower()}"]})
    if sign_off.submitted_by_id == by.pk:
        raise ValidationError({"state": ["You submitted this: another manager must sign it off"]})


@transaction.atomic
def sign_off_return(*, by, sign_off: SignOff, expected_version: int, reason: str) -> SignOff:
    """A manager sends the record back to the worker with what must change; the worker is told."""
    sign_off = _locked(sign_off, expected_version)
    _require_manager(by, sign_off)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": ["Say what must change before it can be signed off"]})
    before = {"state": sign_off.state}
    sign_off.state, sign_off.return_reason = State.RETURNED, reason
    sign_off.decided_by, sign_off.decided_at = by, timezone.now()
    _save(sign_off, expected_version, ["state", "return_reason", "decided_by", "decided_at"])
    _step(sign_off, State.RETURNED, by, reason)
    audit_change(actor=by, action=AuditAction.SIGN_OFF_RETURN, instance=sign_off, before=before,
                 after={"state": sign_off.state}, person_id=sign_off.person_id, reason=reason)
    record_event(person=sign_off.person, event_type="sign_off_returned", occurred=timezone.localdate(),
                 summary=f"{sign_off.title} returned by {by} for changes: {reason}", source=sign_off, recorded_by=by)
    notify(recipients=[sign_off.submitted_by], kind=NotificationKind.SIGN_OFF_RETURNED, actor=by,
           title=f"{sign_off.title} for {sign_off.person.person_id} was returned to you for changes",
           url=sign_off_url(sign_off), person=sign_off.person)
    return sign_off


@transaction.atomic
def sign_off_authorise(*, by, sign_off: SignOff, expected_version: int, note: str = "") -> SignOff:
    """A manager signs the record off; the worker is told. A kind with its own authorisation form is
    authorised there, not here."""
    sign_off = _locked(sign_off, expected_version)
    kind = kind_of(sign_off)
    if kind.authorise_url is not None:
        raise ValidationError({"state": [f"{kind.label}s are authorised on their own form, with what the "
                                         f"authorisation records"]})
    _require_manager(by, sign_off)
    _authorise(by=by, sign_off=sign_off, expected_version=expected_version, note=note)
    return sign_off


def sign_off_authorised(*, by, record: models.Model) -> SignOff | None:
    """Called by a kind's own authorisation service, inside its transaction, once the record is authorised."""
    sign_off = sign_off_for(record)
    if sign_off is None:
        return None
    sign_off = _locked(sign_off)
    _require_manager(by, sign_off)
    _authorise(by=by, sign_off=sign_off, expected_version=sign_off.version)
    return sign_off


def _authorise(*, by, sign_off: SignOff, expected_version: int, note: str = "") -> None:
    before = {"state": sign_off.state}
    sign_off.state, sign_off.decided_by, sign_off.decided_at = State.AUTHORISED, by, timezone.now()
    _save(sign_off, expected_version, ["state", "decided_by", "decided_at"])
    _step(sign_off, State.AUTHORISED, by, note.strip())
    audit_change(actor=by, action=AuditAction.SIGN_OFF_AUTHORISE, instance=sign_off, before=before,
                 after={"state": sign_off.state}, person_id=sign_off.person_id, reason=note.strip())
    record_event(person=sign_off.person, event_type="sign_off_authorised", occurred=timezone.localdate(),
                 summary=f"{sign_off.title} signed off by {by}", source=sign_off, recorded_by=by)
    notify(recipients=[sign_off.submitted_by], kind=NotificationKind.SIGN_OFF_AUTHORISED, actor=by,
           title=f"{sign_off.title} for {sign_off.person.person_id} was signed off",
           url=sign_off_url(sign_off), person=sign_off.person)

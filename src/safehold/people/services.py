"""Changes to people on the record. Each service checks the rules, writes the change, writes the
audit row and the chronology entry, all in one transaction (design-notes.md "Layers")."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.contrib.auth import authenticate
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import UniqueConstraint
from django.http import HttpRequest
from django.utils import timezone

from safehold.accounts.models import BreakGlassAccess, RecordAccessGrant
from safehold.accounts.policy import Perm, require
from safehold.accounts.selectors import two_step_device
from safehold.accounts.services import two_step_code_check
from safehold.audit.actions import AuditAction
from safehold.audit.services import audit_change, snapshot
from safehold.core.codes import Disability as DisabilityCode
from safehold.core.concurrency import save_if_unchanged
from safehold.core.middleware import current_ip

from .chronology import record_event
from .models import Address, Disability, Person, PersonName, Relationship
from .record_panels import case_holders_of
from .signals import break_glass_opened, person_merging
from .validators import (
    fold,
    name_key,
    normalise_nhs_number,
    normalise_postcode,
    validate_nhs_number,
    validate_person_id,
    validate_postcode,
    validate_upn,
)

EDITABLE_FIELDS = [
    "kind", "forename", "surname", "sex", "gender", "ethnicity", "dob", "expected_dob", "death_date",
    "upn", "former_upn", "upn_unknown", "common_child_id", "is_uasc", "nationality", "first_language",
    "communication_needs",
]


def _set_search_keys(person: Person) -> None:
    person.search_name = fold(f"{person.forename} {person.surname}")
    person.forename_key = name_key(person.forename)
    person.surname_key = name_key(person.surname)


def _check_person(person: Person, *, today: dt.date | None = None) -> None:
    """Field rules beyond the form's shape; raises ValidationError keyed by field."""
    today = today or timezone.localdate()
    errors: dict[str, list[str]] = {}
    person.forename = (person.forename or "").strip()
    person.surname = (person.surname or "").strip()
    if not person.forename:
        errors.setdefault("forename", []).append("Enter a first name")
    if not person.surname:
        errors.setdefault("surname", []).append("Enter a last name")
    if person.dob and person.dob > today:
        errors.setdefault("dob", []).append("Date of birth must be today or in the past")
    if person.dob and person.expected_dob:
        errors.setdefault("expected_dob", []).append(
            "Give a date of birth or an expected date of birth, not both"
        )
    if person.expected_dob and person.expected_dob < today - dt.timedelta(days=31):
        errors.setdefault("expected_dob", []).append(
            "An expected date of birth more than a month ago: record the date of birth instead"
        )
    if person.death_date:
        if person.death_date > today:
            errors.setdefault("death_date", []).append("Date of death must be today or in the past")
        if person.dob and person.death_date < person.dob:
            errors.setdefault("death_date", []).append("Date of death must be on or after the date of birth")
    person.upn = (person.upn or "").strip().upper()
    person.former_upn = (person.former_upn or "").strip().upper()
    person.common_child_id = normalise_nhs_number(person.common_child_id)
    for field, check in (("upn", validate_upn), ("former_upn", validate_upn), ("common_child_id", validate_nhs_number)):
        value = getattr(person, field)
        if value:
            try:
                check(value)
            except ValidationError as exc:
                errors.setdefault(field, []).extend(exc.messages)
    if person.person_id:
        try:
            validate_person_id(person.person_id)
        except ValidationError as exc:
            errors.setdefault("person_id", []).extend(exc.messages)
    dupes = Person.objects.exclude(pk=person.pk)
    labels = {"person_id": "Person ID", "upn": "UPN", "common_child_id": "NHS number"}
    for field, label in labels.items():
        value = getattr(person, field)
        if value and field not in errors:
            other = dupes.filter(**{field: value}).first()
            if other:
                errors.setdefault(field, []).append(
                    f"This {label} is already on the record for another person ({other.person_id})"
                )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def person_create(*, by, data: dict[str, Any], disabilities: list[str] | None = None, reason: str = "") -> Person:
    """Put a new person on the record. Duplicates are checked by the caller first (selectors.possible_duplicates)."""
    require(by, Perm.PERSON_EDIT)
    person = Person(**{k: v for k, v in data.items() if k in EDITABLE_FIELDS + ["person_id"]})
    person.recorded_by = by if getattr(by, "pk", None) else None
    _check_person(person)
    _set_search_keys(person)
    assign_id = not person.person_id
    if assign_id:
        person.person_id = f"TMP{uuid.uuid4().hex}"[:20]
    try:
        with transaction.atomic():
            person.save()
    except IntegrityError as exc:
        raise ValidationError({"person_id": ["A person with one of these identifiers is already on the record"]}) from exc
    if assign_id:
        # The LA's person ID is assigned from the row number: short, alphanumeric, never reused.
        person.person_id = f"SH{person.pk:07d}"
        Person.objects.filter(pk=person.pk).update(person_id=person.person_id)
    if disabilities:
        _set_disabilities(person, disabilities)
    audit_change(actor=by, action=AuditAction.PERSON_CREATE, instance=person, person_id=person.pk, reason=reason)
    record_event(
        person=person,
        event_type="person_recorded",
        occurred=timezone.localdate(),
        summary=f"{person.get_kind_display()} put on the record",
        source=person,
        recorded_by=by,
    )
    return person


def _set_disabilities(person: Person, codes: list[str]) -> None:
    codes = sorted(set(codes))
    if DisabilityCode.NONE in codes and len(codes) > 1:
        raise ValidationError({"disabilities": ["'No disability' cannot be chosen with another disability"]})
    person.disabilities.exclude(code__in=codes).delete()
    have = set(person.disabilities.values_list("code", flat=True))
    Disability.objects.bulk_create([Disability(person=person, code=c) for c in codes if c not in have])


@transaction.atomic
def person_update(
    *, by, person: Person, expected_version: int, data: dict[str, Any], disabilities: list[str] | None = None,
    reason: str = "",
) -> Person:
    """Change a person's details. Refuses (EditConflict) if someone saved since `expected_version`."""
    require(by, Perm.PERSON_EDIT)
    before = snapshot(person, EDITABLE_FIELDS)
    before_disabilities = sorted(person.disabilities.values_list("code", flat=True))
    for field in EDITABLE_FIELDS:
        if field in data:
            setattr(person, field, data[field])
    _check_person(person)
    _set_search_keys(person)
    save_if_unchanged(
        person,
        expected_version=expected_version,
        fields=EDITABLE_FIELDS + ["search_name", "forename_key", "surname_key"],
    )
    after = snapshot(person, EDITABLE_FIELDS)
    if disabilities is not None:
        _set_disabilities(person, disabilities)
        after_disabilities = sorted(set(disabilities))
        if after_disabilities != before_disabilities:
            before["disabilities"], after["disabilities"] = before_disabilities, after_disabilities
    audit_change(actor=by, action=AuditAction.PERSON_UPDATE, instance=person, before=before, after=after,
                 person_id=person.pk, reason=reason)
    if person.death_date and not before.get("death_date"):
        record_event(person=person, event_type="death", occurred=person.death_date, summary="Death recorded",
                     source=person, recorded_by=by)
    return person


@transaction.atomic
def person_name_add(*, by, person: Person, kind: str, forename: str, surname: str,
                    start_date: dt.date | None = None, end_date: dt.date | None = None) -> PersonName:
    require(by, Perm.PERSON_EDIT)
    if not (forename or surname).strip():
        raise ValidationError({"surname": ["Enter a first name or a last name"]})
    if start_date and end_date and end_date < start_date:
        raise ValidationError({"end_date": ["The date this name stopped being used must be after it started"]})
    name = PersonName(person=person, kind=kind, forename=forename.strip(), surname=surname.strip(),
                      start_date=start_date, end_date=end_date)
    name.search_name = fold(f"{name.forename} {name.surname}")
    name.surname_key = name_key(name.surname)
    name.save()
    audit_change(actor=by, action=AuditAction.PERSON_NAME_ADD, instance=name, person_id=person.pk)
    return name


@transaction.atomic
def address_add(*, by, person: Person, line1: str, postcode: str, start_date: dt.date, line2: str = "",
                town: str = "", address_type: str = Address.Type.HOME) -> Address:
    """Record a move. The current address of the same type ends the day before the new one starts."""
    require(by, Perm.PERSON_EDIT)
    errors: dict[str, list[str]] = {}
    if not line1.strip():
        errors["line1"] = ["Enter the first line of the address"]
    try:
        validate_postcode(postcode)
    except ValidationError as exc:
        errors["postcode"] = exc.messages
    if start_date > timezone.localdate():
        errors["start_date"] = ["The date they moved in must be today or in the past"]
    current = person.addresses.filter(address_type=address_type, end_date__isnull=True).first()
    if current and current.start_date and start_date <= current.start_date:
        errors.setdefault("start_date", []).append(
            f"The move must be after the start of the current address ({current.start_date:%d/%m/%Y})"
        )
    if errors:
        raise ValidationError(errors)
    if current:
        before = snapshot(current, ["end_date"])
        current.end_date = start_date - dt.timedelta(days=1)
        current.save(update_fields=["end_date", "updated_at"])
        audit_change(actor=by, action=AuditAction.ADDRESS_END, instance=current, before=before,
                     after=snapshot(current, ["end_date"]), person_id=person.pk)
    address = Address.objects.create(person=person, address_type=address_type, line1=line1.strip(),
                                     line2=line2.strip(), town=town.strip(), postcode=normalise_postcode(postcode),
                                     start_date=start_date)
    audit_change(actor=by, action=AuditAction.ADDRESS_ADD, instance=address, person_id=person.pk)
    record_event(person=person, event_type="address_change", occurred=start_date,
                 summary=f"Moved to {address.get_address_type_display().lower()} address in {address.postcode}",
                 source=address, recorded_by=by)
    return address


@transaction.atomic
def relationship_add(*, by, person: Person, related: Person, type: str, start_date: dt.date | None = None,
                     end_date: dt.date | None = None, parental_responsibility: bool = False) -> Relationship:
    require(by, Perm.PERSON_EDIT)
    if person.pk == related.pk:
        raise ValidationError({"related": ["A person cannot be related to themselves"]})
    if start_date and end_date and end_date < start_date:
        raise ValidationError({"end_date": ["The end date must be on or after the start date"]})
    if Relationship.objects.filter(person=person, related=related, type=type, end_date__isnull=True).exists():
        raise ValidationError({"related": ["This relationship is already recorded"]})
    rel = Relationship.objects.create(person=person, related=related, type=type, start_date=start_date,
                                      end_date=end_date, parental_responsibility=parental_responsibility)
    audit_change(actor=by, action=AuditAction.RELATIONSHIP_ADD, instance=rel, person_id=person.pk)
    who = f"Restricted record {related.person_id}" if related.is_restricted else f"{related.full_name} ({related.person_id})"
    record_event(person=person, event_type="relationship", occurred=start_date or timezone.localdate(),
                 summary=f"{who} recorded as {rel.get_type_display().lower()}",
                 source=rel, recorded_by=by)
    return rel


def _grant_named_access(*, by, person: Person, extra_user_ids: set[int], reason: str) -> None:
    """Named access for the case's allocated workers (and `extra_user_ids`) on a restricted record,
    so the case is never left without anyone who can open it."""
    keep = set(extra_user_ids) | {a.worker_id for a in case_holders_of(person) if a.worker_id}
    for user_id in sorted(keep):
        if not RecordAccessGrant.objects.filter(person=person, user_id=user_id, revoked_at__isnull=True).exists():
            grant = RecordAccessGrant.objects.create(person=person, user_id=user_id, granted_by=by, reason=reason)
            audit_change(actor=by, action=AuditAction.ACCESS_GRANT_CREATE, instance=grant, person_id=person.pk)


@transaction.atomic
def person_restrict(*, by, person: Person, restricted: bool, reason: str) -> Person:
    """Mark a record restricted (or lift it). The restricting manager and the allocated worker keep
    named access, so the case is never left without anyone who can open it."""
    require(by, Perm.RECORD_RESTRICT)
    if not reason.strip():
        raise ValidationError({"reason": ["Enter why the record's restriction is changing"]})
    person = Person.objects.select_for_update().get(pk=person.pk)
    if person.is_restricted == restricted:
        # A stale page or a second click: say what the record already is, change nothing.
        raise ValidationError({"reason": [
            "This record is already restricted" if restricted else "This record is already not restricted"]})
    before = snapshot(person, ["is_restricted", "restriction_reason"])
    person.is_restricted = restricted
    person.restriction_reason = reason.strip()[:200] if restricted else ""
    person.save(update_fields=["is_restricted", "restriction_reason", "updated_at"])
    if restricted:
        _grant_named_access(by=by, person=person, extra_user_ids={by.pk},
                            reason="Named when the record was restricted")
    audit_change(actor=by, action=AuditAction.PERSON_RESTRICT if restricted else AuditAction.PERSON_UNRESTRICT, instance=person,
                 before=before, after=snapshot(person, ["is_restricted", "restriction_reason"]),
                 person_id=person.pk, reason=reason)
    record_event(person=person, event_type="restriction", occurred=timezone.localdate(),
                 summary="Record restricted" if restricted else "Restriction lifted", source=person, recorded_by=by)
    return person


@transaction.atomic
def access_grant_create(*, by, person: Person, user, reason: str) -> RecordAccessGrant:
    require(by, Perm.RECORD_RESTRICT)
    if not reason.strip():
        raise ValidationError({"reason": ["Enter why this person needs access"]})
    if RecordAccessGrant.objects.filter(person=person, user=user, revoked_at__isnull=True).exists():
        raise ValidationError({"user": [f"{user} already has access to this record"]})
    grant = RecordAccessGrant.objects.create(person=person, user=user, granted_by=by, reason=reason.strip())
    audit_change(actor=by, action=AuditAction.ACCESS_GRANT_CREATE, instance=grant, person_id=person.pk, reason=reason)
    return grant


@transaction.atomic
def access_grant_revoke(*, by, grant: RecordAccessGrant, reason: str) -> RecordAccessGrant:
    require(by, Perm.RECORD_RESTRICT)
    before = snapshot(grant, ["revoked_at"])
    grant.revoked_at = timezone.now()
    grant.save(update_fields=["revoked_at"])
    audit_change(actor=by, action=AuditAction.ACCESS_GRANT_REVOKE, instance=grant, before=before,
                 after=snapshot(grant, ["revoked_at"]), person_id=grant.person_id, reason=reason)
    return grant


def break_glass_open(*, user, person: Person, reason_code: str, reason_text: str, password: str,
                     minutes: int, request=None, token: str = "") -> BreakGlassAccess:
    """Open a record outside the user's scope for a limited time, after re-authentication and with a
    recorded reason (security.md B4.5; ASVS 7.5.3). Audited and reported to managers. A failed
    re-authentication is audited too (it is not rolled back with the refusal) and counts towards the
    sign-in throttle like a failed sign-in (django-axes; `request` carries the address). A user with an
    authenticator app set up re-authenticates with both steps: the password and a current code (`token`),
    whose wrong guesses count towards the app's own throttle (issue 15.4)."""
    require(user, Perm.RECORD_BREAK_GLASS)
    errors: dict[str, list[str]] = {}
    if reason_code not in BreakGlassAccess.Reason.values:
        errors["reason_code"] = ["Choose why you need to open this record"]
    if len(reason_text.strip()) < 10:
        errors["reason_text"] = ["Explain in a sentence why you need to open this record"]
    if request is None:  # called outside a web request (tests, scripts): the throttle still counts by account
        request = HttpRequest()
        request.META["REMOTE_ADDR"] = current_ip.get() or "127.0.0.1"
    if not password or authenticate(request, username=user.get_username(), password=password) is None:
        errors["password"] = ["Enter your password to confirm it is you"]
        audit_change(actor=user, action=AuditAction.BREAK_GLASS_REFUSED, instance=person, person_id=person.pk,
                     after={"reason_code": reason_code}, reason="Re-authentication failed")
    elif (device := two_step_device(user)) is not None:
        verified, error = two_step_code_check(user=user, device=device, token=token)
        if verified is None:
            errors["token"] = [error]
            audit_change(actor=user, action=AuditAction.BREAK_GLASS_REFUSED, instance=person, person_id=person.pk,
                         after={"reason_code": reason_code}, reason=f"Two-step code refused: {error}")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        return _break_glass_record(user=user, person=person, reason_code=reason_code, reason_text=reason_text,
                                   minutes=minutes)


def _break_glass_record(*, user, person: Person, reason_code: str, reason_text: str, minutes: int) -> BreakGlassAccess:
    now = timezone.now()
    access = BreakGlassAccess.objects.create(person=person, user=user, reason_code=reason_code,
                                             reason_text=reason_text.strip(), started_at=now,
                                             expires_at=now + dt.timedelta(minutes=minutes))
    audit_change(actor=user, action=AuditAction.BREAK_GLASS_OPEN, instance=access, person_id=person.pk,
                 reason=f"{access.get_reason_code_display()}: {access.reason_text}")
    break_glass_opened.send(sender=BreakGlassAccess, access=access)
    return access


def _open_work_clashes(keep: Person, duplicate: Person) -> list[str]:
    """Work that can be open only once per child (an episode of need, a section 47 enquiry, a plan...)
    and is open on both records: the worker must close one before the merge, or it would break the
    rule. Read from each app's conditional unique constraints, so new apps are covered."""
    clashes = []
    for rel in Person._meta.related_objects:
        if not rel.one_to_many or rel.related_model is Person:
            continue
        model, field = rel.related_model, rel.field.name
        for constraint in model._meta.constraints:
            if (isinstance(constraint, UniqueConstraint) and tuple(constraint.fields) == (field,)
                    and constraint.condition is not None):
                both = [model._default_manager.filter(constraint.condition, **{field: p}).exists()
                        for p in (keep, duplicate)]
                if all(both):
                    clashes.append(f"Both records have an open {model._meta.verbose_name}: close or end the one on "
                                   f"{duplicate.person_id} before merging")
    return clashes


@transaction.atomic
def person_merge(*, by, keep: Person, duplicate: Person, reason: str) -> Person:
    """Merge a confirmed duplicate into the record kept: every row that points at the duplicate is
    moved, its names become aliases, missing identifiers are carried over, and the duplicate is left
    as a tombstone pointing at the survivor (its audit history stays under its own id)."""
    require(by, Perm.PERSON_MERGE)
    if keep.pk == duplicate.pk:
        raise ValidationError({"duplicate": ["Choose a different record to merge"]})
    if not reason.strip():
        raise ValidationError({"reason": ["Enter why these records are the same person"]})
    # Lock both rows in id order (no deadlock between two merges), then check them as locked.
    locked = {p.pk: p for p in Person.objects.select_for_update().filter(pk__in=[keep.pk, duplicate.pk]).order_by("pk")}
    keep, duplicate = locked[keep.pk], locked[duplicate.pk]
    if duplicate.merged_into_id or keep.merged_into_id:
        raise ValidationError({"duplicate": ["One of these records has already been merged"]})
    clashes = _open_work_clashes(keep, duplicate)
    if clashes:
        raise ValidationError({"duplicate": clashes})
    moved: dict[str, int] = {}
    # Rows that would break a uniqueness rule on the survivor are resolved first.
    Disability.objects.filter(person=duplicate, code__in=keep.disabilities.values("code")).delete()
    if keep.disabilities.exclude(code=DisabilityCode.NONE).exists() or duplicate.disabilities.exclude(
        code=DisabilityCode.NONE
    ).exists():
        Disability.objects.filter(person__in=[keep, duplicate], code=DisabilityCode.NONE).delete()
    person_merging.send(sender=Person, keep=keep, duplicate=duplicate)
    RecordAccessGrant.objects.filter(
        person=duplicate, revoked_at__isnull=True,
        user__in=RecordAccessGrant.objects.filter(person=keep, revoked_at__isnull=True).values("user"),
    ).update(revoked_at=timezone.now())
    Relationship.objects.filter(person=duplicate, related=keep).delete()
    Relationship.objects.filter(person=keep, related=duplicate).delete()
    # Everything else that points at a person, in every app, follows the survivor.
    for rel in Person._meta.related_objects:
        if rel.one_to_many and rel.related_model is not Person:
            field = rel.field.name
            count = rel.related_model._default_manager.filter(**{field: duplicate}).update(**{field: keep})
            if count:
                moved[rel.related_model._meta.label_lower + "." + field] = count
    PersonName.objects.create(person=keep, kind=PersonName.Kind.ALIAS, forename=duplicate.forename,
                              surname=duplicate.surname, search_name=duplicate.search_name,
                              surname_key=duplicate.surname_key)
    before = snapshot(keep, ["upn", "former_upn", "common_child_id", "dob", "is_restricted"])
    for field in ("upn", "common_child_id", "former_upn", "nationality", "first_language"):
        if not getattr(keep, field) and getattr(duplicate, field):
            value = getattr(duplicate, field)
            setattr(duplicate, field, "")
            Person.objects.filter(pk=duplicate.pk).update(**{field: ""})
            setattr(keep, field, value)
    if keep.dob is None and duplicate.dob:
        keep.dob, keep.expected_dob = duplicate.dob, None
    inherits_restriction = duplicate.is_restricted and not keep.is_restricted
    if inherits_restriction:
        keep.is_restricted, keep.restriction_reason = True, duplicate.restriction_reason or "Restricted duplicate merged in"
    keep.version += 1
    keep.save()
    if inherits_restriction:
        _grant_named_access(by=by, person=keep, extra_user_ids={by.pk},
                            reason="Named when a restricted duplicate was merged in")
    duplicate.merged_into = keep
    # The tombstone stays as closed as the record it now points to.
    duplicate.is_restricted = duplicate.is_restricted or keep.is_restricted
    duplicate.save(update_fields=["merged_into", "is_restricted", "updated_at"])
    audit_change(actor=by, action=AuditAction.PERSON_MERGE, instance=keep, before=before,
                 after=snapshot(keep, ["upn", "former_upn", "common_child_id", "dob", "is_restricted"]),
                 person_id=keep.pk, reason=reason)
    audit_change(actor=by, action=AuditAction.PERSON_MERGED_AWAY, instance=duplicate, before={"merged_into": None},
                 after={"merged_into": keep.pk, "moved": moved}, person_id=duplicate.pk, reason=reason)
    record_event(person=keep, event_type="merge", occurred=timezone.localdate(),
                 summary=f"Duplicate record {duplicate.person_id} merged into this one", source=duplicate,
                 recorded_by=by)
    return keep

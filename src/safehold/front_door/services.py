"""Front door services: record a contact, link a partner's contact to a child, decide on it, and the
partner agencies' API tokens. Each service checks the rules, writes the change with its audit row
and chronology entry, and raises or completes the statutory work, in one transaction."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.views.decorators.debug import sensitive_variables

from safehold.accounts.models import Agency, Team
from safehold.accounts.policy import Perm, decide_person_access, has_perm, require
from safehold.audit.actions import AuditAction
from safehold.audit.services import audit_change, snapshot
from safehold.casework.services import allocation_receive
from safehold.casework.work import work_complete_for, work_raise
from safehold.core.concurrency import save_if_unchanged
from safehold.core.validation import local_date
from safehold.family_help.codes import ReferralSource
from safehold.family_help.models import CINEpisode
from safehold.family_help.services import referral_open
from safehold.people.chronology import record_event
from safehold.people.selectors import possible_duplicates
from safehold.people.services import person_create
from safehold.people.validators import normalise_postcode, validate_postcode

from .models import (
    REFERRAL_DECISIONS,
    ROUTED_DECISIONS,
    Consent,
    Contact,
    Decision,
    PartnerApiToken,
    partner_max_length,
)
from .routing import route_for

# timescales.md: CONTACT_DECISION, 1 working day from the contact's receipt (WT2023 ch.2).
CONTACT_DECISION = "CONTACT_DECISION"
# A contact from a partner is put with a child already on the record only when the match is
# exact-ish: the same date of birth and a name scoring at least this (people.selectors.possible_duplicates).
PARTNER_MATCH_SCORE = 90
MIN_RATIONALE = 20  # "at least a sentence"

# Where a partner's contact comes from, by the partner's agency (cin-census.md 2.2 "Referral source").
# The first code is the default; the partner may choose another from the list.
PARTNER_SOURCES: dict[str, list[str]] = {
    Agency.POLICE: [ReferralSource.S6],
    Agency.HEALTH: [ReferralSource.S3D, ReferralSource.S3A, ReferralSource.S3B, ReferralSource.S3C,
                    ReferralSource.S3E, ReferralSource.S3F],
    Agency.EDUCATION: [ReferralSource.S2A, ReferralSource.S2B],
}
_AUDIT_FIELDS = ["person_id", "decision", "decision_rationale", "decided_by_id", "decided_at", "cin_episode_id",
                 "routed_team_id", "routing_note"]


def partner_sources(user) -> list[str]:
    """The referral-source codes a partner may give, the default first (all codes for an agency
    without a mapping, defaulting to "8: other")."""
    codes = PARTNER_SOURCES.get(getattr(user, "agency", ""), None)
    if codes:
        return [str(c) for c in codes]
    return [ReferralSource.S8.value] + [c for c in ReferralSource.values if c != ReferralSource.S8]


def _check_contact(*, received_at: dt.datetime | None, source: str, concern: str, consent: str) -> dict:
    errors: dict[str, list[str]] = {}
    if received_at is None:
        errors["received_at"] = ["Enter the date the contact was received"]
    elif received_at > timezone.now():
        errors["received_at"] = ["The date and time the contact was received must be now or in the past"]
    if source not in ReferralSource.values:
        errors["source"] = ["Choose where the contact came from"]
    if not (concern or "").strip():
        errors["concern"] = ["Enter the concern"]
    if consent not in Consent.values:
        errors["consent"] = ["Choose the consent position"]
    return errors


def text_length_errors(values: dict[str, str | None]) -> dict[str, list[str]]:
    """A message for each field (named as the partner names it: models.PARTNER_TEXT_FIELDS) longer than
    the record keeps. A value too long is refused, never cut."""
    errors: dict[str, list[str]] = {}
    for name, value in values.items():
        limit = partner_max_length(name)
        if value and len(value) > limit:
            errors[name] = [f"Enter no more than {limit:,} characters (this has {len(value):,})"]
    return errors


def _check_child(person, errors: dict) -> None:
    if person is None:
        errors["person"] = ["Choose the child the contact is about"]
    elif person.merged_into_id:
        errors["person"] = ["This record was merged into another: choose the record kept"]
    elif person.kind != person.Kind.CHILD:
        errors["person"] = ["A contact must be about a child or an unborn child, not an adult"]


def _front_door_team(by):
    """The team the decision work sits with: the recorder's front door team, else the only front
    door team if there is one (otherwise it follows the child's allocation)."""
    if getattr(by, "team_id", None) and by.team.kind == Team.Kind.FRONT_DOOR:
        return by.team
    teams = list(Team.objects.filter(kind=Team.Kind.FRONT_DOOR)[:2])
    return teams[0] if len(teams) == 1 else None


def _on_linked(contact: Contact, by) -> None:
    """The contact now belongs to a child: its chronology entry, and the decision clock, which
    starts from receipt however late the contact was linked."""
    person = contact.person
    who = f" ({contact.source_detail})" if contact.source_detail else ""
    record_event(person=person, event_type="contact", occurred=contact.received_at,
                 summary=f"Contact received from {contact.get_source_display()}{who}", source=contact,
                 recorded_by=by)
    team = _front_door_team(by)
    work_raise(person=person, rule_code=CONTACT_DECISION, start=local_date(contact.received_at), source=contact,
               title="Front door decision on a contact", **({"team": team, "worker": None} if team else {}))


@transaction.atomic
def contact_record(*, by, person, received_at: dt.datetime, source: str, source_detail: str, concern: str,
                   consent: str, siblings_note: str = "") -> Contact:
    """Record a contact about a child already on the record."""
    require(by, Perm.CONTACT_RECORD, Perm.CONTACT_SUBMIT)
    source_detail, concern = (source_detail or "").strip(), (concern or "").strip()
    siblings_note = (siblings_note or "").strip()
    errors = _check_contact(received_at=received_at, source=source, concern=concern, consent=consent)
    errors.update(text_length_errors({"source_detail": source_detail, "concern": concern,
                                      "siblings_note": siblings_note}))
    _check_child(person, errors)
    if errors:
        raise ValidationError(errors)
    partner = not has_perm(by, Perm.CONTACT_RECORD)
    contact = Contact.objects.create(
        person=person, received_at=received_at, source=source, source_detail=source_detail,
        concern=concern, consent=consent, siblings_note=siblings_note,
        submitted_by=by if partner else None, recorded_by=by,
    )
    audit_change(actor=by, action=AuditAction.CONTACT_RECORD, instance=contact, person_id=person.pk)
    _on_linked(contact, by)
    return contact


def _match_child(*, forename: str, surname: str, dob: dt.date | None):
    """The one child on the record this partner's description matches exactly enough, or None."""
    if not dob:
        return None

    found = [p for p, score, matched in possible_duplicates(forename=forename, surname=surname, dob=dob)
             if score >= PARTNER_MATCH_SCORE and "date of birth" in matched and p.kind == p.Kind.CHILD]
    return found[0] if len(found) == 1 else None


@transaction.atomic
def contact_submit_by_partner(*, by, forename: str, surname: str, dob: dt.date | None, postcode: str,
                              concern: str, consent: str, source: str = "", source_detail: str = "",
                              siblings_note: str = "") -> Contact:
    """A partner agency's contact (web form or API). The partner does not know person IDs: the
    contact is put with a child on the record only on a close match with the same date of birth;
    otherwise it waits for a front door practitioner to link it. The partner is never told which."""
    require(by, Perm.CONTACT_SUBMIT)
    forename, surname = (forename or "").strip(), (surname or "").strip()
    postcode, concern = (postcode or "").strip(), (concern or "").strip()
    source_detail, siblings_note = (source_detail or "").strip(), (siblings_note or "").strip()
    allowed = partner_sources(by)
    source = (source or "").strip() or allowed[0]
    now = timezone.now()
    too_long = text_length_errors({"forename": forename, "surname": surname, "postcode": postcode,
                                   "source_detail": source_detail, "concern": concern,
                                   "siblings_note": siblings_note})
    errors = _check_contact(received_at=now, source=source, concern=concern, consent=consent)
    if source not in allowed:
        errors["source"] = ["Choose one of the sources for your agency: " + ", ".join(allowed)]
    if not forename:
        errors["forename"] = ["Enter the child's first name"]
    if not surname:
        errors["surname"] = ["Enter the child's last name"]
    if dob and dob > timezone.localdate():
        errors["dob"] = ["The child's date of birth must be today or in the past"]
    if postcode and "postcode" not in too_long:
        try:
            validate_postcode(postcode)
        except ValidationError as exc:
            errors["postcode"] = exc.messages
    errors.update(too_long)
    if errors:
        raise ValidationError(errors)
    person = _match_child(forename=forename, surname=surname, dob=dob)
    # Blank: the partner's name and team from their account, which the partner did not type (so shortening
    # it to fit loses nothing they sent).
    detail = source_detail or ", ".join(
        p for p in [by.get_full_name() or by.get_username(), str(by.team) if by.team_id else ""] if p
    )[:partner_max_length("source_detail")]
    contact = Contact.objects.create(
        person=person, subject_forename=forename, subject_surname=surname, subject_dob=dob,
        subject_postcode=normalise_postcode(postcode) if postcode else "", received_at=now, source=source,
        source_detail=detail, concern=concern, consent=consent,
        siblings_note=siblings_note, submitted_by=by, recorded_by=by,
    )
    audit_change(actor=by, action=AuditAction.CONTACT_SUBMIT, instance=contact, person_id=person.pk if person else None)
    if person:
        _on_linked(contact, by)
    return contact


@transaction.atomic
def contact_link(*, by, contact: Contact, expected_version: int, person) -> Contact:
    """Put an unmatched partner contact with the child it is about (a record the user may open)."""
    require(by, Perm.CONTACT_DECIDE)
    contact = Contact.objects.select_for_update().get(pk=contact.pk)
    errors: dict[str, list[str]] = {}
    if contact.person_id:
        errors["person"] = [f"This contact is already linked to {contact.person.person_id}"]
    _check_child(person, errors)
    if not errors and not decide_person_access(by, person).allowed:
        errors["person"] = [("You cannot open this child's record, so you cannot link the contact to it. "
                             "Open the record with a reason first")]
    if errors:
        raise ValidationError(errors)
    before = snapshot(contact, _AUDIT_FIELDS)
    contact.person = person
    save_if_unchanged(contact, expected_version=expected_version, fields=["person"])
    audit_change(actor=by, action=AuditAction.CONTACT_LINK, instance=contact, before=before,
                 after=snapshot(contact, _AUDIT_FIELDS), person_id=person.pk)
    _on_linked(contact, by)
    return contact


@transaction.atomic
def contact_link_new_person(*, by, contact: Contact, expected_version: int) -> Contact:
    """No one on the record matches: put the child on the record as the partner described them,
    and link the contact to the new record."""
    require(by, Perm.CONTACT_DECIDE)

    if contact.person_id:
        raise ValidationError({"person": [f"This contact is already linked to {contact.person.person_id}"]})
    person = person_create(by=by, data={"kind": "child", "forename": contact.subject_forename,
                                        "surname": contact.subject_surname, "dob": contact.subject_dob},
                           reason=f"Child of a partner's contact received {contact.received_at:%d/%m/%Y}")
    return contact_link(by=by, contact=contact, expected_version=expected_version, person=person)


@transaction.atomic
def contact_decide(*, by, contact: Contact, expected_version: int, decision: str, rationale: str,
                   at: dt.datetime | None = None, team: Team | None = None) -> Contact:
    """The front door decision, with its rationale, within one working day of receipt
    (timescales.md CONTACT_DECISION). A decision that hands the child on (Family Help, an assessment,
    a strategy discussion) reaches a team (front_door/routing.py: the team holding the case, else
    `team` if the practitioner chose one, else the council's routing rules), arriving in that team's
    unallocated queue with access from this moment. A referral decision opens an episode of need (or
    joins the child's open one); an immediate strategy discussion is written in the chronology."""
    require(by, Perm.CONTACT_DECIDE)
    contact = Contact.objects.select_for_update(of=("self",)).select_related("person").get(pk=contact.pk)
    at = at or timezone.now()
    errors: dict[str, list[str]] = {}
    if contact.decision:
        errors["decision"] = [(
            f"This contact was already decided: {contact.get_decision_display().lower()}, by "
            f"{contact.decided_by} on {timezone.localtime(contact.decided_at):%d/%m/%Y}")]
    elif decision not in Decision.values:
        errors["decision"] = ["Choose the decision"]
    elif contact.person_id is None:
        errors["decision"] = ["Link this contact to a child on the record before deciding"]
    elif at < contact.received_at:
        errors["decision"] = [(
            "The decision cannot be before the contact was received "
            f"({timezone.localtime(contact.received_at):%d/%m/%Y %H:%M})")]
    text = (rationale or "").strip()
    if not text:
        errors["rationale"] = ["Enter the rationale for the decision"]
    elif len(text) < MIN_RATIONALE or " " not in text:
        errors["rationale"] = ["Explain the rationale for the decision in at least a sentence"]
    route = None
    if not errors and decision in ROUTED_DECISIONS:
        route = route_for(contact.person, decision, local_date(at), chosen_team=team)
        if route.team is None:
            errors["team"] = ["No routing rule names a team for this child and decision: choose the team that "
                              "will hold the case"]
        elif decision == Decision.STRATEGY and not route.already_held and route.team.kind != Team.Kind.MACPT:
            errors["team"] = ["A strategy discussion is for a Multi-Agency Child Protection Team: choose one"]
    if errors:
        raise ValidationError(errors)
    person = contact.person
    decided_on = local_date(at)
    work_complete_for(source=contact, rule_code=CONTACT_DECISION, done=at, by_event=contact)
    if route is not None and not route.already_held:
        allocation_receive(by=by, person=person, team=route.team, role=route.role, on=decided_on,
                           reason=f"front door decision: {Decision(decision).label.lower()}")
    episode, joined = None, False
    if decision in REFERRAL_DECISIONS:
        episode = CINEpisode.objects.filter(person=person, closure_date__isnull=True).first()
        joined = episode is not None
        if episode is None:
            try:
                episode = referral_open(by=by, person=person, referral_date=decided_on, source=contact.source,
                                        contact=contact)
            except ValidationError as exc:
                raise ValidationError({"decision": exc.messages}) from exc
    before = snapshot(contact, _AUDIT_FIELDS)
    contact.decision = decision
    contact.decision_rationale = text
    contact.decided_by = by
    contact.decided_at = at
    contact.cin_episode_id = episode.pk if episode else None
    contact.routed_team = route.team if route else None
    contact.routing_note = route.note[:300] if route else ""
    save_if_unchanged(contact, expected_version=expected_version,
                      fields=["decision", "decision_rationale", "decided_by", "decided_at", "cin_episode_id",
                              "routed_team", "routing_note"])
    audit_change(actor=by, action=AuditAction.CONTACT_DECIDE, instance=contact, before=before,
                 after=snapshot(contact, _AUDIT_FIELDS), person_id=person.pk)
    summary = f"Front door decision: {contact.get_decision_display()}"
    if joined:
        summary += f" (joined the open referral of {episode.referral_date:%d/%m/%Y})"
    record_event(person=person, event_type="contact_decision", occurred=at, summary=summary, source=contact,
                 recorded_by=by)
    if decision == Decision.STRATEGY:
        record_event(person=person, event_type="contact_decision", occurred=at,
                     summary="Strategy discussion needed: the front door decided on an immediate strategy "
                             "discussion",
                     source=contact, recorded_by=by)
    return contact


# --- Partner API tokens -------------------------------------------------------------------------

def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def token_lifetime() -> dt.timedelta:
    return dt.timedelta(days=settings.SAFEHOLD_API_TOKEN_DAYS)


@sensitive_variables("raw")
@transaction.atomic
def partner_token_create(*, user, by=None) -> str:
    """A new API token for a partner user, working for SAFEHOLD_API_TOKEN_DAYS. Returns the token itself,
    which is never stored."""
    if not has_perm(user, Perm.CONTACT_SUBMIT):
        raise ValidationError({"user": [f"{user.get_username()} is not a partner agency user"]})
    raw = "sfh_" + secrets.token_urlsafe(32)
    expires_at = timezone.now() + token_lifetime()
    token = PartnerApiToken.objects.create(user=user, token_hash=hash_token(raw), expires_at=expires_at)
    audit_change(actor=by, action=AuditAction.PARTNER_TOKEN_CREATE, instance=token,
                 after={"user": user.pk, "expires_at": expires_at.isoformat()})
    return raw


@transaction.atomic
def partner_tokens_revoke(*, user, by=None) -> int:
    now = timezone.now()
    tokens = list(PartnerApiToken.objects.select_for_update().filter(user=user, revoked_at__isnull=True))
    for token in tokens:
        token.revoked_at = now
        token.save(update_fields=["revoked_at"])
        audit_change(actor=by, action=AuditAction.PARTNER_TOKEN_REVOKE, instance=token, before={"revoked_at": None},
                     after={"revoked_at": now.isoformat()})
    return len(tokens)


@sensitive_variables("raw")
@transaction.atomic
def partner_token_rotate(*, user, by=None,
                         overlap: dt.timedelta | None = None) -> tuple[str, dt.datetime, int]:
    """A new token for the user; their other live tokens keep working for `overlap` (default
    SAFEHOLD_API_TOKEN_OVERLAP_HOURS; zero ends them at once), so the partner can change over without a
    gap, then expire. Returns the new token, when the old ones stop, and how many there were."""
    if overlap is None:
        overlap = dt.timedelta(hours=settings.SAFEHOLD_API_TOKEN_OVERLAP_HOURS)
    if overlap < dt.timedelta(0):
        raise ValidationError({"overlap": ["The overlap cannot be negative"]})
    raw = partner_token_create(user=user, by=by)  # refuses a non-partner before anything changes
    ends = timezone.now() + overlap
    old = list(PartnerApiToken.objects.select_for_update()
               .filter(user=user, revoked_at__isnull=True, expires_at__gt=ends)
               .exclude(token_hash=hash_token(raw)))
    for token in old:
        before = token.expires_at
        token.expires_at = ends
        token.save(update_fields=["expires_at"])
        audit_change(actor=by, action=AuditAction.PARTNER_TOKEN_ROTATE, instance=token,
                     before={"expires_at": before.isoformat()}, after={"expires_at": ends.isoformat()})
    return raw, ends, len(old)


class TokenRefused(Exception):
    """Why a bearer token was refused. The message is safe to send back: it never holds the token."""


NOT_RECOGNISED = "The API token is missing, wrong or revoked"


@sensitive_variables("raw")
def partner_token_user(raw: str):
    """The active user a live, unexpired token belongs to; TokenRefused saying why not."""
    if not raw:
        raise TokenRefused(NOT_RECOGNISED)
    token = PartnerApiToken.objects.select_related("user").filter(token_hash=hash_token(raw),
                                                                  revoked_at__isnull=True).first()
    if token is None or not token.user.is_active:
        raise TokenRefused(NOT_RECOGNISED)
    now = timezone.now()
    if token.expires_at <= now:
        # Only the holder of the real token learns that it expired, and when.
        ended = timezone.localtime(token.expires_at)
        raise TokenRefused(f"The API token expired on {ended:%d %B %Y at %H:%M}: ask the council's Safehold "
                           "administrator for a new one")
    PartnerApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user

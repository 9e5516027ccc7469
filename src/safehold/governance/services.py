"""Information governance services: record a subject access request and produce its bundle; the
retention review (find the records past their date, propose disposal, approve it as a second person,
which deletes the record and leaves a tombstone in the audit), and legal holds.

Every change is audited in its own transaction (audit.services); access is the policy's (GOVERNANCE_SAR,
GOVERNANCE_RETENTION in accounts/policy.py).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from safehold.accounts.policy import Perm, require
from safehold.audit.actions import AuditAction
from safehold.audit.models import AccessEvent
from safehold.audit.services import audit_access, audit_change, snapshot
from safehold.improvement.documents import _pdf
from safehold.people.models import Person
from safehold.timescales.engine import add_months, is_working_day

from . import bundle, erasure, retention
from .models import LegalHold, RetentionReview, SubjectAccessRequest

# --- Subject access requests ---------------------------------------------------------------------------

def sar_due_on(received: dt.date) -> dt.date:
    """One calendar month from the day received: the same date next month, or that month's last day when
    it has no such date, moved to the next working day when it falls on a weekend or bank holiday (ICO,
    "Right of access: time limits for responding")."""
    due = add_months(received, 1)
    while not is_working_day(due):
        due += dt.timedelta(days=1)
    return due


@transaction.atomic
def sar_record(*, by, person: Person, requester_name: str, requester_kind: str, received_on: dt.date,
               identity_checked: str) -> SubjectAccessRequest:
    require(by, Perm.GOVERNANCE_SAR)
    errors = {}
    if received_on > timezone.localdate():
        errors["received_on"] = "The date received must be today or in the past"
    if person.merged_into_id:
        errors["person_id"] = "That record was merged into another: record the request against the record kept"
    if not requester_name.strip():
        errors["requester_name"] = "Enter who asked"
    if not identity_checked.strip():
        errors["identity_checked"] = "Say how the requester's identity and authority were checked"
    if errors:
        raise ValidationError(errors)
    sar = SubjectAccessRequest.objects.create(
        person=person, requester_name=requester_name.strip(), requester_kind=requester_kind, received_on=received_on,
        due_on=sar_due_on(received_on), identity_checked=identity_checked.strip(), recorded_by=by)
    audit_change(actor=by, action=AuditAction.SAR_RECORD, instance=sar, person_id=person.pk)
    return sar


def sar_bundle(*, by, sar: SubjectAccessRequest, view: str = "subject access bundle") -> dict:
    """The bundle's content; the reading is logged as a view of the person's record before it is returned
    (no audit, no view)."""
    require(by, Perm.GOVERNANCE_SAR)
    content = {**bundle.build(sar.person), "sar": sar}
    with transaction.atomic():
        audit_access(user=by, person_id=sar.person_id, view=view, basis=AccessEvent.Basis.SUBJECT_ACCESS)
    return content


def sar_download(*, by, sar: SubjectAccessRequest) -> bytes:
    """The bundle as a tagged PDF; each download is audited before the file is returned. The PDF is made
    outside the transaction (a long record takes seconds), so no lock is held meanwhile."""
    require(by, Perm.GOVERNANCE_SAR)
    content = {**bundle.build(sar.person), "sar": sar}
    pdf = _pdf("governance/sar_bundle_print.html", content)
    with transaction.atomic():
        audit_access(user=by, person_id=sar.person_id, view="subject access bundle (PDF)",
                     basis=AccessEvent.Basis.SUBJECT_ACCESS)
        audit_change(actor=by, action=AuditAction.SAR_DOWNLOAD, instance=sar, person_id=sar.person_id,
                     after={"format": "pdf", "third_parties_marked": content["third_parties"],
                            "third_parties_withheld": content["withheld"]})
    return pdf


@transaction.atomic
def sar_mark_sent(*, by, sar: SubjectAccessRequest, sent_on: dt.date) -> SubjectAccessRequest:
    require(by, Perm.GOVERNANCE_SAR)
    if sar.status == SubjectAccessRequest.Status.SENT:
        raise ValidationError({"sent_on": "This request is already marked as sent"})
    if sent_on < sar.received_on or sent_on > timezone.localdate():
        raise ValidationError({"sent_on": "The date sent must be between the date received and today"})
    before = snapshot(sar, ["status", "sent_on"])
    sar.status, sar.sent_on = SubjectAccessRequest.Status.SENT, sent_on
    sar.save(update_fields=["status", "sent_on", "updated_at"])
    audit_change(actor=by, action=AuditAction.SAR_SENT, instance=sar, before=before, after=snapshot(sar, ["status", "sent_on"]),
                 person_id=sar.person_id)
    return sar


# --- Retention -----------------------------------------------------------------------------------------

def moratorium() -> str:
    """A council-wide stop on disposal (e.g. a public inquiry's): its reason, or ""."""
    return getattr(settings, "SAFEHOLD_RETENTION_MORATORIUM", "") or ""


def _on_hold(person_ids) -> set[int]:
    return set(LegalHold.objects.filter(person_id__in=person_ids, lifted_at__isnull=True)
               .values_list("person_id", flat=True))


@transaction.atomic
def retention_scan(*, as_at: dt.date | None = None) -> list[RetentionReview]:
    """Find every record past its retention date and open a review for it (once); close the open reviews
    of records no longer due (new activity, a hold). Returns the open reviews. Idempotent: the daily task
    and `safehold retention review` run it."""
    as_at = as_at or timezone.localdate()
    people = Person.objects.filter(merged_into__isnull=True)
    dates = retention.retention_for_people(people)
    held = _on_hold(list(dates))
    due = {pk: r for pk, r in dates.items() if r.due(as_at) and pk not in held}
    open_reviews = {r.subject_pk: r for r in RetentionReview.objects.select_for_update().filter(
        status__in=RetentionReview.OPEN)}
    for pk, review in open_reviews.items():
        if pk not in due:
            review.status = RetentionReview.Status.WITHDRAWN
            review.closed_reason = "On a legal hold" if pk in held else "No longer due: the retention date moved"
            review.save(update_fields=["status", "closed_reason", "updated_at"])
            audit_change(actor=None, action=AuditAction.RETENTION_WITHDRAW, instance=review, person_id=pk,
                         after={"status": review.status, "reason": review.closed_reason})
    person_ids = dict(Person.objects.filter(pk__in=list(due)).values_list("pk", "person_id"))
    for pk, r in sorted(due.items()):
        if pk in open_reviews:
            review = open_reviews[pk]
            if (review.rule, review.rule_date) != (r.rule.code, r.date):
                review.rule, review.rule_date = r.rule.code, r.date
                review.save(update_fields=["rule", "rule_date", "updated_at"])
            continue
        review = RetentionReview.objects.create(person_id=pk, subject_pk=pk, subject_person_id=person_ids[pk],
                                                rule=r.rule.code, rule_date=r.date)
        audit_change(actor=None, action=AuditAction.RETENTION_DUE, instance=review, person_id=pk,
                     after={"rule": r.rule.code, "rule_date": r.date.isoformat()})
    return list(RetentionReview.objects.filter(status__in=RetentionReview.OPEN).order_by("rule_date", "pk"))


def _still_due(review: RetentionReview) -> retention.Retention:
    """Re-check the record now: still past its date, not on hold, no moratorium."""
    if review.person_id is None:
        raise ValidationError("This record is no longer on the system")
    if moratorium():
        raise ValidationError(f"Disposal is stopped across the council: {moratorium()}")
    if _on_hold([review.person_id]):
        raise ValidationError("This record is on a legal hold: it cannot be disposed of until the hold is lifted")
    r = retention.retention_for_people(Person.objects.filter(pk=review.person_id))[review.person_id]
    if not r.due(timezone.localdate()):
        raise ValidationError("This record is no longer due for disposal "
                              f"({r.why or f'kept until {r.date:%-d %B %Y} under {r.rule.label}'}): "
                              "run the review again")
    return r


@transaction.atomic
def retention_propose(*, by, review: RetentionReview) -> RetentionReview:
    """The first sign-off: propose disposing of the record. Deletes nothing."""
    require(by, Perm.GOVERNANCE_RETENTION)
    review = RetentionReview.objects.select_for_update().get(pk=review.pk)
    if review.status != RetentionReview.Status.DUE:
        raise ValidationError(f"This review is {review.get_status_display().lower()}: it cannot be proposed again")
    _still_due(review)
    graph = erasure.record_graph(review.person)
    if graph.blocking:
        raise ValidationError(["This record cannot be disposed of:", *erasure.blockers(graph)])
    review.status, review.proposed_by, review.proposed_at = RetentionReview.Status.PROPOSED, by, timezone.now()
    review.save(update_fields=["status", "proposed_by", "proposed_at", "updated_at"])
    audit_change(actor=by, action=AuditAction.RETENTION_PROPOSE, instance=review, person_id=review.subject_pk,
                 after={"status": review.status, "rule": review.rule, "rule_date": review.rule_date.isoformat()})
    return review


@transaction.atomic
def retention_approve(*, by, review: RetentionReview) -> RetentionReview:
    """The second sign-off, by someone other than the proposer: the record is deleted from every app
    (governance/erasure.py) and a tombstone kept in the audit (the person's IDs, the rule and the dates;
    no personal content). All or nothing."""
    require(by, Perm.GOVERNANCE_RETENTION)
    review = RetentionReview.objects.select_for_update().get(pk=review.pk)
    if review.status != RetentionReview.Status.PROPOSED:
        raise ValidationError("Disposal needs two sign-offs: someone must propose it first, then a second "
                              "person approves it")
    if review.proposed_by_id == by.pk:
        raise ValidationError("You proposed this disposal: a second person must approve it")
    person = Person.objects.select_for_update().get(pk=review.person_id) if review.person_id else None
    if person is None:
        raise ValidationError("This record is no longer on the system")
    r = _still_due(review)
    graph = erasure.record_graph(person)
    try:
        deleted = erasure.erase(graph)
    except erasure.ErasureBlocked as exc:
        raise ValidationError(["This record cannot be disposed of:", *exc.reasons]) from exc
    now = timezone.now()
    RetentionReview.objects.filter(pk=review.pk).update(
        status=RetentionReview.Status.DISPOSED, approved_by=by, approved_at=now, deleted_rows=deleted, updated_at=now)
    review.refresh_from_db()
    audit_change(actor=by, action=AuditAction.RETENTION_DISPOSE, instance=review, person_id=review.subject_pk, after={
        "subject_pk": review.subject_pk, "subject_person_id": review.subject_person_id,
        "merged_duplicates": sorted(graph.people - {review.subject_pk}),
        "rule": r.rule.code, "rule_source": r.rule.source, "rule_date": r.date.isoformat(),
        "found_due_on": review.created_at.date().isoformat(),
        "proposed_by": review.proposed_by_id, "proposed_on": review.proposed_at.date().isoformat(),
        "approved_by": by.pk, "approved_on": now.date().isoformat(),
        "rows_deleted": deleted,
    }, reason=f"Disposed of under the retention rule {r.rule.code!r} ({r.rule.label})")
    return review


@transaction.atomic
def legal_hold_place(*, by, person: Person, reason: str) -> LegalHold:
    require(by, Perm.GOVERNANCE_RETENTION)
    if not reason.strip():
        raise ValidationError({"reason": "Enter why the record must be kept"})
    hold = LegalHold.objects.create(person=person, reason=reason.strip()[:300], placed_by=by)
    audit_change(actor=by, action=AuditAction.RETENTION_HOLD, instance=hold, person_id=person.pk)
    for review in RetentionReview.objects.select_for_update().filter(subject_pk=person.pk,
                                                                     status__in=RetentionReview.OPEN):
        review.status, review.closed_reason = RetentionReview.Status.HELD, f"Legal hold: {hold.reason}"
        review.save(update_fields=["status", "closed_reason", "updated_at"])
        audit_change(actor=by, action=AuditAction.RETENTION_WITHDRAW, instance=review, person_id=person.pk,
                     after={"status": review.status, "reason": "legal hold"})
    return hold


@transaction.atomic
def legal_hold_lift(*, by, hold: LegalHold) -> LegalHold:
    require(by, Perm.GOVERNANCE_RETENTION)
    hold = LegalHold.objects.select_for_update().get(pk=hold.pk)
    if hold.lifted_at:
        raise ValidationError("This hold was already lifted")
    before = snapshot(hold, ["lifted_at", "lifted_by"])
    hold.lifted_at, hold.lifted_by = timezone.now(), by
    hold.save(update_fields=["lifted_at", "lifted_by", "updated_at"])
    audit_change(actor=by, action=AuditAction.RETENTION_HOLD_LIFT, instance=hold, before=before,
                 after=snapshot(hold, ["lifted_at", "lifted_by"]), person_id=hold.person_id)
    return hold

"""Booking meetings ahead, recording who came and what was said, cancelling with a reason (issue 14.5). The chair
is told of a booking (and an invitee linked to a Safehold account; the booking page takes names and agencies,
so today that is the chair). Nothing here completes statutory work: that waits for the
meeting's outcome on the owning app's form, so a due date stops on the meeting held, not the meeting booked."""

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
from safehold.notifications.services import notify
from safehold.people.chronology import record_event

from .models import Invitee, InviteeAgency, Meeting, MeetingKind

CHAIRED = (MeetingKind.ICPC, MeetingKind.RCPC, MeetingKind.CLA_REVIEW)


def _may_arrange(user) -> bool:
    return has_perm(user, Perm.CASEWORK_RECORD) or has_perm(user, Perm.CONFERENCE_RECORD)


def meeting_url(meeting: Meeting) -> str:
    return reverse("meetings:detail", args=[meeting.pk])


def _when(meeting: Meeting) -> str:
    return f"{timezone.localtime(meeting.scheduled_at):%-d %B %Y at %H:%M}"


@transaction.atomic
def meeting_book(*, by, person, kind: str, scheduled_at: dt.datetime | None, venue: str, chair=None,
                 invitees: list[dict]) -> Meeting:
    """Book a meeting with its invitees ({"name", "agency", "role", "user"}). Told: the chair and invitees with an
    account."""
    if not _may_arrange(by):
        raise PermissionDenied("Only practitioners, managers and chairs arrange meetings")
    errors: dict[str, list[str]] = {}
    if kind not in MeetingKind.values:
        errors["kind"] = ["Choose the kind of meeting"]
    if scheduled_at is None:
        errors["scheduled_at"] = ["Enter the date and time of the meeting"]
    elif scheduled_at < timezone.now() - dt.timedelta(minutes=5):
        errors["scheduled_at"] = ["A meeting is booked ahead: for one already held, record it on its own page"]
    if not (venue or "").strip():
        errors["venue"] = ["Enter where the meeting is, or how people join it"]
    if kind in CHAIRED:
        if chair is None:
            errors["chair"] = ["Choose the independent chair"]
        elif not has_perm(chair, Perm.CONFERENCE_RECORD):
            errors["chair"] = [f"{chair} does not chair conferences or reviews"]
    people = [i for i in invitees if (i.get("name") or "").strip()]
    if not people:
        errors["invitees"] = ["Invite at least one person, with their agency"]
    for n, invitee in enumerate(people, start=1):
        if invitee.get("agency") not in InviteeAgency.values:
            errors.setdefault("invitees", []).append(f"Invitee {n} ({invitee['name'].strip()}): choose their agency")
    names = [(i["name"].strip().lower(), i.get("agency")) for i in people]
    if len(set(names)) != len(names):
        errors.setdefault("invitees", []).append("The same person is invited twice")
    if errors:
        raise ValidationError(errors)
    meeting = Meeting.objects.create(person=person, kind=kind, scheduled_at=scheduled_at, venue=venue.strip(),
                                     chair=chair if kind in CHAIRED or chair else None, booked_by=by)
    Invitee.objects.bulk_create([Invitee(meeting=meeting, name=i["name"].strip(), agency=i["agency"],
                                         role=(i.get("role") or "").strip(), user=i.get("user")) for i in people])
    audit_change(actor=by, action=AuditAction.MEETING_BOOK, instance=meeting, person_id=person.pk,
                 after={"kind": kind, "scheduled_at": scheduled_at.isoformat(), "invitees": len(people)})
    record_event(person=person, event_type="meeting_booked", occurred=timezone.localdate(), source=meeting,
                 recorded_by=by, summary=f"{meeting.get_kind_display()} booked for {_when(meeting)} ({len(people)} "
                                         f"invited)")
    told = [meeting.chair, *(i.get("user") for i in people)]
    notify(recipients=told, kind=NotificationKind.MEETING_BOOKED, actor=by, person=person, url=meeting_url(meeting),
           title=f"{meeting.get_kind_display()} for {person.person_id} booked for {_when(meeting)}")
    return meeting


def _locked(meeting: Meeting, expected_version: int) -> Meeting:
    current = lock_if_unchanged(Meeting, meeting.pk, expected_version=expected_version, theirs_field="status",
                                mine=meeting.status, select_related=("person",))
    if current.status != Meeting.Status.BOOKED:
        raise ValidationError({"status": [f"This meeting is already {current.get_status_display().lower()}"]})
    return current


@transaction.atomic
def meeting_record_held(*, by, meeting: Meeting, expected_version: int, held_on: dt.date | None,
                        attendance: dict[int, str], reports: set[int], minutes: str) -> Meeting:
    """Who came (each invitee attended, sent apologies or did not attend), who sent a report, and the minutes."""
    if not _may_arrange(by):
        raise PermissionDenied("Only practitioners, managers and chairs record meetings")
    meeting = _locked(meeting, expected_version)
    errors: dict[str, list[str]] = {}
    if held_on is None:
        errors["held_on"] = ["Enter the date the meeting was held"]
    elif held_on > timezone.localdate():
        errors["held_on"] = ["The date the meeting was held must be today or in the past"]
    invitees = list(meeting.invitees.all())
    missing = [i.name for i in invitees if attendance.get(i.pk) not in
               (Invitee.Attendance.ATTENDED, Invitee.Attendance.APOLOGIES, Invitee.Attendance.DID_NOT_ATTEND)]
    if missing:
        errors["attendance"] = [f"Say whether {name} attended" for name in missing]
    if not (minutes or "").strip():
        errors["minutes"] = ["Write the minutes: who said what, and what was decided"]
    if errors:
        raise ValidationError(errors)
    for invitee in invitees:
        invitee.attendance, invitee.report_received = attendance[invitee.pk], invitee.pk in reports
    Invitee.objects.bulk_update(invitees, ["attendance", "report_received"])
    meeting.status, meeting.held_on, meeting.minutes = Meeting.Status.HELD, held_on, minutes.replace("\r\n", "\n").strip()
    meeting.version += 1
    meeting.save(update_fields=["status", "held_on", "minutes", "version", "updated_at"])
    came = sum(1 for i in invitees if i.attendance == Invitee.Attendance.ATTENDED)
    audit_change(actor=by, action=AuditAction.MEETING_HELD, instance=meeting, person_id=meeting.person_id,
                 after={"held_on": held_on.isoformat(), "attended": came, "invited": len(invitees)})
    record_event(person=meeting.person, event_type="meeting_held", occurred=held_on, source=meeting, recorded_by=by,
                 summary=f"{meeting.get_kind_display()} held: {came} of {len(invitees)} invited attended")
    return meeting


@transaction.atomic
def meeting_cancel(*, by, meeting: Meeting, expected_version: int, reason: str) -> Meeting:
    if not _may_arrange(by):
        raise PermissionDenied("Only practitioners, managers and chairs cancel meetings")
    meeting = _locked(meeting, expected_version)
    if not (reason or "").strip():
        raise ValidationError({"cancel_reason": ["Say why the meeting is cancelled"]})
    meeting.status, meeting.cancel_reason = Meeting.Status.CANCELLED, reason.strip()[:300]
    meeting.version += 1
    meeting.save(update_fields=["status", "cancel_reason", "version", "updated_at"])
    audit_change(actor=by, action=AuditAction.MEETING_CANCEL, instance=meeting, person_id=meeting.person_id, reason=reason.strip())
    record_event(person=meeting.person, event_type="meeting_cancelled", occurred=timezone.localdate(), source=meeting,
                 recorded_by=by, summary=f"{meeting.get_kind_display()} of {_when(meeting)} cancelled: {reason.strip()}")
    users = [meeting.chair, *(i.user for i in meeting.invitees.select_related("user"))]
    notify(recipients=users, kind=NotificationKind.MEETING_BOOKED, actor=by, person=meeting.person,
           url=meeting_url(meeting), title=f"{meeting.get_kind_display()} for {meeting.person.person_id} on "
                                           f"{_when(meeting)} is cancelled")
    return meeting

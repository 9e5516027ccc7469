"""Meetings planned, not only recorded (issue 14.5): a strategy discussion, a child protection conference, a core
group or a looked-after review is booked ahead with its chair and its invitees by agency; then its attendance and
minutes are recorded. Booking a meeting never stops a statutory clock: the clock stops on the meeting held, when its
outcome is recorded on the owning app's form (the conference's decisions, the review's record)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from safehold.core.models import TimeStampedModel, VersionedModel


class MeetingKind(models.TextChoices):
    STRATEGY = "strategy", "Strategy discussion"
    ICPC = "icpc", "Initial child protection conference"
    RCPC = "rcpc", "Review child protection conference"
    CORE_GROUP = "core_group", "Core group meeting"
    CLA_REVIEW = "cla_review", "Looked-after review"


# The statutory work each kind of meeting holds (casework.StatutoryWork rule codes; timescales.md).
RULES_OF_KIND = {
    MeetingKind.ICPC: ("ICPC",),
    MeetingKind.RCPC: ("RCPC_FIRST", "RCPC_NEXT"),
    MeetingKind.CORE_GROUP: ("CORE_GROUP_FIRST",),
    MeetingKind.CLA_REVIEW: ("CLA_REVIEW_FIRST", "CLA_REVIEW_SECOND", "CLA_REVIEW_NEXT"),
    MeetingKind.STRATEGY: (),
}


class InviteeAgency(models.TextChoices):
    LOCAL_AUTHORITY = "la", "Local authority"
    POLICE = "police", "Police"
    HEALTH = "health", "Health"
    EDUCATION = "education", "Education"
    FAMILY = "family", "Family member"
    CHILD = "child", "The child or young person"
    ADVOCATE = "advocate", "Advocate"
    OTHER = "other", "Other agency"


class Meeting(VersionedModel):
    class Status(models.TextChoices):
        BOOKED = "booked", "Booked"
        HELD = "held", "Held"
        CANCELLED = "cancelled", "Cancelled"

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="meetings")
    kind = models.CharField(max_length=20, choices=MeetingKind.choices)
    scheduled_at = models.DateTimeField("Date and time")
    venue = models.CharField(max_length=200, help_text="Where, or how people join")
    chair = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                              related_name="meetings_chaired")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.BOOKED)
    held_on = models.DateField(null=True, blank=True)
    minutes = models.TextField(blank=True)
    cancel_reason = models.CharField(max_length=300, blank=True)
    booked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["scheduled_at", "id"]
        indexes = [models.Index(fields=["person", "status"]), models.Index(fields=["chair", "status", "scheduled_at"])]
        constraints = [
            models.CheckConstraint(condition=~Q(status="held") | Q(held_on__isnull=False), name="held_meeting_has_date"),
            models.CheckConstraint(condition=~Q(status="cancelled") | ~Q(cancel_reason=""),
                                   name="cancelled_meeting_has_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.scheduled_at:%d/%m/%Y %H:%M}"


class Invitee(TimeStampedModel):
    class Attendance(models.TextChoices):
        INVITED = "invited", "Invited"
        ATTENDED = "attended", "Attended"
        APOLOGIES = "apologies", "Sent apologies"
        DID_NOT_ATTEND = "did_not_attend", "Did not attend"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="invitees")
    name = models.CharField(max_length=120)
    agency = models.CharField(max_length=20, choices=InviteeAgency.choices)
    role = models.CharField(max_length=120, blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="+")  # a Safehold user, who is told of the booking
    attendance = models.CharField(max_length=20, choices=Attendance.choices, default=Attendance.INVITED)
    report_received = models.BooleanField("Sent a report", default=False)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_agency_display()})"

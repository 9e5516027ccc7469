"""People are told (issue 14.3): one row per thing a person should know about, in their inbox until read.

A notification names the kind of event and links to the work; it carries the child's Safehold ID, never
their name, so that an inbox, an email or a log line read out of context identifies nobody. The inbox
shows the name beside it, masked like any other list, only to a reader who may open the record.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q


class Kind(models.TextChoices):
    ALLOCATION = "allocation", "Case allocated"
    CASE_ARRIVED = "case_arrived", "Case waiting in your team's queue"
    SIGN_OFF_SUBMITTED = "sign_off_submitted", "Waiting for your sign-off"
    SIGN_OFF_RETURNED = "sign_off_returned", "Returned to you for changes"
    SIGN_OFF_AUTHORISED = "sign_off_authorised", "Signed off"
    MEETING_DUE = "meeting_due", "Conference or review due"
    MEETING_BOOKED = "meeting_booked", "Meeting booked"
    AUTHORISATION_REQUESTED = "authorisation_requested", "Authorisation requested"
    AUTHORISATION_DECIDED = "authorisation_decided", "Director's decision"
    BREAK_GLASS = "break_glass", "Record you hold opened by break-glass"


class Notification(models.Model):
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    title = models.CharField(max_length=200)  # what happened, with the child's ID, never their name
    url = models.CharField(max_length=300)  # a path inside Safehold: the work to do
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+")
    # A reminder that must not be sent twice (e.g. "ICPC due, work 123, 3 days before"): unique per recipient.
    key = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread")]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "key"], condition=~Q(key=""),
                                    name="notification_key_once_per_recipient"),
            models.CheckConstraint(condition=Q(url__startswith="/") & ~Q(url__startswith="//"),
                                   name="notification_url_is_local"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None

"""Information governance: subject access requests, the retention review with its two sign-offs, and
legal holds that stop disposal (issue 15, security.md B1 and B5 "Soft delete vs hard delete").

A subject access request and a legal hold belong to the person's record and go with it. A retention
review outlives the person it disposed of: it is the disposal certificate, holding the person's IDs,
the rule, the dates and who signed off, and nothing else about them.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from safehold.core.models import TimeStampedModel


class SubjectAccessRequest(TimeStampedModel):
    """A request for everything held about a person (UK GDPR Art. 15), logged when received."""

    class Requester(models.TextChoices):
        SUBJECT = "subject", "The person themself"
        PARENT = "parent", "A parent or carer with parental responsibility"
        REPRESENTATIVE = "representative", "A solicitor or other representative, with the person's authority"
        OTHER = "other", "Someone else, with the person's authority"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        SENT = "sent", "Sent"

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="subject_access_requests")
    requester_name = models.CharField("Who asked", max_length=200)
    requester_kind = models.CharField("Who they are", max_length=20, choices=Requester.choices)
    received_on = models.DateField("Date received")
    # One calendar month from receipt, on the next working day when that falls on a weekend or bank
    # holiday (ICO, "Time limits for responding": governance/services.sar_due_on).
    due_on = models.DateField("Due")
    identity_checked = models.CharField("How identity and authority were checked", max_length=300)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    sent_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-received_on", "-id"]
        verbose_name = "subject access request"

    def __str__(self) -> str:
        return f"Subject access request received {self.received_on:%-d %b %Y}"


class LegalHold(TimeStampedModel):
    """A record that must not be disposed of whatever its retention date (a public inquiry, litigation,
    a complaint). Active until lifted."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="legal_holds")
    reason = models.CharField(max_length=300)
    placed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    lifted_at = models.DateTimeField(null=True, blank=True)
    lifted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+")

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Legal hold: {self.reason}"


class RetentionReview(TimeStampedModel):
    """A record found past its retention date, and what was decided: disposal needs two sign-offs by two
    different people (ASVS 2.3.5), the first proposing and the second approving, which runs the deletion."""

    class Status(models.TextChoices):
        DUE = "due", "Due for review"
        PROPOSED = "proposed", "Disposal proposed: waiting for a second sign-off"
        DISPOSED = "disposed", "Disposed of"
        HELD = "held", "Kept: legal hold"
        WITHDRAWN = "withdrawn", "No longer due"

    OPEN = (Status.DUE, Status.PROPOSED)

    person = models.ForeignKey("people.Person", on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="retention_reviews")
    # Kept after disposal: the record's database ID (the audit's person_id) and the council's person ID.
    subject_pk = models.BigIntegerField(db_index=True)
    subject_person_id = models.CharField(max_length=20)
    rule = models.CharField(max_length=40)  # a code in retention_rules.toml
    rule_date = models.DateField("Retention date")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DUE)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")
    proposed_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")
    approved_at = models.DateTimeField(null=True, blank=True)
    closed_reason = models.CharField(max_length=300, blank=True)
    deleted_rows = models.JSONField(default=dict, blank=True)  # {"app_label.model": count}

    class Meta:
        ordering = ["rule_date", "id"]
        constraints = [
            models.UniqueConstraint(fields=["subject_pk"], condition=Q(status__in=["due", "proposed"]),
                                    name="retention_one_open_review_per_person"),
            models.CheckConstraint(condition=Q(approved_by__isnull=True) | ~Q(approved_by=models.F("proposed_by")),
                                   name="retention_two_different_people"),
        ]

    def __str__(self) -> str:
        return f"Retention review of {self.subject_person_id}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN

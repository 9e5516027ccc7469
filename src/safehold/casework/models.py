"""Who holds a child's case: allocations of a worker and team, with history (ssd_involvements).

Later apps (front door, Family Help, child protection, children in care, care leavers) add their
episodes here beside allocations; the record page reads the current involvement from them.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from safehold.core.models import TimeStampedModel


class Allocation(TimeStampedModel):
    """A worker and team holding a child's case from one date to another. Never edited: a change of
    worker ends this row and starts a new one, so caseloads and 903 SW episodes read history."""

    class Role(models.TextChoices):
        ALLOCATED_WORKER = "allocated_worker", "Allocated worker"
        LEAD_PRACTITIONER = "lead_practitioner", "Family Help lead practitioner"
        LEAD_CP_PRACTITIONER = "lead_cp_practitioner", "Lead child protection practitioner"
        IRO = "iro", "Independent reviewing officer"
        PERSONAL_ADVISER = "personal_adviser", "Personal adviser"

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="allocations")
    team = models.ForeignKey("accounts.Team", on_delete=models.PROTECT, related_name="allocations")
    # Blank while the case sits with the team awaiting a worker (an unallocated case).
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="allocations"
    )
    role = models.CharField(max_length=30, choices=Role.choices, default=Role.ALLOCATED_WORKER)
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    end_reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-started_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "role"], condition=Q(ended_on__isnull=True), name="one_open_allocation_per_role"
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="allocation_ends_after_start",
            ),
        ]
        indexes = [
            models.Index(fields=["team", "ended_on"]),
            models.Index(fields=["worker", "ended_on"]),
            models.Index(fields=["person", "ended_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.worker or 'unallocated'} ({self.team})"

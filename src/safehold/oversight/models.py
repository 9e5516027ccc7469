"""Management oversight of a child's case and supervision of workers.

Oversight is recorded at each decision point in the child's journey (front door decision, step-up to
a strategy discussion, step-down, closure) and at least once in the council's MANAGEMENT_OVERSIGHT
period; supervision of each worker at the SUPERVISION frequency. Both periods are local standards
kept in the timescales engine (../shared/domain/timescales.md, SUPERVISION and MANAGEMENT_OVERSIGHT),
so a council changes them with a RuleVersion, never with a setting here.

Records are written once and not edited: a correction is a new record (the chronology keeps both).
Only an action's completion changes after it is written.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from safehold.core.models import TimeStampedModel


class DecisionPoint(models.TextChoices):
    FRONT_DOOR = "front_door_decision", "Front door decision"
    STEP_UP = "step_up_strategy", "Step-up to strategy discussion"
    STEP_DOWN = "step_down", "Step-down"
    CLOSURE = "closure", "Closure"
    CASE_REVIEW = "case_review", "Case review"
    ALLOCATION = "allocation", "Allocation"
    OTHER = "other", "Other"


class ManagementOversight(TimeStampedModel):
    """A manager's recorded oversight of a child's case: what they read, what they decided and why."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="management_oversight")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()
    occurred_on = models.DateField("Date of the oversight")
    decision_point = models.CharField(max_length=30, choices=DecisionPoint.choices)
    what_was_read = models.TextField("What you read", blank=True)
    decision = models.TextField("What you decided")
    rationale = models.TextField("Rationale")

    class Meta:
        ordering = ["-occurred_on", "-recorded_at", "-id"]
        indexes = [models.Index(fields=["person", "-occurred_on"], name="oversight_person_date")]
        constraints = [
            models.CheckConstraint(condition=~Q(rationale=""), name="oversight_has_rationale"),
            models.CheckConstraint(condition=~Q(decision=""), name="oversight_has_decision"),
        ]

    def __str__(self) -> str:
        return f"{self.get_decision_point_display()} oversight of {self.occurred_on:%d/%m/%Y}"


class OversightAction(TimeStampedModel):
    """An action set in management oversight, with its owner and due date."""

    oversight = models.ForeignKey(ManagementOversight, on_delete=models.CASCADE, related_name="actions")
    action = models.TextField()
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="oversight_actions")
    due_on = models.DateField("Due date")
    completed_on = models.DateField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["owner", "completed_on", "due_on"], name="oversight_action_owner")]
        constraints = [
            models.CheckConstraint(condition=~Q(action=""), name="oversight_action_has_text"),
            models.CheckConstraint(
                condition=Q(completed_on__isnull=True) | Q(completed_by__isnull=False),
                name="oversight_action_completed_by_someone",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.action[:60]} (due {self.due_on:%d/%m/%Y})"

    @property
    def is_open(self) -> bool:
        return self.completed_on is None


class Supervision(TimeStampedModel):
    """A supervision session of a worker by their manager, with the cases discussed."""

    worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="supervisions")
    supervisor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    held_on = models.DateField("Date of supervision")
    notes = models.TextField()
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["worker", "-held_on"], name="supervision_worker_date")]
        constraints = [
            models.CheckConstraint(condition=~Q(worker=models.F("supervisor")), name="supervision_not_by_self"),
        ]

    def __str__(self) -> str:
        return f"Supervision of {self.worker} on {self.held_on:%d/%m/%Y}"


class SupervisionCase(models.Model):
    """A child's case discussed in supervision: the discussion and what was decided."""

    supervision = models.ForeignKey(Supervision, on_delete=models.CASCADE, related_name="cases")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="supervision_discussions")
    discussion = models.TextField("Discussion summary")
    decision = models.TextField("Decisions and actions", blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=~Q(discussion=""), name="supervision_case_has_discussion"),
        ]

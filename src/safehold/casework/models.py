"""Who holds a child's case: allocations of a worker and team, with history (ssd_involvements).

Later apps (front door, Family Help, child protection, children in care, care leavers) add their
episodes here beside allocations; the record page reads the current involvement from them.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from safehold.core.models import TimeStampedModel, VersionedModel


class SWReason(models.TextChoices):
    """903 SW_REASON (SW13STG1). The codes are confirmed; only FCONTA's meaning (first contact,
    SW10bSTG2) is, the other labels are our reading of the codes [UNCONFIRMED in ssda903.md]."""

    FCONTA = "FCONTA", "First social worker for this child"
    MANAGE = "MANAGE", "Management decision"
    LEFTRL = "LEFTRL", "Social worker left the role"
    ORGRST = "ORGRST", "Organisational restructure"
    TSPROC = "TSPROC", "Transfer between teams as part of the process"
    ABSENC = "ABSENC", "Social worker absent"
    CHCHAN = "CHCHAN", "Child's circumstances changed"
    PCCHAN = "PCCHAN", "Parent or carer asked for a change"
    SWDIED = "SWDIED", "Social worker died"
    OTHERS = "OTHERS", "Other reason"


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
    # Why the child has a new social worker: the SSDA903 SW_REASON code (ssda903.md 3.1 SWEpisodes).
    sw_reason = models.CharField("Reason for the new social worker", max_length=6, choices=SWReason.choices,
                                 blank=True)

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


# Statutory work an independent chair holds: child protection conferences and looked-after reviews
# (timescales.md). The chair's worklist reads these (worklists.selectors.chair_work); a partial index keeps it
# fast on a county's hundreds of thousands of work rows.
CHAIRED_RULES = ("ICPC", "RCPC_FIRST", "RCPC_NEXT", "CLA_REVIEW_FIRST", "CLA_REVIEW_SECOND", "CLA_REVIEW_NEXT")


class StatutoryWork(TimeStampedModel):
    """One piece of statutory work on a child's record: the rule, the event that started the clock,
    the due date (from the timescales engine, with the rule version used), and when and whether it
    was done on time (design-notes.md "Time is data"). Worklists and timeliness measures read these
    rows; nothing recomputes due dates in a list view."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        DONE = "done", "Done"
        CANCELLED = "cancelled", "No longer needed"

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="statutory_work")
    rule_code = models.CharField(max_length=40, db_index=True)
    rule_version_id = models.BigIntegerField(null=True, blank=True)  # timescales.RuleVersion, or the default
    title = models.CharField(max_length=200)  # what is due, in words: "Initial child protection conference"
    # The event that started the clock.
    source_type = models.CharField(max_length=60)
    source_id = models.CharField(max_length=40)
    started_on = models.DateField()
    started_at = models.DateTimeField(null=True, blank=True)  # for hour rules (return interviews)
    due_on = models.DateField(db_index=True)
    due_at = models.DateTimeField(null=True, blank=True)
    # Who the work sits with (copied from the allocation when raised; changes with reallocation).
    team = models.ForeignKey("accounts.Team", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="statutory_work"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True)
    completed_on = models.DateField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    on_time = models.BooleanField(null=True)
    # The event that stopped the clock.
    completion_type = models.CharField(max_length=60, blank=True)
    completion_id = models.CharField(max_length=40, blank=True)
    cancel_reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [
            models.Index(fields=["worker", "status", "due_on"]),
            models.Index(fields=["team", "status", "due_on"]),
            models.Index(fields=["source_type", "source_id"]),
            models.Index(fields=["person", "status"]),
            # Worklists read only open work, by team or worker, type and due date.
            models.Index(fields=["team", "rule_code", "due_on"], condition=Q(status="open"), name="open_work_team_rule"),
            models.Index(fields=["worker", "rule_code", "due_on"], condition=Q(status="open"),
                         name="open_work_worker_rule"),
            models.Index(fields=["due_on"], condition=Q(status="open", rule_code__in=CHAIRED_RULES),
                         name="open_chaired_work_due"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="done", completed_on__isnull=False) | ~Q(status="done"),
                name="done_work_has_completion_date",
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} due {self.due_on:%d/%m/%Y}"

    @property
    def is_overdue(self) -> bool:
        return self.status == self.Status.OPEN and self.due_on < timezone.localdate()


class Visit(TimeStampedModel):
    """A visit to a child (assessment, child in need, child protection, child in care, care leaver).
    Annex A lists 4 and 7 ask whether the child was seen, seen alone, and the child's words."""

    class Kind(models.TextChoices):
        ASSESSMENT = "assessment", "Assessment visit"
        CIN = "cin", "Child in need visit"
        CP = "cp", "Child protection visit"
        CLA = "cla", "Child in care statutory visit"
        CARE_LEAVER = "care_leaver", "Personal adviser visit"
        EARLY_HELP = "early_help", "Family Help visit"

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="visits")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    visited_on = models.DateField(db_index=True)
    visited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    child_seen = models.BooleanField()
    child_seen_alone = models.BooleanField(default=False)
    childs_words = models.TextField("The child's words", blank=True)
    notes = models.TextField(blank=True)
    # The plan or episode the visit belongs to (e.g. child_protection.cpplan 12).
    context_type = models.CharField(max_length=60, blank=True)
    context_id = models.CharField(max_length=40, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-visited_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(child_seen=True) | Q(child_seen_alone=False),
                                   name="seen_alone_only_if_seen"),
        ]


class SignOff(VersionedModel):
    """Where a piece of recorded work stands on its way to a manager (issue 14.2): an assessment, a plan,
    a review or a visit record is a draft the worker writes, then submitted for sign-off, then returned
    with a reason or authorised. One row per record (`record_type` is the model's label, as in
    StatutoryWork.source_type); the steps are kept in SignOffStep. Records made before sign-off existed,
    or brought in by an import, have no row and need none. The kinds are registered by the apps that own
    the records (casework.signoff.register)."""

    class State(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted for sign-off"
        RETURNED = "returned", "Returned for changes"
        AUTHORISED = "authorised", "Authorised"

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="sign_offs")
    kind = models.CharField(max_length=40)  # the registered kind: "assessment", "visit", "pathway_plan" ...
    record_type = models.CharField(max_length=60)
    record_id = models.CharField(max_length=40)
    title = models.CharField(max_length=200)  # "Child in need visit on 3 December 2026"
    state = models.CharField(max_length=12, choices=State.choices, default=State.DRAFT)
    # The team whose managers sign it off: the submitter's team, or the team holding the case.
    team = models.ForeignKey("accounts.Team", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+")
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    return_reason = models.TextField("Why it is returned", blank=True)

    class Meta:
        ordering = ["-updated_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["record_type", "record_id"], name="one_sign_off_per_record"),
            models.CheckConstraint(condition=~Q(state="submitted") | Q(submitted_at__isnull=False),
                                   name="submitted_sign_off_has_time"),
            models.CheckConstraint(condition=~Q(state="returned") | ~Q(return_reason=""),
                                   name="returned_sign_off_has_reason"),
        ]
        indexes = [
            models.Index(fields=["team", "state"]),
            models.Index(fields=["author", "state"]),
            models.Index(fields=["person", "state"]),
        ]

    def __str__(self) -> str:
        return f"{self.title}: {self.get_state_display()}"


class SignOffStep(models.Model):
    """One step of a sign-off: submitted, returned (with the reason), authorised. Never edited."""

    sign_off = models.ForeignKey(SignOff, on_delete=models.CASCADE, related_name="steps")
    state = models.CharField(max_length=12, choices=SignOff.State.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]

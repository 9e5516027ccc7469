"""Inspection and improvement (issue 13): the inspection record and its findings, the inspection cycle
rules, case file audits, the annual self-evaluation, the improvement action plan and the scrutiny
committee's reports.

The judgement areas are data with dates, not code: Ofsted removed the overall effectiveness grade from
April 2026 and revises the framework again for 2027 (../shared/domain/ilacs-and-annex-a.md 4.1). A new
area, or an area's end, is a row, not a release.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from safehold.core.models import TimeStampedModel, VersionedModel


class Grade(models.TextChoices):
    """Ofsted's four-point scale (ilacs-and-annex-a.md 4.1), best first; also the audits' scale."""

    OUTSTANDING = "outstanding", "Outstanding"
    GOOD = "good", "Good"
    REQUIRES_IMPROVEMENT = "requires_improvement", "Requires improvement to be good"
    INADEQUATE = "inadequate", "Inadequate"


GRADE_ORDER = {g.value: i for i, g in enumerate(Grade)}  # 0 best .. 3 worst


class JudgementArea(models.Model):
    """A judgement Ofsted grades, in force between two dates (ILACS 2018 onwards)."""

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=60)
    order = models.PositiveSmallIntegerField(default=0)
    valid_from = models.DateField()
    valid_until = models.DateField(null=True, blank=True, help_text="Last day it was graded; empty while in force")
    # An area the overall grade summarises, rather than one the others feed (the cycle rule reads it).
    is_overall = models.BooleanField(default=False)
    source = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name

    def in_force_on(self, day) -> bool:
        return self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)


class Inspection(TimeStampedModel):
    """An inspection or monitoring visit, and its published report."""

    class Kind(models.TextChoices):
        STANDARD = "standard", "Standard inspection (ILACS)"
        SHORT = "short", "Short inspection (ILACS)"
        FOCUSED_VISIT = "focused_visit", "Focused visit"
        MONITORING_VISIT = "monitoring_visit", "Monitoring visit"
        JTAI = "jtai", "Joint targeted area inspection"

    GRADED_KINDS = (Kind.STANDARD, Kind.SHORT)

    kind = models.CharField(max_length=20, choices=Kind.choices)
    on_site_from = models.DateField("First day on site")
    on_site_to = models.DateField("Last day on site")
    published_on = models.DateField("Report published", null=True, blank=True)
    lead_inspector = models.CharField(max_length=120, blank=True)
    report_url = models.URLField("Link to the report", blank=True)
    summary = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")

    class Meta:
        ordering = ["-on_site_from"]
        constraints = [models.CheckConstraint(condition=Q(on_site_to__gte=models.F("on_site_from")),
                                              name="inspection_dates_in_order")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}, {self.on_site_from:%B %Y}"

    @property
    def is_graded(self) -> bool:
        return self.kind in self.GRADED_KINDS


class InspectionGrade(models.Model):
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="grades")
    area = models.ForeignKey(JudgementArea, on_delete=models.PROTECT, related_name="+")
    grade = models.CharField(max_length=24, choices=Grade.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["inspection", "area"], name="one_grade_per_area")]


class Finding(models.Model):
    """A strength, an area for improvement or an area for priority action, verbatim and numbered as in
    the report."""

    class Kind(models.TextChoices):
        STRENGTH = "strength", "Strength"
        AREA_FOR_IMPROVEMENT = "improvement", "Area for improvement"
        PRIORITY_ACTION = "priority", "Area for priority action"

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="findings")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    number = models.PositiveSmallIntegerField()
    text = models.TextField()

    class Meta:
        ordering = ["inspection", "kind", "number"]
        constraints = [models.UniqueConstraint(fields=["inspection", "kind", "number"], name="finding_numbered_once")]

    def __str__(self) -> str:
        return f"{self.number}. {self.text}"


class CycleRule(models.Model):
    """When the next inspection is likely, from the grade of the last graded inspection. Edited by the
    council; the defaults and their source come from ilacs-and-annex-a.md 4.1 (migration 0002)."""

    basis_grade = models.CharField(max_length=24, choices=Grade.choices, unique=True)
    next_kind = models.CharField(max_length=120)
    months_after = models.PositiveSmallIntegerField(help_text="From the last day on site")
    window_months = models.PositiveSmallIntegerField(help_text="Either side of that date")
    also = models.CharField(max_length=300, blank=True, help_text="What else happens meanwhile")
    source = models.CharField(max_length=300)
    confirmed = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"After {self.get_basis_grade_display().lower()}: {self.next_kind}"


class EngagementMeeting(TimeStampedModel):
    """The annual engagement meeting with Ofsted's regional representative, which reviews the
    self-evaluation (ilacs-and-annex-a.md 4.1, "The ILACS system" 2)."""

    held_on = models.DateField()
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["-held_on"]


# --- Case file audits --------------------------------------------------------------------------------


class AuditTool(TimeStampedModel):
    """The questions an audit follows. The council edits it; each edit is a new version and an audit keeps
    the version it was done on."""

    name = models.CharField(max_length=120, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def current(self) -> AuditToolVersion | None:
        return self.versions.order_by("-number").first()


class AuditToolVersion(models.Model):
    tool = models.ForeignKey(AuditTool, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveSmallIntegerField()
    # [{"title": "Assessment", "questions": ["Was the child seen ...", ...]}, ...]
    sections = models.JSONField()
    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="+")
    made_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["tool", "-number"]
        constraints = [models.UniqueConstraint(fields=["tool", "number"], name="tool_version_once")]

    def __str__(self) -> str:
        return f"{self.tool.name}, version {self.number}"


class AuditRound(TimeStampedModel):
    class Theme(models.TextChoices):
        GENERAL = "general", "All practice"
        DISABLED_CHILDREN = "disabled_children", "Disabled children"
        ASSESSMENT_TIMELINESS = "assessment_timeliness", "Timeliness of assessment"
        OVERSIGHT = "oversight", "Management oversight and supervision"
        UNREGISTERED = "unregistered", "Children in unregistered provision"
        EXTRA_FAMILIAL_HARM = "extra_familial_harm", "Extra-familial harm"
        CHILD_PROTECTION = "child_protection", "Child protection plans"
        CARE_LEAVERS = "care_leavers", "Care leavers"

    class Sampling(models.TextChoices):
        RANDOM = "random", "Random from every child matching the theme"
        STRATIFIED = "stratified", "Random, the same number from each team"
        EVERY = "every", "Every child matching the theme"

    class Status(models.TextChoices):
        OPEN = "open", "In progress"
        CLOSED = "closed", "Closed"

    name = models.CharField(max_length=160)
    theme = models.CharField(max_length=30, choices=Theme.choices)
    tool_version = models.ForeignKey(AuditToolVersion, on_delete=models.PROTECT, related_name="rounds")
    sampling = models.CharField(max_length=12, choices=Sampling.choices)
    sample_size = models.PositiveSmallIntegerField(help_text="In all (random) or per team (stratified)")
    seed = models.PositiveIntegerField(help_text="Draws the same sample again from the same record")
    sampled_on = models.DateField()
    due_on = models.DateField()
    moderation_percent = models.PositiveSmallIntegerField(default=20)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    planned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-sampled_on", "-id"]

    def __str__(self) -> str:
        return self.name


class CaseAudit(VersionedModel):
    class Status(models.TextChoices):
        ASSIGNED = "assigned", "To do"
        SUBMITTED = "submitted", "Submitted"
        MODERATED = "moderated", "Moderated"

    round = models.ForeignKey(AuditRound, on_delete=models.CASCADE, related_name="audits")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="case_audits")
    # Who held the case when it was sampled: the auditor may be neither, nor of their team.
    team = models.ForeignKey("accounts.Team", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                               related_name="audits_of_my_cases")
    auditor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="audits_to_do")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ASSIGNED)
    # {"<section index>.<question index>": {"answer": "yes|partly|no|na", "note": "..."}}
    answers = models.JSONField(default=dict, blank=True)
    section_grades = models.JSONField(default=dict, blank=True)  # {"<section index>": grade}
    grade = models.CharField("Overall grade", max_length=24, choices=Grade.choices, blank=True)
    strengths = models.TextField(blank=True)
    must_change = models.TextField("What must change", blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    to_moderate = models.BooleanField(default=False)

    class Meta:
        ordering = ["round", "id"]
        constraints = [models.UniqueConstraint(fields=["round", "person"], name="child_once_per_round")]
        indexes = [models.Index(fields=["auditor", "status"])]

    def __str__(self) -> str:
        return f"Audit {self.pk} in {self.round}"

    @property
    def final_grade(self) -> str:
        moderation = getattr(self, "moderation", None)
        return moderation.grade if moderation else self.grade


class Moderation(models.Model):
    audit = models.OneToOneField(CaseAudit, on_delete=models.CASCADE, related_name="moderation")
    moderator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    grade = models.CharField("Moderated grade", max_length=24, choices=Grade.choices)
    agrees = models.BooleanField()
    reason = models.TextField(blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(agrees=True) | ~Q(reason=""),
                                              name="changed_grade_has_reason")]


class AuditAction(models.Model):
    """What the worker must do after an audit, by a date. It is raised as work in their "My work"
    (casework.StatutoryWork, rule AUDIT_ACTION) and done there or from the audit."""

    audit = models.ForeignKey(CaseAudit, on_delete=models.CASCADE, related_name="actions")
    text = models.TextField()
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField()
    work = models.OneToOneField("casework.StatutoryWork", on_delete=models.PROTECT, null=True, related_name="+")
    done_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]


class AuditReply(models.Model):
    """The worker's or their manager's reply to the audit of their case."""

    audit = models.ForeignKey(CaseAudit, on_delete=models.CASCADE, related_name="replies")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField()
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at"]


# --- Self-evaluation ---------------------------------------------------------------------------------


class SelfEvaluation(VersionedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        FINAL = "final", "Final"

    year = models.PositiveSmallIntegerField(unique=True)
    as_at = models.DateField(help_text="The date its evidence is read at")
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.DRAFT)
    introduction = models.TextField(blank=True)
    finalised_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"Self-evaluation {self.year}"


class SelfEvaluationArea(VersionedModel):
    self_evaluation = models.ForeignKey(SelfEvaluation, on_delete=models.CASCADE, related_name="areas")
    area = models.ForeignKey(JudgementArea, on_delete=models.PROTECT, related_name="+")
    grade = models.CharField("Our grade", max_length=24, choices=Grade.choices, blank=True)
    quality_of_practice = models.TextField("What we know about the quality of practice", blank=True)
    strengths = models.TextField(blank=True)
    areas_for_development = models.TextField(blank=True)

    class Meta:
        ordering = ["area__order"]
        constraints = [models.UniqueConstraint(fields=["self_evaluation", "area"], name="area_once_per_sef")]


class Evidence(models.Model):
    """The evidence for a statement of the self-evaluation: a measure (with its value as at the
    self-evaluation's date), an audit round's findings, or an action of the plan."""

    class Statement(models.TextChoices):
        QUALITY = "quality", "Quality of practice"
        STRENGTH = "strength", "Strengths"
        DEVELOPMENT = "development", "Areas for development"

    entry = models.ForeignKey(SelfEvaluationArea, on_delete=models.CASCADE, related_name="evidence")
    statement = models.CharField(max_length=12, choices=Statement.choices)
    measure_code = models.CharField(max_length=40, blank=True)
    measure_value = models.FloatField(null=True, blank=True)
    audit_round = models.ForeignKey(AuditRound, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    action = models.ForeignKey("PlanAction", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["statement", "id"]
        constraints = [models.CheckConstraint(
            condition=(~Q(measure_code="") & Q(audit_round__isnull=True) & Q(action__isnull=True))
            | (Q(measure_code="") & Q(audit_round__isnull=False) & Q(action__isnull=True))
            | (Q(measure_code="") & Q(audit_round__isnull=True) & Q(action__isnull=False)),
            name="evidence_is_one_thing")]


# --- The improvement action plan --------------------------------------------------------------------


class ImprovementPlan(TimeStampedModel):
    title = models.CharField(max_length=200)
    inspection = models.ForeignKey(Inspection, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="plans")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    shared_with_ofsted_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


class PlanArea(TimeStampedModel):
    """An area for improvement the plan answers: from the inspection report, or the council's own."""

    class Source(models.TextChoices):
        INSPECTION = "inspection", "Inspection report"
        AUDIT = "audit", "Case file audits"
        SELF_EVALUATION = "self_evaluation", "Self-evaluation"

    plan = models.ForeignKey(ImprovementPlan, on_delete=models.CASCADE, related_name="areas")
    number = models.PositiveSmallIntegerField()
    source = models.CharField(max_length=16, choices=Source.choices)
    finding = models.ForeignKey(Finding, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    title = models.TextField("Area for improvement")
    outcome = models.TextField("The outcome we seek", blank=True)
    lead = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["plan", "number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="plan_area_numbered_once")]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class PlanMeasure(models.Model):
    """A measure that shows whether an area's actions are working: its baseline at the inspection, the
    target, and (read live) the value now."""

    area = models.ForeignKey(PlanArea, on_delete=models.CASCADE, related_name="measures")
    code = models.CharField(max_length=40)
    baseline = models.FloatField(null=True, blank=True)
    baseline_on = models.DateField()
    target = models.FloatField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["area", "code"], name="measure_once_per_area")]


class PlanAction(VersionedModel):
    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        IN_PROGRESS = "in_progress", "In progress"
        COMPLETED = "completed", "Completed"

    area = models.ForeignKey(PlanArea, on_delete=models.CASCADE, related_name="actions")
    number = models.CharField(max_length=10)  # "3.2"
    text = models.TextField("Action")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    starts_on = models.DateField()
    due_on = models.DateField()
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.NOT_STARTED)
    completed_on = models.DateField(null=True, blank=True)
    # A person may override the derived RAG, only with a reason; both show.
    rag_override = models.CharField(max_length=5, blank=True, choices=[("red", "Red"), ("amber", "Amber"),
                                                                       ("green", "Green")])
    override_reason = models.TextField(blank=True)
    override_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")
    audit_rounds = models.ManyToManyField(AuditRound, blank=True, related_name="plan_actions")

    class Meta:
        ordering = ["area", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(rag_override="") | ~Q(override_reason=""),
                                   name="rag_override_has_reason"),
            models.CheckConstraint(condition=~Q(status="completed") | Q(completed_on__isnull=False),
                                   name="completed_action_has_date"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.text[:60]}"


class Milestone(models.Model):
    action = models.ForeignKey(PlanAction, on_delete=models.CASCADE, related_name="milestones")
    text = models.CharField(max_length=300)
    due_on = models.DateField()
    done_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]


class ActionEvidence(models.Model):
    """A document or link that shows an action done (minutes, a policy, a training record)."""

    action = models.ForeignKey(PlanAction, on_delete=models.CASCADE, related_name="evidence")
    description = models.CharField(max_length=300)
    link = models.URLField(blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_on = models.DateField()


class ProgressUpdate(models.Model):
    """A dated update of an action: its status, override and note then. The updates are the plan's
    history, so the plan as it stood on any past date can be shown."""

    action = models.ForeignKey(PlanAction, on_delete=models.CASCADE, related_name="updates")
    on = models.DateField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=12, choices=PlanAction.Status.choices)
    completed_on = models.DateField(null=True, blank=True)
    rag_override = models.CharField(max_length=5, blank=True)
    override_reason = models.TextField(blank=True)
    note = models.TextField()
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["on", "id"]


class ScrutinyReport(TimeStampedModel):
    """The progress report for the children and young people overview and scrutiny committee. While a
    draft it is drawn live from the plan; marked as presented, its content and PDF are frozen and never
    change (services.report_present; the model refuses a later save)."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PRESENTED = "presented", "Presented"

    plan = models.ForeignKey(ImprovementPlan, on_delete=models.PROTECT, related_name="reports")
    meeting_on = models.DateField("Committee meeting date")
    committee = models.CharField(max_length=200, default="Children and Young People Overview and Scrutiny Committee")
    summary = models.TextField("Summary for councillors", blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    content = models.JSONField(null=True, blank=True)  # the report as presented
    pdf = models.BinaryField(null=True, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    presented_at = models.DateTimeField(null=True, blank=True)
    presented_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+")

    class Meta:
        ordering = ["-meeting_on"]
        constraints = [models.UniqueConstraint(fields=["plan", "meeting_on"], name="one_report_per_meeting")]

    def __str__(self) -> str:
        return f"Report to the committee on {self.meeting_on:%d %B %Y}"

    def save(self, *args, **kwargs):
        if self.pk and type(self).objects.filter(pk=self.pk, status=self.Status.PRESENTED).exists():
            raise ValidationError("This report was presented to the committee and cannot change.")
        super().save(*args, **kwargs)

"""Multi-agency child protection (MACPT) inside an episode of need (family_help.CINEpisode).

Field names follow the CIN census items (../shared/domain/cin-census.md 2.1: Section47 and
ChildProtectionPlans), so the census reads straight from these rows:

    Section47:            S47ActualStartDate = start_date, InitialCPCtarget = initial_cpc_target,
                          DateOfInitialCPC = icpc_held_on, ICPCnotRequired = icpc_not_required
    ChildProtectionPlans: CPPstartDate = start_date, CPPendDate = end_date,
                          InitialCategoryOfAbuse / LatestCategoryOfAbuse, NumberOfPreviousCPP =
                          number_of_previous_plans, Reviews/CPPreviewDate = review conferences

Visits to a child on a plan are casework.Visit rows (kind "cp", context child_protection.cpplan).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from safehold.core.models import TimeStampedModel, VersionedModel

from .codes import Agency, CategoryOfAbuse


class StrategyDiscussion(VersionedModel):
    """A strategy discussion (or meeting) about a child, with the agencies who took part and the decision."""

    class Decision(models.TextChoices):
        START_S47 = "start_s47", "Start a section 47 enquiry"
        NO_FURTHER_CP = "no_further_cp", "No further child protection action (continue Family Help)"
        IMMEDIATE_PROTECTION = "immediate_protection", "Immediate protection taken"

    episode = models.ForeignKey("family_help.CINEpisode", on_delete=models.PROTECT,
                                related_name="strategy_discussions")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="strategy_discussions")
    held_at = models.DateTimeField("Date and time held", db_index=True)
    decision = models.CharField(max_length=30, choices=Decision.choices)
    rationale = models.TextField("Reasons for the decision")
    chaired_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-held_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(decision__in=["start_s47", "no_further_cp", "immediate_protection"]),
                                   name="strategy_decision_valid"),
        ]

    def __str__(self) -> str:
        return f"Strategy discussion of {self.held_at:%d/%m/%Y}"


class StrategyParticipant(TimeStampedModel):
    """Someone invited to a strategy discussion, from which agency, and whether they took part."""

    discussion = models.ForeignKey(StrategyDiscussion, on_delete=models.CASCADE, related_name="participants")
    name = models.CharField(max_length=120)
    agency = models.CharField(max_length=20, choices=Agency.choices)
    role = models.CharField(max_length=120, blank=True)
    attended = models.BooleanField(default=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_agency_display()})"


class Section47Enquiry(VersionedModel):
    """A section 47 enquiry (census Section47). Open until its initial conference is held, or it
    concludes that no conference is needed (rules 8839/8890: only one open at a time)."""

    class Outcome(models.TextChoices):
        SUBSTANTIATED = "substantiated", "Concerns substantiated"
        NOT_SUBSTANTIATED = "not_substantiated", "Concerns not substantiated"

    episode = models.ForeignKey("family_help.CINEpisode", on_delete=models.PROTECT, related_name="section47s")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="section47s")
    strategy_discussion = models.OneToOneField(StrategyDiscussion, on_delete=models.PROTECT,
                                               related_name="enquiry")
    start_date = models.DateField("Start date")  # S47ActualStartDate
    initial_cpc_target = models.DateField("Initial conference due by")  # InitialCPCtarget (timescales.md ICPC)
    end_date = models.DateField("Date the enquiry ended", null=True, blank=True)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    icpc_not_required = models.BooleanField("No initial conference needed", default=False)  # ICPCnotRequired
    icpc_held_on = models.DateField("Date of the initial conference", null=True, blank=True)  # DateOfInitialCPC
    # What the enquiry found: the findings the conference reads (issue 14.6); not in the census.
    findings = models.TextField("What the enquiry found", blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    completed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+")

    class Meta:
        verbose_name = "section 47 enquiry"
        ordering = ["-start_date", "-id"]
        constraints = [
            # Rules 8839/8890: only one open section 47 enquiry per child.
            models.UniqueConstraint(fields=["person"],
                                    condition=Q(icpc_held_on__isnull=True, icpc_not_required=False),
                                    name="one_open_s47_per_child"),
            models.CheckConstraint(condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                                   name="s47_ends_on_or_after_start"),
            # Rule 8615 (child_protection/rules.py): the s47 starts on or before the ICPC.
            models.CheckConstraint(condition=Q(icpc_held_on__isnull=True)
                                   | Q(icpc_held_on__gte=models.F("start_date")),
                                   name="s47_icpc_on_or_after_start"),
            # The outcome, its end date and the conference decision go together.
            models.CheckConstraint(condition=(Q(end_date__isnull=True) & Q(outcome=""))
                                   | (Q(end_date__isnull=False) & ~Q(outcome="")),
                                   name="s47_end_date_and_outcome_together"),
            models.CheckConstraint(condition=Q(icpc_not_required=False) | Q(icpc_held_on__isnull=True),
                                   name="s47_no_icpc_when_not_required"),
        ]

    def __str__(self) -> str:
        return f"Section 47 enquiry from {self.start_date:%d/%m/%Y}"

    @property
    def is_open(self) -> bool:
        return self.icpc_held_on is None and not self.icpc_not_required

    @property
    def is_completed(self) -> bool:
        return self.end_date is not None

    @property
    def awaiting_conference(self) -> bool:
        return self.is_completed and self.is_open


class CPPlan(VersionedModel):
    """A child protection plan (census ChildProtectionPlans). Starts on the ICPC date (rule 2885)."""

    episode = models.ForeignKey("family_help.CINEpisode", on_delete=models.PROTECT, related_name="cp_plans")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="cp_plans")
    initial_conference = models.OneToOneField("ChildProtectionConference", on_delete=models.PROTECT,
                                              related_name="started_plan")  # rule 2883: no more plans than ICPCs
    start_date = models.DateField("Plan start date", db_index=True)  # CPPstartDate
    end_date = models.DateField("Plan end date", null=True, blank=True)  # CPPendDate
    initial_category = models.CharField("Initial category of abuse", max_length=3, choices=CategoryOfAbuse.choices)
    latest_category = models.CharField("Latest category of abuse", max_length=3, choices=CategoryOfAbuse.choices)
    lead_practitioner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                          verbose_name="Lead child protection practitioner")
    number_of_previous_plans = models.PositiveIntegerField(default=0)  # NumberOfPreviousCPP, rule 8730 (>= 0)
    # What happens if the plan is not working or the child is at greater risk (Working Together 2023 ch.4).
    contingency = models.TextField("Contingency plan", blank=True)
    end_reason = models.TextField(blank=True)
    ended_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "child protection plan"
        ordering = ["-start_date", "-id"]
        constraints = [
            # Rule 8935: only one open plan per child.
            models.UniqueConstraint(fields=["person"], condition=Q(end_date__isnull=True),
                                    name="one_open_cp_plan_per_child"),
            # Rules 8840 and 8925: a plan ends after it starts, never on the same day.
            models.CheckConstraint(condition=Q(end_date__isnull=True) | Q(end_date__gt=models.F("start_date")),
                                   name="cp_plan_ends_after_start"),
            models.CheckConstraint(condition=Q(initial_category__in=CategoryOfAbuse.values)
                                   & Q(latest_category__in=CategoryOfAbuse.values),
                                   name="cp_plan_category_valid"),  # rules 8905/8910
            models.CheckConstraint(condition=Q(end_date__isnull=True) | ~Q(end_reason=""),
                                   name="cp_plan_end_has_reason"),
        ]

    def __str__(self) -> str:
        return f"Child protection plan from {self.start_date:%d/%m/%Y}"

    @property
    def is_open(self) -> bool:
        return self.end_date is None


class ChildProtectionConference(TimeStampedModel):
    """An initial (ICPC, after a section 47 enquiry) or review (RCPC, of a plan) child protection conference."""

    class Kind(models.TextChoices):
        INITIAL = "initial", "Initial child protection conference"
        REVIEW = "review", "Review child protection conference"

    class Outcome(models.TextChoices):
        PLAN = "plan", "Child protection plan"
        NO_PLAN = "no_plan", "No child protection plan"
        PLAN_CONTINUES = "plan_continues", "The plan continues"
        PLAN_ENDS = "plan_ends", "The plan ends"

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="cp_conferences")
    episode = models.ForeignKey("family_help.CINEpisode", on_delete=models.PROTECT, related_name="cp_conferences")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    enquiry = models.ForeignKey(Section47Enquiry, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="conferences")
    plan = models.ForeignKey(CPPlan, on_delete=models.PROTECT, null=True, blank=True, related_name="conferences")
    held_on = models.DateField("Date of the conference", db_index=True)
    chaired_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    category = models.CharField("Category of abuse", max_length=3, choices=CategoryOfAbuse.choices, blank=True)
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-held_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=(Q(kind="initial") & Q(enquiry__isnull=False)
                                              & Q(outcome__in=["plan", "no_plan"]))
                                   | (Q(kind="review") & Q(plan__isnull=False)
                                      & Q(outcome__in=["plan_continues", "plan_ends"])),
                                   name="cp_conference_kind_matches"),
            models.UniqueConstraint(fields=["enquiry"], condition=Q(kind="initial"),
                                    name="one_icpc_per_s47"),
            models.CheckConstraint(condition=Q(outcome__in=["no_plan", "plan_continues", "plan_ends"])
                                   | Q(category__in=CategoryOfAbuse.values),
                                   name="cp_conference_plan_has_category"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.held_on:%d/%m/%Y}"


class CoreGroupMeeting(TimeStampedModel):
    """A core group meeting of the professionals and family working the plan."""

    plan = models.ForeignKey(CPPlan, on_delete=models.CASCADE, related_name="core_groups")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="cp_core_groups")
    held_on = models.DateField("Date of the meeting", db_index=True)
    attendees = models.TextField("Who attended")
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"Core group meeting on {self.held_on:%d/%m/%Y}"


class PlanOutcome(TimeStampedModel):
    """An outcome the child protection plan is working towards (issue 14.6), numbered within the plan, with the
    actions that will bring it about."""

    plan = models.ForeignKey(CPPlan, on_delete=models.CASCADE, related_name="outcomes")
    number = models.PositiveSmallIntegerField()
    outcome = models.CharField("Outcome for the child", max_length=400)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="one_number_per_plan_outcome")]

    def __str__(self) -> str:
        return f"{self.number}. {self.outcome}"


class PlanAction(TimeStampedModel):
    """Who will do what by when towards an outcome: a parent, a professional from any agency, the child."""

    outcome = models.ForeignKey(PlanOutcome, on_delete=models.CASCADE, related_name="actions")
    action = models.CharField(max_length=400)
    owner = models.CharField("Who will do it", max_length=120)
    owner_agency = models.CharField("Their agency or role", max_length=20, choices=[
        ("la", "Local authority"), ("police", "Police"), ("health", "Health"), ("education", "Education"),
        ("family", "Family"), ("child", "The child"), ("other", "Other")])
    due_on = models.DateField("By when")
    done_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.action

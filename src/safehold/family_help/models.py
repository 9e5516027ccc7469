"""Family Help: the episode of need from referral to closure (the CIN census "CINdetails"), and the
work inside it. Field names follow the census items (../shared/domain/cin-census.md 2.1) and the
SSD (`ssd_cin_episodes`), so the census is read straight from these rows."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from safehold.core.models import TimeStampedModel, VersionedModel

from .codes import AssessmentFactor, ClosureReason, EarlyHelpEndReason, PPOutcome, PrimaryNeed, ReferralSource


class CINEpisode(VersionedModel):
    """An episode of need: referral to closure (census CINdetails; ssd_cin_episodes)."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="cin_episodes")
    referral_date = models.DateField("Referral date", db_index=True)  # CINreferralDate
    referral_source = models.CharField(max_length=3, choices=ReferralSource.choices)  # ReferralSource
    primary_need = models.CharField(max_length=2, choices=PrimaryNeed.choices, blank=True)  # PrimaryNeedCode
    # ReferralNFA: the referral led to no further action (no assessment, no plan).
    referral_nfa = models.BooleanField("Referral with no further action", default=False)
    # The front door contact this referral came from (front_door.Contact), if any.
    contact_id = models.BigIntegerField(null=True, blank=True)
    # A referral within 12 months of the previous one (measures.md: re-referral rate).
    is_rereferral = models.BooleanField(default=False)
    closure_date = models.DateField("Closure date", null=True, blank=True)  # CINclosureDate
    closure_reason = models.CharField(max_length=3, choices=ClosureReason.choices, blank=True)  # ReasonForClosure
    closure_signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    closure_signed_off_at = models.DateTimeField(null=True, blank=True)
    # A worker asks for the episode to be closed; a manager signs the closure off (episode_close).
    closure_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    closure_requested_at = models.DateTimeField(null=True, blank=True)
    closure_requested_reason = models.CharField(max_length=3, choices=ClosureReason.choices, blank=True)
    closure_request_note = models.TextField("Why the episode can close", blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "episode of need"
        ordering = ["-referral_date", "-id"]
        constraints = [
            # Closure date and reason go together (CIN rules 8805/8810).
            models.CheckConstraint(
                condition=(Q(closure_date__isnull=True) & Q(closure_reason=""))
                | (Q(closure_date__isnull=False) & ~Q(closure_reason="")),
                name="cin_closure_date_and_reason_together",
            ),
            models.CheckConstraint(
                condition=Q(closure_date__isnull=True) | Q(closure_date__gte=models.F("referral_date")),
                name="cin_closure_on_or_after_referral",  # rule 8630
            ),
            # Only one open episode per child (rule 8815).
            models.UniqueConstraint(fields=["person"], condition=Q(closure_date__isnull=True),
                                    name="one_open_cin_episode_per_child"),
        ]

    def __str__(self) -> str:
        return f"Referral of {self.referral_date:%d/%m/%Y}"

    @property
    def is_open(self) -> bool:
        return self.closure_date is None


class Assessment(VersionedModel):
    """A child and family assessment (census Assessments: AssessmentActualStartDate,
    AssessmentAuthorisationDate, FactorsIdentifiedAtAssessment/AssessmentFactors). Written over days:
    `draft_text` is autosaved as the worker types. The draft has its own version, `draft_version`, so a
    stale autosave is refused instead of overwriting someone else's text, while the assessment's
    `version` (which the manager's authorisation form carries) is left alone by drafts; `summary` is the
    analysis as authorised."""

    episode = models.ForeignKey(CINEpisode, on_delete=models.PROTECT, related_name="assessments")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="assessments")
    start_date = models.DateField("Start date")  # AssessmentActualStartDate
    authorised_date = models.DateField("Date authorised", null=True, blank=True)  # AssessmentAuthorisationDate
    # AssessmentFactors: a JSON list of census codes (codes.AssessmentFactor), unique, "21" alone.
    factors = models.JSONField("Factors identified", default=list, blank=True)
    summary = models.TextField("Analysis and summary", blank=True)
    draft_text = models.TextField("Assessment (draft)", blank=True)
    draft_saved_at = models.DateTimeField(null=True, blank=True)
    # Goes up by one on every saved change of draft_text (services.assessment_save_draft, issue 15.8).
    draft_version = models.PositiveIntegerField(default=1, editable=False)
    draft_saved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                       related_name="+")
    lead_worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name="Lead worker")
    authorised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                      related_name="+")
    authorised_at = models.DateTimeField(null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "assessment"
        ordering = ["-start_date", "-id"]
        constraints = [
            # Rule 8608: the assessment starts on or before it is authorised.
            models.CheckConstraint(condition=Q(authorised_date__isnull=True)
                                   | Q(authorised_date__gte=models.F("start_date")),
                                   name="assessment_authorised_on_or_after_start"),
            # Rules 8863Q/8896: only one open assessment.
            models.UniqueConstraint(fields=["person"], condition=Q(authorised_date__isnull=True),
                                    name="one_open_assessment_per_child"),
            # Rules 8614/8897Q (factors only, and required, when completed) are checked in services:
            # a JSON list cannot be compared the same way on SQLite and PostgreSQL.
        ]

    def __str__(self) -> str:
        return f"Assessment started {self.start_date:%d/%m/%Y}"

    @property
    def is_open(self) -> bool:
        return self.authorised_date is None

    def factor_labels(self) -> list[str]:
        labels = dict(AssessmentFactor.choices)
        return [f"{code}: {labels.get(code, code)}" for code in self.factors or []]


class CINPlan(VersionedModel):
    """A child in need plan (census CINPlanDates: CINPlanStartDate, CINPlanEndDate) with its Family
    Help lead practitioner (families-first.md section 6)."""

    episode = models.ForeignKey(CINEpisode, on_delete=models.PROTECT, related_name="cin_plans")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="cin_plans")
    start_date = models.DateField("Plan start date", db_index=True)  # CINPlanStartDate
    end_date = models.DateField("Plan end date", null=True, blank=True)  # CINPlanEndDate
    end_reason = models.TextField(blank=True)
    lead_practitioner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                          verbose_name="Family Help lead practitioner")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "child in need plan"
        ordering = ["-start_date", "-id"]
        constraints = [
            # Rule 4004: one open CIN plan per child.
            models.UniqueConstraint(fields=["person"], condition=Q(end_date__isnull=True),
                                    name="one_open_cin_plan_per_child"),
            models.CheckConstraint(condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                                   name="cin_plan_ends_on_or_after_start"),
        ]

    def __str__(self) -> str:
        return f"Child in need plan from {self.start_date:%d/%m/%Y}"

    @property
    def is_open(self) -> bool:
        return self.end_date is None


class EarlyHelpEpisode(VersionedModel):
    """Targeted early help below the s17 threshold, inside Family Help (ssd_early_help_episodes:
    earl_episode_start_date, _end_date, _reason, _end_reason, _organisation, _worker_id). Not in the
    CIN census (cin-census.md 2.4: no Family Help item found)."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="early_help_episodes")
    start_date = models.DateField("Start date", db_index=True)
    end_date = models.DateField("End date", null=True, blank=True)
    reason = models.TextField("Why the family is getting help")  # earl_episode_reason
    end_reason = models.CharField("Reason it ended", max_length=20, choices=EarlyHelpEndReason.choices,
                                  blank=True)  # earl_episode_end_reason
    end_note = models.TextField(blank=True)
    organisation = models.CharField("Organisation", max_length=120, blank=True)  # earl_episode_organisation
    lead_practitioner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                          verbose_name="Family Help lead practitioner")  # earl_episode_worker_id
    lead_practitioner_role = models.CharField("Lead practitioner's role", max_length=120, blank=True)
    lead_practitioner_agency = models.CharField("Lead practitioner's agency", max_length=120, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "targeted early help episode"
        ordering = ["-start_date", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["person"], condition=Q(end_date__isnull=True),
                                    name="one_open_early_help_per_child"),
            models.CheckConstraint(condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                                   name="early_help_ends_on_or_after_start"),
            models.CheckConstraint(condition=(Q(end_date__isnull=True) & Q(end_reason=""))
                                   | (Q(end_date__isnull=False) & ~Q(end_reason="")),
                                   name="early_help_end_date_and_reason_together"),
        ]

    def __str__(self) -> str:
        return f"Family Help (early help) from {self.start_date:%d/%m/%Y}"

    @property
    def is_open(self) -> bool:
        return self.end_date is None


class PlanReview(TimeStampedModel):
    """A review of a child in need plan or of an early help plan (exactly one of the two)."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="plan_reviews")
    cin_plan = models.ForeignKey(CINPlan, on_delete=models.PROTECT, null=True, blank=True, related_name="reviews")
    early_help = models.ForeignKey(EarlyHelpEpisode, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="reviews")
    review_date = models.DateField("Review date")
    outcome = models.TextField("What the review decided")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-review_date", "-id"]
        constraints = [
            models.CheckConstraint(condition=(Q(cin_plan__isnull=False) & Q(early_help__isnull=True))
                                   | (Q(cin_plan__isnull=True) & Q(early_help__isnull=False)),
                                   name="plan_review_of_exactly_one_plan"),
        ]

    def __str__(self) -> str:
        return f"Plan review of {self.review_date:%d/%m/%Y}"

    @property
    def plan(self):
        return self.cin_plan or self.early_help


class PreProceedings(VersionedModel):
    """Pre-proceedings and family group decision making (census module 5 "PreProceedingsandFGDM",
    2026-27 draft; cin-census.md 2.4). One per episode of need: the module's multiplicity is not fixed
    by any schema found, and the sample has one per CINdetails. Field order is the module's."""

    episode = models.OneToOneField(CINEpisode, on_delete=models.PROTECT, related_name="pre_proceedings")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="pre_proceedings")
    pp_start_date = models.DateField("Date pre-proceedings started")  # PPStartDate N00826, rule 9005
    lbp_sent_date = models.DateField("Letter before proceedings sent", null=True, blank=True)  # N00827, 9006
    fgdm_meeting_offer = models.BooleanField("FGDM meeting offered in the letter", null=True,
                                             blank=True)  # FGDMMeetingOffer N00828, rule 9007
    fgdm_meeting_fac = models.BooleanField("FGDM meeting facilitated", null=True,
                                           blank=True)  # FGDMMeetingFac N00829, rule 9010Q
    initial_pp_meeting_date = models.DateField("First pre-proceedings meeting", null=True,
                                               blank=True)  # InitialPPMeetingDate N00830, rule 9008
    review_meetings_count = models.PositiveSmallIntegerField("Review meetings after the first", null=True,
                                                             blank=True)  # ReviewMeetingsCount N00831, 9015Q
    step_decision_date = models.DateField("Decision to step up or down", null=True,
                                          blank=True)  # StepDecisionDate, rule 9009
    pp_outcome = models.CharField("Outcome of pre-proceedings", max_length=1, choices=PPOutcome.choices,
                                  blank=True)  # PPOutcome N00833, CS131, rule 9011
    court_app_date = models.DateField("Court application submitted", null=True,
                                      blank=True)  # CourtAppDate N00834, rule 9012
    letter_init_cp_date = models.DateField("Letter initiating care proceedings sent", null=True,
                                           blank=True)  # LetterInitCPDate, rule 9013
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name_plural = "pre-proceedings"
        constraints = [
            models.CheckConstraint(condition=Q(lbp_sent_date__isnull=True)
                                   | Q(lbp_sent_date__gte=models.F("pp_start_date")), name="pp_9006_lbp_after_start"),
            models.CheckConstraint(condition=Q(step_decision_date__isnull=True)
                                   | Q(step_decision_date__gte=models.F("pp_start_date")),
                                   name="pp_9009_step_after_start"),
            models.CheckConstraint(condition=Q(court_app_date__isnull=True)
                                   | Q(court_app_date__gte=models.F("step_decision_date")),
                                   name="pp_9012_court_after_step"),
            models.CheckConstraint(condition=Q(letter_init_cp_date__isnull=True)
                                   | Q(letter_init_cp_date__gte=models.F("court_app_date")),
                                   name="pp_9013_letter_after_court"),
            models.CheckConstraint(condition=Q(pp_outcome__in=["", "A", "B", "C"]), name="pp_9011_outcome_code"),
        ]

    def __str__(self) -> str:
        return f"Pre-proceedings from {self.pp_start_date:%d/%m/%Y}"

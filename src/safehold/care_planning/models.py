"""Care planning for a child in care: reviews by the independent reviewing officer, the care plan and
its permanence plan, health assessments, dental checks, personal education plans, the IRO's own
contacts, and missing episodes.

Statutory visits are casework.Visit rows (kind "cla", context the placement), like the other visits.
Each change raises or completes casework.StatutoryWork through the timescales engine (services.py), so
the worklists and Annex A list 8 read the same rows. Field names follow the SSDA903 return (REVIEW,
REVIEW_CODE, MISSING, MIS_START, MIS_END; ../shared/domain/ssda903.md) and the SSD where it has them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from safehold.core.models import TimeStampedModel, VersionedModel

from .codes import HealthAssessmentKind, MissingKind, Participation, PermanencePlan, SDQReason


class CLAReview(TimeStampedModel):
    """A review of a looked-after child's case, chaired by an IRO (CPPCR 2010 reg 33). The 903
    REVIEWS file is these rows: REVIEW (date) and REVIEW_CODE (how the child took part)."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="cla_reviews")
    period = models.ForeignKey("children_in_care.PeriodOfCare", on_delete=models.CASCADE, related_name="reviews")
    review_date = models.DateField("Date of the review", db_index=True)  # REVIEW
    participation = models.CharField("How the child took part", max_length=3,
                                     choices=Participation.choices)  # REVIEW_CODE
    sequence = models.PositiveSmallIntegerField("Review number in this period of care")
    chaired_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name="Independent reviewing officer")
    care_plan_endorsed = models.BooleanField("The care plan meets the child's needs", default=True)
    recommendations = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-review_date", "-id"]
        verbose_name = "looked after review"
        constraints = [
            models.UniqueConstraint(fields=["period", "sequence"], name="one_review_per_sequence"),
        ]

    def __str__(self) -> str:
        return f"Review {self.sequence} on {self.review_date:%d/%m/%Y}"


class CarePlan(VersionedModel):
    """The care plan, with its permanence plan (Annex A list 8 "Permanence plan"). A new plan is a new
    row; the latest agreed plan is the current one."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="care_plans")
    period = models.ForeignKey("children_in_care.PeriodOfCare", on_delete=models.CASCADE, related_name="care_plans")
    agreed_on = models.DateField("Date the plan was agreed", db_index=True)
    permanence_plan = models.CharField("Permanence plan", max_length=24, choices=PermanencePlan.choices)
    summary = models.TextField("What the plan says", blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-agreed_on", "-id"]


class HealthAssessment(TimeStampedModel):
    """An initial or review health assessment (Annex A list 8 "Date of Last Health Assessment")."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="health_assessments")
    period = models.ForeignKey("children_in_care.PeriodOfCare", on_delete=models.CASCADE,
                               related_name="health_assessments")
    kind = models.CharField(max_length=10, choices=HealthAssessmentKind.choices)
    assessed_on = models.DateField("Date of the health assessment", db_index=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-assessed_on", "-id"]


class DentalCheck(TimeStampedModel):
    """A dental check (Annex A list 8 "Date of Last Dental Check"; 903 OC2 teeth checked)."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="dental_checks")
    period = models.ForeignKey("children_in_care.PeriodOfCare", on_delete=models.CASCADE, related_name="dental_checks")
    checked_on = models.DateField("Date of the dental check", db_index=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-checked_on", "-id"]


class PersonalEducationPlan(TimeStampedModel):
    """A personal education plan, or its termly review, with the school the child attends."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="education_plans")
    period = models.ForeignKey("children_in_care.PeriodOfCare", on_delete=models.CASCADE, related_name="education_plans")
    held_on = models.DateField("Date of the personal education plan meeting", db_index=True)
    school = models.CharField("School or setting", max_length=200, blank=True)
    summary = models.TextField("Targets and support agreed", blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-held_on", "-id"]


class IROContact(TimeStampedModel):
    """The IRO's own contact with the child between reviews (Annex A list 8 "Date of Last IRO
    Visit/Contact")."""

    class Method(models.TextChoices):
        VISIT = "visit", "Visit in person"
        VIDEO = "video", "Video call"
        PHONE = "phone", "Phone call"
        MESSAGE = "message", "Letter, email or message"

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="iro_contacts")
    period = models.ForeignKey("children_in_care.PeriodOfCare", on_delete=models.CASCADE, related_name="iro_contacts")
    contact_on = models.DateField("Date of the contact", db_index=True)
    method = models.CharField(max_length=10, choices=Method.choices)
    iro = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                            verbose_name="Independent reviewing officer")
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["-contact_on", "-id"]


class MissingEpisode(VersionedModel):
    """A time the child was missing or away from placement without authorisation (903 MISSING file:
    MISSING M or A, MIS_START, MIS_END), with the return home interview offered within 72 hours of
    the return (timescales.md RETURN_INTERVIEW) and whether it was accepted (Annex A list 8)."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="missing_episodes")
    period = models.ForeignKey("children_in_care.PeriodOfCare", on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="missing_episodes")
    kind = models.CharField("Missing or away", max_length=1, choices=MissingKind.choices)  # MISSING
    started_at = models.DateTimeField("Went missing", db_index=True)  # MIS_START
    ended_at = models.DateTimeField("Returned or found", null=True, blank=True)  # MIS_END
    interview_offered_at = models.DateTimeField("Return home interview offered", null=True, blank=True)
    interview_accepted = models.BooleanField("Return home interview accepted", null=True)
    interview_held_on = models.DateField("Return home interview held", null=True, blank=True)
    interview_notes = models.TextField("What the child said and what happens next", blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-started_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(ended_at__isnull=True) | Q(ended_at__gte=models.F("started_at")),
                                   name="missing_ends_after_start"),
            models.UniqueConstraint(fields=["person"], condition=Q(ended_at__isnull=True),
                                    name="one_open_missing_episode", violation_error_message=(
                                        "The child is already recorded as missing")),
        ]
        verbose_name = "missing episode"

    @property
    def is_open(self) -> bool:
        return self.ended_at is None


class AnnualOutcomes(VersionedModel):
    """What the SSDA903 asks each year about a child looked after continuously for 12 months at 31 March
    (OC2, ssda903.md 3.1): one record per child per year. The health assessment and the teeth check are
    read from HealthAssessment and DentalCheck, not recorded twice; which items apply depends on the
    child's age (care_planning.outcomes)."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="annual_outcomes")
    year_ending = models.DateField("Year ending 31 March")
    immunisations_up_to_date = models.BooleanField("Immunisations up to date", null=True,
                                                   blank=True)  # IMMUNISATIONS
    development_checks_up_to_date = models.BooleanField("Development assessments up to date (under 5)", null=True,
                                                        blank=True)  # HEALTH_CHECK
    sdq_score = models.PositiveSmallIntegerField("Strengths and Difficulties Questionnaire score", null=True,
                                                 blank=True)  # SDQ_SCORE
    sdq_reason = models.CharField("Reason there is no SDQ score", max_length=4, choices=SDQReason.choices,
                                  blank=True)  # SDQ_REASON
    convicted = models.BooleanField("Convicted or given a youth caution during the year", null=True,
                                    blank=True)  # CONVICTED
    substance_misuse = models.BooleanField("Substance misuse problem identified during the year", null=True,
                                           blank=True)  # SUBSTANCE_MISUSE
    intervention_received = models.BooleanField("Received an intervention for it", null=True,
                                                blank=True)  # INTERVENTION_RECEIVED
    intervention_offered = models.BooleanField("Offered an intervention and refused it", null=True,
                                               blank=True)  # INTERVENTION_OFFERED
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-year_ending", "-id"]
        verbose_name_plural = "annual outcomes"
        constraints = [models.UniqueConstraint(fields=["person", "year_ending"], name="one_outcomes_record_a_year")]

    def __str__(self) -> str:
        return f"Outcomes for the year to {self.year_ending:%d/%m/%Y}"

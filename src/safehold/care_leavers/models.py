"""Care leavers: eligibility category (with history), pathway plan and its reviews, keeping in touch,
accommodation (with history) and the birthday check-ins the SSDA903 OC3 table is read from
(../shared/domain/ssda903.md 3.1 "OC3"; timescales.md 1.3 "Care leavers").

Field names follow the Standard Safeguarding Dataset `ssd_care_leavers` where it has them
(eligibility, in_touch, activity, accommodation, accom_suitable; ../shared/data/ssd/ssd_care_leavers.yml).
The personal adviser is a casework.Allocation with role PERSONAL_ADVISER."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from safehold.core.models import TimeStampedModel, VersionedModel

from .codes import ACCOM_CHOICES, Accommodation, Activity, ContactMethod, Eligibility, InTouch


class CareLeaverStatus(VersionedModel):
    """The young person's eligibility category from one date to another (clea_care_leaver_eligibility).
    Never overwritten: a new category ends this row and starts another. `suggested` is what the
    system worked out from the periods of care when the row was made; `confirmed` is False until a
    worker confirms a suggestion made automatically (when care ended)."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="care_leaver_statuses")
    eligibility = models.CharField("Eligibility category", max_length=16, choices=Eligibility.choices)
    start_date = models.DateField("From")
    end_date = models.DateField("To", null=True, blank=True)
    reason = models.TextField("Reason", blank=True)
    suggested = models.CharField("Suggested category", max_length=16, choices=Eligibility.choices, blank=True)
    confirmed = models.BooleanField(default=True)
    support_requested_to_25 = models.BooleanField("Asked for support to age 25", default=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "care leaver status"
        verbose_name_plural = "care leaver statuses"
        ordering = ["-start_date", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["person"], condition=Q(end_date__isnull=True),
                                    name="one_open_care_leaver_status"),
            models.CheckConstraint(condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                                   name="care_leaver_status_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.get_eligibility_display()} from {self.start_date:%d/%m/%Y}"


class PathwayPlan(TimeStampedModel):
    """The young person's pathway plan, from the day it was made."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="pathway_plans")
    start_date = models.DateField("Date the pathway plan was made")
    summary = models.TextField("Plan summary")
    young_person_views = models.TextField("The young person's views", blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-start_date", "-id"]

    def __str__(self) -> str:
        return f"Pathway plan from {self.start_date:%d/%m/%Y}"


class PathwayPlanReview(TimeStampedModel):
    """A review of the pathway plan: at least every 6 months (PATHWAY_PLAN_REVIEW)."""

    plan = models.ForeignKey(PathwayPlan, on_delete=models.CASCADE, related_name="reviews")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="pathway_plan_reviews")
    review_date = models.DateField("Date of the review")  # clea_pathway_plan_review_date
    summary = models.TextField("What the review decided")
    young_person_views = models.TextField("The young person's views", blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-review_date", "-id"]

    def __str__(self) -> str:
        return f"Pathway plan review {self.review_date:%d/%m/%Y}"


class KeepingInTouchContact(TimeStampedModel):
    """A contact with the young person (clea_care_leaver_latest_contact is the latest of these)."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="keeping_in_touch")
    contact_date = models.DateField("Date of the contact")
    method = models.CharField(max_length=10, choices=ContactMethod.choices)
    in_accommodation = models.BooleanField("Seen in their accommodation", default=False)
    by_personal_adviser = models.BooleanField("Made by the personal adviser", default=True)
    personal_adviser = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                         related_name="+")
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-contact_date", "-id"]
        constraints = [
            # Only a visit can see the young person in their accommodation.
            models.CheckConstraint(condition=Q(in_accommodation=False) | Q(method="visit"),
                                   name="care_leaver_contact_in_accommodation_is_a_visit"),
        ]

    def __str__(self) -> str:
        return f"{self.get_method_display()} on {self.contact_date:%d/%m/%Y}"


class CareLeaverAccommodation(TimeStampedModel):
    """Where the young person lives, from one date to another (clea_care_leaver_accommodation and
    clea_care_leaver_accom_suitable)."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="care_leaver_accommodation")
    start_date = models.DateField("Date they moved in")
    end_date = models.DateField("Date they moved out", null=True, blank=True)
    accommodation = models.CharField("Type of accommodation", max_length=1, choices=Accommodation.choices)
    accom_suitable = models.BooleanField("Suitable")
    address = models.CharField(max_length=300, blank=True)
    postcode = models.CharField(max_length=8, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "care leaver accommodation"
        verbose_name_plural = "care leaver accommodation"
        ordering = ["-start_date", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["person"], condition=Q(end_date__isnull=True),
                                    name="one_open_care_leaver_accommodation"),
            models.CheckConstraint(condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                                   name="care_leaver_accommodation_ends_after_start"),
            # ssda903.md 3.2 rule 133: S and X only as S2/X2 (unsuitable).
            models.CheckConstraint(condition=~Q(accommodation__in=["S", "X"]) | Q(accom_suitable=False),
                                   name="care_leaver_accommodation_s_x_unsuitable"),
        ]

    def __str__(self) -> str:
        return f"{self.get_accommodation_display()} from {self.start_date:%d/%m/%Y}"

    @property
    def code(self) -> str:
        return f"{self.accommodation}{1 if self.accom_suitable else 2}"


class BirthdayCheckIn(TimeStampedModel):
    """The OC3 items around one birthday (17 to 21; 22 to 25 for a young person who asked for support):
    one per birthday. `recorded_on` is the day the information was gathered."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="birthday_check_ins")
    age = models.PositiveSmallIntegerField("Birthday")
    birthday = models.DateField()
    in_touch = models.CharField("In touch", max_length=4, choices=InTouch.choices)  # IN_TOUCH
    activity = models.CharField("Main activity", max_length=2, choices=Activity.choices)  # ACTIV
    accommodation = models.CharField("Accommodation", max_length=2, choices=ACCOM_CHOICES)  # ACCOM
    recorded_on = models.DateField("Date of the check-in")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["age"]
        constraints = [
            models.UniqueConstraint(fields=["person", "age"], name="one_check_in_per_birthday"),
            models.CheckConstraint(condition=Q(age__gte=17) & Q(age__lte=25), name="check_in_age_17_to_25"),
            # ssda903.md 3.2 rule 344: DIED or RHOM need ACTIV and ACCOM 0.
            models.CheckConstraint(condition=~Q(in_touch__in=["DIED", "RHOM"]) | (Q(activity="0")
                                                                                 & Q(accommodation="0")),
                                   name="check_in_rule_344"),
            # Rule 345: YES needs ACTIV and ACCOM not 0.
            models.CheckConstraint(condition=~Q(in_touch="YES") | (~Q(activity="0") & ~Q(accommodation="0")),
                                   name="check_in_rule_345"),
        ]

    def __str__(self) -> str:
        return f"Check-in at {self.age}: {self.in_touch} {self.activity} {self.accommodation}"

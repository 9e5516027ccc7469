"""The workforce (issue 12.8): the establishment (posts by team and role, with FTE), the workers who
fill them (employed or agency), their appointments with start and end (starters and leavers, with
where they came from and why they left), and absences. The children's social work workforce census
(CSWW) is read from these (workforce/census.py); the vacancy, agency and turnover rates follow the
census's definitions (../shared/domain/measures.md)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from safehold.core.models import TimeStampedModel

from .codes import (
    AbsenceReason,
    CFKSSStatus,
    Gender,
    LeaverDestination,
    OrgRole,
    QualLevel,
    ReasonLeave,
    StartOrigin,
)


class Post(TimeStampedModel):
    """A post in the establishment: a team, a role and its FTE, from one date (to another)."""

    team = models.ForeignKey("accounts.Team", on_delete=models.PROTECT, related_name="posts")
    title = models.CharField(max_length=120)
    org_role = models.CharField("Role (CSWW OrgRole)", max_length=1, choices=OrgRole.choices)
    fte = models.DecimalField("FTE", max_digits=4, decimal_places=2)
    established_on = models.DateField()
    disestablished_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["team__name", "title", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(fte__gt=0) & Q(fte__lte=1), name="post_fte_0_to_1"),
            models.CheckConstraint(condition=Q(disestablished_on__isnull=True)
                                   | Q(disestablished_on__gte=F("established_on")), name="post_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.title}, {self.team}"


class Worker(TimeStampedModel):
    """A children and family social worker, employed or agency (CSWWWorker): who they are for the census,
    and their Safehold account if they have one. Imported workers may have no account yet."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="workforce_record")
    name = models.CharField(max_length=150, blank=True)
    swe_number = models.CharField("Social Work England number", max_length=12, unique=True)
    agency = models.BooleanField("Agency worker", default=False)
    birth_date = models.DateField(null=True, blank=True)
    gender = models.CharField(max_length=1, choices=Gender.choices, default=Gender.NOT_KNOWN)
    ethnicity = models.CharField(max_length=4, blank=True)
    qualification_institution = models.CharField(max_length=200, default="Not known")
    qualification_level = models.CharField(max_length=1, choices=QualLevel.choices, blank=True)
    step_up_graduate = models.BooleanField(null=True)
    frontline_graduate = models.BooleanField(null=True)
    cfkss_status = models.CharField(max_length=1, choices=CFKSSStatus.choices, blank=True)
    imported = models.BooleanField(default=False)

    class Meta:
        ordering = ["name", "swe_number"]

    def __str__(self) -> str:
        return self.name or self.swe_number


class Appointment(TimeStampedModel):
    """A worker in a role (and post, where the establishment has one) from one date to another: starters
    are appointments starting in the year, leavers those ending in it."""

    worker = models.ForeignKey(Worker, on_delete=models.CASCADE, related_name="appointments")
    post = models.ForeignKey(Post, on_delete=models.PROTECT, null=True, blank=True, related_name="appointments")
    team = models.ForeignKey("accounts.Team", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    org_role = models.CharField("Role (CSWW OrgRole)", max_length=1, choices=OrgRole.choices)
    fte = models.DecimalField("FTE", max_digits=7, decimal_places=6)
    start_date = models.DateField()
    start_origin = models.CharField(max_length=2, choices=StartOrigin.choices, blank=True)
    end_date = models.DateField(null=True, blank=True)
    leaver_destination = models.CharField(max_length=2, choices=LeaverDestination.choices, blank=True)
    reason_leave = models.CharField("Reason for leaving", max_length=2, choices=ReasonLeave.choices, blank=True)
    contract_weeks = models.DecimalField(max_digits=6, decimal_places=1, null=True, blank=True)

    class Meta:
        ordering = ["-start_date", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(fte__gte=0) & Q(fte__lte=1), name="appointment_fte_0_to_1"),
            models.CheckConstraint(condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                                   name="appointment_ends_after_start"),
        ]


class Absence(TimeStampedModel):
    worker = models.ForeignKey(Worker, on_delete=models.CASCADE, related_name="absences")
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    reason = models.CharField(max_length=3, choices=AbsenceReason.choices)
    working_days = models.DecimalField("Working days lost", max_digits=6, decimal_places=2, default=0)

    class Meta:
        ordering = ["-start_date"]


class VacancyReturn(models.Model):
    """What the council reports at LA level on the census date, when it comes from an import (the record
    works vacancies out from the establishment)."""

    reference_date = models.DateField(unique=True)
    vacancies_fte = models.DecimalField(max_digits=8, decimal_places=2)
    agency_fte = models.DecimalField(max_digits=8, decimal_places=2)
    agency_headcount = models.PositiveIntegerField()

"""Staff, teams and the services they belong to, and grants of access to restricted records."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q


class Role(models.TextChoices):
    SOCIAL_WORKER = "social_worker", "Social worker"
    TEAM_MANAGER = "team_manager", "Team manager"
    SERVICE_MANAGER = "service_manager", "Service manager"
    IRO = "iro", "Independent reviewing officer / conference chair"
    FRONT_DOOR = "front_door", "Front door practitioner"
    ANALYST = "analyst", "Performance analyst"
    PARTNER = "partner", "Partner agency practitioner"
    ADMIN = "admin", "System administrator"
    # Reads the whole service; with the director flag also authorises unregistered placements (policy.py).
    LEADER = "leader", "Senior leader"
    # Runs case file audit rounds and moderates audits (issue 13.3); reads case files across the county.
    QUALITY_ASSURANCE = "quality_assurance", "Quality assurance lead"


class Agency(models.TextChoices):
    LOCAL_AUTHORITY = "la", "Local authority"
    POLICE = "police", "Police"
    HEALTH = "health", "Health"
    EDUCATION = "education", "Education"


class Service(models.Model):
    """A service area that groups teams (ssd_department's parent), e.g. "Family Help North"."""

    name = models.CharField(max_length=120, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    """A team (ssd_department: dept_team_id, dept_team_name, dept_team_parent_id)."""

    class Kind(models.TextChoices):
        FRONT_DOOR = "front_door", "Front door"
        FAMILY_HELP = "family_help", "Family Help"
        MACPT = "macpt", "Multi-agency child protection"
        CHILDREN_IN_CARE = "children_in_care", "Children in care"
        CARE_LEAVERS = "care_leavers", "Care leavers"
        REVIEWING = "reviewing", "Independent reviewing"
        PARTNER = "partner", "Partner agency"
        CORPORATE = "corporate", "Corporate and performance"

    team_id = models.CharField("Team ID", max_length=20, unique=True)
    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="teams", null=True, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A member of staff or a partner agency practitioner. One role each (accounts/policy.py)."""

    role = models.CharField(max_length=20, choices=Role.choices)
    team = models.ForeignKey(Team, on_delete=models.PROTECT, null=True, blank=True, related_name="members")
    # For service managers and leaders whose scope is a whole service area.
    service = models.ForeignKey(Service, on_delete=models.PROTECT, null=True, blank=True, related_name="managers")
    agency = models.CharField(max_length=20, choices=Agency.choices, default=Agency.LOCAL_AUTHORITY)
    job_title = models.CharField(max_length=120, blank=True)
    # ssd_professionals: prof_staff_id, prof_social_worker_registration_no
    staff_id = models.CharField("Staff ID", max_length=20, blank=True)
    swe_registration = models.CharField("Social Work England registration number", max_length=20, blank=True)
    is_agency_worker = models.BooleanField(default=False)
    # A director (DCS or assistant director): with a service manager or leader role this grants the
    # authorisation of unregistered placements (accounts/policy.py, director_perms).
    is_director = models.BooleanField("Director (DCS or assistant director)", default=False)
    # A social worker named by an imported return (SSDA903 SW_ID), brought in as a staff record without a
    # login (inactive, no usable password) so the child's allocation history has someone to hold it. An
    # administrator later maps it to the real account (accounts/imported-staff), which takes the history.
    imported = models.BooleanField("Imported from a return (no login)", default=False)
    mapped_to = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                  help_text="The real account this imported staff record was mapped to")

    class Meta:
        ordering = ["last_name", "first_name"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class RecordAccessGrant(models.Model):
    """An explicit, named grant to open one restricted record. Made and revoked by managers."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="access_grants")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="access_grants")
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="access_grants_made"
    )
    reason = models.TextField()
    granted_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["person", "user"], condition=Q(revoked_at__isnull=True), name="one_live_grant_per_user"
            )
        ]


class BreakGlassAccess(models.Model):
    """Time-boxed access to a record outside a user's scope, with the recorded reason (security.md B4.5)."""

    class Reason(models.TextChoices):
        IMMEDIATE_SAFEGUARDING = "safeguarding", "Immediate safeguarding concern"
        OUT_OF_HOURS = "out_of_hours", "Out of hours or emergency duty response"
        FRONT_DOOR_CHECK = "front_door_check", "Front door check of previous involvement"
        COVER = "cover", "Covering for an absent colleague"
        OTHER = "other", "Other (explain below)"

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="break_glass")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="break_glass")
    reason_code = models.CharField(max_length=20, choices=Reason.choices)
    reason_text = models.TextField()
    started_at = models.DateTimeField()
    expires_at = models.DateTimeField()

    class Meta:
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["person", "user", "expires_at"])]

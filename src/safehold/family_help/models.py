"""Family Help: the episode of need from referral to closure (the CIN census "CINdetails"), and the
work inside it. Field names follow the census items (../shared/domain/cin-census.md 2.1) and the
SSD (`ssd_cin_episodes`), so the census is read straight from these rows."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from safehold.core.models import VersionedModel

from .codes import ClosureReason, PrimaryNeed, ReferralSource


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
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
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

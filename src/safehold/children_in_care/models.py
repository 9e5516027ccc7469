"""Children in care: the provider register, periods of care, placements and the SSDA903 episodes
they are counted in (../shared/domain/ssda903.md 3.1). Field names follow the 903 columns and the
SSD (`ssd_cla_episodes`, `ssd_cla_placement`), so the return is read straight from these rows.

A period of care runs from the day the child became looked after to the day they left care. Inside
it, each placement is a row, and each change of legal status or placement starts a new 903 episode
(RNE), exactly as the return counts them."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from safehold.core.models import TimeStampedModel, VersionedModel
from safehold.family_help.codes import PrimaryNeed

from .codes import (
    AdoptersLegalStatus,
    AdoptersSex,
    AdoptionCeasedReason,
    LegalStatus,
    PlacementProvider,
    PlacementType,
    PreviousPermanence,
    ReasonEpisodeCeased,
    ReasonNewEpisode,
    ReasonPlaceChange,
    RegistrationApplication,
)


class Provider(VersionedModel):
    """A provider or setting on the council's register: where a child can be placed."""

    class Registration(models.TextChoices):
        REGISTERED = "registered", "Registered with Ofsted"
        APPLIED = "applied", "Registration applied for (complete application with Ofsted)"
        NOT_REGISTERED = "not_registered", "Not registered"
        NOT_REQUIRED = "not_required", "Registration not required (e.g. foster carer, parent, hospital)"

    name = models.CharField(max_length=200)
    placement_type = models.CharField("Placement type", max_length=3, choices=PlacementType.choices)  # PLACE
    provider_code = models.CharField("Provider", max_length=3, choices=PlacementProvider.choices,
                                     blank=True)  # PLACE_PROVIDER
    urn = models.CharField("Ofsted unique reference number", max_length=8, blank=True)  # URN
    registration_status = models.CharField(max_length=16, choices=Registration.choices)
    registration_checked_on = models.DateField("Registration checked on", null=True, blank=True)
    deregistered_on = models.DateField("Deregistered or closed on", null=True, blank=True)
    address_line1 = models.CharField("Address line 1", max_length=200, blank=True)
    town = models.CharField(max_length=100, blank=True)
    postcode = models.CharField(max_length=8, blank=True)  # PL_POST
    la_code = models.CharField("Local authority area", max_length=9, blank=True,
                               help_text="The area the setting is in (PL_LA)")
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["urn"], name="provider_urn_idx")]

    def __str__(self) -> str:
        return self.name


class PeriodOfCare(VersionedModel):
    """From becoming looked after to leaving care (903: DECOM of the first episode, with RNE S, to
    the DEC of the episode that ends with an E-code)."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="periods_of_care")
    start_date = models.DateField("Date became looked after", db_index=True)
    end_date = models.DateField("Date left care", null=True, blank=True)
    reason_ended = models.CharField("Reason for leaving care", max_length=3, choices=ReasonEpisodeCeased.choices,
                                    blank=True)
    # 903 PrevPerm: a permanence order the child had before this period of care (PREV_PERM, LA_PERM,
    # DATE_PERM). DATE_PERM is kept as the return writes it, dd/mm/yyyy, with "ZZ" for unknown parts.
    previous_permanence = models.CharField("Previous permanence order", max_length=2,
                                           choices=PreviousPermanence.choices, blank=True)
    previous_permanence_la = models.CharField("Local authority that made the arrangements", max_length=9, blank=True)
    previous_permanence_date = models.CharField("Date of the previous permanence order", max_length=10, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "period of care"
        verbose_name_plural = "periods of care"
        ordering = ["-start_date", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["person"], condition=Q(end_date__isnull=True),
                                    name="one_open_period_of_care_per_child"),
            models.CheckConstraint(condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                                   name="period_of_care_ends_after_start"),
            models.CheckConstraint(
                condition=(Q(end_date__isnull=True) & Q(reason_ended=""))
                | (Q(end_date__isnull=False) & ~Q(reason_ended="") & ~Q(reason_ended="X1")),
                name="period_of_care_end_and_reason_together"),
        ]

    def __str__(self) -> str:
        return f"Period of care from {self.start_date:%d/%m/%Y}"

    @property
    def is_open(self) -> bool:
        return self.end_date is None


class Placement(VersionedModel):
    """Where the child lives while looked after, from one date to another. The 903 placement fields
    (PLACE, PLACE_PROVIDER, URN, PL_POST, HOME_POST) are copied from the provider when the placement
    starts, so a later change to the register does not rewrite history."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="placements")
    period = models.ForeignKey(PeriodOfCare, on_delete=models.CASCADE, related_name="placements")
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, null=True, blank=True, related_name="placements")
    placement_type = models.CharField("Placement type", max_length=3, choices=PlacementType.choices)  # PLACE
    provider_code = models.CharField("Provider", max_length=3, choices=PlacementProvider.choices,
                                     blank=True)  # PLACE_PROVIDER
    urn = models.CharField("Ofsted unique reference number", max_length=8, blank=True)  # URN
    postcode = models.CharField("Placement postcode", max_length=8, blank=True)  # PL_POST
    home_postcode = models.CharField("Home postcode", max_length=8, blank=True)  # HOME_POST
    la_code = models.CharField("Local authority area", max_length=9, blank=True)  # PL_LA
    distance_miles = models.DecimalField("Distance from home (miles)", max_digits=6, decimal_places=1, null=True,
                                         blank=True)  # PL_DISTANCE
    start_date = models.DateField("Placement start date", db_index=True)
    end_date = models.DateField("Placement end date", null=True, blank=True)
    change_reason = models.CharField("Reason for the placement change", max_length=6,
                                     choices=ReasonPlaceChange.choices, blank=True)  # REASON_PLACE_CHANGE
    intended_until_18 = models.BooleanField("Intended to last until the child is 18", default=False)
    # CPPCR 2010 reg 28 (timescales.md 1.2): visits are weekly until the first review when the child is
    # placed with a parent before the reg 19 assessment is complete, or with a connected person who has
    # temporary approval (reg 24).
    weekly_visits = models.BooleanField("Placed with a parent before assessment, or with a connected person with "
                                        "temporary approval", default=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-start_date", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["person"], condition=Q(end_date__isnull=True),
                                    name="one_open_placement_per_child"),
            models.CheckConstraint(condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                                   name="placement_ends_after_start"),
        ]

    def __str__(self) -> str:
        where = self.provider.name if self.provider_id else self.get_placement_type_display()
        return f"{self.placement_type} {where} from {self.start_date:%d/%m/%Y}"

    @property
    def is_open(self) -> bool:
        return self.end_date is None


class CareEpisode(TimeStampedModel):
    """One SSDA903 episode: a stretch of one legal status in one placement. Written by the services
    whenever the legal status or the placement changes; never edited by hand."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="care_episodes")
    period = models.ForeignKey(PeriodOfCare, on_delete=models.CASCADE, related_name="episodes")
    placement = models.ForeignKey(Placement, on_delete=models.PROTECT, related_name="episodes")
    start_date = models.DateField("Episode start date", db_index=True)  # DECOM
    reason_new_episode = models.CharField("Reason for new episode", max_length=1,
                                          choices=ReasonNewEpisode.choices)  # RNE
    legal_status = models.CharField("Legal status", max_length=2, choices=LegalStatus.choices)  # LS
    category_of_need = models.CharField("Category of need", max_length=2, choices=PrimaryNeed.choices)  # CIN
    end_date = models.DateField("Episode end date", null=True, blank=True)  # DEC
    reason_ended = models.CharField("Reason episode ceased", max_length=3, choices=ReasonEpisodeCeased.choices,
                                    blank=True)  # REC

    class Meta:
        ordering = ["start_date", "id"]
        constraints = [
            models.UniqueConstraint(fields=["person"], condition=Q(end_date__isnull=True),
                                    name="one_open_care_episode_per_child"),
            # DEC and REC both present or both blank (rule 148).
            models.CheckConstraint(
                condition=(Q(end_date__isnull=True) & Q(reason_ended=""))
                | (Q(end_date__isnull=False) & ~Q(reason_ended="")),
                name="care_episode_dec_and_rec_together"),
            models.CheckConstraint(condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                                   name="care_episode_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.legal_status} {self.placement.placement_type} from {self.start_date:%d/%m/%Y}"


class UnregisteredPlacementAuthorisation(VersionedModel):
    """A director's authorisation of a placement the unregistered provision guard refused
    (../shared/domain/unregistered-provision.md 5, suggested flags 2: DCS/AD sign-off, the
    registration application status, an escalation log). While the placement is open it is on the
    live register of unregistered placements, and Ofsted must be told."""

    placement = models.OneToOneField(Placement, on_delete=models.CASCADE, related_name="unregistered_authorisation")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="unregistered_authorisations")
    concerns = models.TextField("Why the placement is unlawful or unsuitable",
                                help_text="The guard's findings when the placement was authorised")
    authorised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    authorised_on = models.DateField("Date authorised")
    reason = models.TextField("Why no registered placement can meet the child's needs")
    plan_to_end = models.TextField("Plan to end the placement or have it registered")
    target_end_date = models.DateField("Target date to end the placement")
    ofsted_notified_on = models.DateField("Date Ofsted was told", null=True, blank=True)
    registration_application = models.CharField("Provider's registration application", max_length=16,
                                                 choices=RegistrationApplication.choices,
                                                 default=RegistrationApplication.NOT_APPLIED)

    class Meta:
        ordering = ["target_end_date", "id"]

    def __str__(self) -> str:
        return f"Unregistered placement authorised {self.authorised_on:%d/%m/%Y}"


class AuthorisationAction(TimeStampedModel):
    """One action in the plan to end an unregistered placement, with its owner and date."""

    authorisation = models.ForeignKey(UnregisteredPlacementAuthorisation, on_delete=models.CASCADE,
                                      related_name="actions")
    action = models.CharField(max_length=300)
    owner = models.CharField("Who will do it", max_length=120)
    due_date = models.DateField("Date it is due")
    done_on = models.DateField("Date done", null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["due_date", "id"]

    def __str__(self) -> str:
        return self.action


class DeprivationOfLibertyOrder(VersionedModel):
    """A deprivation of liberty order under the High Court's inherent jurisdiction (903 DoLo table
    from 2026-27: DOLO_START, DOLO_END; ssda903.md 3.1 rules 700-710)."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="dolos")
    start_date = models.DateField("Date the order starts")  # DOLO_START
    end_date = models.DateField("Date the order ends", null=True, blank=True)  # DOLO_END
    court = models.CharField("Court", max_length=200)
    review_date = models.DateField("Date of the next court review", null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "deprivation of liberty order"
        ordering = ["-start_date", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                                   name="dolo_ends_after_start"),  # rule 701
        ]

    def __str__(self) -> str:
        return f"Deprivation of liberty order from {self.start_date:%d/%m/%Y}"

    def covers(self, day) -> bool:
        return self.start_date <= day and (self.end_date is None or day <= self.end_date)


class UASCStatus(VersionedModel):
    """Unaccompanied asylum-seeking child status (903 UASC table: DUC, rule 304)."""

    person = models.OneToOneField("people.Person", on_delete=models.CASCADE, related_name="uasc_status")
    is_uasc = models.BooleanField("Unaccompanied asylum-seeking child", default=False)
    ceased_on = models.DateField("Date UASC status ceased", null=True, blank=True)  # DUC

    class Meta:
        verbose_name = "UASC status"

    def __str__(self) -> str:
        return "UASC" if self.is_uasc else "Not UASC"


class AdoptionMilestones(VersionedModel):
    """The child's adoption milestones (903 AD1 and PlacedAdoption, ssda903.md 3.1): one set per child."""

    person = models.OneToOneField("people.Person", on_delete=models.CASCADE, related_name="adoption")
    should_be_placed_on = models.DateField("Date of the decision that the child should be placed for adoption",
                                           null=True, blank=True)  # DATE_INT / DATE_PLACED (rules 112, 115)
    placement_order_on = models.DateField("Date of the placement order", null=True, blank=True)
    matched_on = models.DateField("Date matched with adopters", null=True, blank=True)  # DATE_MATCH (113)
    placed_on = models.DateField("Date placed for adoption", null=True, blank=True)
    adopted_on = models.DateField("Date of the adoption order", null=True, blank=True)
    no_longer_placed_on = models.DateField("Date of the decision that the child should no longer be placed",
                                           null=True, blank=True)  # DATE_PLACED_CEASED (116)
    no_longer_reason = models.CharField("Reason the child should no longer be placed", max_length=3,
                                        choices=AdoptionCeasedReason.choices, blank=True)  # REASON_PLACED_CEASED
    # The adopters (903 AD1, ssda903.md 3.1): needed once the adoption order is made (rules 151, 601).
    # NB_ADOPTR is read from the sexes: one adopter for M1/F1, two for a couple (rules 175, 511).
    by_former_foster_carers = models.BooleanField("Adopted by the child's former foster carers", null=True,
                                                  blank=True)  # FOSTER_CARE
    adopters_sex = models.CharField("Adopters", max_length=2, choices=AdoptersSex.choices, blank=True)  # SEX_ADOPTR
    adopters_legal_status = models.CharField("Adopters' legal status", max_length=3,
                                             choices=AdoptersLegalStatus.choices, blank=True)  # LS_ADOPTR

    class Meta:
        verbose_name = "adoption milestones"
        verbose_name_plural = "adoption milestones"

    def __str__(self) -> str:
        return "Adoption milestones"


class PlacementRequest(VersionedModel):
    """A worker asks a director to authorise a placement the unregistered provision guard refused (issue
    14.2; unregistered-provision.md 5): the placement as the worker entered it (`proposal`), the guard's
    findings and the worker's reasons. It waits in the director's work until a director authorises it (the
    placement is then made, with the authorisation, as though the director had entered it) or declines it
    with a reason. Nothing is placed while it waits."""

    class Kind(models.TextChoices):
        PERIOD_START = "period_start", "Becoming looked after"
        PLACEMENT_CHANGE = "placement_change", "Change of placement"

    class State(models.TextChoices):
        WAITING = "waiting", "Waiting for a director"
        AUTHORISED = "authorised", "Authorised"
        DECLINED = "declined", "Declined"

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="placement_requests")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    proposal = models.JSONField()  # the placement form's answers (dates as ISO strings, the provider's id)
    concerns = models.JSONField(default=list)  # the guard's findings, in words
    reason = models.TextField("Why this placement, and what else was tried")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    state = models.CharField(max_length=12, choices=State.choices, default=State.WAITING)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.TextField(blank=True)
    placement = models.ForeignKey(Placement, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["requested_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["person"], condition=Q(state="waiting"),
                                    name="one_waiting_placement_request_per_child"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.person_id}: {self.get_state_display()}"

"""The front door: contacts about children, the decision on each within one working day, and the
partner agencies' API tokens.

A contact is Annex A list 1 ("Date of Contact", "Contact Source": the CIN referral-source codes,
../shared/domain/ilacs-and-annex-a.md) and the SSD's `ssd_contacts` (cont_contact_date,
cont_contact_source_code, cont_contact_outcome_json). The decision clock is the CONTACT_DECISION
rule (../shared/domain/timescales.md: 1 working day from receipt, WT2023 ch.2).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from safehold.core.models import VersionedModel
from safehold.family_help.codes import ReferralSource


class Consent(models.TextChoices):
    GIVEN = "given", "Consent given"
    NOT_NEEDED = "not_needed", "Consent not needed because of safeguarding risk"
    REFUSED = "refused", "Consent refused"
    NOT_SOUGHT = "not_sought", "Consent not yet sought"


class Decision(models.TextChoices):
    """The front door decision on the response (WT2023 ch.2: timescales.md 1.1 "Referral decision")."""

    NFA = "nfa", "No further action"
    INFORMATION_ADVICE = "information_advice", "Information and advice"
    UNIVERSAL = "universal", "Universal services"
    FAMILY_HELP = "family_help", "Family Help (targeted early help)"
    ASSESSMENT = "assessment", "Referral for a Family Help assessment"
    STRATEGY = "strategy", "Immediate strategy discussion"


# Decisions that open a referral (an episode of need, census CINdetails) for the child.
REFERRAL_DECISIONS = (Decision.ASSESSMENT, Decision.STRATEGY)
# Decisions that hand the child to a team (front_door/routing.py): Family Help (targeted early help),
# a Family Help assessment, and an immediate strategy discussion for the MACPT.
ROUTED_DECISIONS = (Decision.FAMILY_HELP, Decision.ASSESSMENT, Decision.STRATEGY)


class Contact(VersionedModel):
    """A contact received at the front door about a child, and the decision on it.

    A partner agency does not know the child's person ID, so its contact may arrive unmatched:
    `person` is empty and the child as the partner described them is kept in `subject_*` until a
    front door practitioner links the contact to a person on the record.
    """

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, null=True, blank=True,
                               related_name="contacts")
    # The child as the submitter described them (partner contacts; kept after linking, because it is
    # what the partner told us and what the partner sees back).
    subject_forename = models.CharField("Child's first name", max_length=100, blank=True)
    subject_surname = models.CharField("Child's last name", max_length=100, blank=True)
    subject_dob = models.DateField("Child's date of birth", null=True, blank=True)
    subject_postcode = models.CharField("Child's postcode", max_length=8, blank=True)
    received_at = models.DateTimeField("Date and time received", db_index=True)  # cont_contact_date
    source = models.CharField("Source", max_length=3, choices=ReferralSource.choices)  # cont_contact_source_code
    source_detail = models.CharField("Who made the contact", max_length=200, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="submitted_contacts")  # set when a partner submitted it
    # Free text has a ceiling like every other field (issue 15.7): longer is refused, never cut.
    concern = models.TextField("The concern", max_length=20_000)
    consent = models.CharField("Consent", max_length=20, choices=Consent.choices)
    siblings_note = models.TextField("Other children mentioned", max_length=2_000, blank=True)
    decision = models.CharField(max_length=30, choices=Decision.choices, blank=True)
    decision_rationale = models.TextField("Rationale", blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    # The episode of need (family_help.CINEpisode) the decision opened or joined.
    cin_episode_id = models.BigIntegerField(null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # Where the decision sent the child (front_door/routing.py) and why, in words: the rule that named
    # the team, the practitioner's choice, or the team already holding the case.
    routed_team = models.ForeignKey("accounts.Team", on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")
    routing_note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-received_at", "-id"]
        indexes = [
            models.Index(fields=["decision", "received_at"]),
            models.Index(fields=["submitted_by", "received_at"]),
        ]
        constraints = [
            # Decision, rationale, who and when go together.
            models.CheckConstraint(
                condition=(Q(decision="") & Q(decision_rationale="") & Q(decided_by__isnull=True)
                           & Q(decided_at__isnull=True))
                | (~Q(decision="") & ~Q(decision_rationale="") & Q(decided_by__isnull=False)
                   & Q(decided_at__isnull=False)),
                name="contact_decision_fields_together",
            ),
            models.CheckConstraint(
                condition=Q(decision="") | Q(decision__in=[c.value for c in Decision]),
                name="contact_decision_known",
            ),
            models.CheckConstraint(
                condition=Q(decided_at__isnull=True) | Q(decided_at__gte=models.F("received_at")),
                name="contact_decided_after_receipt",
            ),
            # A decision is about a known child: link an unmatched contact first.
            models.CheckConstraint(condition=Q(decision="") | Q(person__isnull=False),
                                   name="contact_decided_only_when_linked"),
            # Someone to link: a person, or the child's name as the submitter gave it.
            models.CheckConstraint(
                condition=Q(person__isnull=False) | ~Q(subject_forename="") | ~Q(subject_surname=""),
                name="contact_has_a_subject",
            ),
            models.CheckConstraint(
                condition=Q(cin_episode_id__isnull=True) | Q(decision__in=[d.value for d in REFERRAL_DECISIONS]),
                name="contact_episode_only_for_referrals",
            ),
        ]

    def __str__(self) -> str:
        return f"Contact received {self.received_at:%d/%m/%Y %H:%M}"

    @property
    def is_decided(self) -> bool:
        return bool(self.decision)

    @property
    def subject_name(self) -> str:
        return f"{self.subject_forename} {self.subject_surname}".strip()


# What a partner sends (the API's and the partner form's field names) and the Contact field that keeps it:
# the longest value each may have is that field's max_length (front_door/openapi.py declares the same).
PARTNER_TEXT_FIELDS = {
    "forename": "subject_forename",
    "surname": "subject_surname",
    "postcode": "subject_postcode",
    "source_detail": "source_detail",
    "concern": "concern",
    "siblings_note": "siblings_note",
}


def partner_max_length(name: str) -> int:
    """The most characters the partner field `name` may hold (the model's max_length)."""
    return Contact._meta.get_field(PARTNER_TEXT_FIELDS[name]).max_length


class PartnerApiToken(models.Model):
    """A partner agency's API token. Only a SHA-256 hash is stored; the token is shown once.

    A token works until `expires_at` (SAFEHOLD_API_TOKEN_DAYS after issue; a rotation brings an old
    token's expiry forward to the end of the overlap) unless revoked sooner."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        state = "revoked" if self.revoked_at else "expired" if self.expires_at <= timezone.now() else "live"
        return f"API token for {self.user} ({state})"


class RoutingRule(models.Model):
    """The council's rule for which team receives a front door decision (issue 14.1): by decision,
    locality (the start of the child's home postcode), age and disability. Rules are tried in order
    and the first that matches names the team; a blank condition matches anything. Edited by the
    administrator (System administration > Front door routing rules)."""

    class Disabled(models.TextChoices):
        ANY = "", "Any child"
        YES = "yes", "Disabled children only"
        NO = "no", "Children with no recorded disability"

    order = models.PositiveSmallIntegerField(default=100, help_text="Lower numbers are tried first")
    decision = models.CharField(max_length=30, blank=True,
                                choices=[(d.value, d.label) for d in ROUTED_DECISIONS],
                                help_text="Blank: any decision that hands the child to a team")
    postcode_prefixes = models.CharField(
        "Postcode areas", max_length=200, blank=True,
        help_text="Start of the child's home postcode, separated by spaces (e.g. NR1 NR2 PE30). Blank: anywhere")
    min_age = models.PositiveSmallIntegerField("From age", null=True, blank=True)
    max_age = models.PositiveSmallIntegerField("To age (inclusive)", null=True, blank=True)
    disabled = models.CharField(max_length=3, choices=Disabled.choices, blank=True, default=Disabled.ANY)
    team = models.ForeignKey("accounts.Team", on_delete=models.PROTECT, related_name="routing_rules")
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["order", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(min_age__isnull=True) | Q(max_age__isnull=True)
                                   | Q(max_age__gte=models.F("min_age")), name="routing_rule_ages_in_order"),
        ]

    def __str__(self) -> str:
        return f"{self.describe()} → {self.team}"

    @property
    def prefixes(self) -> list[str]:
        return [p.replace(" ", "").upper() for p in self.postcode_prefixes.split() if p.strip()]

    def describe(self) -> str:
        parts = [self.get_decision_display() if self.decision else "Any decision"]
        if self.prefixes:
            parts.append("postcodes " + ", ".join(self.prefixes))
        if self.min_age is not None or self.max_age is not None:
            lo = self.min_age if self.min_age is not None else 0
            parts.append(f"aged {lo} to {self.max_age}" if self.max_age is not None else f"aged {lo} or over")
        if self.disabled:
            parts.append(self.get_disabled_display().lower())
        return ", ".join(parts)

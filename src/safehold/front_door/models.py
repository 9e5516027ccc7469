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
    concern = models.TextField("The concern")
    consent = models.CharField("Consent", max_length=20, choices=Consent.choices)
    siblings_note = models.TextField("Other children mentioned", blank=True)
    decision = models.CharField(max_length=30, choices=Decision.choices, blank=True)
    decision_rationale = models.TextField("Rationale", blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    # The episode of need (family_help.CINEpisode) the decision opened or joined.
    cin_episode_id = models.BigIntegerField(null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

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


class PartnerApiToken(models.Model):
    """A partner agency's API token. Only a SHA-256 hash is stored; the token is shown once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"API token for {self.user} ({'revoked' if self.revoked_at else 'live'})"

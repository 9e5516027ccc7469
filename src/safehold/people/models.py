"""People on the record: children and the adults around them, with identity, characteristics,
names, addresses, relationships and the chronology of their record.

Field names follow the Standard Safeguarding Dataset (../shared/data/ssd/ssd_person.yml and its
neighbours) without the table prefix: `person_id` is `pers_person_id`, `forename` is
`pers_forename`, `common_child_id` (NHS number) is `pers_common_child_id`, and so on; docs/data-model.md
lists the mapping.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from safehold.core.codes import Disability as DisabilityCode
from safehold.core.codes import Ethnicity, Sex, UPNUnknown
from safehold.core.models import TimeStampedModel, VersionedModel


class Person(VersionedModel):
    class Kind(models.TextChoices):
        CHILD = "child", "Child or young person"
        ADULT = "adult", "Adult"

    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.CHILD, db_index=True)
    # pers_person_id: the LA's own ID, alphanumeric and at most 20 characters (CIN rules 1570/1580).
    person_id = models.CharField("Person ID", max_length=20, unique=True)
    forename = models.CharField("First name", max_length=100)
    surname = models.CharField("Last name", max_length=100)
    sex = models.CharField(max_length=1, choices=Sex.choices, default=Sex.UNKNOWN)
    gender = models.CharField("Gender identity", max_length=60, blank=True)
    ethnicity = models.CharField(max_length=4, choices=Ethnicity.choices, default=Ethnicity.NOBT)
    dob = models.DateField("Date of birth", null=True, blank=True, db_index=True)
    expected_dob = models.DateField("Expected date of birth", null=True, blank=True)
    death_date = models.DateField("Date of death", null=True, blank=True)
    upn = models.CharField("Unique pupil number (UPN)", max_length=13, blank=True, db_index=True)
    former_upn = models.CharField("Former UPN", max_length=13, blank=True)
    upn_unknown = models.CharField("Reason UPN is not known", max_length=3, choices=UPNUnknown.choices, blank=True)
    common_child_id = models.CharField("NHS number", max_length=10, blank=True, db_index=True)
    is_uasc = models.BooleanField("Unaccompanied asylum-seeking child", default=False)
    nationality = models.CharField("Country of origin", max_length=60, blank=True)
    first_language = models.CharField(max_length=60, blank=True)
    communication_needs = models.TextField(
        blank=True, help_text="How this person communicates and what helps, shown wherever practice is recorded"
    )
    is_restricted = models.BooleanField("Restricted record", default=False, db_index=True)
    restriction_reason = models.CharField(max_length=200, blank=True)
    merged_into = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    # Search keys, kept by services: lower-case ASCII full name, and Soundex of each name.
    search_name = models.CharField(max_length=210, editable=False, db_index=True)
    forename_key = models.CharField(max_length=4, editable=False, db_index=True)
    surname_key = models.CharField(max_length=4, editable=False, db_index=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["surname", "forename"]
        constraints = [
            models.CheckConstraint(
                condition=Q(dob__isnull=True) | Q(expected_dob__isnull=True), name="person_dob_or_expected_dob"
            ),
            models.UniqueConstraint(fields=["upn"], condition=~Q(upn=""), name="person_upn_unique"),
            models.UniqueConstraint(
                fields=["common_child_id"], condition=~Q(common_child_id=""), name="person_nhs_number_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.forename} {self.surname}"

    @property
    def full_name(self) -> str:
        return f"{self.forename} {self.surname}"

    @property
    def is_unborn(self) -> bool:
        return self.dob is None and self.expected_dob is not None

    def age_on(self, day) -> int | None:
        if not self.dob:
            return None
        return day.year - self.dob.year - ((day.month, day.day) < (self.dob.month, self.dob.day))


class PersonName(TimeStampedModel):
    """A former name, alias or preferred name, with the dates it was used."""

    class Kind(models.TextChoices):
        FORMER = "former", "Former name"
        ALIAS = "alias", "Alias"
        PREFERRED = "preferred", "Preferred name"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="other_names")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    forename = models.CharField("First name", max_length=100, blank=True)
    surname = models.CharField("Last name", max_length=100, blank=True)
    search_name = models.CharField(max_length=210, editable=False, db_index=True)
    surname_key = models.CharField(max_length=4, editable=False, db_index=True)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.forename} {self.surname}".strip()


class Address(TimeStampedModel):
    """An address a person lived at, with dates (ssd_address). History is kept: a move ends one row."""

    class Type(models.TextChoices):
        HOME = "home", "Home"
        PLACEMENT = "placement", "Placement"
        TEMPORARY = "temporary", "Temporary"
        CORRESPONDENCE = "correspondence", "Correspondence"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="addresses")
    address_type = models.CharField(max_length=20, choices=Type.choices, default=Type.HOME)
    line1 = models.CharField("Address line 1", max_length=120)
    line2 = models.CharField("Address line 2", max_length=120, blank=True)
    town = models.CharField("Town or city", max_length=80, blank=True)
    postcode = models.CharField(max_length=8, db_index=True)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(start_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="address_end_after_start",
            )
        ]

    def __str__(self) -> str:
        return ", ".join(p for p in [self.line1, self.line2, self.town, self.postcode] if p)


class Disability(models.Model):
    """A disability code (census codes; ssd_disability). NONE stands alone (CIN rule 8790)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="disabilities")
    code = models.CharField(max_length=4, choices=DisabilityCode.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person", "code"], name="disability_once_per_person")]


class Relationship(TimeStampedModel):
    """`related` is the `type` of `person` (e.g. related is the mother of person), with dates."""

    class Type(models.TextChoices):
        MOTHER = "mother", "Mother"
        FATHER = "father", "Father"
        STEP_PARENT = "step_parent", "Step-parent"
        PARTNER_OF_PARENT = "parent_partner", "Parent's partner"
        CARER = "carer", "Carer"
        SIBLING = "sibling", "Sibling"
        HALF_SIBLING = "half_sibling", "Half-sibling"
        GRANDPARENT = "grandparent", "Grandparent"
        AUNT_UNCLE = "aunt_uncle", "Aunt or uncle"
        OTHER_RELATIVE = "other_relative", "Other relative"
        HOUSEHOLD_MEMBER = "household_member", "Household member"
        ALLEGED_PERPETRATOR = "alleged_perpetrator", "Alleged perpetrator"
        OTHER = "other", "Other"

    # What `person` is to `related`, read the other way round.
    INVERSE = {
        "mother": "Child",
        "father": "Child",
        "step_parent": "Step-child",
        "parent_partner": "Partner's child",
        "carer": "Cared-for child",
        "sibling": "Sibling",
        "half_sibling": "Half-sibling",
        "grandparent": "Grandchild",
        "aunt_uncle": "Niece or nephew",
        "other_relative": "Other relative",
        "household_member": "Household member",
        "alleged_perpetrator": "Alleged victim",
        "other": "Other",
    }

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="relationships")
    related = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="relationships_to")
    type = models.CharField(max_length=20, choices=Type.choices)
    parental_responsibility = models.BooleanField(default=False)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=~Q(person=models.F("related")), name="relationship_not_to_self"),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(start_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="relationship_end_after_start",
            ),
        ]
        indexes = [models.Index(fields=["related", "type"])]


DECISION_EVENT_TYPES = ["closure", "contact_decision", "step_down", "strategy_discussion"]


class ChronologyEntry(models.Model):
    """One significant event on a person's record. Services of every app write these (people/chronology.py)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="chronology")
    occurred_on = models.DateField(db_index=True)
    occurred_at = models.DateTimeField(null=True, blank=True)
    event_type = models.CharField(max_length=40, db_index=True)
    summary = models.CharField(max_length=300)
    source_type = models.CharField(max_length=60, blank=True)
    source_id = models.CharField(max_length=40, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-occurred_on", "-occurred_at", "-id"]
        indexes = [
            models.Index(fields=["person", "-occurred_on"]),
            # The team page's "decision points without oversight" (oversight.selectors.DECISION_EVENTS;
            # a test keeps the two lists the same): a partial index keeps it fast on a busy record.
            models.Index(fields=["person", "occurred_on"], name="chronology_decision_points",
                         condition=models.Q(event_type__in=DECISION_EVENT_TYPES)),
        ]

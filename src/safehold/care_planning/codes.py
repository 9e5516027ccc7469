"""Code sets for care planning, from ../shared/domain/ssda903.md and ilacs-and-annex-a.md."""

from __future__ import annotations

from django.db import models


class Participation(models.TextChoices):
    """903 REVIEW_CODE (ssda903.md "Reviews"): PN0 only for a child under 4 at the review, PN1-PN7 only
    for a child aged 4 or over (validator rules 440, 441) [confirmed]. The PN1-PN7 labels are the DfE
    guidance wording as commonly published; ssda903.md marks them UNCONFIRMED."""

    PN0 = "PN0", "Child under 4 at the time of the review"
    PN1 = "PN1", "Child attended and spoke for themselves"
    PN2 = "PN2", "Child attended and an advocate spoke for them"
    PN3 = "PN3", "Child attended and conveyed their views symbolically (non-verbally)"
    PN4 = "PN4", "Child attended but did not convey their views"
    PN5 = "PN5", "Child did not attend and briefed an advocate to speak for them"
    PN6 = "PN6", "Child did not attend and conveyed their views by another means"
    PN7 = "PN7", "Child did not attend and their views were not conveyed"


UNDER_FOUR_ONLY = frozenset({Participation.PN0})


class PermanencePlan(models.TextChoices):
    """Annex A list 8 "Permanence plan" (ilacs-and-annex-a.md)."""

    RETURN_TO_FAMILY = "return_to_family", "Return to family"
    ADOPTION = "adoption", "Adoption"
    SGO_CAO = "sgo_cao", "Special guardianship or child arrangements order"
    SUPPORTED_LIVING = "supported_living", "Supported living in the community"
    LONG_TERM_RESIDENTIAL = "long_term_residential", "Long-term residential placement"
    LONG_TERM_FOSTERING = "long_term_fostering", "Long-term fostering"
    OTHER = "other", "Other"


class MissingKind(models.TextChoices):
    """903 MISSING (ssda903.md "Missing"): M = missing, A = away without authorisation; Annex A list 8
    counts them as "Missing" and "Absent" episodes."""

    MISSING = "M", "Missing"
    AWAY = "A", "Away from placement without authorisation"


class HealthAssessmentKind(models.TextChoices):
    INITIAL = "initial", "Initial health assessment"
    REVIEW = "review", "Review health assessment"


class SDQReason(models.TextChoices):
    """903 OC2 SDQ_REASON (ssda903.md 3.1 OC2, rule 196): why there is no Strengths and Difficulties
    Questionnaire score. SDQ1 is the reason for a child outside the SDQ age range (rule 157); the
    SDQ2-SDQ5 labels are UNCONFIRMED there (open-questions.md) and are the DfE guide's wording as
    commonly published."""

    SDQ1 = "SDQ1", "Child aged under 4 or over 16 at the date of the latest assessment"
    SDQ2 = "SDQ2", "Carers refused to complete the questionnaire"
    SDQ3 = "SDQ3", "Not possible because of the severity of the child's disability"
    SDQ4 = "SDQ4", "Other"
    SDQ5 = "SDQ5", "The child refused to allow the questionnaire to be completed"


# Codes whose label is our reading, not a DfE label (marked UNCONFIRMED in ../shared/domain). Practitioners see the
# label plain (issue 14.9); docs/returns.md lists these for a council to check against the year's guidance.
UNCONFIRMED_LABELS = frozenset({"SDQ2", "SDQ3", "SDQ4", "SDQ5"})

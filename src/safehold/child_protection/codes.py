"""Code sets for multi-agency child protection.

Category of abuse: CIN census InitialCategoryOfAbuse / LatestCategoryOfAbuse
(../shared/domain/cin-census.md 2.2, rules 8905/8910). Agencies: the MACPT minimum membership
(../shared/domain/families-first.md section 6: a social worker, a police officer, a registered
health practitioner and a person with education experience).
"""

from django.db import models


class CategoryOfAbuse(models.TextChoices):
    # cin-census.md 2.2 "Category of abuse" [confirmed, XSD and rules 8905/8910]
    NEG = "NEG", "Neglect"
    PHY = "PHY", "Physical abuse"
    SAB = "SAB", "Sexual abuse"
    EMO = "EMO", "Emotional abuse"
    MUL = "MUL", "Multiple / not recommended"


class Agency(models.TextChoices):
    SOCIAL_CARE = "social_care", "Children's social care"
    POLICE = "police", "Police"
    HEALTH = "health", "Health"
    EDUCATION = "education", "Education"
    OTHER = "other", "Other agency"


# A strategy discussion must include these agencies (WT2023 ch.2: at least social care, police and
# health; families-first.md section 6 MACPT membership). Education is recommended: a warning only.
REQUIRED_AGENCIES = (Agency.SOCIAL_CARE, Agency.POLICE, Agency.HEALTH)
RECOMMENDED_AGENCIES = (Agency.EDUCATION,)

"""Children's social work workforce census (CSWW) code lists, from the 2022 schema as Social Finance
keeps it (../shared/data/csww/social_work_workforce_2022.xsd, copied to workforce/schemas/). The
element names and codes of later collection years may differ [UNCONFIRMED]; these are the 2022 ones."""

from django.db import models


class OrgRole(models.TextChoices):
    SENIOR_MANAGER = "1", "Senior manager"
    MIDDLE_MANAGER = "2", "Middle manager"
    FIRST_LINE_MANAGER = "3", "First line manager"
    SENIOR_PRACTITIONER = "4", "Senior practitioner"
    CASE_HOLDER = "5", "Case holder"
    QUALIFIED_WITHOUT_CASES = "6", "Qualified without cases"


class Gender(models.TextChoices):
    NOT_KNOWN = "0", "Not known"
    MALE = "1", "Male"
    FEMALE = "2", "Female"
    NOT_SPECIFIED = "9", "Not specified"


class QualLevel(models.TextChoices):
    UNDERGRADUATE = "1", "Undergraduate"
    POSTGRADUATE = "2", "Postgraduate"
    OTHER = "3", "Other"


class StartOrigin(models.TextChoices):
    NQSW = "1", "Newly qualified social worker"
    OTHER_LA = "2", "Social worker role in a different local authority in England"
    OUTSIDE_ENGLAND = "3", "Social worker role outside England"
    AGENCY = "4", "Agency or consultancy in social work (in England)"
    OTHER_NON_LA = "5", "Other social work role, not a local authority (in England)"
    OTHER_CARE = "6", "Other social care role (in England)"
    NON_CARE = "7", "Non-social care role, any role outside England, no employment or career break"
    OTHER = "8", "Other"
    NOT_KNOWN = "9", "Not known"
    NOT_COLLECTED = "10", "Not yet collected"


class LeaverDestination(models.TextChoices):
    OTHER_LA = "1", "Social worker role in a different local authority in England"
    OUTSIDE_ENGLAND = "2", "Social worker role outside England"
    AGENCY = "3", "Agency or consultancy in social work (in England)"
    OTHER_NON_LA = "4", "Other social work role, not a local authority (in England)"
    OTHER_CARE = "5", "Other social care role (in England)"
    NON_CARE = "6", "Non-social care role, any role outside England, no employment or career break"
    OTHER = "7", "Other"
    NOT_KNOWN = "8", "Not known"
    NOT_COLLECTED = "9", "Not yet collected"


class ReasonLeave(models.TextChoices):
    RESIGNATION = "1", "Resignation"
    VOLUNTARY_REDUNDANCY = "2", "Voluntary redundancy"
    COMPULSORY_REDUNDANCY = "3", "Compulsory redundancy"
    DISMISSED = "4", "Dismissed"
    RETIRED = "5", "Retired"
    DECEASED = "6", "Deceased"
    MOVED_WITHIN_LA = "7", "Moved to a non-child and family social work role within the council"
    OTHER = "8", "Other"
    NOT_KNOWN = "9", "Not known"
    NOT_COLLECTED = "10", "Not yet collected"


class AbsenceReason(models.TextChoices):
    MAT = "MAT", "Maternity or paternity leave"
    OTH = "OTH", "Other paid authorised absence (e.g. compassionate leave)"
    PUB = "PUB", "Paid absence for public duties (e.g. jury duty)"
    SIC = "SIC", "Sick leave"
    TRN = "TRN", "Training"
    UNA = "UNA", "Unauthorised absence"
    UNP = "UNP", "Unpaid authorised absence"


class CFKSSStatus(models.TextChoices):
    AYSE = "1", "Assessed and supported year in employment (ASYE)"
    FRONTLINE = "2", "Frontline practitioner"
    SUPERVISOR = "3", "Practice supervisor"
    LEADER = "4", "Practice leader"

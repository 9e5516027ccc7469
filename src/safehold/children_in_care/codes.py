"""SSDA903 code sets for children in care (../shared/domain/ssda903.md section 3.2). Codes are the
DfE's; labels follow the Annex A data map unless marked [UNCONFIRMED] there, in which case the label
is our plain reading and says so."""

from django.db import models


class LegalStatus(models.TextChoices):
    # ssda903.md 3.2 "LS" (rule 144)
    C1 = "C1", "Interim care order"
    C2 = "C2", "Full care order"
    D1 = "D1", "Freeing order"
    E1 = "E1", "Placement order"
    V2 = "V2", "Single period accommodated under section 20"
    V3 = "V3", "Short-term breaks, episodes recorded"
    V4 = "V4", "Short-term breaks, agreements recorded"
    L1 = "L1", "Police protection, in LA accommodation"
    L2 = "L2", "Emergency protection order"
    L3 = "L3", "Child assessment order, in LA accommodation"
    J1 = "J1", "Remanded to LA or youth detention accommodation"
    J2 = "J2", "LA accommodation under PACE"
    J3 = "J3", "Youth rehabilitation order"


SHORT_BREAK_STATUSES = {LegalStatus.V3, LegalStatus.V4}


class ReasonNewEpisode(models.TextChoices):
    # ssda903.md 3.2 "RNE" (rule 143; what changes fixed by rules 433-436)
    S = "S", "Started to be looked after"
    L = "L", "Change of legal status only"
    P = "P", "Change of placement and carer(s)"
    T = "T", "Change of placement, same carer(s)"
    U = "U", "Change of legal status and placement, same carer(s)"
    B = "B", "Change of legal status and placement and carer(s)"


class PlacementType(models.TextChoices):
    # ssda903.md 3.2 "PLACE"; valid codes by year in VALID_PLACEMENT_TYPES
    A3 = "A3", "Placed for adoption with consent, with current foster carer"
    A4 = "A4", "Placed for adoption with consent, not with current foster carer"
    A5 = "A5", "Placed for adoption under placement order, with current foster carer"
    A6 = "A6", "Placed for adoption under placement order, not with current foster carer"
    H5 = "H5", "Semi-independent living accommodation not subject to children's homes regulations"
    K1 = "K1", "Secure children's home"
    K2 = "K2", "Children's home"
    K3 = "K3", "Supported accommodation not subject to children's homes regulations"
    P1 = "P1", "Placed with parents or person with parental responsibility"
    P2 = "P2", "Independent living"
    P3 = "P3", "Residential employment"
    R1 = "R1", "Residential care home"
    R2 = "R2", "NHS/health trust"
    R3 = "R3", "Family centre or mother and baby unit"
    R5 = "R5", "Young offender institution"
    S1 = "S1", "Residential school"
    T0 = "T0", "Temporary placement"
    T1 = "T1", "Temporary – hospital"
    T2 = "T2", "Temporary – holiday"
    T3 = "T3", "Temporary – carer holiday"
    T4 = "T4", "Temporary – unspecified reason, 7 days or less"
    U1 = "U1", "Foster with relative or friend – long term"
    U2 = "U2", "Foster with relative or friend – fostering for adoption"
    U3 = "U3", "Foster with relative or friend – not fostering for adoption"
    U4 = "U4", "Foster – long term"
    U5 = "U5", "Foster – fostering for adoption"
    U6 = "U6", "Foster – not fostering for adoption"
    Z1 = "Z1", "Other placements"
    # Z11-Z14 replace Z1 from 2025-26; their labels are UNCONFIRMED (ssda903.md 3.2).
    Z11 = "Z11", "Other placement (Z11)"
    Z12 = "Z12", "Other placement (Z12)"
    Z13 = "Z13", "Other placement (Z13)"
    Z14 = "Z14", "Other placement (Z14)"


_COMMON = {"A3", "A4", "A5", "A6", "K1", "K2", "P1", "P3", "R1", "R2", "R3", "R5", "S1",
           "T0", "T1", "T2", "T3", "T4", "U1", "U2", "U3", "U4", "U5", "U6"}
# Valid PLACE codes by collection year (year ending 31 March), validator rule 146 (ssda903.md 3.2).
VALID_PLACEMENT_TYPES: dict[int, frozenset[str]] = {
    2023: frozenset(_COMMON | {"H5", "P2", "Z1"}),
    2024: frozenset(_COMMON | {"H5", "P2", "Z1"}),
    2025: frozenset(_COMMON | {"H5", "P2", "Z1", "K3"}),
    2026: frozenset(_COMMON | {"K3", "Z11", "Z12", "Z13", "Z14"}),
    2027: frozenset(_COMMON | {"K3", "Z11", "Z12", "Z13", "Z14"}),
}
TEMPORARY_PLACEMENTS = {"T0", "T1", "T2", "T3", "T4"}
FOSTER_PLACEMENTS = {"U1", "U2", "U3", "U4", "U5", "U6"}
ADOPTION_PLACEMENTS = {"A3", "A4", "A5", "A6"}


class PlacementProvider(models.TextChoices):
    # ssda903.md 3.2 "PLACE_PROVIDER" (rule 178)
    PR0 = "PR0", "Parents or person with parental responsibility"
    PR1 = "PR1", "Own provision"
    PR2 = "PR2", "Other LA provision"
    PR3 = "PR3", "Other public provision"
    PR4 = "PR4", "Private provision"
    PR5 = "PR5", "Voluntary or third sector"


class ReasonEpisodeCeased(models.TextChoices):
    # ssda903.md 3.2 "REC" (rule 149). X1: the child stays looked after; every E-code leaves care.
    X1 = "X1", "Episode ceased, child remains looked after"
    E11 = "E11", "Adopted – application unopposed"
    E12 = "E12", "Adopted – consent dispensed with"
    E13 = "E13", "Left care to live with parents, relatives or other person with no parental responsibility"
    E14 = "E14", "Accommodation on remand ended"
    E15 = "E15", "Age assessment determined child 18 or over"
    E16 = "E16", "Moved abroad"
    E17 = "E17", "Aged 18 or over and remained with current carers"
    E2 = "E2", "Died"
    E3 = "E3", "Care taken by another LA"
    E4A = "E4A", "Returned home to parents or relatives, part of care planning"
    E4B = "E4B", "Returned home to parents or relatives, not part of care planning"
    E41 = "E41", "Residence order granted"
    E45 = "E45", "Special guardianship order – former foster carer who is a relative or friend"
    E46 = "E46", "Special guardianship order – former foster carer, other"
    E47 = "E47", "Special guardianship order – relative or friend, not former carer"
    E48 = "E48", "Special guardianship order – other"
    E5 = "E5", "Moved into independent living with support"
    E6 = "E6", "Independent living without support"
    E7 = "E7", "Transferred to residential care funded by adult social services"
    E8 = "E8", "Care ceased for any other reason"
    E9 = "E9", "Sentenced to custody"


LEAVING_CARE_REASONS = [c for c in ReasonEpisodeCeased if c != ReasonEpisodeCeased.X1]
ADOPTED = frozenset({ReasonEpisodeCeased.E11, ReasonEpisodeCeased.E12})


class ReasonPlaceChange(models.TextChoices):
    # ssda903.md 3.2 "REASON_PLACE_CHANGE" (rule 1009). Codes confirmed; labels UNCONFIRMED except
    # CUSTOD (rule 234): these are our plain readings of the codes.
    CARPL = "CARPL", "Change to or implementation of the care plan"
    CLOSE = "CLOSE", "Provider closed"
    ALLEG = "ALLEG", "Allegation or concern about the placement"
    STAND = "STAND", "Standards of care concern"
    APPRR = "APPRR", "Carer's approval removed"
    CREQB = "CREQB", "Carer requested, due to the child's behaviour"
    CREQO = "CREQO", "Carer requested, other reason"
    CHILD = "CHILD", "Child requested"
    LAREQ = "LAREQ", "Responsible LA requested"
    PLACE = "PLACE", "Placement change, other provider reason"
    CUSTOD = "CUSTOD", "Admitted to custody"
    OTHER = "OTHER", "Other"


# --- Unregistered and unsuitable provision (../shared/domain/unregistered-provision.md section 5) ----------

# Settings that provide care (children's homes, Care Standards Act 2000 s1(2)) or supported
# accommodation (Supported Accommodation (England) Regulations 2023): carrying one on without Ofsted
# registration is an offence (CSA 2000 s11; registration mandatory from 28 October 2023). Z12/Z13 are
# the 2025-26 codes a child under a DoLO is expected in (rule 709), i.e. unregistered care settings.
MUST_BE_REGISTERED = frozenset({"K1", "K2", "K3", "H5", "Z12", "Z13"})

# "Other arrangements" (independent, semi-independent, supported accommodation and the other-placement
# codes): the CPPCR (England) (Amendment) Regulations 2021 ban placing a looked-after child under 16 in
# them (unregistered-provision.md 5); the 903 rules 370/371 (ssda903.md 3.3) check the same for P2/H5/K3.
UNDER_16_BANNED = frozenset({"K3", "H5", "P2", "Z1", "Z11", "Z12", "Z13", "Z14"})
UNDER_16_BAN_AGE = 16

# A child under a deprivation of liberty order must not be placed in these (ssda903.md 3.1, rule 710);
# the expected placements are K2, Z12 or Z13 (rule 709).
DOLO_NOT_ALLOWED = frozenset({"K1", "P1", "R5", "K3"})
DOLO_EXPECTED = frozenset({"K2", "Z12", "Z13"})

# Placement types with no provider and no URN (rules 213, 218, 222, 526).
NO_PROVIDER_PLACEMENTS = frozenset(TEMPORARY_PLACEMENTS | {"Z1", "Z11", "Z12", "Z13", "Z14"})

# Youth justice statuses need the child to be at least 10, the age of criminal responsibility in
# England (Children and Young Persons Act 1933 s50) [UNCONFIRMED as a 903 rule: our check].
YOUTH_JUSTICE_STATUSES = frozenset({"J1", "J2", "J3"})
AGE_OF_CRIMINAL_RESPONSIBILITY = 10
# Orders the Children Act 1989 cannot make for a young person of 17 or over (s31(3): no care or
# supervision order for a child aged 17, or 16 if married) [secondary reading: our check].
CARE_ORDER_STATUSES = frozenset({"C1", "C2"})
CARE_ORDER_MAX_AGE = 16  # the child must be under 17 on the date the order starts
# Placement and freeing orders are for adoption, which must be applied for before 18 (Adoption and
# Children Act 2002 s47(9)); we apply the general rule that no legal status starts at 18 or over.
LOOKED_AFTER_MAX_AGE = 17


class RegistrationApplication(models.TextChoices):
    """Where the provider's Ofsted registration stands (unregistered-provision.md 5, suggested flags 2)."""

    NOT_APPLIED = "not_applied", "Not applied for"
    APPLIED = "applied", "Application made, not yet decided"
    REGISTERED = "registered", "Registered since the placement started"
    REFUSED = "refused", "Application refused or withdrawn"


class AdoptionCeasedReason(models.TextChoices):
    # ssda903.md 3.1 PlacedAdoption REASON_PLACED_CEASED (rule 120; Annex A List 10)
    RD1 = "RD1", "The child's needs changed after the decision"
    RD2 = "RD2", "The court did not make a placement order"
    RD3 = "RD3", "Prospective adopters could not be found"
    RD4 = "RD4", "Any other reason"


class AdoptersSex(models.TextChoices):
    # ssda903.md 3.1 AD1 SEX_ADOPTR (rules 511, 514, 517, 518)
    M1 = "M1", "A single male adopter"
    F1 = "F1", "A single female adopter"
    MM = "MM", "A male couple"
    FF = "FF", "A female couple"
    MF = "MF", "A male and female couple"


class AdoptersLegalStatus(models.TextChoices):
    # ssda903.md 3.1 AD1 LS_ADOPTR; the labels of L12, L3 and L4 are UNCONFIRMED there and are read
    # from the sexes the rules allow (524, 517, 518).
    L0 = "L0", "Single adopter"
    L11 = "L11", "Married couple of different sexes"
    L12 = "L12", "Married couple of the same sex"
    L2 = "L2", "Civil partners"
    L3 = "L3", "Unmarried couple of different sexes"
    L4 = "L4", "Unmarried couple of the same sex"


# The adopters' sexes each legal status allows (903 rules 514, 517, 518, 519, 520, 524).
ADOPTERS_SEXES_FOR_STATUS = {
    "L0": {"M1", "F1"}, "L11": {"MF"}, "L12": {"MM", "FF"}, "L2": {"MM", "FF", "MF"}, "L3": {"MF"},
    "L4": {"MM", "FF"},
}
SINGLE_ADOPTER = frozenset({"M1", "F1"})  # NB_ADOPTR 1; the couples are 2 (rules 175, 511)


class PreviousPermanence(models.TextChoices):
    """903 PrevPerm PREV_PERM (ssda903.md 3.1, rules 630, 632, 634, 635): the codes are confirmed, the
    labels are the DfE guide's as commonly read [UNCONFIRMED in ssda903.md]. P1-P4 need the LA and the
    date of the order; Z1 has neither."""

    P1 = "P1", "P1: Adoption"
    P2 = "P2", "P2: Special guardianship order"
    P3 = "P3", "P3: Residence order or child arrangements order (to live with)"
    P4 = "P4", "P4: Previous permanence order, details not known"
    Z1 = "Z1", "Z1: No previous permanence order (or not known)"


# Codes whose label is our reading, not a DfE label (marked UNCONFIRMED in ../shared/domain). Practitioners see the
# label plain (issue 14.9); docs/returns.md lists these for a council to check against the year's guidance.
UNCONFIRMED_LABELS = frozenset({"Z11", "Z12", "Z13", "Z14", "L12", "L3", "L4"})

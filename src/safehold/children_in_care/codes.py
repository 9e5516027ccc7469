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
    Z11 = "Z11", "Other placement (Z11) [label unconfirmed]"
    Z12 = "Z12", "Other placement (Z12) [label unconfirmed]"
    Z13 = "Z13", "Other placement (Z13) [label unconfirmed]"
    Z14 = "Z14", "Other placement (Z14) [label unconfirmed]"


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

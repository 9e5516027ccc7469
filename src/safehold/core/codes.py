"""Official code sets shared by the record and the returns.

Codes and labels are those of ../shared/domain/cin-census.md (section 2.2), which reads them from
the DfE CIN census schema and validation rules; SSDA903 uses the same ethnicity codes
(../shared/domain/ssda903.md). Keep the official codes as the stored values.
"""

from django.db import models


class Ethnicity(models.TextChoices):
    # cin-census.md 2.2 "Ethnicity" (CIN rule 4220, 903 rule 103)
    WBRI = "WBRI", "White British"
    WIRI = "WIRI", "White Irish"
    WIRT = "WIRT", "Traveller of Irish heritage"
    WOTH = "WOTH", "Any other White background"
    WROM = "WROM", "Gypsy/Roma"
    MWBC = "MWBC", "White and Black Caribbean"
    MWBA = "MWBA", "White and Black African"
    MWAS = "MWAS", "White and Asian"
    MOTH = "MOTH", "Any other Mixed background"
    AIND = "AIND", "Indian"
    APKN = "APKN", "Pakistani"
    ABAN = "ABAN", "Bangladeshi"
    AOTH = "AOTH", "Any other Asian background"
    BCRB = "BCRB", "Caribbean"
    BAFR = "BAFR", "African"
    BOTH = "BOTH", "Any other Black background"
    CHNE = "CHNE", "Chinese"
    OOTH = "OOTH", "Any other ethnic group"
    REFU = "REFU", "Refused"
    NOBT = "NOBT", "Information not yet obtained"


class Disability(models.TextChoices):
    # cin-census.md 2.2 "Disability" (rule 8540; NONE never combined with another code, rule 8790)
    NONE = "NONE", "No disability"
    MOB = "MOB", "Mobility"
    HAND = "HAND", "Hand function"
    PC = "PC", "Personal care"
    INC = "INC", "Incontinence"
    COMM = "COMM", "Communication"
    LD = "LD", "Learning"
    HEAR = "HEAR", "Hearing"
    VIS = "VIS", "Vision"
    BEH = "BEH", "Behaviour"
    CON = "CON", "Consciousness"
    AUT = "AUT", "Autism"
    DDA = "DDA", "Other"


class Sex(models.TextChoices):
    # cin-census.md 2.2 "Gender/Sex": from 2024-25 the census item Sex takes M, F, U. The labels are
    # not given by the DfE [UNCONFIRMED]; these are the evident readings.
    MALE = "M", "Male"
    FEMALE = "F", "Female"
    UNKNOWN = "U", "Not known or unborn"


class UPNUnknown(models.TextChoices):
    # cin-census.md 2.1. Only UN1 and UN7 have confirmed meanings; UN2-UN6 labels are not published
    # in the schema or validators [UNCONFIRMED], so they carry their codes.
    UN1 = "UN1", "UN1: Child is not of school age"
    UN2 = "UN2", "UN2 (reason code 2)"
    UN3 = "UN3", "UN3 (reason code 3)"
    UN4 = "UN4", "UN4 (reason code 4)"
    UN5 = "UN5", "UN5 (reason code 5)"
    UN6 = "UN6", "UN6 (reason code 6)"
    UN7 = "UN7", "UN7: Referral with no further action"

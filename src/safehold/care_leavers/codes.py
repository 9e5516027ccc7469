"""Care leaver code sets: the SSDA903 OC3 items and the eligibility categories.

Codes and labels follow ../shared/domain/ssda903.md 3.2 ("OC3 care leaver fields": IN_TOUCH rule 131,
ACTIV rule 132, ACCOM rule 133) and the Standard Safeguarding Dataset `ssd_care_leavers`
(../shared/data/ssd/ssd_care_leavers.yml, CLEA003A-CLEA008A). Eligibility categories follow
../shared/domain/timescales.md 1.3 and Annex A list 9 (ilacs-and-annex-a.md 4.2)."""

from __future__ import annotations

from django.db import models


class Eligibility(models.TextChoices):
    """clea_care_leaver_eligibility (CLEA003A). Annex A list 9 has relevant / former relevant /
    qualifying; an eligible child is still looked after and is counted in list 8."""

    ELIGIBLE = "eligible", "Eligible child"
    RELEVANT = "relevant", "Relevant child"
    FORMER_RELEVANT = "former_relevant", "Former relevant child"
    QUALIFYING = "qualifying", "Qualifying care leaver"


# Annex A list 9 writes the categories as a) b) c) (ilacs-and-annex-a.md 4.2, list 9).
ANNEX_A_ELIGIBILITY = {
    Eligibility.RELEVANT: "a) Relevant child",
    Eligibility.FORMER_RELEVANT: "b) Former relevant child",
    Eligibility.QUALIFYING: "c) Qualifying care leaver",
}


class InTouch(models.TextChoices):
    """IN_TOUCH (ssda903.md 3.2, rule 131; glosses from ssd_care_leavers CLEA004A). The REFU and NREQ
    glosses are [UNCONFIRMED] in ssda903.md; the SSD gives these words."""

    YES = "YES", "Yes, in touch"
    NO = "NO", "No, not in touch"
    DIED = "DIED", "Died after leaving care"
    REFU = "REFU", "Young person refuses contact"
    NREQ = "NREQ", "Young person no longer requires children's social care services"
    RHOM = "RHOM", "Returned to live with parents or someone with parental responsibility for 6 months or more"


NOT_APPLICABLE = "0"


class Activity(models.TextChoices):
    """ACTIV (ssda903.md 3.2, rule 132). Labels from ssd_care_leavers CLEA008A; F3/P3 are superseded
    by F4/F5 and P4/P5 and are not offered (the 903 validator accepts F4/P4/F5/P5)."""

    F1 = "F1", "Full-time higher education"
    P1 = "P1", "Part-time higher education"
    F2 = "F2", "Full-time education other than higher education"
    P2 = "P2", "Part-time education other than higher education"
    F4 = "F4", "Full-time apprenticeship"
    P4 = "P4", "Part-time apprenticeship"
    F5 = "F5", "Full-time training or employment (not apprenticeship)"
    P5 = "P5", "Part-time training or employment (not apprenticeship)"
    G4 = "G4", "Not in education, employment or training: illness or disability"
    G5 = "G5", "Not in education, employment or training: other circumstances"
    G6 = "G6", "Not in education, employment or training: pregnancy or parenting"
    NONE = NOT_APPLICABLE, "Not applicable"


class Accommodation(models.TextChoices):
    """ACCOM letters (ssda903.md 3.2, rule 133). On the return the letter carries a digit: 1 suitable,
    2 unsuitable; 0 alone is "not applicable"."""

    B = "B", "With parents or relatives"
    C = "C", "Community home or other residential care"
    D = "D", "Semi-independent, transitional or self-contained accommodation"
    E = "E", "Supported lodgings"
    G = "G", "Gone abroad"
    H = "H", "Deported"
    K = "K", "Ordinary lodgings, without formal support"
    R = "R", "Residence not known"
    S = "S", "No fixed abode or homeless"
    T = "T", "Foyer or similar supported accommodation"
    U = "U", "Independent living"
    V = "V", "Emergency accommodation"
    W = "W", "Bed and breakfast"
    X = "X", "In custody"
    Y = "Y", "Other accommodation"
    Z = "Z", "With former foster carers"


SUITABLE, UNSUITABLE = "1", "2"
# Rule 133: S (no fixed abode) and X (custody) are valid only as S2 and X2.
ONLY_UNSUITABLE = frozenset({"S", "X"})
# Rule 3001: Z (former foster carers) is not allowed around the 17th birthday; the SSD guidance says
# the code is for young people who stay with their foster carers on turning 18.
FORMER_FOSTER_CARERS = "Z"
# Rule 347 (from 2023-24): T (foyer) not for a young person under 18.
FOYER = "T"
FOYER_MIN_AGE = 18


def accom_code(letter: str, suitable: bool) -> str:
    return f"{letter}{SUITABLE if suitable else UNSUITABLE}"


ACCOM_CODES = frozenset({NOT_APPLICABLE} | {accom_code(letter, s) for letter in Accommodation.values
                                              for s in (True, False)})


def accom_label(code: str) -> str:
    if code == NOT_APPLICABLE:
        return "Not applicable"
    if not code or code[0] not in Accommodation.values:
        return code
    return f"{Accommodation(code[0]).label}, {'suitable' if code[1:] == SUITABLE else 'unsuitable'}"


ACCOM_CHOICES = [(NOT_APPLICABLE, "0: Not applicable")] + [
    (accom_code(letter, s), f"{accom_code(letter, s)}: {label}, {'suitable' if s else 'unsuitable'}")
    for letter, label in Accommodation.choices for s in (True, False)]


class ContactMethod(models.TextChoices):
    VISIT = "visit", "Visit"
    PHONE = "phone", "Phone call"
    VIDEO = "video", "Video call"
    MESSAGE = "message", "Message (text, email or social media)"


# Birthday check-ins (OC3): around each birthday from 17 to 21, and 22 to 25 for a young person who
# asked for support to 25 (Children and Social Work Act 2017; timescales.md 1.3).
CHECK_IN_AGES = range(17, 22)
CHECK_IN_AGES_TO_25 = range(17, 26)
SUPPORT_MAX_AGE = 25

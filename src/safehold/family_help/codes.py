"""CIN census code sets used by Family Help (../shared/domain/cin-census.md section 2.2)."""

from django.db import models


class ReferralSource(models.TextChoices):
    # cin-census.md 2.2 "Referral source" (rule 8866)
    S1A = "1A", "Individual – family member, relative or carer"
    S1B = "1B", "Individual – acquaintance (incl. neighbours, childminders)"
    S1C = "1C", "Individual – self"
    S1D = "1D", "Individual – other (incl. strangers)"
    S2A = "2A", "Schools"
    S2B = "2B", "Education services"
    S3A = "3A", "Health – GP"
    S3B = "3B", "Health – health visitor"
    S3C = "3C", "Health – school nurse"
    S3D = "3D", "Health – other primary health"
    S3E = "3E", "Health – A&E"
    S3F = "3F", "Health – other (e.g. hospice)"
    S4 = "4", "Housing (LA housing or housing association)"
    S5A = "5A", "LA services – social care (e.g. adult social care)"
    S5B = "5B", "LA services – other internal (e.g. youth offending; not housing)"
    S5C = "5C", "LA services – external (another LA's adult social care)"
    S5D = "5D", "LA services – early help"
    S6 = "6", "Police"
    S7 = "7", "Other legal agency (courts, probation, immigration, Cafcass, prison)"
    S8 = "8", "Other (children's centres, independent providers, voluntary orgs)"
    S9 = "9", "Anonymous"
    S10 = "10", "Unknown"


class PrimaryNeed(models.TextChoices):
    # cin-census.md 2.2 "Primary need" (rule 8650)
    N1 = "N1", "Abuse or neglect"
    N2 = "N2", "Child's disability"
    N3 = "N3", "Parental disability or illness"
    N4 = "N4", "Family in acute stress"
    N5 = "N5", "Family dysfunction"
    N6 = "N6", "Socially unacceptable behaviour"
    N7 = "N7", "Low income"
    N8 = "N8", "Absent parenting"
    N9 = "N9", "Cases other than children in need"
    N0 = "N0", "Not stated"


class ClosureReason(models.TextChoices):
    # cin-census.md 2.2 "Reason for closure" (rule 8640)
    RC1 = "RC1", "Adopted"
    RC2 = "RC2", "Died"
    RC3 = "RC3", "Child arrangements order"
    RC4 = "RC4", "Special guardianship order"
    RC5 = "RC5", "Transferred to another LA"
    RC6 = "RC6", "Transferred to adult social care"
    RC7 = "RC7", "Services ceased for any other reason, incl. no longer in need"
    RC8 = "RC8", "Case closed after assessment, no further action"
    RC9 = "RC9", "Case closed after assessment, referred to early help"


class AssessmentFactor(models.TextChoices):
    # cin-census.md 2.2 "Factors identified at assessment"; A child, B parent/carer, C other in household
    F1A = "1A", "Alcohol misuse: child"
    F1B = "1B", "Alcohol misuse: parent or carer"
    F1C = "1C", "Alcohol misuse: other person in the household"
    F2A = "2A", "Drug misuse: child"
    F2B = "2B", "Drug misuse: parent or carer"
    F2C = "2C", "Drug misuse: other person in the household"
    F3A = "3A", "Domestic violence: child subject"
    F3B = "3B", "Domestic violence: parent or carer subject"
    F3C = "3C", "Domestic violence: other person in the household subject"
    F4A = "4A", "Mental health: child"
    F4B = "4B", "Mental health: parent or carer"
    F4C = "4C", "Mental health: other person in the household"
    F5A = "5A", "Learning disability: child"
    F5B = "5B", "Learning disability: parent or carer"
    F5C = "5C", "Learning disability: other person in the household"
    F6A = "6A", "Physical disability or illness: child"
    F6B = "6B", "Physical disability or illness: parent or carer"
    F6C = "6C", "Physical disability or illness: other person in the household"
    F7A = "7A", "Young carer"
    F8B = "8B", "Private fostering – overseas children intending to return"
    F8C = "8C", "Private fostering – overseas children intending to stay"
    F8D = "8D", "Private fostering – UK children in educational placements"
    F8E = "8E", "Private fostering – UK alternative family arrangements"
    F8F = "8F", "Private fostering – other"
    F9A = "9A", "Unaccompanied asylum-seeking child"
    F10A = "10A", "Missing"
    F11A = "11A", "Child sexual exploitation"
    F12A = "12A", "Trafficking"
    F13A = "13A", "Gangs"
    F14A = "14A", "Socially unacceptable behaviour"
    F15A = "15A", "Self-harm"
    F16A = "16A", "Neglect"
    F17A = "17A", "Emotional abuse"
    F18B = "18B", "Physical abuse: child-on-child"
    F18C = "18C", "Physical abuse: adult-on-child"
    F19B = "19B", "Sexual abuse: child-on-child"
    F19C = "19C", "Sexual abuse: adult-on-child"
    F20 = "20", "Other"
    F21 = "21", "No factors identified (used alone, rule 8869)"
    F22A = "22A", "Female genital mutilation"
    F23A = "23A", "Abuse linked to faith or belief"
    F24A = "24A", "Child criminal exploitation"


# Factor 21 "No factors identified" must be used alone (cin-census.md 2.3, rule 8869).
NO_FACTORS = AssessmentFactor.F21.value


class PPOutcome(models.TextChoices):
    # cin-census.md 2.4, module 5 PPOutcome (N00833), codeset CS131 = A / B / C, rule 9011.
    # The MEANINGS of A, B and C are UNCONFIRMED (not found in any schema or validator): the labels
    # below are the codes only. Replace them with the DfE 2026-27 specification's labels.
    A = "A", "A (meaning not yet confirmed by the DfE specification)"
    B = "B", "B (meaning not yet confirmed by the DfE specification)"
    C = "C", "C (meaning not yet confirmed by the DfE specification)"


class EarlyHelpEndReason(models.TextChoices):
    # Local list for ssd_early_help_episodes.earl_episode_end_reason (free text in the SSD; no
    # national code set: families-first.md section 6 asks only that start, end and lead are recorded).
    OUTCOMES_MET = "outcomes_met", "Outcomes achieved"
    STEP_UP = "step_up", "Stepped up to a child in need assessment or plan"
    DECLINED = "declined", "Family declined or withdrew consent"
    MOVED = "moved", "Moved out of the area"
    OTHER_SERVICE = "other_service", "Support continued by another service"
    OTHER = "other", "Other"

"""The sector validators' rules Safehold does not implement, each with the reason (issue 16.4). A test checks
that every rule the sector's validator has for a supported year is either implemented here or listed below,
and that docs/returns.md lists these too."""

from __future__ import annotations

# code: why Safehold does not implement it (filled from the rule authors' notes).
NOT_IMPLEMENTED: dict[str, dict[str, str]] = {
    "cin": {},
    "ssda903": {
        "105": "The CSV return has no UASC status field (a child is unaccompanied when the UASC table has a row): "
               "the rule cannot fail on a CSV return, and a rule that always passes is not written.",
        "303": "As 105: there is no UASC status column in the CSV return to compare with the UASC table.",
        "205A": "Needs last year's UASC status in a form the CSV return does not carry (only a child missing from "
                "the header could fail it).",
        "205B": "As 205A.",
        "205C": "As 205A.",
        "406": "Needs the postcode-derived fields (distance, local authority or location of the placement) that the sector's validator adds from the ONS postcode directory, which Safehold does not hold.",
        "453": "Needs the postcode-derived fields (distance, local authority or location of the placement) that the sector's validator adds from the ONS postcode directory, which Safehold does not hold.",
        "454": "Needs the postcode-derived fields (distance, local authority or location of the placement) that the sector's validator adds from the ONS postcode directory, which Safehold does not hold.",
        "503G": "Needs the postcode-derived fields (distance, local authority or location of the placement) that the sector's validator adds from the ONS postcode directory, which Safehold does not hold.",
        "411": "Needs the postcode-derived fields (distance, local authority or location of the placement) that the sector's validator adds from the ONS postcode directory, which Safehold does not hold.",
        "503J": "Needs the postcode-derived fields (distance, local authority or location of the placement) that the sector's validator adds from the ONS postcode directory, which Safehold does not hold.",
        "420": "Needs the postcode-derived fields (distance, local authority or location of the placement) that the sector's validator adds from the ONS postcode directory, which Safehold does not hold.",
        "452": "Needs the postcode-derived fields (distance, local authority or location of the placement) that the sector's validator adds from the ONS postcode directory, which Safehold does not hold.",
        "503H": "Needs the postcode-derived fields (distance, local authority or location of the placement) that the sector's validator adds from the ONS postcode directory, which Safehold does not hold.",
        "1015": "Needs the postcode-derived fields (distance, local authority or location of the placement) that the sector's validator adds from the ONS postcode directory, which Safehold does not hold.",
        "164": "Needs the postcode-derived fields (distance, local authority or location of the placement) that the sector's validator adds from the ONS postcode directory, which Safehold does not hold.",
        "392a": "Needs the postcode-derived fields (distance, local authority or location of the placement) that the sector's validator adds from the ONS postcode directory, which Safehold does not hold.",
        "169": "Needs the postcode-derived fields (distance, local authority or location of the placement) that the sector's validator adds from the ONS postcode directory, which Safehold does not hold.",
        "179": "Needs the postcode-derived fields (distance, local authority or location of the placement) that the sector's validator adds from the ONS postcode directory, which Safehold does not hold.",
        "241": "Needs the postcode-derived fields (distance, local authority or location of the placement) that the sector's validator adds from the ONS postcode directory, which Safehold does not hold.",
        "243": "Needs the postcode-derived fields (distance, local authority or location of the placement) that the sector's validator adds from the ONS postcode directory, which Safehold does not hold.",
        "392c": "Needs the postcode-derived fields (distance, local authority or location of the placement) that the sector's validator adds from the ONS postcode directory, which Safehold does not hold.",
        "218": "Its exemption for a placement outside England (no Ofsted URN, e.g. in Wales) comes from the placement's local authority, which the sector's validator finds in the ONS postcode directory.",
        "1008": "Needs Ofsted's lists of children's homes and social care providers (the CH and SCP workbooks).",
        "219": "Needs Ofsted's lists of children's homes and social care providers (the CH and SCP workbooks).",
        "221": "Needs Ofsted's lists of children's homes and social care providers (the CH and SCP workbooks).",
        "224": "Needs Ofsted's lists of children's homes and social care providers (the CH and SCP workbooks).",
        "227": "Needs Ofsted's lists of children's homes and social care providers (the CH and SCP workbooks).",
        "228": "Needs Ofsted's lists of children's homes and social care providers (the CH and SCP workbooks).",
        "229": "Needs Ofsted's lists of children's homes and social care providers (the CH and SCP workbooks).",
        "502": "Needs last year's return, which a year's return does not carry (the rule is written when Safehold checks two years together).",
        "503A": "Needs last year's return, which a year's return does not carry (the rule is written when Safehold checks two years together).",
        "503B": "Needs last year's return, which a year's return does not carry (the rule is written when Safehold checks two years together).",
        "503C": "Needs last year's return, which a year's return does not carry (the rule is written when Safehold checks two years together).",
        "503D": "Needs last year's return, which a year's return does not carry (the rule is written when Safehold checks two years together).",
        "503E": "Needs last year's return, which a year's return does not carry (the rule is written when Safehold checks two years together).",
        "503F": "Needs last year's return, which a year's return does not carry (the rule is written when Safehold checks two years together).",
        "562": "Needs last year's return, which a year's return does not carry (the rule is written when Safehold checks two years together).",
        "1001": "Needs last year's return, which a year's return does not carry (the rule is written when Safehold checks two years together).",
        "1002": "Needs last year's return, which a year's return does not carry (the rule is written when Safehold checks two years together).",
        "1010": "Needs last year's return, which a year's return does not carry (the rule is written when Safehold checks two years together).",
        "NoE": "Needs last year's return, which a year's return does not carry (the rule is written when Safehold checks two years together).",
        "207": "Needs last year's return, which a year's return does not carry (the rule is written when Safehold checks two years together).",
        "706": "Needs last year's DoLo table, which a year's return does not carry (the sector's validator stops "
               "without it).",
        "165": "The sector's rule still tests the sex codes 1 and 2 the return stopped using in 2024-25, and one of "
               "its branches contradicts its own description: the DfE's current meaning is not clear.",
    },
}


# Rules where Safehold keeps the DfE's meaning and the sector's validator reads it otherwise: left out of the
# like-for-like comparison (compare.py), each pinned by a unit test and explained in docs/returns.md.
KNOWN_DIFFERENCES: dict[str, dict[str, str]] = {
    "cin": {
        "8540": "The sector's validator finds the failing rows but drops them when it reports them (its row column "
                "is named ROW_ID_x, not ROW_ID), so it never reports 8540; Safehold reports them.",
        "2887Q": "The DfE's rule is about fewer than 8 different disability codes other than NONE being used; the "
                 "sector's validator counts the rows that are NONE.",
        "8565": "The sector's validator checks the plan's end date against a test table of its own, so it never "
                "flags a plan ending after the episode closed; Safehold does.",
        "8815": "The sector's validator's count of open episodes can never pass 1, so it never reports the rule.",
        "8935": "As 8815, for open child protection plans.",
        "8869": "The sector's validator compares the assessment's whole list of factors with one code, so it never "
                "fires; Safehold checks each factor.",
        "8945Q": "As 8869.",
        "8950Q": "As 8869.",
        "8614": "The sector's validator reports nothing for factors on an assessment not completed; Safehold does.",
        "8898": "The sector's validator stops with an error on repeated factors; Safehold reports them.",
        "8832": "The sector's validator joins the referral and the plan with their suffixes swapped and reports "
                "nothing for a plan on a no-further-action referral; Safehold does.",
        "8870Q": "The sector's validator reads the conference target date as dd-mm-yyyy, so a census date never "
                 "parses and the rule never fires.",
    },
    "ssda903": {
        "359": "The sector's validator lets rule 365 write 31 March into every blank DEC before the other rules run "
               "(a shared copy of the data), so 359 (still looked after past 18) never fires in a full run.",
        "386": "As 359: the sector's validator sees the DEC that rule 365 wrote, not the blank the file holds.",
        "387": "As 359: the sector's validator sees the DEC that rule 365 wrote, not the blank the file holds.",
        "407": "The sector's validator sees the DEC that rule 365 wrote into the shared table (see 359).",
        "602": 'As 407.',
        "1007": "The sector's validator checks only episodes that ended after the birthday, so it misses a young person still in care on their 17th or 18th birthday; the rule's text is that DEC and/or REC were not given.",
        "146": "In 2024-25 the sector's list spells K3 as 'k3', so it rejects K3 once codes are in capitals (../shared/domain/ssda903.md: a typo).",
        "233": "The sector's validator reads a column (DATE_EPISODE_CEASED) the return does not have and stops; Safehold follows the DfE's message.",
        "371": "The sector's validator skips episodes not yet ended; the age is checked on the start date, so Safehold checks open episodes too.",
        "372": 'As 371.',
        "373": 'As 371.',
        "374": 'As 371.',
        "355": "The sector's validator flags rows where both DECOM and DEC are blank; 'less than 24 hours' needs both.",
        "361": "The sector's validator links two police protection episodes through an episode with another legal status between them; Safehold links consecutive episodes only.",
        "362": 'As 361, for emergency protection orders.',
        "363": "The sector's validator throws its sort away and reads the file in order; Safehold sorts by child and start.",
        "364": 'As 363.',
        "575": "The sector's validator gives each rule a shallow copy of the tables, and rules 165, 365 and 1001 write 31 March into every open episode's DEC; the rules that run after them see an open episode as ended on 31 March (which rules run after depends on the order its files are listed in). Safehold reads a blank DEC as an episode not yet ended.",
        "577": 'As 575.',
        "581": 'As 575.',
        "1016": 'As 575: the rule reads DEC.',
        "SW07STG2": "In 2024-25 the sector's validator also flags an end date of 1 April 2023 (it subtracts 365.2425 "
                    "days across a leap day); the DfE's reporting period starts that day.",
        "SW11bSTG2": "The sector's validator flags an episode ending in the last 5 days of March even when a later "
                     "episode follows it; the DfE's message is that no later episode was given.",
        "SW13STG1": "The sector's validator stops on the whole file when any start date cannot be read, so reports "
                    "nothing; Safehold checks every row.",
        "707": "The sector's validator flags every open DoLO, because rules 165 and 1001 write 31 March into open "
               "episodes in tables the rules share; Safehold reads the file as given.",
        "709": "The sector's validator reads a PLACEMENT column the return does not have and never reports the rule; "
               "Safehold reads PLACE.",
        "710": "As 709.",
        "231": "The sector's validator reads a UASC_STATUS column that the CSV return does not have and stops; "
               "Safehold takes a child with a UASC row as unaccompanied.",
    },
}

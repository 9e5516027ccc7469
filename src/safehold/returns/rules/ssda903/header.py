"""SSDA903 rules on the header table (the child's sex, date of birth, ethnicity, UPN, motherhood)."""

from ..engine import ssda903_rule
from ..expr import one_of

# ../shared/domain/ssda903.md: ETHNIC codes.
ETHNIC_CODES = ("WBRI", "WIRI", "WOTH", "WIRT", "WROM", "MWBC", "MWBA", "MWAS", "MOTH", "AIND", "APKN", "ABAN",
                "AOTH", "BCRB", "BAFR", "BOTH", "CHNE", "OOTH", "REFU", "NOBT")


@ssda903_rule("103", message="The ethnicity code is either not valid or has not been entered.", table="Header",
              fields=["ETHNIC"], says="Record the child's ethnicity with one of the census codes.")
def _103(ret):
    return ~one_of("ETHNIC", ETHNIC_CODES)

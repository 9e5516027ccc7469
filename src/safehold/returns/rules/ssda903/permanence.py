"""SSDA903 rules on the previous permanence table (an adoption, special guardianship or child arrangements order
the child had before this period of care)."""

from ..engine import ssda903_rule
from ..expr import blank, not_one_of, present

PREV_PERM_CODES = ("P1", "P2", "P3", "P4", "Z1")
# The DfE's local authority codes (old-style three-digit), 999 for unknown, and the UK nations outside England.
LA_CODES = tuple((
    "800,889,822,301,304,303,330,825,837,302,846,370,350,890,867,380,305,801,351,873,823,895,896,381,909,202,908,"
    "331,306,841,830,831,878,371,835,332,840,307,308,811,881,845,390,916,203,876,850,311,204,884,312,205,313,805,"
    "919,310,309,420,921,206,207,886,810,382,314,340,888,208,856,383,855,209,925,341,201,821,352,806,887,826,315,"
    "929,812,391,926,892,813,802,928,891,392,316,815,353,931,879,836,851,874,807,354,317,870,318,372,857,333,935,"
    "343,803,373,342,893,356,355,871,394,334,933,882,936,861,852,319,860,808,393,866,210,357,894,883,880,358,211,"
    "937,869,320,359,865,384,335,336,212,868,872,885,344,877,213,938,816,999").split(",")) + (
    "WAL", "SCO", "NUK", "NIR")


@ssda903_rule("631", message="Previous permanence option not a valid value.", table="PrevPerm", fields=["PREV_PERM"],
              says="Record the previous permanence option as P1, P2, P3, P4 or Z1 (none).")
def _631(ret):
    return not_one_of("PREV_PERM", PREV_PERM_CODES)


@ssda903_rule("633", message="Local authority code where previous permanence option was arranged is not a valid value.",
              table="PrevPerm", fields=["LA_PERM"],
              says="Record the council that arranged the previous permanence with its DfE code (or WAL, SCO, NIR, NUK).")
def _633(ret):
    return not_one_of("LA_PERM", LA_CODES)


@ssda903_rule("635", message="There are entries for date of order and local authority code where previous permanence "
              "option was arranged but previous permanence code is Z1", table="PrevPerm",
              fields=["LA_PERM", "DATE_PERM", "PREV_PERM"],
              says="A date or council is recorded for a previous permanence order but the option is blank: record "
                   "the option or remove the date and council.")
def _635(ret):
    return (present("LA_PERM") | present("DATE_PERM")) & blank("PREV_PERM")

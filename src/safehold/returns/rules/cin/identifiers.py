"""CIN census rules on the child's identifiers (ChildIdentifiers): the LA child ID, the UPN and its check
letter, dates of birth and death, sex."""

from __future__ import annotations

import datetime as dt

import polars as pl

from ..engine import QUERY, cin_rule
from ..expr import blank, iso_date, present
from .header import census_start, reference_date, shift_months, whole_return

IDS = "ChildIdentifiers"
# The DfE's check letters for a UPN: the remainder (0-22) of the weighted sum of characters 2-13, as a letter.
CHECK_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"
# Characters 2-4 of a UPN: an LA code from April 1998, or one of the DfE's pseudo-LA codes.
_LA_RANGES = [(1, 5), (201, 213), (301, 320), (330, 336), (340, 344), (350, 359), (370, 373), (380, 384),
              (390, 394), (660, 681), (701, 708), (800, 803), (805, 808), (810, 813), (820, 823), (835, 839),
              (850, 852), (855, 857), (865, 896), (935, 938), (940, 941)]
_LA_SINGLE = [420, 815, 816, 825, 826, 830, 831, 840, 841, 845, 846, 860, 861, 908, 909, 916, 919, 921, 925, 926,
              928, 929, 931, 933, 942, 943]
UPN_LA_CODES = sorted({f"{n:03d}" for lo, hi in _LA_RANGES for n in range(lo, hi + 1)} | {f"{n:03d}" for n in _LA_SINGLE})
# Character 13 of a UPN: a digit, or a letter other than I, O and S (a temporary UPN).
UPN_LAST = set("0123456789ABCDEFGHJKLMNPQRTUVWXYZ")
REFERRAL_NFA = ["true", "1"]


def upn_check_letter(column: str = "UPN") -> pl.Expr:
    """The check letter the DfE's algorithm gives for a 13-character UPN whose characters 2-13 are digits
    (null otherwise): characters 2..13 weighted 2..13, summed, the remainder by 23 as CHECK_LETTERS."""
    upn = pl.col(column)
    total = pl.sum_horizontal([upn.str.slice(i, 1).cast(pl.Int64, strict=False) * (i + 1) for i in range(1, 13)])
    digits = upn.str.contains(r"^.\d{12}$") & (upn.str.len_chars() == 13)
    return pl.when(digits).then(pl.lit(CHECK_LETTERS).str.slice(total % 23, 1))


def _no_nfa_episode(ret) -> pl.DataFrame:
    """Children with at least one episode that went on to further action (ReferralNFA false or 0)."""
    nfa = pl.col("ReferralNFA")
    return ret["CINdetails"].filter((nfa == "0") | (nfa.str.to_lowercase() == "false")).select("LAchildID").unique()


@cin_rule("8500", message="LA Child ID missing", table=IDS, fields=["LAchildID"],
          says="The child has no LA child ID: every child in the census needs the council's ID.")
def _8500(ret):
    return blank("LAchildID")


@cin_rule("1510", message="UPN invalid (wrong check letter at character 1)", table=IDS, fields=["UPN"],
          says="The UPN's first letter does not match the rest of the number: check the UPN with the school.")
def _1510(ret):
    expected = upn_check_letter()
    return expected.is_not_null() & (pl.col("UPN").str.slice(0, 1) != expected)


@cin_rule("1520", message="More than one record with the same UPN.", table=IDS, fields=["UPN"],
          says="Another child in the census has the same UPN: check which child the UPN belongs to.")
def _1520(ret):
    return present("UPN") & pl.col("UPN").is_duplicated()


@cin_rule("1530", message="UPN invalid (characters 2-4 not a recognised LA code)", table=IDS, fields=["UPN"],
          says="Characters 2 to 4 of the UPN are not a council's code: check the UPN with the school.")
def _1530(ret):
    upn = pl.col("UPN")
    return (upn.str.len_chars() == 13) & ~upn.str.slice(1, 3).is_in(UPN_LA_CODES)


@cin_rule("1540", message="UPN invalid (characters 5-12 not all numeric)", table=IDS, fields=["UPN"],
          says="Characters 5 to 12 of the UPN must all be digits: check the UPN with the school.")
def _1540(ret):
    return present("UPN") & ~pl.col("UPN").str.slice(4, 8).str.contains(r"^\d+$")


@cin_rule("1550", message="UPN invalid (character 13 not a recognised value)", table=IDS, fields=["UPN"],
          says="The UPN's last character must be a digit or a letter other than I, O or S: check the UPN.")
def _1550(ret):
    upn = pl.col("UPN")
    return (upn.str.len_chars() == 13) & ~upn.str.slice(12, 1).is_in(sorted(UPN_LAST))


@cin_rule("1560Q", message="Please check and either amend or provide a reason: Former UPN wrongly formatted",
          table=IDS, fields=["FormerUPN"], severity=QUERY,
          says="The former UPN is not a letter followed by 12 digits: check it or say why it is different.")
def _1560q(ret):
    return present("FormerUPN") & ~pl.col("FormerUPN").str.contains(r"^\p{L}\d{12}$")


@cin_rule("1570", message="LA Child ID must not be longer than 20 characters", table=IDS, fields=["LAchildID"],
          says="The LA child ID is longer than 20 characters: use the council's shorter ID.")
def _1570(ret):
    return pl.col("LAchildID").str.len_chars() > 20


@cin_rule("1580", message="LA Child ID must not contain any non-alphanumeric characters", table=IDS,
          fields=["LAchildID"],
          says="The LA child ID may only hold letters and digits: remove spaces, dashes and other signs.")
def _1580(ret):
    return present("LAchildID") & ~pl.col("LAchildID").str.contains(r"^[\p{L}\p{N}]+$")


@cin_rule("2886Q", message="Please check and either amend or provide a reason: Percentage of children with no sex "
          "recorded is more than 2% (excluding unborns)", table=IDS, fields=["ExpectedPersonBirthDate", "Sex"],
          severity=QUERY,
          says="More than 2 in 100 children born have no sex recorded (or U): record each child's sex.")
def _2886q(ret):
    ids = ret[IDS]
    if not ids.height:
        return {}
    unknown = ids.filter((blank("Sex") | (pl.col("Sex") == "U")) & iso_date("ExpectedPersonBirthDate").is_null())
    return whole_return() if unknown.height / ids.height > 0.02 else {}


@cin_rule("4180", message="Sex must be provided and equal M, F, or U", table=IDS, fields=["Sex"],
          says="The child's sex is missing or not M, F or U: record it.")
def _4180(ret):
    return ~pl.col("Sex").is_in(["M", "F", "U"]).fill_null(False)


@cin_rule("8510", message="More than one child record with the same LA Child ID", table=IDS, fields=["LAchildID"],
          says="Another child in the census has the same LA child ID: each child needs their own.")
def _8510(ret):
    return pl.col("LAchildID").is_duplicated()


@cin_rule("8520", message="Date of Birth is after data collection period (must be on or before the end of the "
          "census period)", table=IDS, fields=["PersonBirthDate", "ReferenceDate"],
          says="The date of birth is after the census's end: check it, or record an expected date of birth.")
def _8520(ret):
    return iso_date("PersonBirthDate") > reference_date(ret)


@cin_rule("8525Q", message="Either Date of Birth or Expected Date of Birth must be provided (but not both)",
          table=IDS, fields=["PersonBirthDate", "ExpectedPersonBirthDate"], severity=QUERY,
          says="Give the date of birth, or the expected date of birth for an unborn child, but not both.")
def _8525q(ret):
    return iso_date("PersonBirthDate").is_null() == iso_date("ExpectedPersonBirthDate").is_null()


@cin_rule("8530Q", message="Please check and either amend data or provide a reason: Expected Date of Birth is "
          "outside the expected range for this census (March to December of the Census Year end)", table=IDS,
          fields=["ExpectedPersonBirthDate"], severity=QUERY,
          says="The expected date of birth is not between a month before the census's end and 9 months after it: "
               "check it.")
def _8530q(ret):
    ref = reference_date(ret)
    due = iso_date("ExpectedPersonBirthDate")
    return (due >= shift_months(ref, 9)) | (due <= ref - dt.timedelta(days=30))


@cin_rule("8535Q", message="Please check and either amend data or provide a reason: Child’s date of death should "
          "not be prior to the date of birth", table=IDS, fields=["PersonDeathDate", "PersonBirthDate"],
          severity=QUERY,
          says="The date of death is before the date of birth, or the date of birth is missing: check both.")
def _8535q(ret):
    died, born = iso_date("PersonDeathDate"), iso_date("PersonBirthDate")
    return died.is_not_null() & (born.is_null() | (born > died))


@cin_rule("8545Q", message="Please check and either amend data or provide a reason: Child's date of death should be "
          "within the census year", table=IDS, fields=["PersonDeathDate"], severity=QUERY,
          says="The date of death is outside the census year: check it.")
def _8545q(ret):
    died = iso_date("PersonDeathDate")
    return (died < census_start(ret)) | (died > reference_date(ret))


@cin_rule("8590", message="Child does not have a recorded CIN episode.", table=IDS, fields=["LAchildID"],
          says="The child has no episode of need: add the referral or remove the child from the census.")
def _8590(ret):
    return ret[IDS].join(ret["CINdetails"].select("LAchildID").unique(), on="LAchildID", how="anti",
                         nulls_equal=True)


@cin_rule("8750", message="Sex must equal U for an unborn child", table=IDS,
          fields=["Sex", "PersonBirthDate", "ExpectedPersonBirthDate"],
          says="An unborn child's sex must be U (not known).")
def _8750(ret):
    return (iso_date("PersonBirthDate").is_null() & iso_date("ExpectedPersonBirthDate").is_not_null()
            & (pl.col("Sex") != "U").fill_null(True))


@cin_rule("8770Q", message="Please check and either amend data or provide a reason: UPN is missing or reason UPN is "
          "missing or is UN1 for a child who is of school age.", table=IDS, fields=["UPN", "UPNunknown"],
          severity=QUERY,
          says="The child is of school age with no UPN: give the UPN, or the reason it is not known (UN2 to UN7).")
def _8770q(ret):
    # School age: born on or before 31 August six years before the 31 August after the census.
    school_start = shift_months(reference_date(ret), 4) + dt.timedelta(days=31)
    born_by = shift_months(school_start, -72)
    ids = ret[IDS].filter(iso_date("PersonBirthDate") <= born_by)
    ids = ids.join(_no_nfa_episode(ret), on="LAchildID", how="semi")
    reasons = ["UN2", "UN3", "UN4", "UN5", "UN6", "UN7"]
    return ids.filter(blank("UPN") & ~pl.col("UPNunknown").str.to_uppercase().is_in(reasons).fill_null(False))


@cin_rule("8772", message="UPN unknown reason is UN7 (Referral with no further action) but at least one CIN details "
          "is a referral going on to further action", table=IDS, fields=["UPNunknown", "ReferralNFA"],
          says="The UPN reason is UN7 (no further action) but an episode went on to further action: give the UPN "
               "or another reason.")
def _8772(ret):
    un7 = ret[IDS].filter(pl.col("UPNunknown") == "UN7").select("_row", "LAchildID")
    details = ret["CINdetails"].select(pl.col("_row").alias("_detail"), "LAchildID", "ReferralNFA")
    pairs = un7.join(details, on="LAchildID", how="left").filter(
        ~pl.col("ReferralNFA").str.to_lowercase().is_in(REFERRAL_NFA).fill_null(False))
    return {IDS: pairs.select("_row", "LAchildID"),
            "CINdetails": pairs.filter(pl.col("_detail").is_not_null()).select(
                pl.col("_detail").alias("_row"), "LAchildID")}


@cin_rule("8775Q", message="Please check and either amend data or provide a reason: Child is over 25 years old",
          table=IDS, fields=["PersonBirthDate", "CINclosureDate"], severity=QUERY,
          says="The child was 25 or over before the census's end and an episode stayed open past their 25th "
               "birthday: check the date of birth and the closure date.")
def _8775q(ret):
    ref = reference_date(ret)
    born = ret[IDS].with_columns(iso_date("PersonBirthDate").alias("_born")).filter(
        pl.col("_born") < shift_months(ref, -300)).select("_row", "LAchildID", "_born")
    details = ret["CINdetails"].select(pl.col("_row").alias("_detail"), "LAchildID",
                                       iso_date("CINclosureDate").alias("_closed"))
    pairs = born.join(details, on="LAchildID", how="inner").filter(
        pl.col("_closed").is_null() | (pl.col("_closed") > pl.col("_born").dt.offset_by("25y")))
    return {IDS: pairs.select("_row", "LAchildID"),
            "CINdetails": pairs.select(pl.col("_detail").alias("_row"), "LAchildID")}

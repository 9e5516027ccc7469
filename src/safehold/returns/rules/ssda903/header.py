"""SSDA903 rules on the header table (the child's sex, date of birth, ethnicity, UPN, motherhood), including
the checks of this year's header against last year's (`Header_last`, when the council gives it)."""

import polars as pl

from ..engine import ssda903_rule
from ..expr import blank, one_of, present, uk_date

# ../shared/domain/ssda903.md: ETHNIC codes.
ETHNIC_CODES = ("WBRI", "WIRI", "WOTH", "WIRT", "WROM", "MWBC", "MWBA", "MWAS", "MOTH", "AIND", "APKN", "ABAN",
                "AOTH", "BCRB", "BAFR", "BOTH", "CHNE", "OOTH", "REFU", "NOBT")
SEX_CODES = ("M", "F", "U")  # from 2024-25; 1 and 2 before
UPN_UNKNOWN = ("UN1", "UN2", "UN3", "UN4", "UN5")
# A UPN: a check letter (not I, O or S), then 12 digits or 11 digits and a letter; or an unknown code.
UPN_PATTERN = r"^(?:[A-HJ-NP-RT-Z](?:\d{12}|\d{11}[A-Z])|UN[1-5])$"


def plus_years(date: pl.Expr, years: int) -> pl.Expr:
    """`date` moved on `years` whole years (29 February lands on 28 February), e.g. an 18th birthday."""
    return date.dt.offset_by(f"{years}y")


def _with_last(ret, columns):
    """This year's header rows of children also in last year's header, with last year's `columns` as
    COLUMN_last (a child twice in last year's header gives two rows)."""
    last = ret["Header_last"].select("CHILD", *[pl.col(c).alias(f"{c}_last") for c in columns])
    return ret["Header"].join(last, on="CHILD", how="inner")


@ssda903_rule("101", message="The child or young person’s reported sex is not valid.", table="Header",
              fields=["SEX"], says="Record the child's sex as M (male), F (female) or U (unknown).")
def _101(ret):
    return ~one_of("SEX", SEX_CODES)


@ssda903_rule("102", message="Date of birth is not a valid date.", table="Header", fields=["DOB"],
              says="Enter the child's date of birth as a real date (dd/mm/yyyy).")
def _102(ret):
    return uk_date("DOB").is_null()


@ssda903_rule("103", message="The ethnicity code is either not valid or has not been entered.", table="Header",
              fields=["ETHNIC"], says="Record the child's ethnicity with one of the census codes.")
def _103(ret):
    return ~one_of("ETHNIC", ETHNIC_CODES)


@ssda903_rule("168", message="Unique Pupil Number (UPN) is not valid. If unknown, default codes should be UN1, UN2, "
              "UN3, UN4 or UN5.", table="Header", fields=["UPN"],
              says="Check the child's UPN (a letter and 12 characters), or use an unknown code UN1 to UN5.")
def _168(ret):
    return present("UPN") & ~pl.col("UPN").str.contains(UPN_PATTERN).fill_null(False)


@ssda903_rule("171", message="Date of birth of mother's child is not a valid date.", table="Header",
              fields=["MC_DOB"], says="Enter the date of birth of the young person's child as a real date.")
def _171(ret):
    return present("MC_DOB") & uk_date("MC_DOB").is_null()


@ssda903_rule("174", message="Mother's child date of birth is recorded but sex shows that the child is a male.",
              table="Header", fields=["SEX", "MC_DOB"],
              says="A child's date of birth is recorded for a boy: check his sex or remove the child's date of birth.")
def _174(ret):
    return (pl.col("SEX") == "M").fill_null(False) & present("MC_DOB")


@ssda903_rule("202", message="The gender code conflicts with the gender already recorded for this child.",
              table="Header", fields=["SEX"], needs=("Header_last",),
              says="The child's sex differs from last year's return: check which is right.")
def _202(ret):
    return _with_last(ret, ["SEX"]).filter(pl.col("SEX").ne_missing(pl.col("SEX_last")))


@ssda903_rule("203", message="Date of birth disagrees with the date of birth already recorded for this child.",
              table="Header", fields=["DOB"], needs=("Header_last",),
              says="The child's date of birth differs from last year's return: check which is right.")
def _203(ret):
    both = _with_last(ret, ["DOB"])
    return both.filter(uk_date("DOB").ne_missing(uk_date("DOB_last")))


@ssda903_rule("204", message="Ethnic origin code disagrees with the ethnic origin already recorded for this child.",
              table="Header", fields=["ETHNIC"], needs=("Header_last",),
              says="The child's ethnicity differs from last year's return: check which is right.")
def _204(ret):
    return _with_last(ret, ["ETHNIC"]).filter(pl.col("ETHNIC").ne_missing(pl.col("ETHNIC_last")))


@ssda903_rule("208", message="Unique Pupil Number (UPN) for the current year disagrees with the Unique Pupil Number "
              "(UPN) already recorded for this child.", table="Header", fields=["UPN"], needs=("Header_last",),
              says="The child's UPN differs from last year's return: check which is right.")
def _208(ret):
    now, last = pl.col("UPN"), pl.col("UPN_last")
    unknown_before = one_of("UPN_last", UPN_UNKNOWN) | blank("UPN_last")
    # Allowed: UN1 or blank last year to UN2-UN5 now (the reason became known); unknown to a real UPN.
    reason_found = (last.eq_missing("UN1") | blank("UPN_last")) & one_of("UPN", UPN_UNKNOWN[1:])
    found = unknown_before & ~(one_of("UPN", UPN_UNKNOWN) | blank("UPN"))
    return _with_last(ret, ["UPN"]).filter(now.ne_missing(last) & ~reason_found & ~found)


@ssda903_rule("209", message="Child looked after is of school age and should not have an unknown Unique Pupil Number "
              "(UPN) code of UN1.", table="Header", fields=["UPN", "DOB"],
              says="The child is of school age, so has a UPN: record it instead of UN1.")
def _209(ret):
    school_age_by = pl.date(ret.year - 1, 8, 31)  # 4 by 31 August before the year began
    return (pl.col("UPN") == "UN1").fill_null(False) & (plus_years(uk_date("DOB"), 4) <= school_age_by).fill_null(False)


@ssda903_rule("231", message="We expect that unaccompanied asylum seeking children are generally older young people. "
              "Please check the date of birth is correct. If the date of birth is correct then please provide details "
              "in a bypass request.", table="Header", fields=["DOB", "UASC_STATUS"], needs=("UASC",),
              says="An unaccompanied asylum-seeking child is under 11: check the date of birth.")
def _231(ret):
    # In the CSV return a child is UASC when the UASC table has a row for them.
    uasc = ret["UASC"].select("CHILD").drop_nulls().unique()
    young = (uk_date("DOB") > pl.lit(ret.end).dt.offset_by("-11y")).fill_null(False)
    return ret["Header"].join(uasc, on="CHILD", how="semi").filter(young)


@ssda903_rule("232", message="Sex of the child/young person has been reported as unknown.", table="Header",
              fields=["SEX"], says="The child's sex is recorded as unknown: record it if it is known.")
def _232(ret):
    return (pl.col("SEX") == "U").fill_null(False)


@ssda903_rule("301", message="Date of birth falls after the year ended.", table="Header", fields=["DOB"],
              says="The date of birth is after the end of the year: check it.")
def _301(ret):
    return (uk_date("DOB") > pl.lit(ret.end)).fill_null(False)


@ssda903_rule("351", message="Child was over 25 at the start of the current collection year.", table="Header",
              fields=["DOB"], says="The young person was over 25 when the year began: check the date of birth.")
def _351(ret):
    return (pl.lit(ret.start) > plus_years(uk_date("DOB"), 25)).fill_null(False)


@ssda903_rule("444", message="Duplicate UPN has been reported", table="Header", fields=["UPN"], years=(2025, None),
              says="Two children have the same UPN: check each child's UPN.")
def _444(ret):
    known = present("UPN") & ~one_of("UPN", UPN_UNKNOWN)
    return known & (pl.len().over("UPN") > 1)


@ssda903_rule("611", message="Date of birth field is blank, but child is a mother.", table="Header",
              fields=["MOTHER", "MC_DOB"], says="The young person is recorded as a mother: enter her child's date of birth.")
def _611(ret):
    return (pl.col("MOTHER") == "1").fill_null(False) & blank("MC_DOB")


@ssda903_rule("612", message="Date of birth field has been completed but mother field indicates child is not a mother.",
              table="Header", fields=["SEX", "MOTHER", "MC_DOB"],
              says="A child's date of birth is recorded but the young person is not recorded as a mother: check both.")
def _612(ret):
    not_mother = (pl.col("MOTHER") == "0").fill_null(False) | blank("MOTHER")
    return not_mother & (pl.col("SEX") == "F").fill_null(False) & present("MC_DOB")


@ssda903_rule("620", message="Child has been recorded as a mother, but date of birth shows that the mother is under "
              "11 years of age.", table="Header", fields=["DOB", "MOTHER"],
              says="The young person recorded as a mother was under 11 when the year began: check the date of birth.")
def _620(ret):
    return (pl.col("MOTHER") == "1").fill_null(False) & (plus_years(uk_date("DOB"), 11) > pl.lit(ret.start)).fill_null(False)


@ssda903_rule("621", message="Mother’s field has been completed but date of birth shows that the mother is younger "
              "than her child.", table="Header", fields=["DOB", "MC_DOB"],
              says="The young person's child is recorded as born before her: check both dates of birth.")
def _621(ret):
    # A child's date of birth needs the mother's to compare with: one that is missing is flagged too.
    return uk_date("MC_DOB").is_not_null() & ~(uk_date("MC_DOB") > uk_date("DOB")).fill_null(False)


@ssda903_rule("624", message="Date of birth of the first child contradicts the date of birth of the first child "
              "previously recorded.", table="Header", fields=["MC_DOB"], needs=("Header_last",),
              says="The date of birth of the young person's child differs from last year's return: check it.")
def _624(ret):
    both = _with_last(ret, ["MC_DOB"])
    return both.filter(present("MC_DOB_last") & pl.col("MC_DOB").ne_missing(pl.col("MC_DOB_last")))


@ssda903_rule("626", message="Child was reported as a mother but the date of birth of the first child is before the "
              "current year which contradicts with the mother status recorded last year.", table="Header",
              fields=["MOTHER", "MC_DOB"], needs=("Header_last",),
              says="She was not a mother last year, but her child was born before this year: check the child's date "
                   "of birth and last year's mother status.")
def _626(ret):
    both = _with_last(ret, ["MOTHER"])
    return both.filter((pl.col("MOTHER") == "1") & (pl.col("MOTHER_last") == "0")
                       & (uk_date("MC_DOB") < pl.lit(ret.start)))

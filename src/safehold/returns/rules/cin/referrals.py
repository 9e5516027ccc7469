"""CIN census rules on the episode of need (CINdetails): referral, closure, no-further-action and the activity
an episode may carry. Also the census period and the pairing helpers the other CIN modules here share."""

from __future__ import annotations

import datetime as dt
from typing import Literal

import polars as pl

from ..engine import QUERY, cin_rule
from ..expr import england_bank_holidays, iso_date
from .header import census_start, reference_date

EPISODE = ["LAchildID", "CINdetailsID"]
TRUE, FALSE = ["true", "1"], ["false", "0"]
CLOSURE_REASONS = [f"RC{n}" for n in range(1, 10)]
NEEDS = [f"N{n}" for n in range(10)]
SOURCES = ["1A", "1B", "1C", "1D", "2A", "2B", "3A", "3B", "3C", "3D", "3E", "3F", "4", "5A", "5B", "5C", "5D",
           "6", "7", "8", "9", "10"]


def census_period(ret) -> tuple[dt.date, dt.date]:
    """The census year: from the day after last year's reference date to the header's ReferenceDate (the DfE
    defines the period by the reference date; header.py reads it, and the year checked on save)."""
    return census_start(ret), reference_date(ret)


def working_days_before(day: dt.date, n: int) -> dt.date:
    """`day` less n working days, counting `day` itself as the first (the DfE's "N working days before", as the
    sector's validator counts it: 45 working days before a Monday is 44 working days before it); a day that is
    not a working day moves on to the next working day first."""
    return pl.select(pl.lit(day).dt.add_business_days(-(n - 1), holidays=england_bank_holidays(),
                                                       roll="forward")).item()


def d(column: str) -> pl.Expr:
    return iso_date(column)


def flag(pairs: pl.DataFrame, **tables: str) -> dict[str, pl.DataFrame]:
    """Rows of several tables failing together: {table: the `_row` column of `pairs` named for it}."""
    return {table: pairs.select(pl.col(col).alias("_row")).drop_nulls().unique() for table, col in tables.items()}


JoinHow = Literal["inner", "left", "full", "semi", "anti"]


def joined(left: pl.DataFrame, right: pl.DataFrame, on: str | list[str], how: JoinHow = "inner",
           suffix: str = "_r") -> pl.DataFrame:
    return left.join(right, on=on, how=how, suffix=suffix)


@cin_rule("8555Q", message="Child cannot be referred after its recorded date of death", table="CINdetails",
          fields=["PersonDeathDate", "CINreferralDate"], severity=QUERY,
          says="The referral date is after the child's date of death: check both dates.")
def _8555q(ret):
    pairs = joined(ret["CINdetails"], ret["ChildIdentifiers"], "LAchildID").filter(
        d("PersonDeathDate") < d("CINreferralDate"))
    return flag(pairs, CINdetails="_row", ChildIdentifiers="_row_r")


@cin_rule("8565", message="Activity shown after a case has been closed", table="ChildProtectionPlans",
          fields=["CINclosureDate", "DateOfInitialCPC", "AssessmentActualStartDate", "AssessmentAuthorisationDate",
                  "S47ActualStartDate", "CPPendDate", "CINPlanStartDate", "CINPlanEndDate"],
          says="Work is dated after the episode was closed: check the closure date and the dates of the "
               "assessments, enquiries and plans on the episode.")
def _8565(ret):
    cin = ret["CINdetails"].filter(d("CINclosureDate").is_not_null())
    closed = d("CINclosureDate")
    out = {"CINdetails": [cin.filter(closed < d("DateOfInitialCPC")).select("_row")]}
    for table, columns in (("Assessments", ["AssessmentActualStartDate", "AssessmentAuthorisationDate"]),
                           ("Section47", ["S47ActualStartDate", "DateOfInitialCPC"]),
                           ("ChildProtectionPlans", ["CPPendDate"]),
                           ("CINplanDates", ["CINPlanStartDate", "CINPlanEndDate"])):
        other = ret[table].select("_row", *EPISODE, *columns)
        pairs = cin.select("_row", *EPISODE, "CINclosureDate").join(other, on=EPISODE, suffix="_r").filter(
            pl.any_horizontal([(closed < d(c)).fill_null(False) for c in columns]))
        out["CINdetails"].append(pairs.select("_row"))
        out.setdefault(table, []).append(pairs.select(pl.col("_row_r").alias("_row")))
    return {t: pl.concat(frames).unique() for t, frames in out.items()}


@cin_rule("8568", message="RNFA flag is missing or invalid", table="CINdetails", fields=["ReferralNFA"],
          says="Say whether the referral led to no further action (true or false).")
def _8568(ret):
    return ~pl.col("ReferralNFA").str.to_lowercase().is_in([*TRUE, *FALSE]).fill_null(False)


@cin_rule("8569Q", message="A case with referral date before one working day prior to the collection start date "
                           "must not be flagged as a no further action case", table="CINdetails",
          fields=["ReferralNFA"], severity=QUERY,
          says="A referral from before this census year is marked no further action: check the referral date "
               "and the no-further-action flag.")
def _8569q(ret):
    start, _ = census_period(ret)
    return (d("CINreferralDate") < working_days_before(start, 1)) & ~pl.col("ReferralNFA").is_in(FALSE).fill_null(
        False)


@cin_rule("8585Q", message="Please check and either amend or provide a reason: CIN episode shows Died as the "
                           "Closure Reason, however child has no recorded Date of Death", table="CINdetails",
          fields=["ReasonForClosure", "PersonDeathDate"], severity=QUERY,
          says="The episode was closed because the child died but there is no date of death: add it or correct "
               "the closure reason.")
def _8585q(ret):
    pairs = joined(ret["CINdetails"], ret["ChildIdentifiers"], "LAchildID").filter(
        (pl.col("ReasonForClosure") == "RC2") & pl.col("PersonDeathDate").is_null())
    return flag(pairs, CINdetails="_row", ChildIdentifiers="_row_r")


@cin_rule("8600", message="Child referral date missing or after data collection period", table="CINdetails",
          fields=["CINreferralDate"],
          says="The referral date is missing or after the end of the census year: check it.")
def _8600(ret):
    _, end = census_period(ret)
    return d("CINreferralDate").is_null() | (d("CINreferralDate") > end)


@cin_rule("8606", message="Child referral date is more than 40 weeks before DOB or expected DOB",
          table="CINdetails", fields=["CINreferralDate", "PersonBirthDate", "ExpectedPersonBirthDate"],
          says="The referral is dated more than 40 weeks before the child's (expected) birth: check the dates.")
def _8606(ret):
    weeks40 = pl.duration(days=280)
    pairs = joined(ret["CINdetails"], ret["ChildIdentifiers"], "LAchildID").filter(
        (d("CINreferralDate") < d("PersonBirthDate") - weeks40).fill_null(False)
        | (d("CINreferralDate") < d("ExpectedPersonBirthDate") - weeks40).fill_null(False))
    return flag(pairs, CINdetails="_row", ChildIdentifiers="_row_r")


@cin_rule("8610", message="Primary Need code is missing for a referral which led to further action.",
          table="CINdetails", fields=["ReferralNFA", "PrimaryNeedCode"],
          says="The referral led to further action but has no primary need code: add it.")
def _8610(ret):
    return pl.col("ReferralNFA").is_in(FALSE).fill_null(False) & pl.col("PrimaryNeedCode").is_null()


@cin_rule("8620", message="CIN Closure Date present and does not fall within the Census year", table="CINdetails",
          fields=["CINclosureDate"], says="The episode's closure date is outside the census year: check it.")
def _8620(ret):
    start, end = census_period(ret)
    closed = d("CINclosureDate")
    return pl.col("CINclosureDate").is_not_null() & ~((closed >= start) & (closed <= end)).fill_null(False)


@cin_rule("8630", message="CIN Closure Date is before CIN Referral Date for the same CIN episode",
          table="CINdetails", fields=["CINreferralDate", "CINclosureDate"],
          says="The episode closes before its referral date: check both dates.")
def _8630(ret):
    return d("CINclosureDate") < d("CINreferralDate")


@cin_rule("8640", message="CIN Reason for closure code invalid (see Reason for Closure table in CIN Census code "
                          "set)", table="CINdetails", fields=["ReasonForClosure"],
          says="The reason for closure is not a DfE code (RC1 to RC9): choose one.")
def _8640(ret):
    return pl.col("ReasonForClosure").is_not_null() & ~pl.col("ReasonForClosure").is_in(CLOSURE_REASONS)


@cin_rule("8650", message="Primary Need Code invalid (see Primary Need table in CIN census code set)",
          table="CINdetails", fields=["PrimaryNeedCode"],
          says="The primary need code is not a DfE code (N0 to N9): choose one.")
def _8650(ret):
    return pl.col("PrimaryNeedCode").is_not_null() & ~pl.col("PrimaryNeedCode").is_in(NEEDS)


@cin_rule("8805", message="A CIN case cannot have a CIN closure date without a Reason for Closure",
          table="CINdetails", fields=["CINclosureDate", "ReasonForClosure"],
          says="The episode has a closure date but no reason for closure: add the reason.")
def _8805(ret):
    return pl.col("CINclosureDate").is_not_null() & pl.col("ReasonForClosure").is_null()


@cin_rule("8810", message="A CIN case cannot have a Reason for Closure without a CIN Closure Date",
          table="CINdetails", fields=["ReasonForClosure", "CINclosureDate"],
          says="The episode has a reason for closure but no closure date: add the date.")
def _8810(ret):
    return pl.col("ReasonForClosure").is_not_null() & pl.col("CINclosureDate").is_null()


def _open_episode() -> pl.Expr:
    return pl.col("CINclosureDate").is_null() & pl.col("ReferralNFA").is_in(FALSE).fill_null(False)


@cin_rule("8815", message="More than one open CIN Details episode (a module with no CIN Closure Date) has been "
                          "provided for this child and case is not a referral with no further action.",
          table="CINdetails", fields=["ReferralNFA", "CINclosureDate"],
          says="The child has more than one open episode of need: close the earlier one.")
def _8815(ret):
    return _open_episode() & (_open_episode().sum().over("LAchildID") > 1)


@cin_rule("8816", message="An open CIN episode is shown and case is not a referral with no further action, but it "
                          "is not the latest episode.", table="CINdetails",
          fields=["CINreferralDate", "ReferralNFA"],
          says="An open episode is not the child's latest: close it, or check the referral dates.")
def _8816(ret):
    cin = ret["CINdetails"].filter(pl.col("CINreferralDate").is_not_null()).with_columns(
        _latest=pl.col("_row").sort_by([d("CINreferralDate"), pl.col("_row")], descending=[True, False])
        .first().over("LAchildID"))
    bad = cin.filter(_open_episode() & (pl.col("_row") != pl.col("_latest")))
    return pl.concat([bad.select("_row"), bad.select(pl.col("_latest").alias("_row"))]).unique()


@cin_rule("8820", message="The dates on the CIN episodes for this child overlap", table="CINdetails",
          fields=["CINreferralDate", "CINclosureDate"],
          says="Two of the child's episodes of need overlap: check their referral and closure dates.")
def _8820(ret):
    _, end = census_period(ret)
    cin = ret["CINdetails"].filter(pl.col("CINreferralDate").is_not_null())
    pairs = cin.join(cin, on="LAchildID", suffix="_2").filter(pl.col("_row") != pl.col("_row_2"))
    ref, other_ref, other_close = d("CINreferralDate"), d("CINreferralDate_2"), d("CINclosureDate_2")
    pairs = pairs.filter((ref >= other_ref) & (
        (ref < other_close).fill_null(False)
        | ((ref < end) & other_close.is_null()
           & pl.col("ReferralNFA_2").str.to_lowercase().is_in(FALSE).fill_null(False))))
    return pl.concat([pairs.select("_row"), pairs.select(pl.col("_row_2").alias("_row"))]).unique()


@cin_rule("8866", message="Source of Referral is missing or an invalid code", table="CINdetails",
          fields=["CINreferralDate", "ReferralSource"],
          says="The source of referral is missing or not a DfE code: choose one.")
def _8866(ret):
    return (d("CINreferralDate") >= dt.date(2013, 4, 1)) & ~pl.col("ReferralSource").is_in(SOURCES).fill_null(False)


@cin_rule("2990", message="Activity is recorded against a case marked as ‘Case closed after assessment, no further "
                          "action’ or 'case closed after assessment, referred to early help'.", table="CINdetails",
          fields=["ReasonForClosure"],
          says="The episode was closed after assessment (RC8/RC9) but has an enquiry, conference or plan: check "
               "the reason for closure.")
def _2990(ret):
    cin = ret["CINdetails"].filter(pl.col("ReasonForClosure").is_in(["RC8", "RC9"]).fill_null(False))
    keys = cin.select("_row", *EPISODE)
    out = {"CINdetails": [cin.filter(pl.col("DateOfInitialCPC").is_not_null()).select("_row")]}
    for table in ("ChildProtectionPlans", "Section47", "CINplanDates"):
        pairs = keys.join(ret[table].select("_row", *EPISODE), on=EPISODE, suffix="_r")
        out["CINdetails"].append(pairs.select("_row"))
        out[table] = [pairs.select(pl.col("_row_r").alias("_row"))]
    return {t: pl.concat(f).unique() for t, f in out.items()}


@cin_rule("8825Q", message="Please check and either amend data or provide a reason: Reason for Closure code RC8 "
                           "(case closed after assessment) or RC9 (case closed after assessment, referred to early "
                           "help) has been returned but there is no assessment present for the episode.",
          table="CINdetails", fields=["ReasonForClosure"], severity=QUERY,
          says="The episode was closed after assessment (RC8/RC9) but has no assessment: add it or correct the "
               "reason for closure.")
def _8825q(ret):
    cin = ret["CINdetails"].filter(pl.col("ReasonForClosure").is_in(["RC8", "RC9"]).fill_null(False))
    return cin.join(ret["Assessments"].select(EPISODE).unique(), on=EPISODE, how="anti").select("_row")


@cin_rule("8831", message="Activity is recorded against a case marked as a referral with no further action",
          table="CINdetails", fields=["AssessmentActualStartDate", "AssessmentAuthorisationDate",
                                      "S47ActualStartDate", "DateOfInitialCPC"],
          says="The referral is marked no further action but has an assessment, enquiry or conference: check the "
               "no-further-action flag.")
def _8831(ret):
    cin = ret["CINdetails"].filter(pl.col("ReferralNFA").is_in(TRUE).fill_null(False))
    with_cpc = cin.filter(pl.col("DateOfInitialCPC").is_not_null())
    s47 = cin.join(ret["Section47"].select("_row", *EPISODE, "S47ActualStartDate"), on=EPISODE, suffix="_r")
    s47 = s47.filter(pl.col("DateOfInitialCPC").is_not_null() | pl.col("S47ActualStartDate").is_not_null())
    ass = cin.join(ret["Assessments"], on=EPISODE, suffix="_r").filter(
        pl.col("AssessmentActualStartDate").is_not_null() | pl.col("AssessmentAuthorisationDate").is_not_null())
    return {"CINdetails": pl.concat([with_cpc.select("_row"), s47.select("_row"), ass.select("_row")]).unique(),
            "Section47": s47.select(pl.col("_row_r").alias("_row")).unique(),
            "Assessments": ass.select(pl.col("_row_r").alias("_row")).unique()}

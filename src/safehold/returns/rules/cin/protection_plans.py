"""CIN census rules on child protection plans and their reviews (ChildProtectionPlans, Reviews)."""

from __future__ import annotations

import polars as pl

from ..engine import QUERY, cin_rule
from .referrals import EPISODE, TRUE, census_period, d, flag

PLAN = [*EPISODE, "CPPID"]
ABUSE = ["NEG", "PHY", "SAB", "EMO", "MUL"]


def _in_period(ret, column: str) -> pl.Expr:
    start, end = census_period(ret)
    return ((d(column) >= start) & (d(column) <= end)).fill_null(False)


@cin_rule("1105", message="The child protection plan start date cannot be before the referral date",
          table="ChildProtectionPlans", fields=["CPPstartDate", "CINreferralDate"],
          says="The protection plan starts before the referral: check both dates.")
def _1105(ret):
    pairs = ret["ChildProtectionPlans"].join(ret["CINdetails"].select("_row", *EPISODE, "CINreferralDate"),
                                             on=EPISODE, suffix="_r").filter(
        d("CPPstartDate") < d("CINreferralDate"))
    return flag(pairs, ChildProtectionPlans="_row", CINdetails="_row_r")


@cin_rule("2883", message="There are more child protection plans starting than initial conferences taking place",
          table="", fields=["CPPstartDate", "DateOfInitialCPC"],
          says="More protection plans start in the year than initial conferences are recorded: check the "
               "conference dates on the enquiries and episodes.")
def _2883(ret):
    plans = ret["ChildProtectionPlans"].filter(_in_period(ret, "CPPstartDate")).height
    conferences = (ret["CINdetails"].filter(_in_period(ret, "DateOfInitialCPC")).height
                   + ret["Section47"].filter(_in_period(ret, "DateOfInitialCPC")).height)
    return pl.DataFrame({"LAchildID": [""] if plans > conferences else []}, schema={"LAchildID": pl.Utf8})


@cin_rule("2885", message="Child protection plan shown as starting a different day to the initial child protection "
                          "conference.", table="ChildProtectionPlans", fields=["CPPstartDate", "DateOfInitialCPC"],
          says="The protection plan does not start on the day of an initial conference: check the plan start "
               "and conference dates.")
def _2885(ret):
    plans = ret["ChildProtectionPlans"].filter(_in_period(ret, "CPPstartDate")).select(
        "_row", *EPISODE, _start=d("CPPstartDate"))
    s47 = ret["Section47"].filter(~pl.col("ICPCnotRequired").str.to_lowercase().is_in(TRUE).fill_null(False))
    s47 = s47.select("_row", *EPISODE, _cpc=d("DateOfInitialCPC"))
    # Where the episode has an enquiry needing a conference, the plan starts on the day of one of them.
    pairs = plans.join(s47, on=EPISODE, suffix="_47").with_columns(_same=(pl.col("_start") == pl.col("_cpc"))
                                                                   .fill_null(False))
    plan_bad = pairs.filter(~pl.col("_same").any().over("_row")).select("_row")
    s47_bad = pairs.filter(~pl.col("_same").any().over(EPISODE)).select(pl.col("_row_47").alias("_row"))
    # Otherwise on the day of the conference recorded on the episode.
    alone = plans.join(s47.select(EPISODE).unique(), on=EPISODE, how="anti").join(
        ret["CINdetails"].select("_row", *EPISODE, _cpc=d("DateOfInitialCPC")), on=EPISODE, how="left",
        suffix="_cin").with_columns(_same=(pl.col("_start") == pl.col("_cpc")).fill_null(False))
    cin_bad = alone.filter(~pl.col("_same").any().over(EPISODE)).select(pl.col("_row_cin").alias("_row"))
    return {"ChildProtectionPlans": pl.concat([plan_bad, alone.filter(~pl.col("_same")).select("_row")]).unique(),
            "Section47": s47_bad.unique(), "CINdetails": cin_bad.drop_nulls().unique()}


@cin_rule("4003", message="A CPP review date is shown as being held at the same time as an open CIN Plan.",
          table="Reviews", fields=["CINPlanStartDate", "CINPlanEndDate", "CPPreviewDate"],
          says="A protection plan review is dated while a child in need plan was open: check the review and CIN "
               "plan dates.")
def _4003(ret):
    reviews = ret["Reviews"].join(ret["ChildProtectionPlans"].select("_row", *PLAN, "CPPendDate"), on=PLAN,
                                  suffix="_cpp")
    pairs = reviews.join(ret["CINplanDates"], on="LAchildID", suffix="_cin")
    review, cpp_end = d("CPPreviewDate"), d("CPPendDate")
    # As the sector's validator: only a plan that has ended, and not a review on the day it ended.
    pairs = pairs.filter((review >= d("CINPlanStartDate")) & (review < d("CINPlanEndDate")) & cpp_end.is_not_null()
                         & (review != cpp_end))
    return flag(pairs, Reviews="_row", ChildProtectionPlans="_row_cpp", CINplanDates="_row_cin")


@cin_rule("8720", message="Child Protection Plan Start Date missing or out of data collection period",
          table="ChildProtectionPlans", fields=["CPPstartDate", "ReferenceDate"],
          says="The protection plan has no start date, or starts after the census date: check it.")
def _8720(ret):
    _, end = census_period(ret)
    return d("CPPstartDate").is_null() | (d("CPPstartDate") > end)


@cin_rule("8730", message="Total Number of previous Child Protection Plans missing", table="ChildProtectionPlans",
          fields=["NumberOfPreviousCPP"],
          says="Give the number of previous protection plans the child has had (0 if none).")
def _8730(ret):
    number = pl.col("NumberOfPreviousCPP").cast(pl.Int64, strict=False)
    return pl.col("NumberOfPreviousCPP").is_null() | (number < 0).fill_null(False)


@cin_rule("8832", message="Child Protection details provided for a referral with no further action.",
          table="ChildProtectionPlans", fields=["CINdetailsID", "ReferralNFA"],
          says="A protection plan is recorded on a referral marked no further action: check the flag.")
def _8832(ret):
    nfa = ret["CINdetails"].filter(pl.col("ReferralNFA").str.to_lowercase().is_in(TRUE).fill_null(False))
    pairs = ret["ChildProtectionPlans"].join(nfa.select("_row", *EPISODE), on=EPISODE, suffix="_r")
    return flag(pairs, ChildProtectionPlans="_row", CINdetails="_row_r")


@cin_rule("8840", message="Child Protection Plan cannot start and end on the same day", table="ChildProtectionPlans",
          fields=["ChildProtectionPlans", "CPPstartDate", "CPPendDate"],
          says="The protection plan starts and ends on the same day: check the dates.")
def _8840(ret):
    return d("CPPstartDate") == d("CPPendDate")


@cin_rule("8841", message="The review date cannot be on the same day or before the Child protection Plan start "
                          "date.", table="ChildProtectionPlans", fields=["CPPstartDate", "CPPreviewDate"],
          says="A review is dated on or before the day the protection plan started: check the review date.")
def _8841(ret):
    pairs = ret["ChildProtectionPlans"].join(ret["Reviews"], on=PLAN, suffix="_r").filter(
        d("CPPreviewDate") <= d("CPPstartDate"))
    return flag(pairs, ChildProtectionPlans="_row", Reviews="_row_r")


@cin_rule("8842Q", message="Please check and either amend or provide a reason: Review Record has a missing date",
          table="Reviews", fields=["CPPreviewDate"], severity=QUERY,
          says="A protection plan review has no date: add it.")
def _8842q(ret):
    return d("CPPreviewDate").is_null()


@cin_rule("8905", message="Initial Category of Abuse code missing or invalid (see Category of Abuse table in CIN "
                          "Census code set)", table="ChildProtectionPlans", fields=["InitialCategoryOfAbuse"],
          says="The initial category of abuse is missing or not a DfE code (NEG, PHY, SAB, EMO, MUL).")
def _8905(ret):
    return ~pl.col("InitialCategoryOfAbuse").is_in(ABUSE).fill_null(False)


@cin_rule("8910", message="Latest Category of Abuse code missing or invalid (see Category of Abuse table in CIN "
                          "Census code set)", table="ChildProtectionPlans", fields=["LatestCategoryOfAbuse"],
          says="The latest category of abuse is missing or not a DfE code (NEG, PHY, SAB, EMO, MUL).")
def _8910(ret):
    return ~pl.col("LatestCategoryOfAbuse").is_in(ABUSE).fill_null(False)


def _after_death(ret, column: str) -> dict[str, pl.DataFrame]:
    pairs = ret["ChildProtectionPlans"].join(ret["ChildIdentifiers"].select("_row", "LAchildID", "PersonDeathDate"),
                                             on="LAchildID", suffix="_r").filter(d(column) > d("PersonDeathDate"))
    return flag(pairs, ChildProtectionPlans="_row", ChildIdentifiers="_row_r")


@cin_rule("8915", message="Child Protection Plan shown as starting after the child’s Date of Death",
          table="ChildProtectionPlans", fields=["CPPstartDate", "PersonDeathDate"],
          says="The protection plan starts after the child's date of death: check both dates.")
def _8915(ret):
    return _after_death(ret, "CPPstartDate")


@cin_rule("8920", message="Child Protection Plan cannot end after the child’s Date of Death",
          table="ChildProtectionPlans", fields=["PersonDeathDate", "CPPendDate"],
          says="The protection plan ends after the child's date of death: check both dates.")
def _8920(ret):
    return _after_death(ret, "CPPendDate")


@cin_rule("8925", message="Child Protection Plan End Date earlier than Start Date", table="ChildProtectionPlans",
          fields=["CPPstartDate", "CPPendDate"],
          says="The protection plan ends before it starts: check the dates.")
def _8925(ret):
    return d("CPPendDate") < d("CPPstartDate")


@cin_rule("8930", message="Child Protection Plan End Date must fall within the census year",
          table="ChildProtectionPlans", fields=["CPPendDate", "ReferenceDate"],
          says="The protection plan's end date is outside the census year: check it.")
def _8930(ret):
    start, end = census_period(ret)
    return (d("CPPendDate") < start) | (d("CPPendDate") > end)


@cin_rule("8935", message="This child is showing more than one open Child Protection plan, i.e. with no End Date",
          table="ChildProtectionPlans", fields=["CPPendDate"],
          says="The child has more than one open protection plan: end the earlier one.")
def _8935(ret):
    open_plan = pl.col("CPPendDate").is_null()
    return open_plan & (open_plan.sum().over("LAchildID") > 1)


@cin_rule("8940", message="Child Protection Plan data contains overlapping dates", table="ChildProtectionPlans",
          fields=["CPPstartDate", "CPPendDate"],
          says="Two of the child's protection plans overlap: check their start and end dates.")
def _8940(ret):
    _, end = census_period(ret)
    cpp = ret["ChildProtectionPlans"].filter(pl.col("CPPstartDate").is_not_null())
    pairs = cpp.join(cpp, on="LAchildID", suffix="_2").filter(pl.col("_row") != pl.col("_row_2"))
    start, start2, end2 = d("CPPstartDate"), d("CPPstartDate_2"), d("CPPendDate_2")
    pairs = pairs.filter((start >= start2) & ((start <= end2).fill_null(False) | ((start <= end) & end2.is_null())))
    return pl.concat([pairs.select("_row"), pairs.select(pl.col("_row_2").alias("_row"))]).unique()

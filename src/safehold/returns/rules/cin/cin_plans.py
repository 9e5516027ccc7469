"""CIN census rules on CIN plans (CINplanDates): their dates within the census and the episode, against each
other, against child protection plans and against the child's death."""

from __future__ import annotations

import polars as pl

from ..engine import QUERY, cin_rule
from ..expr import iso_date
from .header import census_start, reference_date

PLANS = "CINplanDates"
CPP = "ChildProtectionPlans"
EPISODE = ["LAchildID", "CINdetailsID"]


def _plans(ret, suffix: str = "") -> pl.DataFrame:
    """CIN plans with their dates read: _row, LAchildID, CINdetailsID, start, end (renamed with `suffix`)."""
    return ret[PLANS].select(pl.col("_row").alias(f"_row{suffix}"), *EPISODE,
                             iso_date("CINPlanStartDate").alias(f"start{suffix}"),
                             iso_date("CINPlanEndDate").alias(f"end{suffix}"))


def _cpps(ret) -> pl.DataFrame:
    return ret[CPP].select(pl.col("_row").alias("_cpp"), *EPISODE, iso_date("CPPstartDate").alias("cpp_start"),
                           iso_date("CPPendDate").alias("cpp_end"))


def _both(pairs: pl.DataFrame, first: tuple[str, str], second: tuple[str, str]) -> dict[str, pl.DataFrame]:
    """The rows of two tables a pair of records fails together: `first`/`second` are (table, row column)."""
    out: dict[str, pl.DataFrame] = {}
    for table, column in (first, second):
        rows = pairs.select(pl.col(column).alias("_row"), "LAchildID")
        out[table] = pl.concat([out[table], rows]) if table in out else rows
    return out


@cin_rule("4000", message="CIN Plan details provided for a referral with no further action", table=PLANS,
          fields=["ReferralNFA"],
          says="The referral is marked no further action but has a CIN plan: check the referral's outcome.")
def _4000(ret):
    nfa = pl.col("ReferralNFA")
    referrals = ret["CINdetails"].filter((nfa == "true") | (nfa == "1")).select(
        pl.col("_row").alias("_detail"), *EPISODE)
    pairs = referrals.join(_plans(ret), on=EPISODE, how="inner")
    return _both(pairs, (PLANS, "_row"), ("CINdetails", "_detail"))


@cin_rule("4001", message="A CIN Plan cannot run concurrently with a Child Protection Plan", table=PLANS,
          fields=["CINPlanEndDate", "CPPendDate"],
          says="The episode has an open CIN plan and an open child protection plan: end the CIN plan when the "
               "protection plan starts.")
def _4001(ret):
    pairs = _cpps(ret).filter(pl.col("cpp_end").is_null()).join(
        _plans(ret).filter(pl.col("start").is_not_null() & pl.col("end").is_null()), on=EPISODE, how="inner")
    return _both(pairs, (CPP, "_cpp"), (PLANS, "_row"))


@cin_rule("4004", message="This child is showing more than one open CIN Plan, i.e. with no End Date", table=PLANS,
          fields=["CINPlanEndDate"],
          says="The episode has more than one CIN plan with no end date: end the earlier plan.")
def _4004(ret):
    return (iso_date("CINPlanEndDate").is_null().sum().over(EPISODE) > 1)


@cin_rule("4008", message="CIN Plan shown as starting after the child’s Date of Death.", table="ChildIdentifiers",
          fields=["PersonDeathDate", "CINPlanStartDate"],
          says="A CIN plan starts after the child's date of death: check both dates.")
def _4008(ret):
    died = ret["ChildIdentifiers"].select(pl.col("_row").alias("_child"), "LAchildID",
                                          iso_date("PersonDeathDate").alias("died"))
    pairs = died.join(_plans(ret), on="LAchildID", how="inner").filter(pl.col("died") < pl.col("start"))
    return _both(pairs, ("ChildIdentifiers", "_child"), (PLANS, "_row"))


@cin_rule("4009Q", message="CIN Plan cannot end after the child’s Date of Death", table="ChildIdentifiers",
          fields=["PersonDeathDate", "CINPlanEndDate"], severity=QUERY,
          says="A CIN plan ends after the child's date of death: check both dates.")
def _4009q(ret):
    died = ret["ChildIdentifiers"].select(pl.col("_row").alias("_child"), "LAchildID",
                                          iso_date("PersonDeathDate").alias("died"))
    pairs = died.join(_plans(ret), on="LAchildID", how="inner").filter(pl.col("died") < pl.col("end"))
    return _both(pairs, ("ChildIdentifiers", "_child"), (PLANS, "_row"))


@cin_rule("4010", message="CIN Plan start date is missing or out of data collection period", table=PLANS,
          fields=["CINPlanStartDate"],
          says="The CIN plan's start date is missing or after the census's end: check it.")
def _4010(ret):
    start = iso_date("CINPlanStartDate")
    return start.is_null() | (start > reference_date(ret))


@cin_rule("4011", message="CIN Plan End Date earlier than Start Date", table=PLANS,
          fields=["CINPlanEndDate", "CINPlanStartDate"],
          says="The CIN plan ends before it starts: check both dates.")
def _4011(ret):
    return iso_date("CINPlanEndDate") < iso_date("CINPlanStartDate")


@cin_rule("4012Q", message="Please check and either amend or provide a reason: CIN Plan shown as starting and "
          "ending on the same day", table=PLANS, fields=["CINPlanStartDate", "CINPlanEndDate"], severity=QUERY,
          says="The CIN plan starts and ends on the same day: check the dates, or say why.")
def _4012q(ret):
    return iso_date("CINPlanStartDate") == iso_date("CINPlanEndDate")


@cin_rule("4013", message="CIN Plan end date must fall within the census year", table=PLANS,
          fields=["CINPlanEndDate", "ReferenceDate"],
          says="The CIN plan's end date is outside the census year: check it.")
def _4013(ret):
    end = iso_date("CINPlanEndDate")
    return (end < census_start(ret)) | (end > reference_date(ret))


@cin_rule("4014", message="CIN Plan data contains overlapping dates", table=PLANS,
          fields=["CINPlanStartDate", "CINPlanEndDate"],
          says="Two of the child's CIN plans overlap: check their start and end dates.")
def _4014(ret):
    ref = reference_date(ret)
    plans = _plans(ret).filter(pl.col("start").is_not_null()).select("_row", "LAchildID", "start", "end")
    other = plans.rename({"_row": "_other", "start": "o_start", "end": "o_end"})
    pairs = plans.join(other, on="LAchildID", how="inner").filter(
        (pl.col("_row") != pl.col("_other")) & (pl.col("start") >= pl.col("o_start"))
        & pl.when(pl.col("o_end").is_null()).then(pl.col("start") <= ref)
        .otherwise(pl.col("start") <= pl.col("o_end")))
    return _both(pairs, (PLANS, "_row"), (PLANS, "_other"))


@cin_rule("4015", message="The CIN Plan start date cannot be before the referral date", table=PLANS,
          fields=["CINPlanStartDate", "CINreferralDate"],
          says="The CIN plan starts before the referral date: check both dates.")
def _4015(ret):
    referrals = ret["CINdetails"].select(pl.col("_row").alias("_detail"), *EPISODE,
                                         iso_date("CINreferralDate").alias("referred"))
    pairs = referrals.join(_plans(ret), on=EPISODE, how="inner").filter(pl.col("start") < pl.col("referred"))
    return _both(pairs, (PLANS, "_row"), ("CINdetails", "_detail"))


@cin_rule("4016", message="A CIN Plan has been reported as open at the same time as a Child Protection Plan.",
          table=PLANS, fields=["CINPlanStartDate", "CPPstartDate", "CPPendDate"],
          says="A CIN plan starts while a child protection plan is open: check the dates of both plans.")
def _4016(ret):
    ref = reference_date(ret)
    cpps = _cpps(ret).drop("CINdetailsID")
    pairs = _plans(ret).drop("CINdetailsID").join(cpps, on="LAchildID", how="inner").filter(
        (pl.col("start") >= pl.col("cpp_start"))
        & pl.when(pl.col("cpp_end").is_null()).then(pl.col("start") <= ref)
        .otherwise(pl.col("start") < pl.col("cpp_end")))
    return _both(pairs, (CPP, "_cpp"), (PLANS, "_row"))


@cin_rule("4017", message="A CIN Plan has been reported as open at the same time as a Child Protection Plan.",
          table=PLANS, fields=["CINPlanStartDate", "CINPlanEndDate", "CPPstartDate"],
          says="A child protection plan starts while a CIN plan is open: end the CIN plan when the protection "
               "plan starts.")
def _4017(ret):
    ref = reference_date(ret)
    cpps = _cpps(ret).drop("CINdetailsID")
    pairs = _plans(ret).drop("CINdetailsID").join(cpps, on="LAchildID", how="inner").filter(
        (pl.col("cpp_start") >= pl.col("start"))
        & pl.when(pl.col("end").is_null()).then(pl.col("cpp_start") <= ref)
        .otherwise(pl.col("cpp_start") < pl.col("end")))
    return _both(pairs, (CPP, "_cpp"), (PLANS, "_row"))

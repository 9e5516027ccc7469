"""CIN census rules on section 47 enquiries and initial child protection conferences (Section47)."""

from __future__ import annotations

import polars as pl

from ..engine import QUERY, cin_rule
from .referrals import EPISODE, FALSE, TRUE, census_period, d, flag, working_days_before


def _not_required() -> pl.Expr:
    return pl.col("ICPCnotRequired").str.to_lowercase().is_in(TRUE).fill_null(False)


@cin_rule("1104", message="The date of the initial child protection conference cannot be before the referral "
                          "date", table="Section47", fields=["CINreferralDate", "DateOfInitialCPC"],
          says="The initial conference is dated before the referral: check both dates.")
def _1104(ret):
    pairs = ret["Section47"].join(ret["CINdetails"].select("_row", *EPISODE, "CINreferralDate"), on=EPISODE,
                                  suffix="_r").filter(d("DateOfInitialCPC") < d("CINreferralDate"))
    return flag(pairs, Section47="_row", CINdetails="_row_r")


@cin_rule("2884", message="An initial child protection conference is recorded at both the S47 and CIN Details "
                          "level and it should only be recorded in one", table="Section47",
          fields=["DateOfInitialCPC"],
          says="The initial conference is recorded on both the enquiry and the episode: keep it on one only.")
def _2884(ret):
    cin = ret["CINdetails"].select("_row", "LAchildID", "DateOfInitialCPC").filter(
        d("DateOfInitialCPC").is_not_null()).with_columns(_cpc=d("DateOfInitialCPC"))
    s47 = ret["Section47"].select("_row", "LAchildID", "DateOfInitialCPC").filter(
        d("DateOfInitialCPC").is_not_null()).with_columns(_cpc=d("DateOfInitialCPC"))
    pairs = cin.join(s47, on=["LAchildID", "_cpc"], suffix="_r")
    return flag(pairs, CINdetails="_row", Section47="_row_r")


@cin_rule("2889", message="The S47 start date cannot be before the referral date.", table="Section47",
          fields=["S47ActualStartDate", "CINreferralDate"],
          says="The section 47 enquiry starts before the referral: check both dates.")
def _2889(ret):
    pairs = ret["Section47"].join(ret["CINdetails"].select("_row", *EPISODE, "CINreferralDate"), on=EPISODE,
                                  suffix="_r").filter(d("S47ActualStartDate") < d("CINreferralDate"))
    return flag(pairs, Section47="_row", CINdetails="_row_r")


@cin_rule("8615", message="Section 47 Enquiry Start Date must be present and cannot be later than the date of the "
                          "initial Child Protection Conference", table="Section47",
          fields=["S47ActualStartDate", "DateOfInitialCPC"],
          says="The enquiry has no start date, or starts after its initial conference: check the dates.")
def _8615(ret):
    return (d("S47ActualStartDate") > d("DateOfInitialCPC")).fill_null(False) | (
        d("DateOfInitialCPC").is_not_null() & d("S47ActualStartDate").is_null())


@cin_rule("8675Q", message="Please check and either amend data or provide a reason: S47 Enquiry started more than "
                           "15 working days before the end of the census year. However, there is no date of Initial "
                           "Child Protection Conference.", table="Section47",
          fields=["DateOfInitialCPC", "S47ActualStartDate", "ICPCnotRequired"], severity=QUERY,
          says="The enquiry started more than 15 working days before the census date and has no initial "
               "conference: add the conference date, or say one was not required.")
def _8675q(ret):
    _, end = census_period(ret)
    return (pl.col("DateOfInitialCPC").is_null() & pl.col("ICPCnotRequired").is_in(FALSE).fill_null(False)
            & (d("S47ActualStartDate") < working_days_before(end, 15)))


@cin_rule("8715", message="Date of Initial Child Protection Conference must fall within the census year",
          table="Section47", fields=["DateOfInitialCPC", "ReferenceDate"],
          says="The initial conference date is outside the census year: check it.")
def _8715(ret):
    start, end = census_period(ret)
    return (d("DateOfInitialCPC") < start) | (d("DateOfInitialCPC") > end)


@cin_rule("8740", message="For a Section 47 Enquiry that has not held the Initial Child Protection Conference by "
                          "the end of the census year, the start date must fall within the census year",
          table="Section47", fields=["S47ActualStartDate", "DateOfInitialCPC", "ICPCnotRequired"],
          says="An enquiry still waiting for its initial conference starts outside the census year: check the "
               "start date.")
def _8740(ret):
    start, end = census_period(ret)
    began = d("S47ActualStartDate")
    return (pl.col("DateOfInitialCPC").is_null()
            & pl.col("ICPCnotRequired").str.to_lowercase().is_in(FALSE).fill_null(False)
            & ((began < start) | (began > end)).fill_null(False))


@cin_rule("8839", message="Within one CINDetails group there are 2 or more open S47 Assessments", table="Section47",
          fields=["DateOfInitialCPC"],
          says="The episode has more than one open section 47 enquiry: record the conference, or that one was not "
               "required, on the earlier ones.")
def _8839(ret):
    no_cpc = pl.col("DateOfInitialCPC").is_null()
    return no_cpc & ((no_cpc & ~_not_required()).sum().over(EPISODE) > 1)


@cin_rule("8868", message="CIN episode is shown as closed, however Section 47 enquiry is not shown as completed by "
                          "ICPC date or ICPC not required flag", table="CINdetails",
          fields=["ICPCnotRequired", "CINclosureDate", "DateOfInitialCPC"],
          says="The episode is closed but a section 47 enquiry on it has neither an initial conference date nor "
               "'not required' (or has both): correct the enquiry.")
def _8868(ret):
    s47 = ret["Section47"].select("_row", *EPISODE, "DateOfInitialCPC", "ICPCnotRequired")
    pairs = ret["CINdetails"].filter(pl.col("CINclosureDate").is_not_null()).select("_row", *EPISODE).join(
        s47, on=EPISODE, suffix="_r")
    cpc = pl.col("DateOfInitialCPC").is_not_null()
    not_required = pl.col("ICPCnotRequired").is_in(TRUE).fill_null(False)
    pairs = pairs.filter((~cpc & ~not_required) | (cpc & not_required))
    return flag(pairs, CINdetails="_row", Section47="_row_r")


@cin_rule("8870Q", message="Please check and either amend or provide a reason: The Target Date for Initial Child "
                           "Protection Conference should not be a weekend", table="Section47",
          fields=["InitialCPCtarget"], severity=QUERY,
          says="The target date for the initial conference falls at a weekend: check it.")
def _8870q(ret):
    return d("InitialCPCtarget").dt.weekday() >= 6


@cin_rule("8875", message="The Date of Initial Child Protection Conference cannot be a weekend", table="Section47",
          fields=["DateOfInitialCPC"],
          says="The initial conference is dated at a weekend: check the date.")
def _8875(ret):
    return d("DateOfInitialCPC").dt.weekday() >= 6


@cin_rule("8890", message="A Section 47 enquiry is shown as starting when there is another Section 47 Enquiry "
                          "ongoing", table="CINdetails", fields=["S47ActualStartDate"],
          says="A section 47 enquiry starts while another on the same episode is still open: check their dates.")
def _8890(ret):
    _, end = census_period(ret)
    s47 = ret["Section47"].filter(pl.col("S47ActualStartDate").is_not_null())
    pairs = s47.join(s47, on=EPISODE, suffix="_2")
    start, start2 = d("S47ActualStartDate"), d("S47ActualStartDate_2")
    cpc, cpc2 = d("DateOfInitialCPC"), d("DateOfInitialCPC_2")
    same = (start == start2) & ((cpc == cpc2).fill_null(False) | (cpc.is_null() & cpc2.is_null()))
    not_required2 = pl.col("ICPCnotRequired_2").str.to_lowercase().is_in(TRUE).fill_null(False)
    pairs = pairs.filter(~same & (start >= start2) & (
        (start <= cpc2).fill_null(False) | ((start <= end) & cpc2.is_null() & ~not_required2)))
    return {"Section47": pl.concat([pairs.select("_row"), pairs.select(pl.col("_row_2").alias("_row"))]).unique()}

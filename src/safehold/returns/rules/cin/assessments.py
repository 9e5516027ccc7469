"""CIN census rules on assessments (Assessments, with their factors in AssessmentFactorsList)."""

from __future__ import annotations

import polars as pl

from ..engine import QUERY, cin_rule
from .referrals import EPISODE, census_period, d, flag, working_days_before

ASSESSMENT = [*EPISODE, "AssessmentID"]
FACTORS = ["1A", "1B", "1C", "2A", "2B", "2C", "3A", "3B", "3C", "4A", "4B", "4C", "5A", "5B", "5C", "6A", "6B",
           "6C", "7A", "8B", "8C", "8D", "8E", "8F", "9A", "10A", "11A", "12A", "13A", "14A", "15A", "16A", "17A",
           "18A", "18B", "18C", "19A", "19B", "19C", "20", "21", "22A", "23A", "24A"]


def _factors(ret) -> pl.DataFrame:
    return ret["AssessmentFactorsList"]


@cin_rule("1103", message="The assessment start date cannot be before the referral date", table="Assessments",
          fields=["AssessmentActualStartDate", "CINreferralDate"],
          says="The assessment starts before the referral: check the assessment start and referral dates.")
def _1103(ret):
    pairs = ret["Assessments"].join(ret["CINdetails"], on=EPISODE, suffix="_r").filter(
        d("AssessmentActualStartDate") < d("CINreferralDate"))
    return flag(pairs, Assessments="_row", CINdetails="_row_r")


@cin_rule("2991Q", message="Please check and either amend data or provide a reason: A Section 47 module is "
                           "recorded and there is no assessment on the episode", table="CINdetails",
          fields=["CINdetailsID"], severity=QUERY,
          says="The episode has a section 47 enquiry but no assessment: add the assessment or check the enquiry.")
def _2991q(ret):
    s47 = ret["Section47"].join(ret["Assessments"].select(EPISODE).unique(), on=EPISODE, how="anti")
    return {"Section47": s47.select("_row")}


@cin_rule("8608", message="Assessment Start Date cannot be later than its End Date", table="Assessments",
          fields=["AssessmentActualStartDate", "AssessmentAuthorisationDate"],
          says="The assessment was authorised before it started: check the start and authorisation dates.")
def _8608(ret):
    return d("AssessmentActualStartDate") > d("AssessmentAuthorisationDate")


@cin_rule("8614", message="Parental or child factors at assessment should only be present for a completed "
                          "assessment.", table="Assessments",
          fields=["AssessmentAuthorisationDate", "AssessmentFactors"],
          says="Factors are recorded on an assessment that is not authorised: add the authorisation date or "
               "remove the factors.")
def _8614(ret):
    with_factors = ret["Assessments"].join(_factors(ret).select(ASSESSMENT).unique(), on=ASSESSMENT, how="semi")
    return with_factors.filter(pl.col("AssessmentAuthorisationDate").is_null()).select("_row")


@cin_rule("8670Q", message="Please check and either amend data or provide a reason: Assessment started more than 45 "
                           "working days before the end of the census year. However, there is no Assessment end "
                           "date.", table="Assessments", fields=["AssessmentActualStartDate"], severity=QUERY,
          says="The assessment started more than 45 working days before the census date and is not authorised: "
               "add the authorisation date if it was completed.")
def _8670q(ret):
    _, end = census_period(ret)
    return pl.col("AssessmentAuthorisationDate").is_null() & (
        d("AssessmentActualStartDate") < working_days_before(end, 45))


@cin_rule("8696", message="Assessment end date must fall within the census year", table="Assessments",
          fields=["AssessmentAuthorisationDate", "ReferenceDate"],
          says="The assessment's authorisation date is outside the census year: check it.")
def _8696(ret):
    start, end = census_period(ret)
    return (d("AssessmentAuthorisationDate") < start) | (d("AssessmentAuthorisationDate") > end)


@cin_rule("8736", message="For an Assessment that has not been completed, the start date must fall within the "
                          "census year", table="Assessments",
          fields=["AssessmentAuthorisationDate", "AssessmentActualStartDate"],
          says="An assessment still open at the census date has a start date outside the census year (or none): "
               "check the start date.")
def _8736(ret):
    start, end = census_period(ret)
    began = d("AssessmentActualStartDate")
    return pl.col("AssessmentAuthorisationDate").is_null() & ~((began >= start) & (began <= end)).fill_null(False)


@cin_rule("8863Q", message="An Assessment is shown as starting when there is another Assessment ongoing.",
          table="Assessments", fields=["AssessmentActualStartDate", "AssessmentAuthorisationDate"], severity=QUERY,
          says="An assessment starts while another on the same episode is still open: check their dates.")
def _8863q(ret):
    _, end = census_period(ret)
    ass = ret["Assessments"].filter(pl.col("AssessmentActualStartDate").is_not_null())
    pairs = ass.join(ass, on=EPISODE, suffix="_2")
    start, start2 = d("AssessmentActualStartDate"), d("AssessmentActualStartDate_2")
    auth, auth2 = d("AssessmentAuthorisationDate"), d("AssessmentAuthorisationDate_2")
    same = (start == start2) & ((auth == auth2).fill_null(False) | (auth.is_null() & auth2.is_null()))
    pairs = pairs.filter(~same & (start >= start2) & (
        (start <= auth2).fill_null(False) | ((start <= end) & auth2.is_null())))
    return pl.concat([pairs.select("_row"), pairs.select(pl.col("_row_2").alias("_row"))]).unique()


@cin_rule("8867", message="CIN episode is shown as closed, however Assessment is not shown as completed",
          table="CINdetails", fields=["CINclosureDate", "AssessmentAuthorisationDate"],
          says="The episode is closed but an assessment on it is not authorised: add the authorisation date.")
def _8867(ret):
    pairs = ret["CINdetails"].filter(pl.col("CINclosureDate").is_not_null()).join(
        ret["Assessments"], on=EPISODE, suffix="_r").filter(pl.col("AssessmentAuthorisationDate").is_null())
    return flag(pairs, CINdetails="_row", Assessments="_row_r")


@cin_rule("8869", message="The assessment factors code “21” cannot be used in conjunction with any other "
                          "assessment factors.", table="Assessments", fields=["AssessmentFactors"],
          says="Factor 21 (no factors identified) is recorded with other factors: remove one or the other.")
def _8869(ret):
    per = _factors(ret).filter(pl.col("AssessmentFactor").is_not_null()).group_by(ASSESSMENT).agg(
        has21=(pl.col("AssessmentFactor") == "21").any(), others=(pl.col("AssessmentFactor") != "21").any())
    bad = per.filter(pl.col("has21") & pl.col("others"))
    return ret["Assessments"].join(bad, on=ASSESSMENT, how="semi").select("_row")


@cin_rule("8873Q", message="Please check and either amend data or provide a reason: When there is only one "
                           "assessment on the episode and the factors code “21 No factors identified” has been "
                           "used for the completed assessment, the reason for closure ‘RC8’ or 'RC9' should be "
                           "used.", table="Assessments", fields=["ReasonForClosure", "AssessmentFactors"],
          severity=QUERY,
          says="The episode's only assessment found no factors (21): the reason for closure should be RC8 or RC9.")
def _8873q(ret):
    only = ret["Assessments"].filter(pl.len().over(EPISODE) == 1)
    with21 = _factors(ret).filter(pl.col("AssessmentFactor").str.contains("21").fill_null(False))
    only = only.join(with21.select(ASSESSMENT).unique(), on=ASSESSMENT, how="semi")
    pairs = only.join(ret["CINdetails"], on=EPISODE, how="left", suffix="_r").filter(
        ~pl.col("ReasonForClosure").is_in(["RC8", "RC9"]).fill_null(False))
    return flag(pairs, Assessments="_row", CINdetails="_row_r")


@cin_rule("8896", message="Within one CINDetails group there are 2 or more open Assessments groups",
          table="Assessments", fields=["AssessmentAuthorisationDate"],
          says="The episode has more than one open assessment: authorise or remove the extra ones.")
def _8896(ret):
    return pl.col("AssessmentAuthorisationDate").is_null().sum().over(EPISODE) > 1


@cin_rule("8897Q", message="Parental or child factors at assessment information is missing from a completed "
                           "assessment", table="Assessments",
          fields=["AssessmentAuthorisationDate", "AssessmentFactors"], severity=QUERY,
          says="A completed assessment has no valid factors recorded: add the factors identified.")
def _8897q(ret):
    start, _ = census_period(ret)
    valid = _factors(ret).filter(pl.col("AssessmentFactor").is_in(FACTORS).fill_null(False))
    done = ret["Assessments"].filter(d("AssessmentAuthorisationDate") >= start)
    return done.join(valid.select(ASSESSMENT).unique(), on=ASSESSMENT, how="anti").select("_row")


@cin_rule("8898", message=" The assessment has more than one parental or child factors with the same code",
          table="Assessments", fields=["AssessmentFactors"],
          says="A factor is recorded twice on the same assessment: remove the repeat.")
def _8898(ret):
    dup = _factors(ret).filter(pl.len().over([*ASSESSMENT, "AssessmentFactor"]) > 1)
    return ret["Assessments"].join(dup.select(ASSESSMENT).unique(), on=ASSESSMENT, how="semi").select("_row")


def _has_factor(ret, code: str) -> pl.DataFrame:
    used = _factors(ret).filter(pl.col("AssessmentFactor").str.to_uppercase() == code)
    return ret["Assessments"].join(used.select(ASSESSMENT).unique(), on=ASSESSMENT, how="semi").select("_row")


@cin_rule("8945Q", message="Please check and either amend data or provide a reason: the assessment factors code "
                           "'18A' should not be used ('18B' or '18C' should be used instead)", table="Assessments",
          fields=["AssessmentFactors"], severity=QUERY,
          says="Factor 18A is no longer used: record 18B or 18C instead.")
def _8945q(ret):
    return _has_factor(ret, "18A")


@cin_rule("8950Q", message="Please check and either amend data or provide a reason: the assessment factors code "
                           "'19A' should not be used ('19B' or '19C' should be used instead)", table="Assessments",
          fields=["AssessmentFactors"], severity=QUERY,
          says="Factor 19A is no longer used: record 19B or 19C instead.")
def _8950q(ret):
    return _has_factor(ret, "19A")

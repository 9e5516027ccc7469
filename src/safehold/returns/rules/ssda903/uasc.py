"""SSDA903 rules on the UASC table (unaccompanied asylum-seeking children: the date that status ceased), and the
check of this year's UASC children against last year's. In the CSV return a child is UASC when the UASC table
has a row for them."""

import polars as pl

from ..engine import ssda903_rule
from ..expr import present, uk_date
from .header import plus_years


@ssda903_rule("104", message="Date for Unaccompanied Asylum-Seeking Children (UASC) status ceased is not a valid date.",
              table="UASC", fields=["DUC"],
              says="Enter the date UASC status ceased as a real date, no earlier than the start of the year.")
def _104(ret):
    return present("DUC") & (uk_date("DUC").is_null() | (uk_date("DUC") < pl.lit(ret.start)).fill_null(False))


@ssda903_rule("205D", message="Child identified as UASC this year but not identified as UASC status provided for the "
              "child last year.", table="Header", fields=["UASC", "CHILD"], needs=("UASC", "Header_last", "UASC_last"),
              says="The child is UASC this year but was in last year's return without UASC status: check both years.")
def _205d(ret):
    uasc_now = ret["UASC"].select("CHILD").drop_nulls().unique()
    uasc_last = ret["UASC_last"].select("CHILD").drop_nulls().unique()
    last_not_uasc = ret["Header_last"].select("CHILD").join(uasc_last, on="CHILD", how="anti")
    return ret["Header"].join(uasc_now, on="CHILD", how="semi").join(last_not_uasc, on="CHILD", how="semi")


@ssda903_rule("304", message="Date unaccompanied asylum-seeking child (UASC) status ceased must be on or before the "
              "18th birthday of a child.", table="UASC", fields=["DUC"],
              says="UASC status ceases by the 18th birthday at the latest: check the date it ceased and the date of birth.")
def _304(ret):
    return (uk_date("DUC") > plus_years(uk_date("DOB"), 18)).fill_null(False)

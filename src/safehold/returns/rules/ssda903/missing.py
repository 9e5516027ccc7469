"""SSDA903 rules on the Missing table: periods a child was missing (M) or away from placement without
authorisation (A), their start and end dates."""

import datetime as dt

import polars as pl

from ..engine import ssda903_rule
from ..expr import blank, present, uk_date

MIS_LAST = "Missing_last"


@ssda903_rule("564", message="Child was missing or away from placement without authorisation and the date started is "
              "blank.", table="Missing", fields=["MISSING", "MIS_START"],
              says="Record the date the child went missing or away from placement.")
def _564(ret):
    return pl.col("MISSING").is_in(["M", "A"]).fill_null(False) & blank("MIS_START")


@ssda903_rule("565", message="The date that the child started to be missing or away from placement without "
              "authorisation has been completed but whether the child was missing or away from placement without "
              "authorisation has not been completed.", table="Missing", fields=["MISSING", "MIS_START"],
              says="Record whether the child was missing (M) or away from placement without authorisation (A).")
def _565(ret):
    return present("MIS_START") & blank("MISSING")


@ssda903_rule("566", message="The date that the child's episode of being missing or away from placement without "
              "authorisation ended has been completed but whether the child was missing or away without "
              "authorisation has not been completed.", table="Missing", fields=["MISSING", "MIS_END"],
              says="Record whether the child was missing (M) or away from placement without authorisation (A).")
def _566(ret):
    return blank("MISSING") & present("MIS_END")


@ssda903_rule("567", message="The date that the missing episode or episode that the child was away from placement "
              "without authorisation ended is before the date that it started.", table="Missing",
              fields=["MIS_START", "MIS_END"],
              says="The missing period ends before it starts: check the start and end dates.")
def _567(ret):
    return (uk_date("MIS_START") > uk_date("MIS_END")).fill_null(False)


@ssda903_rule("570", message="The date that the child started to be missing or away from placement without "
              "authorisation is after the end of the collection year.", table="Missing", fields=["MIS_START"],
              says="The missing period starts after 31 March: it belongs in next year's return.")
def _570(ret):
    return (uk_date("MIS_START") > ret.end).fill_null(False)


@ssda903_rule("571", message="The date that the child ceased to be missing or away from placement without "
              "authorisation is before the start or after the end of the collection year.", table="Missing",
              fields=["MIS_END"],
              says="The missing period's end date must fall in this year (1 April to 31 March): leave it blank "
                   "if the child is still missing at 31 March.")
def _571(ret):
    return ((uk_date("MIS_END") < ret.start) | (uk_date("MIS_END") > ret.end)).fill_null(False)


@ssda903_rule("574", message="A new missing/away from placement without authorisation period cannot start when the "
              "previous missing/away from placement without authorisation period is still open. Missing/away from "
              "placement without authorisation periods should also not overlap.", table="Missing",
              fields=["MIS_START", "MIS_END"],
              says="This missing period starts before the one before it ended (or that one has no end date): "
                   "check the dates.")
def _574(ret):
    start, end = uk_date("MIS_START"), uk_date("MIS_END")
    rows = (ret["Missing"].filter(present("CHILD"))
            .with_columns(start.alias("_start"), end.alias("_end"), pl.coalesce(end, start).alias("_order"))
            .sort(["CHILD", "_order", "_start", "_row"], nulls_last=True)
            .with_columns(pl.col("_end").shift(1).over("CHILD").alias("_prev_end"),
                          pl.int_range(pl.len()).over("CHILD").alias("_n")))
    return rows.filter((pl.col("_n") > 0) & (pl.col("_prev_end").is_null()
                                             | (pl.col("_start") < pl.col("_prev_end")).fill_null(False)))


@ssda903_rule("576", message="There is an open missing/away from placement without authorisation period in last "
              "year’s return and there is no corresponding period recorded at the start of this year.",
              table="Missing", fields=["CHILD"], needs=[MIS_LAST],
              says="The child was still missing at the end of last year: this year's first missing period should "
                   "be that one, with the same start date.")
def _576(ret):
    # Each child's first period this year (a period with no start date sorts last) against last year's open one.
    first = (ret["Missing"].filter(present("CHILD"))
             .with_columns(uk_date("MIS_START").fill_null(dt.date(2099, 1, 1)).alias("_start"))
             .sort(["_start", "_row"]).group_by("CHILD", maintain_order=True).first())
    still_open = (ret[MIS_LAST].filter(present("CHILD") & blank("MIS_END"))
                  .select("CHILD", uk_date("MIS_START").alias("_start_last")).drop_nulls("_start_last"))
    return first.join(still_open, on="CHILD").filter(pl.col("_start") != pl.col("_start_last"))


@ssda903_rule("586", message="Dates of missing periods are before child’s date of birth.", table="Missing",
              fields=["MIS_START"],
              says="The missing period starts on or before the child's date of birth: check the dates.")
def _586(ret):
    return (uk_date("MIS_START") <= uk_date("DOB")).fill_null(False)


@ssda903_rule("1004", message="The start date of the missing episode or episode that the child was away from "
              "placement without authorisation is not a valid date.", table="Missing", fields=["MIS_START"],
              says="The missing period needs a start date, as dd/mm/yyyy.")
def _1004(ret):
    return uk_date("MIS_START").is_null()


@ssda903_rule("1005", message="The end date of the missing episode or episode that the child was away from placement "
              "without authorisation is not a valid date.", table="Missing", fields=["MIS_END"],
              says="The missing period's end date is not a real date: enter it as dd/mm/yyyy.")
def _1005(ret):
    return present("MIS_END") & uk_date("MIS_END").is_null()


@ssda903_rule("1006", message="Missing type invalid.", table="Missing", fields=["MISSING"],
              says="Record M (missing) or A (away from placement without authorisation).")
def _1006(ret):
    return present("MISSING") & ~pl.col("MISSING").is_in(["M", "A"]).fill_null(False)

"""SSDA903 rules on social worker episodes (the SWEpisodes table, collected from 2023-24): who the child's
allocated social worker was, from when to when, and why it changed.

The DfE reworked these rules in 2024-25 (SW01 split into SW01a/SW01b; SW03, SW11a, SW14 to SW16 removed) and
again in 2025-26 (SW01a/SW01b removed; SW02, SW04, SW05 and SW09 changed; SW10a, SW10b and SW17 to SW19 added).
A "previous" episode is the one before in start-date order within the child (blank or unreadable start dates
last), as the DfE's rules read "the previous episode".
"""

import datetime as dt

import polars as pl

from ..engine import ssda903_rule
from ..expr import blank, one_of, present, uk_date

T = "SWEpisodes"
START, END = uk_date("SW_DECOM"), uk_date("SW_DEC")

# The reasons a social worker changed (SW_REASON), from 2023-24.
SW_REASONS = ("MANAGE", "FCONTA", "LEFTRL", "ORGRST", "TSPROC", "ABSENC", "CHCHAN", "PCCHAN", "SWDIED", "OTHERS")
# Before 1 April 2023 only the worker and the start were asked for; from then the reason as well.
REASON_FROM = dt.date(2023, 4, 1)


def _with_dates(ret) -> pl.DataFrame:
    return ret[T].with_columns(_start=START, _end=END)


def _in_order(ret) -> pl.DataFrame:
    """Each child's episodes in start order (then end order, then file order), with the previous episode's
    end date as `_prev_end` (null for the first, or when the previous has none)."""
    return (_with_dates(ret)
            .sort(["CHILD", "_start", "_end", "_row"], nulls_last=True)
            .with_columns(_prev_end=pl.col("_end").shift(1).over("CHILD"),
                          _has_prev=pl.col("_row").shift(1).over("CHILD").is_not_null()))


def _partial_date(column: str) -> pl.Expr:
    """A date as 2023-24 read it: dd/mm/yyyy, where an unknown day or month may be given as ZZ and an unknown
    year as ZZZZ (so ZZ/04/2024 is a date)."""
    parts = pl.col(column).str.split("/")
    day, month, year = (parts.list.get(i, null_on_oob=True) for i in range(3))
    text = pl.concat_str([pl.when(day == "ZZ").then(pl.lit("01")).otherwise(day), pl.lit("/"),
                          pl.when(month == "ZZ").then(pl.lit("01")).otherwise(month), pl.lit("/"),
                          pl.when(year == "ZZZZ").then(pl.lit("2000")).otherwise(year)])
    return pl.when(parts.list.len() == 3).then(text.str.strptime(pl.Date, "%d/%m/%Y", strict=False))


# --- Completeness and formats --------------------------------------------------------------------------------

@ssda903_rule("SW01aSTG1", message="For each social worker episode, information should be complete",
              table=T, fields=["SW_DECOM", "SW_ID"], years=(2024, 2024),
              says="Give the date this social worker episode began, and for an episode before April 2023 the "
                   "social worker's ID.")
def _sw01a(ret):
    return START.is_null() | ((START < REASON_FROM) & blank("SW_ID"))


@ssda903_rule("SW01bSTG1", message="For each social worker episode, information should be complete",
              table=T, fields=["SW_DECOM", "SW_ID", "SW_REASON"], years=(2024, 2024),
              says="Give the date this social worker episode began, the social worker's ID and the reason the "
                   "social worker changed.")
def _sw01b(ret):
    return START.is_null() | ((START >= REASON_FROM) & (blank("SW_ID") | blank("SW_REASON")))


_SW02 = dict(message="Social worker ID does not begin with the characters ‘SW’ or ‘XX’.", table=T,
             fields=["SW_ID"])


@ssda903_rule("SW02STG1", **_SW02, years=(2024, 2024),
              says="Record the social worker's ID: it begins SW (or XX when not known).")
def _sw02_2024(ret):
    return ~pl.col("SW_ID").str.slice(0, 2).is_in(["SW", "XX"]).fill_null(False)


@ssda903_rule("SW02STG1", **_SW02, years=(2025, None),
              says="Record the social worker's ID: it begins SW (or XX when not known) and has at least four "
                   "characters.")
def _sw02(ret):
    return (~pl.col("SW_ID").str.slice(0, 2).is_in(["SW", "XX"]).fill_null(False)
            | (pl.col("SW_ID").str.len_chars() < 4).fill_null(False))


_SW04 = dict(message="Date social worker episode began is not a valid date..", table=T, fields=["SW_DECOM"])


@ssda903_rule("SW04STG1", **_SW04, years=(2024, 2024),
              says="Write the date this social worker episode began as dd/mm/yyyy.")
def _sw04_2024(ret):
    return present("SW_DECOM") & _partial_date("SW_DECOM").is_null()


@ssda903_rule("SW04STG1", **_SW04, years=(2025, None),
              says="Write the date this social worker episode began as dd/mm/yyyy.")
def _sw04(ret):
    return present("SW_DECOM") & START.is_null()


# The DfE's message says "began"; the rule is on the date the episode ended.
_SW05 = dict(message="Date social worker episode began is not a valid date.", table=T, fields=["SW_DEC"])


@ssda903_rule("SW05STG1", **_SW05, years=(2024, 2024),
              says="Write the date this social worker episode ended as dd/mm/yyyy.")
def _sw05_2024(ret):
    return present("SW_DEC") & _partial_date("SW_DEC").is_null()


@ssda903_rule("SW05STG1", **_SW05, years=(2025, None),
              says="Write the date this social worker episode ended as dd/mm/yyyy.")
def _sw05(ret):
    return present("SW_DEC") & END.is_null()


@ssda903_rule("SW13STG1", message="The reason for social worker change is not valid.", table=T,
              fields=["SW_REASON"],
              says="Record why the social worker changed with one of the DfE's reason codes (needed for every "
                   "episode from April 2023).")
def _sw13(ret):
    return (present("SW_REASON") & ~one_of("SW_REASON", SW_REASONS)) | (
        blank("SW_REASON") & (START >= REASON_FROM).fill_null(False))


# --- Dates within the year ------------------------------------------------------------------------------------

@ssda903_rule("SW06STG2", message="Social worker episode data should be within the social worker data reporting "
                                  "year.", table=T, fields=["SW_DECOM"],
              says="This social worker episode starts after 31 March: check the start date.")
def _sw06(ret):
    return START > ret.end


@ssda903_rule("SW07STG2", message="Social worker episode end date should be on or after the start of the social "
                                  "worker reporting period, and should be on or before the collection end date.",
              table=T, fields=["SW_DEC"],
              says="The social worker episode's end date is outside the two years reported (from 1 April of the "
                   "year before to 31 March): check it.")
def _sw07(ret):
    # The social worker reporting period is two years: from 1 April of the year before the collection year.
    return (END < dt.date(ret.year - 1, 4, 1)) | (END > ret.end)


# --- Lengths, overlaps and gaps -------------------------------------------------------------------------------

@ssda903_rule("SW08STG2", message="A new social worker episode has started, but the previous episode has not "
                                  "ended.", table=T, fields=["SW_DEC"],
              says="A later social worker episode began but this one has no end date: give the date it ended.")
def _sw08(ret):
    # Every episode but the child's latest needs an end date (an episode with no readable start is latest).
    ordered = _with_dates(ret).sort(["CHILD", "_start", "_row"], nulls_last=True)
    latest = ordered.group_by("CHILD", maintain_order=True).agg(pl.col("_row").last().alias("_latest"))
    return (ordered.join(latest, on="CHILD", how="left", nulls_equal=True)
            .filter((pl.col("_row") != pl.col("_latest")) & pl.col("_end").is_null() & pl.col("_start").is_not_null()
                    & pl.col("CHILD").is_not_null())
            .select("_row"))


_SW09 = dict(message="Social worker episode appears to have lasted for less than 24 hours.", table=T,
             fields=["SW_DECOM", "SW_DEC"])


@ssda903_rule("SW09STG2", **_SW09, years=(2024, 2024),
              says="This social worker episode ends on the day it began: check the dates.")
def _sw09_2024(ret):
    return pl.col("SW_DEC") == pl.col("SW_DECOM")


@ssda903_rule("SW09STG2", **_SW09, years=(2025, None),
              says="This social worker episode lasted less than three days: check the dates.")
def _sw09(ret):
    # From 2025-26 an episode must last at least three days (an end before the start is caught here too).
    return (END - START) < pl.duration(days=3)


def _not_within_a_week(ret) -> pl.DataFrame:
    """Episodes after the child's first, not started within 7 days either side of the previous one's end (or
    the previous one has no end), whose reason is not a first contact."""
    o = _in_order(ret)
    week = pl.duration(days=7)
    close = (pl.col("_start") >= pl.col("_prev_end") - week) & (pl.col("_start") <= pl.col("_prev_end") + week)
    return o.filter(pl.col("_has_prev") & ~one_of("SW_REASON", ["FCONTA"]) & ~close.fill_null(False)).select("_row")


@ssda903_rule("SW10STG2", message="A new social worker episode has started before the end date of the previous "
                                  "social worker episode.", table=T, fields=["SW_DECOM"],
              says="This social worker episode should start within a week of the previous one ending: check the "
                   "dates of both.")
def _sw10(ret):
    return _not_within_a_week(ret)


@ssda903_rule("SW10aSTG2", message="A new social worker episode has started and it is not within +/- 7 days of a "
                                   "previous episode.", table=T, fields=["SW_DECOM"], years=(2025, None),
              says="This social worker episode should start within a week of the previous one ending: check the "
                   "dates of both.")
def _sw10a(ret):
    return _not_within_a_week(ret)


@ssda903_rule("SW10bSTG2", message="A new social worker episode has started with a reason of first contact before "
                                   "the previous episode has ended.", table=T, fields=["SW_DECOM", "SW_REASON"],
              years=(2025, None),
              says="A first-contact social worker episode must start after the previous episode ended: check the "
                   "dates or the reason.")
def _sw10b(ret):
    o = _in_order(ret)
    return o.filter(pl.col("_has_prev") & one_of("SW_REASON", ["FCONTA"])
                    & (pl.col("_start") <= pl.col("_prev_end")).fill_null(False)).select("_row")


@ssda903_rule("SW11bSTG2", message="Social worker episode has ended before 31 March and no subsequent social worker "
                                   "episode has been provided.", table=T, fields=["SW_DEC"],
              says="The social worker episode ended in the last days of March and no later episode follows: add "
                   "the episode that began next.")
def _sw11b(ret):
    # An episode ending in the five days to 31 March should be followed by another. Flagged: the child's latest
    # episode when it ends then; and an episode with no readable start that follows one ending then.
    o = _in_order(ret)
    late = (pl.col("_end") >= ret.end - dt.timedelta(days=5)) & (pl.col("_end") <= ret.end)
    o = o.with_columns(_late=late.fill_null(False),
                       _prev_late=late.shift(1).over("CHILD").fill_null(False),
                       _later=pl.col("_start").is_null().any().over("CHILD")
                       | (pl.col("_start") < pl.col("_start").max().over("CHILD")).fill_null(False))
    latest_ends_late = pl.col("_late") & ~pl.col("_later") & pl.col("_start").is_not_null()
    no_start_after_late = pl.col("_start").is_null() & pl.col("_prev_late")
    only_episode_late = pl.col("_late") & (pl.len().over("CHILD") == 1)
    return o.filter(latest_ends_late | no_start_after_late | only_episode_late).select("_row")


@ssda903_rule("SW17STG2", message="There is no social worker episode open at 31 March", table=T,
              fields=["SW_DEC", "SW_DECOM"], years=(2025, None),
              says="The child's latest social worker episode has an end date: it should be open at 31 March "
                   "(or add the episode that followed).")
def _sw17(ret):
    d = _with_dates(ret).sort(["CHILD", "_start", "_row"], descending=[False, True, False], nulls_last=True)
    latest = d.group_by("CHILD", maintain_order=True).first()
    return latest.filter(present("SW_DEC")).select("_row")


@ssda903_rule("SW18STG2", message="The end date of the social worker episode is before the start date", table=T,
              fields=["SW_DEC", "SW_DECOM"], years=(2025, None),
              says="The social worker episode ends on or before the day it began: check the dates.")
def _sw18(ret):
    return END <= START


@ssda903_rule("SW19STG2", message="There are 2 social worker episodes for the child starting on the same date.",
              table=T, fields=["SW_DEC", "SW_DECOM"], years=(2025, None),
              says="Two social worker episodes begin on the same day: remove the duplicate or correct the date.")
def _sw19(ret):
    # The second and later episodes with the same start as an earlier one (blank starts count as the same).
    return ~pl.struct("CHILD", "SW_DECOM").is_first_distinct()


# --- Against the care episodes --------------------------------------------------------------------------------

@ssda903_rule("SW12STG2", message="If a child is looked after on 31 March then all social worker episodes for the "
                                  "full previous year should be reported, even those whilst they were not looked "
                                  "after", table="Episodes", fields=["SW_DECOM"], needs=[T],
              says="Report the child's social worker episodes for the whole two years, including one open when "
                   "this care episode began or ended.")
def _sw12(ret):
    # An open care episode runs to 31 March.
    eps = ret["Episodes"].with_columns(_decom=uk_date("DECOM"), _dec=uk_date("DEC").fill_null(ret.end))
    in_period = (pl.col("_dec") >= dt.date(ret.year - 1, 4, 1)) & (pl.col("_dec") <= ret.end)
    not_x1 = ~one_of("REC", ["X1"])
    eps = eps.filter(in_period.fill_null(False)
                     & ~one_of("LS", ["V3", "V4"]) & (one_of("RNE", ["S"]) | not_x1))
    sw = ret[T].select("CHILD", _sw_start=START)
    pairs = eps.join(sw, on="CHILD", how="left")
    # Each social worker episode must have begun by the care episode's end (unless it ended with the child
    # returning home, X1) or, for an episode that starts a period of care, on or after its start.
    before_end = (pl.col("_sw_start") <= pl.col("_dec")).fill_null(False) & not_x1
    after_start = (pl.col("_sw_start") >= pl.col("_decom")).fill_null(False) & one_of("RNE", ["S"])
    return pairs.filter(~before_end & ~after_start).select("_row").unique()

"""SSDA903 rules on deprivation of liberty orders (the DoLo table, new in 2026-27): each DoLO's start and end,
within the year, in order, inside a period of care, and the placements a child with a DoLO may be in."""

import polars as pl

from ..engine import ssda903_rule
from ..expr import one_of, present, uk_date

T = "DoLo"
YEARS = (2026, None)
START, END = uk_date("DOLO_START"), uk_date("DOLO_END")


@ssda903_rule("700", message="The start date of the DoLO is not a valid date.", table=T, fields=["DOLO_START"],
              years=YEARS, says="Give the date the deprivation of liberty order started, as dd/mm/yyyy.")
def _700(ret):
    return START.is_null()


@ssda903_rule("701", message="The end date of the DoLO is not a valid date.", table=T, fields=["DOLO_END"],
              years=YEARS, says="Write the date the deprivation of liberty order ended as dd/mm/yyyy (or leave it "
                                "blank while it continues).")
def _701(ret):
    return present("DOLO_END") & END.is_null()


@ssda903_rule("702", message="The date that the DoLO ended is before the date that it started.", table=T,
              fields=["DOLO_START", "DOLO_END"], years=YEARS,
              says="The deprivation of liberty order ends on or before the day it started: check the dates.")
def _702(ret):
    return END <= START


@ssda903_rule("703", message="The date that the DoLO started is after the end of the collection year.", table=T,
              fields=["DOLO_START"], years=YEARS,
              says="The deprivation of liberty order starts after 31 March: check the start date.")
def _703(ret):
    return START > ret.end


@ssda903_rule("704", message="The date that the DoLO ended is before the start or after the end of the collection "
                             "year.", table=T, fields=["DOLO_END"], years=YEARS,
              says="The deprivation of liberty order's end date is outside this year (1 April to 31 March): check "
                   "it, or leave it out if the order ended before the year.")
def _704(ret):
    return (END < ret.start) | (END > ret.end)


@ssda903_rule("705", message="A DoLO cannot start when the previous DoLO is still open.", table=T,
              fields=["DOLO_START", "DOLO_END"], years=YEARS,
              says="This deprivation of liberty order starts while the one before is still open or before it "
                   "ended: end the earlier order or correct the dates.")
def _705(ret):
    # Each child's orders in order of ending (an open order at its start); each must start on or after the
    # previous one ended, and the previous one must have ended.
    o = (ret[T].with_columns(_start=START, _end=END)
         .with_columns(_key=pl.coalesce("_end", "_start"))
         .sort(["CHILD", "_key", "_start", "_row"], nulls_last=True)
         .with_columns(_prev_end=pl.col("_end").shift(1).over("CHILD"),
                       _has_prev=pl.col("_row").shift(1).over("CHILD").is_not_null()))
    clash = pl.col("_prev_end").is_null() | (pl.col("_start") < pl.col("_prev_end")).fill_null(False)
    return o.filter(pl.col("_has_prev") & pl.col("CHILD").is_not_null() & clash).select("_row")


def _periods_of_care(ret) -> pl.DataFrame:
    """Each child's periods of care (CHILD, _poc_start, _poc_end): episodes run together while each starts on or
    before the previous one ended (or the previous one has no end); `_poc_end` is the last episode's end."""
    eps = (ret["Episodes"].with_columns(_decom=uk_date("DECOM"), _dec=uk_date("DEC"))
           .filter(pl.col("_decom").is_not_null())
           .sort(["CHILD", "_decom", "_row"], nulls_last=True))
    new = (pl.col("CHILD") != pl.col("CHILD").shift(1)).fill_null(True) | (
        pl.col("_decom") > pl.col("_dec").shift(1)).fill_null(False)
    return (eps.with_columns(_poc=new.cum_sum())
            .group_by("_poc", maintain_order=True)
            .agg(pl.col("CHILD").first(), pl.col("_decom").first().alias("_poc_start"),
                 pl.col("_dec").last().alias("_poc_end")))


@ssda903_rule("707", message="Child ceased to be looked after but there is a DoLO without an end date.", table=T,
              fields=["DOLO_END"], years=YEARS, needs=["Episodes"],
              says="The deprivation of liberty order does not fit within a period of care (an open order after "
                   "the child left care, or dates outside it): give its end date or correct the dates.")
def _707(ret):
    dolo = ret[T].with_columns(_start=START, _end=END).filter(pl.col("_start").is_not_null())
    pairs = dolo.join(_periods_of_care(ret), on="CHILD", how="inner")
    open_fits = pl.col("_end").is_null() & pl.col("_poc_end").is_null() & (pl.col("_start") >= pl.col("_poc_start"))
    ended_fits = (pl.col("_end").is_not_null() & (pl.col("_end") >= pl.col("_poc_start"))
                  & (pl.col("_poc_end").is_null() | (pl.col("_end") <= pl.col("_poc_end"))))
    fits = pairs.with_columns(_fits=(open_fits | ended_fits).fill_null(False))
    return fits.group_by("_row").agg(pl.col("_fits").any()).filter(~pl.col("_fits")).select("_row")


@ssda903_rule("708", message="Dates of DoLOs are before child’s date of birth.", table=T, fields=["DOLO_START"],
              years=YEARS, says="The deprivation of liberty order starts on or before the child's date of birth: "
                                "check the start date and the date of birth.")
def _708(ret):
    return START <= uk_date("DOB")


def _during_an_order(ret) -> pl.DataFrame:
    """Each (order, care episode) of a child where the episode overlaps an order with both dates given."""
    dolo = (ret[T].filter(present("DOLO_START") & present("DOLO_END"))
            .select("CHILD", pl.col("_row").alias("_dolo_row"), _start=START, _end=END))
    eps = ret["Episodes"].select("CHILD", "PLACE", "_row", _decom=uk_date("DECOM"), _dec=uk_date("DEC"))
    pairs = eps.join(dolo, on="CHILD", how="inner")
    overlap = ((pl.col("_start") <= pl.col("_dec")) | pl.col("_dec").is_null()) & (pl.col("_end") >= pl.col("_decom"))
    return pairs.filter(overlap.fill_null(False))


def _both(pairs: pl.DataFrame) -> dict[str, pl.DataFrame]:
    return {T: pairs.select(pl.col("_dolo_row").alias("_row")).unique(), "Episodes": pairs.select("_row").unique()}


# The sector's validator reads a PLACEMENT column that the Episodes table does not have (it is PLACE), so it
# never reports 709 or 710; Safehold checks PLACE, as the DfE's rules mean.
@ssda903_rule("709", message="Child with a DoLO is in an unexpected placement type.", table=T,
              fields=["DOLO_START", "PLACE"], years=YEARS, needs=["Episodes"],
              says="While a deprivation of liberty order is in force the child is expected to be in a children's "
                   "home (K2) or an unregistered setting (Z12, Z13): check the placement type.")
def _709(ret):
    return _both(_during_an_order(ret).filter(~one_of("PLACE", ["K2", "Z12", "Z13"])))


@ssda903_rule("710", message="Child with a DoLO can not be placed in secure children's homes, with parents, young "
                             "offender institutions, or supported accommodation.", table=T,
              fields=["DOLO_START", "PLACE"], years=YEARS, needs=["Episodes"],
              says="A child under a deprivation of liberty order cannot be in a secure children's home, with "
                   "parents, in a young offender institution or supported accommodation: check the placement or "
                   "the order's dates.")
def _710(ret):
    return _both(_during_an_order(ret).filter(one_of("PLACE", ["K1", "P1", "R5", "K3"])))

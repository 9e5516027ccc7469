"""What several SSDA903 rules share: which children were looked after continuously for 12 months at 31 March
(the DfE's definition, which OC2, the SDQ rules and the conviction and health rules all read)."""

from __future__ import annotations

import polars as pl

from ..expr import present, uk_date


def looked_after_12_months(ret) -> pl.DataFrame:
    return ret.shared("looked_after_12_months", _looked_after_12_months)


def _looked_after_12_months(ret) -> pl.DataFrame:
    """The children looked after continuously for 12 months at 31 March (CHILD): in care at some point in the
    year, and no episode that starts care in the year (RNE S), leaves care in the year (REC other than X1, DEC
    before 31 March) or is a short break (LS V3/V4) in the year. As the DfE's validation guidance defines it."""
    start, end = ret.start, ret.end
    decom, dec = uk_date("DECOM"), uk_date("DEC")
    during = ((decom <= end) & ((dec >= start) | dec.is_null())).fill_null(False)
    enters = ((pl.col("RNE") == "S").fill_null(False) & (decom > start) & (decom <= end)).fill_null(False)
    leaves = ((pl.col("REC") != "X1").fill_null(True) & (dec >= start) & (dec < end)).fill_null(False)
    short_breaks = pl.col("LS").is_in(["V3", "V4"]).fill_null(False) & during
    return (ret["Episodes"].filter(present("CHILD"))
            .group_by("CHILD")
            .agg(during.any().alias("in_care"), (enters | leaves | short_breaks).any().alias("broken"))
            .filter(pl.col("in_care") & ~pl.col("broken"))
            .select("CHILD"))


def with_cla(ret, table: str) -> pl.DataFrame:
    """`table` with CLA: whether the row's child was looked after continuously for 12 months at 31 March."""
    def build(ret) -> pl.DataFrame:
        cla = looked_after_12_months(ret).with_columns(pl.lit(True).alias("CLA"))
        return ret[table].join(cla, on="CHILD", how="left").with_columns(pl.col("CLA").fill_null(False))
    return ret.shared(f"with_cla:{table}", build)

"""CIN census rules on the child's characteristics: ethnicity (ChildCharacteristics) and disabilities
(Disabilities)."""

from __future__ import annotations

import polars as pl

from ..engine import QUERY, cin_rule
from ..expr import iso_date
from .header import whole_return

ETHNICITIES = ["ABAN", "AIND", "AOTH", "APKN", "BAFR", "BCRB", "BOTH", "CHNE", "MOTH", "MWAS", "MWBA", "MWBC", "NOBT",
               "OOTH", "REFU", "WBRI", "WIRI", "WIRT", "WOTH", "WROM"]
DISABILITIES = ["NONE", "MOB", "HAND", "PC", "INC", "COMM", "LD", "HEAR", "VIS", "BEH", "CON", "AUT", "DDA"]
DIS = "Disabilities"


@cin_rule("2887Q", message="Please check and either amend or provide a reason: Less than 8 disability codes have "
          "been used in your return", table=DIS, fields=["Disability"], severity=QUERY,
          says="Fewer than 8 different disability codes are used across the census: check children's disabilities "
               "are recorded in full.")
def _2887q(ret):
    # The DfE's rule: excluding NONE, the return should use more than 7 different disability codes.
    used = ret[DIS].filter(pl.col("Disability") != "NONE").select(pl.col("Disability").drop_nulls().n_unique())
    return whole_return() if used.item() <= 7 else {}


@cin_rule("2888Q", message="Please check and either amend or provide a reason: Only one disability code is recorded "
          "per child and multiple disabilities should be recorded where possible.", table=DIS,
          fields=["Disability"], severity=QUERY,
          says="No child has more than one disability recorded: record every disability a child has.")
def _2888q(ret):
    counts = (ret[DIS].filter((pl.col("Disability") != "NONE").fill_null(True))
              .group_by("LAchildID").agg(pl.col("Disability").count().alias("n")))
    if counts.is_empty():
        return {}
    return whole_return() if counts["n"].max() <= 1 else {}


@cin_rule("4220", message="Ethnicity is missing or invalid (see Ethnicity table)", table="ChildCharacteristics",
          fields=["Ethnicity"],
          says="The child's ethnicity is missing or not one of the DfE's codes: record it (REFU if refused, NOBT "
               "if not yet obtained).")
def _4220(ret):
    return ~pl.col("Ethnicity").is_in(ETHNICITIES).fill_null(False)


@cin_rule("8540", message="Child’s disability is missing or invalid (see Disability table)",
          table="ChildCharacteristics", fields=["Disability", "PersonBirthDate", "ReferralNFA"],
          says="A child who is born and went on to further action needs their disabilities recorded (NONE if "
               "none), with the DfE's codes.")
def _8540(ret):
    born = ret["ChildIdentifiers"].filter(iso_date("PersonBirthDate").is_not_null()).select("_row", "LAchildID")
    nfa = pl.col("ReferralNFA")
    acted = (ret["CINdetails"].filter(nfa.is_in(["false", "0"]))
             .select(pl.col("_row").alias("_detail"), "LAchildID"))
    disabilities = ret[DIS].select(pl.col("_row").alias("_dis"), "LAchildID", "Disability")
    cases = born.join(acted, on="LAchildID", how="inner").join(disabilities, on="LAchildID", how="left")
    cases = cases.filter(~pl.col("Disability").is_in(DISABILITIES).fill_null(False))
    return {"ChildIdentifiers": cases.select("_row", "LAchildID"),
            "CINdetails": cases.select(pl.col("_detail").alias("_row"), "LAchildID"),
            DIS: cases.filter(pl.col("_dis").is_not_null()).select(pl.col("_dis").alias("_row"), "LAchildID")}


@cin_rule("8790", message="Disability information includes both None and other values", table=DIS,
          fields=["Disability"],
          says="The child has NONE and other disabilities recorded: remove NONE or the other codes.")
def _8790(ret):
    upper = pl.col("Disability").str.to_uppercase()
    with_none = ret[DIS].filter(upper == "NONE").select("LAchildID").unique()
    return ret[DIS].join(with_none, on="LAchildID", how="semi").filter((upper != "NONE").fill_null(True))


@cin_rule("8794", message="Child has two or more disabilities with the same code", table=DIS, fields=["Disability"],
          says="The same disability is recorded twice for the child: remove the repeat.")
def _8794(ret):
    return pl.col("Disability").is_not_null() & pl.struct("LAchildID", "Disability").is_duplicated()

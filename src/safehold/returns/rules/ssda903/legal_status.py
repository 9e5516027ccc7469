"""SSDA903 rules on an episode's legal status, placement and provider, and what they imply elsewhere in the
return: placement and adoption orders (PlacedAdoption, AD1), previous permanence (PrevPerm), the child's
header (UPN, motherhood)."""

import datetime as dt

import polars as pl

from ..engine import ssda903_rule
from ..expr import one_of, present, uk_date

ADOPTION_PLACEMENTS = ("A3", "A4", "A5", "A6")
FOSTER_CARE_PLACEMENTS = ("U1", "U2", "U3", "U4", "U5", "U6")
SHORT_BREAKS = ("V3", "V4")  # legal statuses of a series of short breaks (respite)
ADOPTED = ("E11", "E12")  # reasons an episode ceased: adopted
ADOPTION_DETAILS = ("DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR")
PLACE_CHANGE_REASONS = ("CARPL", "CLOSE", "ALLEG", "STAND", "APPRR", "CREQB", "CREQO", "CHILD", "LAREQ", "PLACE",
                        "CUSTOD", "OTHER")


def _rows(frame: pl.DataFrame, column: str = "_row") -> pl.DataFrame:
    """The distinct rows `column` names, as a frame with `_row` (null rows dropped)."""
    return frame.select(pl.col(column).alias("_row")).drop_nulls().unique()


def _in_year(ret, date: pl.Expr) -> pl.Expr:
    return (date >= pl.lit(ret.start)) & (date <= pl.lit(ret.end))


def _first_by(frame: pl.DataFrame, date: str, *, last: bool = False, row: str = "_row") -> pl.DataFrame:
    """Each child's row with the earliest (or latest) `date`, the first in the file (`row`) on a tie; rows
    without the date are left out."""
    frame = frame.filter(pl.col(date).is_not_null()).sort(row)
    best = pl.col(date).max() if last else pl.col(date).min()
    return frame.filter(pl.col(date) == best.over("CHILD")).unique("CHILD", keep="first", maintain_order=True)


# --- Legal status ------------------------------------------------------------------------------------------

@ssda903_rule("408", message="Child is placed for adoption with a placement order, but no placement order has "
              "been recorded.", table="Episodes", fields=["PLACE", "LS"],
              says="A placement for adoption with a placement order (A5, A6) needs legal status E1: check the "
                   "legal status or the placement type.")
def _408(ret):
    return one_of("PLACE", ("A5", "A6")) & (pl.col("LS") != "E1").fill_null(True)


@ssda903_rule("426", message="A child receiving respite care cannot be recorded under a legal status of V3 and V4 "
              "in the same year.", table="Episodes", fields=["LS"],
              says="Short breaks are either a single arrangement (V3) or a series (V4) in a year, not both: "
                   "correct the legal status of these episodes.")
def _426(ret):
    eps = ret["Episodes"]
    both = one_of("LS", ["V3"]).any().over("CHILD") & one_of("LS", ["V4"]).any().over("CHILD")
    return eps.filter(both & one_of("LS", SHORT_BREAKS)).select("_row")


@ssda903_rule("446", message="E1 is not a valid code for episodes starting before December 2005.", table="Episodes",
              fields=["LS", "DECOM"],
              says="Legal status E1 (placement order) did not exist before 1 December 2005: check the legal "
                   "status or the start date.")
def _446(ret):
    return one_of("LS", ["E1"]) & (uk_date("DECOM") < pl.lit(dt.date(2005, 12, 1))).fill_null(False)


@ssda903_rule("407", message="Reason episode ceased is Special Guardianship Order, but child has reached age 18.",
              table="Episodes", fields=["DEC", "DOB", "REC"],
              says="A special guardianship order cannot end care after the child's 18th birthday: check the "
                   "reason the episode ended, its end date and the date of birth.")
def _407(ret):
    eps = ret["Episodes"].filter(one_of("REC", ("E45", "E46", "E47", "E48")))
    joined = eps.join(ret["Header"].select("CHILD", pl.col("_row").alias("_row_h"), "DOB"), on="CHILD")
    bad = joined.filter(uk_date("DOB").dt.offset_by("18y") < uk_date("DEC"))
    return {"Episodes": _rows(bad), "Header": _rows(bad, "_row_h")}


@ssda903_rule("442", message="Unique Pupil Number (UPN) field is not completed.", table="Header", fields=["UPN"],
              says="Record the child's UPN (or a reason code such as UN1) for a child looked after other than "
                   "under short breaks.")
def _442(ret):
    needs_upn = ret["Episodes"].filter(~one_of("LS", SHORT_BREAKS)).select("CHILD").unique()
    return ret["Header"].join(needs_upn, on="CHILD", how="semi").filter(pl.col("UPN").is_null()).select("_row")


# --- Placements and providers ------------------------------------------------------------------------------

@ssda903_rule("516", message="The episode data submitted for this child does not show that he/she was with their "
              "former foster carer(s) during the year.If the code in the reason episode ceased is E45 or E46 the "
              "child must have a placement code of U1 to U6.", table="Episodes", fields=["REC", "PLACE"],
              says="A special guardianship order to former foster carers (E45, E46) ends a foster placement "
                   "(U1 to U6): check the reason the episode ended or the placement type.")
def _516(ret):
    return one_of("REC", ("E45", "E46")) & ~one_of("PLACE", FOSTER_CARE_PLACEMENTS)


@ssda903_rule("526", message="Child is missing a placement provider code for at least one episode.",
              table="Episodes", fields=["PLACE", "PLACE_PROVIDER"], years=(2024, 2024),
              says="Record who provides this placement (the placement provider code).")
def _526(ret):
    return ~one_of("PLACE", ("T0", "T1", "T2", "T3", "T4", "Z1")) & pl.col("PLACE_PROVIDER").is_null()


@ssda903_rule("526", message="Child is missing a placement provider code for at least one episode.",
              table="Episodes", fields=["PLACE", "PLACE_PROVIDER"], years=(2025, None),
              says="Record who provides this placement (the placement provider code).")
def _526_2025(ret):
    return (~one_of("PLACE", ("T0", "T1", "T2", "T3", "T4", "Z11", "Z12", "Z13", "Z14"))
            & pl.col("PLACE_PROVIDER").is_null())


PLACES_527 = PLACES_528 = ("P1", "R2", "R5")
PLACES_529 = ("A3", "A4", "A5", "A6", "K1", "K2", "P1", *FOSTER_CARE_PLACEMENTS)
PLACES_530 = PLACES_531 = ("P1",)


def _provider_cannot(code: str, provider: str, places, message: str, says: str) -> None:
    @ssda903_rule(code, message=message, table="Episodes", fields=["PLACE", "PLACE_PROVIDER"], says=says)
    def check(ret):
        return one_of("PLACE", places) & one_of("PLACE_PROVIDER", [provider])


_provider_cannot("527", "PR1", PLACES_527, "A placement provider code of PR1 cannot be associated with placements P1, R2 or R5.",
                 "The council's own provision (PR1) cannot provide placements P1, R2 or R5: "
                 "check the placement type or the provider.")
_provider_cannot("528", "PR2", PLACES_528, "A placement provider code of PR2 cannot be associated with placements P1, R2 or R5.",
                 "Another council's provision (PR2) cannot provide placements P1, R2 or R5: "
                 "check the placement type or the provider.")
_provider_cannot("529", "PR3", PLACES_529, "Placement provider code of PR3 cannot be associated with placements P1, A3 to A6, K1, K2 "
                 "and U1 to U6 as these placements cannot be provided by other public organisations.",
                 "Another public organisation (PR3) cannot provide placements P1, A3 to A6, K1, K2 or U1 to U6: "
                 "check the placement type or the provider.")
_provider_cannot("530", "PR4", PLACES_530, "A placement provider code of PR4 cannot be associated with placement P1.",
                 "A private provider (PR4) cannot provide a placement with parents (P1): check the placement type "
                 "or the provider.")
_provider_cannot("531", "PR5", PLACES_531, "A placement provider code of PR5 cannot be associated with placements P1.",
                 "A voluntary provider (PR5) cannot provide a placement with parents (P1): check the placement "
                 "type or the provider.")


@ssda903_rule("550", message="A placement provider code of PR0 can only be associated with placement P1.",
              table="Episodes", fields=["PLACE", "PLACE_PROVIDER"],
              says="Provider PR0 (parents or others with parental responsibility) only goes with placement P1: "
                   "check the placement type or the provider.")
def _550(ret):
    return (pl.col("PLACE") != "P1").fill_null(True) & one_of("PLACE_PROVIDER", ["PR0"])


@ssda903_rule("1009", message="Reason for placement change is not a valid code.", table="Episodes",
              fields=["REASON_PLACE_CHANGE"],
              says="Choose the reason the placement changed from the DfE's list of codes.")
def _1009(ret):
    return present("REASON_PLACE_CHANGE") & ~one_of("REASON_PLACE_CHANGE", PLACE_CHANGE_REASONS)


# --- Placement for adoption, placement orders and adoption -------------------------------------------------

def _placed_adoption(ret) -> pl.DataFrame:
    return ret["PlacedAdoption"].rename({"_row": "_row_pa"}).drop("DOB")


@ssda903_rule("521", message="Date of local authority's decision (LA) that adoption is in the best interests of the "
              "child (date should be placed) must be on or prior to the date the child is placed for adoption.",
              table="Episodes", fields=["PLACE", "DECOM", "DATE_INT"],
              says="The decision that adoption is in the child's best interests comes before the placement for "
                   "adoption starts: check the decision date (AD1) or the episode's start date.")
def _521(ret):
    eps = ret["Episodes"].filter(one_of("PLACE", ADOPTION_PLACEMENTS))
    joined = eps.join(ret["AD1"].select("CHILD", "DATE_INT", pl.col("_row").alias("_row_ad1")), on="CHILD")
    bad = joined.filter(uk_date("DATE_INT") > uk_date("DECOM"))
    return {"Episodes": _rows(bad), "AD1": _rows(bad, "_row_ad1")}


@ssda903_rule("551", message="Child has been placed for adoption but there is no date of the decision that the child "
              "should be placed for adoption.", table="Episodes", fields=["DATE_PLACED", "PLACE"],
              says="A child placed for adoption needs the date of the decision that they should be placed for "
                   "adoption: record it.")
def _551(ret):
    eps = ret["Episodes"].filter(one_of("PLACE", ADOPTION_PLACEMENTS))
    joined = eps.join(_placed_adoption(ret), on="CHILD", how="left")
    return _rows(joined.filter(pl.col("DATE_PLACED").is_null()))


@ssda903_rule("552", message="Date of Decision to place a child for adoption should be on or prior to the date that "
              "the child was placed for adoption.", table="Episodes", fields=["DATE_PLACED", "DECOM"],
              says="The decision to place the child for adoption comes before the placement for adoption starts: "
                   "check the decision date or the episode's start date.")
def _552(ret):
    decision = _first_by(_placed_adoption(ret).with_columns(uk_date("DATE_PLACED").alias("_placed")), "_placed",
                         last=True, row="_row_pa")
    placed = _first_by(ret["Episodes"].filter(one_of("PLACE", ADOPTION_PLACEMENTS))
                       .with_columns(uk_date("DECOM").alias("_decom")), "_decom")
    bad = placed.join(decision.select("CHILD", "_placed", "_row_pa"), on="CHILD").filter(
        pl.col("_decom") < pl.col("_placed"))
    return {"Episodes": _rows(bad), "PlacedAdoption": _rows(bad, "_row_pa")}


@ssda903_rule("553", message="Placement order has been granted but there is no date of decision that the child "
              "should be placed for adoption.", table="Episodes",
              fields=["CHILD", "DATE_PLACED", "DATE_PLACED_CEASED", "REASON_PLACED_CEASED"],
              says="A child with a placement order (E1) needs the decision to place them for adoption recorded, "
                   "and while the order lasts that decision has not ceased.")
def _553(ret):
    eps = ret["Episodes"].filter(one_of("LS", ["E1"]))
    pa = _placed_adoption(ret)
    no_decision = eps.join(pa, on="CHILD", how="anti")
    open_e1 = eps.filter(pl.col("DEC").is_null())
    ceased = pa.join(open_e1.select("CHILD"), on="CHILD", how="semi").filter(
        present("DATE_PLACED_CEASED") | present("REASON_PLACED_CEASED"))
    return {"Episodes": _rows(no_decision), "PlacedAdoption": _rows(ceased, "_row_pa")}


@ssda903_rule("554", message="Date of decision that the child should be placed for adoption should be on or prior to "
              "the date that the placement order was granted. [NOTE: This rule may result in false positives or "
              "false negatives if relevant episodes are in previous years; please check carefully!]",
              table="Episodes", fields=["DATE_PLACED", "DECOM", "LS"],
              says="The decision to place the child for adoption comes before the placement order (E1) starts: "
                   "check the decision date or the episode's start date.")
def _554(ret):
    first_e1 = _first_by(ret["Episodes"].filter(one_of("LS", ["E1"])).with_columns(uk_date("DECOM").alias("_decom")),
                         "_decom")
    bad = first_e1.join(_placed_adoption(ret), on="CHILD").filter(uk_date("DATE_PLACED") > pl.col("_decom"))
    return {"Episodes": _rows(bad), "PlacedAdoption": _rows(bad, "_row_pa")}


@ssda903_rule("557", message="Child for whom the decision was made that they should be placed for adoption has left "
              "care but was not adopted and information on the decision that they should no longer be placed for "
              "adoption items has not been completed.", table="Episodes",
              fields=["DATE_PLACED_CEASED", "REASON_PLACED_CEASED", "PLACE", "LS", "REC"],
              says="The child left care without being adopted: record the date and reason the decision to place "
                   "them for adoption ceased.")
def _557(ret):
    left_not_adopted = present("REC") & ~one_of("REC", (*ADOPTED, "X1"))
    eps = ret["Episodes"].filter((one_of("PLACE", ADOPTION_PLACEMENTS) | one_of("LS", ["E1"])) & left_not_adopted)
    joined = eps.join(_placed_adoption(ret), on="CHILD", how="left")
    bad = joined.filter(pl.col("_row_pa").is_null() | pl.col("DATE_PLACED_CEASED").is_null()
                        | pl.col("REASON_PLACED_CEASED").is_null())
    return {"Episodes": _rows(bad), "PlacedAdoption": _rows(bad, "_row_pa")}


@ssda903_rule("558", message="If a child has been adopted, then the decision to place them for adoption has not been "
              "disrupted and the date of the decision that a child should no longer be placed for adoption should "
              "be left blank.", table="Episodes", fields=["DATE_PLACED_CEASED", "REC"],
              says="The child was adopted, so the decision to place them for adoption did not cease: leave the "
                   "date it ceased blank.")
def _558(ret):
    eps = ret["Episodes"].filter(one_of("REC", ADOPTED))
    joined = eps.join(_placed_adoption(ret), on="CHILD", how="left")
    # Each adoption episode beside each decision of the child's: all the decisions have ceased, more than once.
    ceased = pl.col("DATE_PLACED_CEASED")
    bad = joined.filter(ceased.is_not_null().all().over("CHILD") & (ceased.count().over("CHILD") > 1))
    return _rows(bad)


@ssda903_rule("582", message="Child is showing as ceasing to be looked after due to adoption, but the date of "
              "adoption is the same as the date reported for being matched with adopters. In most circumstances we "
              "expect the date the child is matched with adopters to be before the date of adoption.",
              table="Episodes", fields=["DEC", "DATE_MATCH"],
              says="The child was adopted on the day they were matched with adopters: check the date of matching "
                   "and the date the episode ended.")
def _582(ret):
    eps = ret["Episodes"].filter(one_of("REC", ADOPTED))
    return _rows(eps.join(ret["AD1"].select("CHILD", "DATE_MATCH"), on="CHILD")
                 .filter(pl.col("DEC") == pl.col("DATE_MATCH")))


@ssda903_rule("601", message="The additional fields relating to adoption have not been completed although the "
              "episode data shows that the child was adopted during the year.", table="Episodes",
              fields=["REC", *ADOPTION_DETAILS],
              says="The child was adopted this year: complete the adoption details (dates of decision and "
                   "matching, foster care, the adopters).")
def _601(ret):
    eps = ret["Episodes"].filter(one_of("REC", ADOPTED) & _in_year(ret, uk_date("DEC")).fill_null(False))
    ad1 = ret["AD1"].rename({"_row": "_row_ad1"}).drop("DOB")
    bad = eps.select("_row", "CHILD").join(ad1, on="CHILD").filter(
        pl.any_horizontal(pl.col(c).is_null() for c in ADOPTION_DETAILS))
    return {"Episodes": _rows(bad), "AD1": _rows(bad, "_row_ad1")}


@ssda903_rule("602", message="The episode data submitted for this child does not show that he/she was adopted "
              "during the year.", table="AD1", fields=["CHILD"],
              says="Adoption details are recorded, but no episode ended in adoption this year: check the episodes "
                   "or remove the adoption details.")
def _602(ret):
    adopted = ret["Episodes"].filter(one_of("REC", ADOPTED) & _in_year(ret, uk_date("DEC")).fill_null(False))
    ad1 = ret["AD1"].filter(pl.any_horizontal(present(c) for c in ADOPTION_DETAILS))
    return ad1.join(adopted.select("CHILD"), on="CHILD", how="anti").select("_row")


@ssda903_rule("1003", message="Date of LA's decision that a child should be placed for adoption is before the child "
              "started to be looked after.", table="Episodes", fields=["DATE_PLACED", "DECOM", "RNE"],
              says="The decision to place the child for adoption cannot come before they started to be looked "
                   "after: check the decision date or the start of care.")
def _1003(ret):
    first = _first_by(ret["Episodes"].filter(one_of("RNE", ["S"])).with_columns(uk_date("DECOM").alias("_decom")),
                      "_decom")
    bad = first.join(_placed_adoption(ret), on="CHILD").filter(uk_date("DATE_PLACED") < pl.col("_decom"))
    return {"Episodes": _rows(bad), "PlacedAdoption": _rows(bad, "_row_pa")}


# --- Previous permanence -----------------------------------------------------------------------------------

@ssda903_rule("630", message="Information on previous permanence option should be returned.", table="Episodes",
              fields=["RNE"],
              says="The child started to be looked after this year: record their previous permanence option "
                   "(Z1 if none), with the council and date where there was one.")
def _630(ret):
    started = ret["Episodes"].filter(one_of("RNE", ["S"]) & (uk_date("DECOM") >= pl.lit(ret.start)).fill_null(False))
    perm = ret["PrevPerm"].rename({"_row": "_row_pp"}).drop("DOB")
    joined = started.select("_row", "CHILD").join(perm, on="CHILD", how="left")
    missing = pl.col("_row_pp").is_null() | pl.col("PREV_PERM").is_null()
    incomplete = (pl.col("PREV_PERM") != "Z1").fill_null(True) & (
        pl.col("LA_PERM").is_null() | pl.col("DATE_PERM").is_null())
    return _rows(joined.filter(missing | incomplete))


def _perm_date(column: str) -> pl.Expr:
    """DATE_PERM, dd/mm/yyyy where ZZ stands for an unknown day or month (read as its last day) and ZZZZ for an
    unknown year; null when it is not such a date."""
    parts = pl.col(column).str.split("/")
    part = [parts.list.get(i, null_on_oob=True) for i in range(3)]
    filled = [pl.when(p == "ZZ").then(pl.lit("01")).when(p == "ZZZZ").then(pl.lit("2000")).otherwise(p)
              for p in part]
    date = pl.concat_str(filled, separator="/").str.strptime(pl.Date, "%d/%m/%Y", strict=False)
    date = (pl.when(part[1] == "ZZ").then(date.dt.offset_by("1y").dt.offset_by("-1d"))
            .when(part[0] == "ZZ").then(date.dt.offset_by("1mo").dt.offset_by("-1d"))
            .otherwise(date))
    return pl.when(parts.list.len() == 3).then(date)


@ssda903_rule("632", message="Date of previous permanence order not a valid value. NOTE: This rule may result in "
              "false negatives where the period of care started before the current collection year",
              table="Episodes", fields=["DATE_PERM", "DECOM"],
              says="The date of the previous permanence order must be a real date (ZZ for an unknown day or "
                   "month) before the child started to be looked after.")
def _632(ret):
    first = _first_by(ret["Episodes"].with_columns(uk_date("DECOM").alias("_decom")), "_decom")
    perm = ret["PrevPerm"].rename({"_row": "_row_pp"}).drop("DOB").with_columns(_perm_date("DATE_PERM").alias("_perm"))
    joined = first.select("_row", "CHILD", "_decom").join(perm, on="CHILD")
    bad = joined.filter((pl.col("_perm") >= pl.col("_decom")).fill_null(False)
                        | (present("DATE_PERM") & pl.col("_perm").is_null()))
    return {"Episodes": _rows(bad), "PrevPerm": _rows(bad, "_row_pp")}


@ssda903_rule("634", message="There are entries for previous permanence options, but child has not started to be "
              "looked after from 1 April 2016 onwards.", table="Episodes",
              fields=["LA_PERM", "PREV_PERM", "DATE_PERM", "DECOM"],
              says="Previous permanence is recorded, but no episode of this child's started this year: check the "
                   "episodes or remove the previous permanence details.")
def _634(ret):
    eps = ret["Episodes"].with_columns(uk_date("DECOM").max().over("CHILD").alias("_last"))
    perm = ret["PrevPerm"].filter(present("PREV_PERM") | present("DATE_PERM") | present("LA_PERM"))
    bad = perm.select(pl.col("_row").alias("_row_pp"), "CHILD").join(
        eps.filter(pl.col("_last") < pl.lit(ret.start)).select("_row", "CHILD"), on="CHILD")
    return {"Episodes": _rows(bad), "PrevPerm": _rows(bad, "_row_pp")}


# --- The child's header: motherhood ------------------------------------------------------------------------

@ssda903_rule("607", message="Child ceased to be looked after in the year, but mother field has not been completed.",
              table="Episodes", fields=["DEC", "REC", "MOTHER", "LS", "SEX"],
              says="A girl who left care this year needs the mother field completed (whether she is a mother).")
def _607(ret):
    left = (uk_date("DEC").is_not_null() & present("REC") & (pl.col("REC") != "X1")
            & ~one_of("LS", SHORT_BREAKS) & _in_year(ret, uk_date("DEC")).fill_null(False))
    eps = ret["Episodes"].filter(left).select("_row", "CHILD")
    head = ret["Header"].filter(one_of("SEX", ["F"]) & pl.col("MOTHER").is_null())
    bad = eps.join(head.select("CHILD", pl.col("_row").alias("_row_h")), on="CHILD")
    return {"Episodes": _rows(bad), "Header": _rows(bad, "_row_h")}


@ssda903_rule("625", message="Date of birth of the first child is beyond the end of this reporting year or the date "
              "the child ceased to be looked after.", table="Episodes", fields=["MC_DOB", "DEC"],
              says="The date of birth of the young person's first child cannot be after the end of the year or "
                   "after they left care: check it.")
def _625(ret):
    latest = _first_by(ret["Episodes"].with_columns(uk_date("DEC").alias("_dec")), "_dec", last=True)
    head = ret["Header"].select("CHILD", pl.col("_row").alias("_row_h"), uk_date("MC_DOB").alias("_mc_dob"))
    bad = latest.select("_row", "CHILD", "_dec").join(head, on="CHILD").filter(
        (pl.col("_mc_dob") > pl.lit(ret.end)) | (pl.col("_mc_dob") > pl.col("_dec")))
    return {"Episodes": _rows(bad), "Header": _rows(bad, "_row_h")}

"""SSDA903 rules on the run of a child's episodes and periods of care: how one episode follows another (the
reason for a new episode against what changed), missing periods within care, the child's health checks and
care leaver details against the time they were looked after, and other tables without any episode."""

import polars as pl

from ..engine import ssda903_rule
from ..expr import age_on, one_of, present, uk_date
from .common import looked_after_12_months

CARE_LEAVER = ("IN_TOUCH", "ACTIV", "ACCOM")
# Reasons an episode ceased that end care (not X1, a change within care).
LEFT_CARE = ("E2", "E3", "E4A", "E4B", "E5", "E6", "E7", "E8", "E9", "E11", "E12", "E13", "E14", "E15", "E16", "E17",
             "E41", "E45", "E46", "E47", "E48")
PLACEMENT = ("PLACE", "PL_POST", "URN", "PLACE_PROVIDER")
YEAR_DAYS = 365.2425  # the sector's validator measures ages in these years


def _dated(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.with_columns(uk_date("DECOM").alias("_decom"), uk_date("DEC").alias("_dec"))


def _in_order(ret, *, by_end: bool = False, columns=()) -> pl.DataFrame:
    """The episodes in order (child, start date; undated last, the file's order on a tie) with `_same` (the row
    before is the same child's) and each of `columns` of the row before as `<column>_prev`."""
    keys = ["CHILD", "_decom", *(["_dec"] if by_end else [])]
    eps = _dated(ret["Episodes"]).sort(keys, nulls_last=True, maintain_order=True)
    prev = [pl.col(c).shift(1).alias(f"{c}_prev") for c in ("CHILD", *columns)]
    return eps.with_columns(prev).with_columns((pl.col("CHILD") == pl.col("CHILD_prev")).fill_null(False)
                                               .alias("_same"))


def _periods(ret) -> pl.DataFrame:
    """Each child's periods of care (the sector's reading): episodes with a start date in order, a new period
    where an episode starts after the one before ended. One row a period: CHILD, _start, _end (null: open)."""
    eps = _dated(ret["Episodes"]).filter(pl.col("_decom").is_not_null()).sort(
        ["CHILD", "_decom"], nulls_last=True, maintain_order=True)
    new = ((pl.col("_decom") > pl.col("_dec").shift(1)).fill_null(False)
           | (pl.col("CHILD") != pl.col("CHILD").shift(1)).fill_null(True))
    eps = eps.with_columns(new.cast(pl.Int64).cum_sum().alias("_period"))
    return eps.group_by("_period", maintain_order=True).agg(
        pl.col("CHILD").first(), pl.col("_decom").first().alias("_start"), pl.col("_dec").last().alias("_end"))


def _missing(ret) -> pl.DataFrame:
    return ret["Missing"].with_columns(uk_date("MIS_START").alias("_mis_start"), uk_date("MIS_END").alias("_mis_end"))


# --- How one episode follows another -----------------------------------------------------------------------

@ssda903_rule("431", message="The reason for new episode is started to be looked after, but the previous episode "
              "ended on the same day.", table="Episodes", fields=["RNE", "DECOM"],
              says="The child cannot start to be looked after (S) on or before the day the previous episode "
                   "ended: check the reason for the new episode or the dates.")
def _431(ret):
    eps = _in_order(ret, columns=["_dec"])
    return eps.filter(pl.col("_same") & one_of("RNE", ["S"]) & (pl.col("_decom") <= pl.col("_dec_prev")))


@ssda903_rule("432", message="The child ceased to be looked after at the end of the previous episode but the reason "
              "for the new episode is not started to be looked after.", table="Episodes", fields=["RNE"],
              says="The previous episode ended care, so this one starts care again: the reason for the new "
                   "episode should be S.")
def _432(ret):
    eps = _in_order(ret, columns=["REC"])
    return eps.filter(pl.col("_same") & one_of("REC_prev", LEFT_CARE) & (pl.col("RNE") != "S").fill_null(True))


@ssda903_rule("433", message="The reason for new episode suggests that this is a continuation episode, but the "
              "episode does not start on the same day as the last episode finished.", table="Episodes",
              fields=["RNE", "DECOM"],
              says="A change within care starts the day the previous episode ended: check the start date or the "
                   "reason for the new episode.")
def _433(ret):
    eps = _in_order(ret, by_end=True, columns=["DEC"])
    gap = (pl.col("DEC_prev") != pl.col("DECOM")).fill_null(True)
    return eps.filter(pl.col("_same") & one_of("RNE", ("P", "L", "T", "U", "B")) & gap)


@ssda903_rule("434", message="Reason for new episode is that child's legal status has changed but not the "
              "placement, but this is not reflected in the episode data.", table="Episodes",
              fields=["RNE", "LS", "PLACE", "PL_POST", "URN", "PLACE_PROVIDER"],
              says="The reason for the new episode (L) says only the legal status changed: check the legal status "
                   "changed and the placement (type, postcode, URN, provider) did not.")
def _434(ret):
    eps = _in_order(ret, columns=["LS", *PLACEMENT])
    same_status = (pl.col("LS") == pl.col("LS_prev")).fill_null(False)
    moved = pl.any_horizontal(pl.col(c).fill_null("") != pl.col(f"{c}_prev").fill_null("") for c in PLACEMENT)
    return eps.filter(pl.col("_same") & one_of("RNE", ["L"]) & (same_status | moved))


@ssda903_rule("435", message="Reason for new episode is that child’s placement has changed but not the legal status, "
              "but this is not reflected in the episode data recorded.", table="Episodes",
              fields=["LS", "PLACE", "PL_POST", "URN", "PLACE_PROVIDER"],
              says="The reason for the new episode (P or T) says only the placement changed: check the placement "
                   "changed and the legal status did not.")
def _435(ret):
    eps = _in_order(ret, columns=["LS", *PLACEMENT])
    new_status = (pl.col("LS") != pl.col("LS_prev")).fill_null(True)
    stayed = pl.all_horizontal((pl.col(c) == pl.col(f"{c}_prev")).fill_null(False) for c in PLACEMENT)
    return eps.filter(pl.col("_same") & one_of("RNE", ("P", "T")) & (new_status | stayed))


@ssda903_rule("436", message="Reason for new episode is that both child’s placement and legal status have changed, "
              "but this is not reflected in the episode data.", table="Episodes",
              fields=["RNE", "LS", "PLACE", "PL_POST", "URN", "PLACE_PROVIDER"],
              says="The reason for the new episode (U or B) says both the placement and the legal status changed: "
                   "check both did.")
def _436(ret):
    eps = _in_order(ret, columns=["LS", *PLACEMENT])
    same_status = pl.col("LS").eq_missing(pl.col("LS_prev"))
    stayed = pl.all_horizontal(pl.col(c).eq_missing(pl.col(f"{c}_prev")) for c in PLACEMENT)
    return eps.filter(pl.col("_same") & one_of("RNE", ("U", "B")) & (same_status | stayed))


@ssda903_rule("437", message="Reason episode ceased is child has died or is aged 18 or over but there are further "
              "episodes.", table="Episodes", fields=["REC"],
              says="The child died or turned 18 at the end of this episode, so no episode can follow it: check "
                   "the reason it ended.")
def _437(ret):
    eps = _in_order(ret)
    later = (pl.col("CHILD").shift(-1) == pl.col("CHILD")).fill_null(False)
    return eps.filter(later & pl.col("_decom").is_not_null() & one_of("REC", ("E2", "E15")))


@ssda903_rule("501", message="A new episode has started before the end date of the previous episode.",
              table="Episodes", fields=["DECOM", "DEC"],
              says="This episode starts before the previous one ended: check the dates.")
def _501(ret):
    eps = _in_order(ret, columns=["_dec"])
    return eps.filter(pl.col("_same") & (pl.col("_decom") < pl.col("_dec_prev")))


@ssda903_rule("504", message="The category of need code differs from that reported at start of current period of "
              "being looked after", table="Episodes", fields=["CIN"],
              says="The category of need stays as it was when this period of care started: check the category "
                   "of need.")
def _504(ret):
    eps = _in_order(ret, columns=["REC", "_dec", "CIN"])
    continued = one_of("REC_prev", ["X1"]) & (pl.col("_dec_prev") == pl.col("_decom"))
    return eps.filter(pl.col("_same") & continued & (pl.col("CIN") != pl.col("CIN_prev")).fill_null(True))


# --- Missing from placement --------------------------------------------------------------------------------

@ssda903_rule("575", message="If the placement from which the child goes missing/away from placement without "
              "authorisation ends, the missing/away from placement without authorisation period in the missing "
              "module must also have an end date.", table="Missing", fields=["MIS_END"],
              says="The placement the child went missing from has ended, so the missing period needs an end "
                   "date.")
def _575(ret):
    eps = _dated(ret["Episodes"]).select("CHILD", "_decom", "_dec")
    mis = _missing(ret).filter(pl.col("MIS_END").is_null())
    joined = mis.join(eps, on="CHILD")
    return joined.filter((pl.col("_mis_start") >= pl.col("_decom")) & (pl.col("_mis_start") <= pl.col("_dec"))
                         ).select("_row").unique()


def _missing_outside_care(ret, outside: pl.Expr) -> pl.DataFrame:
    """The missing periods (with a start date) that are `outside` every period of care of the child's."""
    mis = _missing(ret)
    joined = mis.join(_periods(ret), on="CHILD", how="left")
    return joined.group_by("_row").agg(outside.fill_null(False).all().alias("_out")).filter("_out").select("_row")


@ssda903_rule("577", message="Child ceased to be looked after but there is a missing/away from placement without "
              "authorisation period without an end date.", table="Missing", fields=["MIS_END"],
              says="The child has left care, so the missing period needs an end date within the period of care.")
def _577(ret):
    start, end, m_start, m_end = (pl.col(c) for c in ("_start", "_end", "_mis_start", "_mis_end"))
    outside = ((m_end.is_null() & end.is_not_null()) | (m_end.is_null() & (m_start < start))
               | (m_end > end).fill_null(False) | (m_end < start).fill_null(False))
    found = _missing_outside_care(ret, outside.fill_null(False) & m_start.is_not_null())
    started = _missing(ret).filter(pl.col("_mis_start").is_not_null()).select("_row")
    return found.join(started, on="_row", how="semi")


@ssda903_rule("578", message="The date that the child started to be missing is after the child ceased to be looked "
              "after.", table="Missing", fields=["MIS_START"],
              says="The child went missing after they left care: check the date they went missing.")
def _578(ret):
    start, end, m_start = pl.col("_start"), pl.col("_end"), pl.col("_mis_start")
    return _missing_outside_care(ret, (m_start < start).fill_null(False) | (m_start > end).fill_null(False))


@ssda903_rule("580", message="Child is missing when cease being looked after but reason episode ceased not ‘E8’.",
              table="Episodes", fields=["REC"],
              says="The child was missing when they left care at 18: the reason the episode ended should be E8.")
def _580(ret):
    mis = ret["Missing"].select("CHILD", uk_date("DOB").dt.offset_by("18y").alias("_18"),
                                uk_date("MIS_END").alias("_mis_end"))
    eps = _dated(ret["Episodes"]).join(mis, on="CHILD")
    return eps.filter((pl.col("_18") == pl.col("_mis_end")) & (pl.col("_mis_end") == pl.col("_dec"))
                      & (pl.col("REC") != "E8").fill_null(True)).select("_row").unique()


@ssda903_rule("581", message="Child is missing but has not yet started to be looked after.", table="Missing",
              fields=["MIS_START"],
              says="The child was missing at a time they were not looked after: check the date they went "
                   "missing.")
def _581(ret):
    eps = _dated(ret["Episodes"]).select("CHILD", "_decom", "_dec")
    joined = _missing(ret).join(eps, on="CHILD")
    inside = (pl.col("_mis_start") >= pl.col("_decom")) & (
        (pl.col("_mis_start") <= pl.col("_dec")) | pl.col("_dec").is_null())
    return joined.group_by("_row").agg(inside.fill_null(False).any().alias("_in")).filter(~pl.col("_in")).select("_row")


# --- Health and offending (OC2) against time in care -------------------------------------------------------

@ssda903_rule("543", message="Child is aged 10 or over at 31 March and has been looked after continuously for 12 "
              "months yet conviction information has not been completed.", table="OC2", fields=["DOB", "CONVICTED"],
              says="The child is 10 or over and was looked after all year: record whether they were convicted.")
def _543(ret):
    oc2 = ret["OC2"].join(looked_after_12_months(ret), on="CHILD", how="semi")
    return oc2.filter((uk_date("DOB").dt.offset_by("10y") < pl.lit(ret.end)) & pl.col("CONVICTED").is_null()
                      ).select("_row")


@ssda903_rule("546", message="Children aged 5 or over at 31 March should not have health promotion information "
              "completed.", table="OC2", fields=["DOB", "HEALTH_CHECK"],
              says="Health checks for under-fives are not recorded for a child aged 5 or over: leave the health "
                   "check blank.")
def _546(ret):
    oc2 = ret["OC2"].join(looked_after_12_months(ret), on="CHILD", how="semi")
    return oc2.filter((uk_date("DOB").dt.offset_by("5y") <= pl.lit(ret.end)) & present("HEALTH_CHECK")
                      ).select("_row")


# --- Care leavers (OC3) and motherhood ---------------------------------------------------------------------

def _care_leaver_given() -> pl.Expr:
    return pl.any_horizontal(present(c) for c in CARE_LEAVER)


@ssda903_rule("628", message="Motherhood details are not required for care leavers who have not been looked after "
              "during the year.", table="Header", fields=["MOTHER"],
              says="A care leaver not looked after this year does not need motherhood details: leave the mother "
                   "field blank.")
def _628(ret):
    leavers = ret["OC3"].filter(_care_leaver_given()).select("CHILD")
    head = ret["Header"].join(ret["Episodes"].select("CHILD"), on="CHILD", how="anti")
    return head.join(leavers, on="CHILD", how="semi").filter(present("MOTHER")).select("_row")


@ssda903_rule("1000", message="This child is recorded as having died in care and therefore should not have the care "
              "leaver information completed. [NOTE: This only tests the current and previous year data loaded into "
              "the tool]", table="OC3", fields=["IN_TOUCH", "ACTIV", "ACCOM"],
              says="The child died in care: remove the care leaver details.")
def _1000(ret):
    died = [ret[t].filter(one_of("REC", ["E2"])).select("CHILD") for t in ("Episodes", "Episodes_last") if t in ret]
    return ret["OC3"].join(pl.concat(died), on="CHILD", how="semi").select("_row")


@ssda903_rule("1007", message="Care leaver information is not required for 17- or 18-year olds who are still looked "
              "after [on their 17th or 18th birthday.]", table="OC3", fields=["IN_TOUCH", "ACTIV", "ACCOM"],
              says="The young person was still looked after on their 17th or 18th birthday this year: remove "
                   "the care leaver details.")
def _1007(ret):
    oc3 = ret["OC3"].filter(_care_leaver_given()).with_columns(uk_date("DOB").alias("_dob"))
    oc3 = oc3.with_columns(age_on(pl.col("_dob"), ret.end).alias("_age")).filter(pl.col("_age").is_in([17, 18]))
    oc3 = oc3.with_columns(pl.col("_dob").dt.offset_by(pl.format("{}y", pl.col("_age"))).alias("_birthday"))
    eps = _dated(ret["Episodes"]).select("CHILD", "_decom", "_dec")
    joined = oc3.join(eps, on="CHILD")
    # Looked after on the birthday: an episode from before it that ends after it or has not ended (the
    # sector's validator reads only ended episodes, missing a young person still in care).
    on_birthday = (pl.col("_decom") <= pl.col("_birthday")) & (
        (pl.col("_dec") > pl.col("_birthday")) | pl.col("_dec").is_null())
    return joined.filter(on_birthday.fill_null(False)).select("_row").unique()


@ssda903_rule("1011", message="This child is recorded as having his/her care transferred to another local authority "
              "for the final episode and therefore should not have the care leaver information completed.",
              table="OC3", fields=["IN_TOUCH", "ACTIV", "ACCOM"],
              says="The child's care moved to another council at the end of their last episode: remove the care "
                   "leaver details.")
def _1011(ret):
    eps = _in_order(ret).filter(pl.col("_decom").is_not_null())
    last = eps.filter(pl.col("_decom") == pl.col("_decom").max().over("CHILD")).unique(
        "CHILD", keep="first", maintain_order=True)
    moved = last.filter(one_of("REC", ["E3"])).select("CHILD")
    return ret["OC3"].join(moved, on="CHILD", how="semi").filter(_care_leaver_given()).select("_row")


@ssda903_rule("1016", message="Care leaver information is not required for 17- or 18-year olds who cease to be "
              "looked after, after their birthday.", table="OC3", fields=["IN_TOUCH", "ACTIV", "ACCOM"],
              says="The young person left care after their 17th or 18th birthday this year: remove the care "
                   "leaver details.")
def _1016(ret):
    oc3 = ret["OC3"].filter(_care_leaver_given()).with_columns(uk_date("DOB").alias("_dob"))
    days = (pl.lit(ret.end) - pl.col("_dob")).dt.total_days()
    joined = oc3.with_columns(days.alias("_days")).join(_dated(ret["Episodes"]).select("CHILD", "_dec"), on="CHILD")
    aged = [(pl.col("_days") >= n * YEAR_DAYS) & (pl.col("_days") < (n + 1) * YEAR_DAYS)
            & (pl.col("_dec") >= pl.col("_dob").dt.offset_by(f"{n}y")) for n in (17, 18)]
    return joined.filter((aged[0] | aged[1]).fill_null(False)).select("_row").unique()


@ssda903_rule("1014", message="UASC information is not required for care leavers", table="OC3",
              fields=["ACTIV", "ACCOM", "IN_TOUCH", "DUC"],
              says="The young person was not looked after this year: remove the UASC details (or the care leaver "
                   "details if they were).")
def _1014(ret):
    start, end = pl.lit(ret.start), pl.lit(ret.end)
    decom, dec = pl.col("_decom"), pl.col("_dec")
    during = (((dec >= start) & (decom <= end)) | ((decom <= end) & dec.is_null())).fill_null(False)
    not_in_year = _dated(ret["Episodes"]).group_by("CHILD").agg(during.any().alias("_any")).filter(
        ~pl.col("_any")).select("CHILD")
    cohort = not_in_year.join(ret["UASC"].select("CHILD"), on="CHILD", how="semi")
    oc3 = ret["OC3"].join(cohort, on="CHILD", how="semi").filter(_care_leaver_given())
    uasc = ret["UASC"].join(oc3.select("CHILD"), on="CHILD", how="semi")
    return {"OC3": oc3.select("_row"), "UASC": uasc.select("_row")}


# --- Other tables without episodes -------------------------------------------------------------------------

@ssda903_rule("1012", message="No other data should be returned for OC3 children who had no episodes in the current "
              "year", table="Episodes", fields=["CHILD"],
              says="This child has no episode this year: remove their other details (placed for adoption, "
                   "missing, reviews, adoption, previous permanence, health), or add the episodes.")
def _1012(ret):
    children = ret["Episodes"].select("CHILD").unique()
    out = {}
    for table in ("PlacedAdoption", "Missing", "Reviews", "AD1", "PrevPerm", "OC2"):
        if table in ret:
            out[table] = ret[table].join(children, on="CHILD", how="anti", nulls_equal=True).select("_row")
    return out

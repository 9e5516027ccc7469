"""SSDA903 rules on episodes of care: their dates and codes, how one episode follows another, legal statuses
and how long they may last, how care ends, and what the episodes say about adoption, the SDQ and respite."""

import datetime as dt

import polars as pl

from ..engine import ssda903_rule
from ..expr import blank, not_one_of, one_of, present, uk_date
from .common import with_cla

# ../shared/domain/ssda903.md: the codes of an episode.
RNE_CODES = ("S", "P", "L", "T", "U", "B")
LS_CODES = ("C1", "C2", "D1", "E1", "V2", "V3", "V4", "J1", "J2", "J3", "L1", "L2", "L3")
CIN_CODES = ("N1", "N2", "N3", "N4", "N5", "N6", "N7", "N8")
REC_CODES = ("E11", "E12", "E2", "E3", "E4A", "E4B", "E13", "E41", "E45", "E46", "E47", "E48", "E5", "E6", "E7",
             "E8", "E9", "E14", "E15", "E16", "E17", "X1")
RESPITE = ("V3", "V4")
ADOPTED = ("E11", "E12")


def _eps(ret, *extra: str) -> pl.DataFrame:
    """Episodes with their dates read (DECOM_d, DEC_d) and any other date columns named."""
    return ret["Episodes"].with_columns(uk_date("DECOM").alias("DECOM_d"), uk_date("DEC").alias("DEC_d"),
                                        *[uk_date(c).alias(f"{c}_d") for c in extra])


def _in_order(eps: pl.DataFrame) -> pl.DataFrame:
    """A child's episodes in the order they started (an undated one last), the file's order on a tie."""
    return eps.sort(["CHILD", "DECOM_d", "_row"], nulls_last=True)


def _first_row_where(frame: pl.DataFrame, is_it: pl.Expr) -> pl.DataFrame:
    """Per child, the first row (in file order) for which `is_it` holds."""
    return frame.filter(is_it.fill_null(False)).group_by("CHILD").agg(pl.col("_row").min())


# --- dates and codes of an episode ------------------------------------------------------------------------

@ssda903_rule("141", message="Date episode began is not a valid date.", table="Episodes", fields=["DECOM"],
              says="The date the episode started is not a real date: enter it as dd/mm/yyyy.")
def _141(ret):
    return present("DECOM") & uk_date("DECOM").is_null()


@ssda903_rule("147", message="Date episode ceased is not a valid date.", table="Episodes", fields=["DEC"],
              says="The date the episode ended is not a real date: enter it as dd/mm/yyyy.")
def _147(ret):
    return present("DEC") & uk_date("DEC").is_null()


@ssda903_rule("143", message="The reason for new episode code is not a valid code.", table="Episodes",
              fields=["RNE"], says="Choose the reason for the new episode from the DfE's list.")
def _143(ret):
    return not_one_of("RNE", RNE_CODES)


@ssda903_rule("144", message="The legal status code is not a valid code.", table="Episodes", fields=["LS"],
              says="Choose the child's legal status from the DfE's list.")
def _144(ret):
    return not_one_of("LS", LS_CODES)


@ssda903_rule("145", message="Category of need code is not a valid code.", table="Episodes", fields=["CIN"],
              says="Choose the category of need (N1 to N8).")
def _145(ret):
    return not_one_of("CIN", CIN_CODES)


@ssda903_rule("148", message="Date episode ceased and reason episode ceased must both be coded, or both left blank.",
              table="Episodes", fields=["DEC", "REC"],
              says="Give both the date the episode ended and the reason, or neither if it has not ended.")
def _148(ret):
    return blank("DEC") != blank("REC")


@ssda903_rule("149", message="Reason episode ceased code is not valid. ", table="Episodes", fields=["REC"],
              says="Choose the reason the episode ended from the DfE's list.")
def _149(ret):
    return not_one_of("REC", REC_CODES)


@ssda903_rule("353", message="No episode submitted can start before 14 October 1991.", table="Episodes",
              fields=["DECOM"], says="The episode starts before 14 October 1991: check its start date.")
def _353(ret):
    return uk_date("DECOM") < dt.date(1991, 10, 14)


@ssda903_rule("354", message="Date episode ceased must be on or before the end of the current collection year.",
              table="Episodes", fields=["DECOM"],
              says="The episode starts after 31 March, after this return's year: check its start date.")
def _354(ret):
    return uk_date("DECOM") > ret.end


@ssda903_rule("385", message="Date episode ceased must be on or before the end of the current collection year.",
              table="Episodes", fields=["DEC"],
              says="The episode ends after 31 March, after this return's year: check its end date.")
def _385(ret):
    return uk_date("DEC") > ret.end


@ssda903_rule("355", message="Episode appears to have lasted for less than 24 hours", table="Episodes",
              fields=["DECOM", "DEC"],
              says="The episode starts and ends on the same day: check both dates.")
def _355(ret):
    return (pl.col("DECOM") == pl.col("DEC")).fill_null(False)


@ssda903_rule("356", message="The date the episode ceased is before the date the same episode started.",
              table="Episodes", fields=["DECOM"],
              says="The episode ends before it starts: check its start and end dates.")
def _356(ret):
    return uk_date("DEC") < uk_date("DECOM")


# --- one episode after another ----------------------------------------------------------------------------

@ssda903_rule("142", message="A new episode has started, but the previous episode has not ended.", table="Episodes",
              fields=["DEC", "REC"],
              says="An earlier episode has no end date or reason: close it where the next episode starts.")
def _142(ret):
    e = _eps(ret)
    # The latest episode may stay open; an undated episode counts as the latest.
    has_undated = pl.col("DECOM_d").is_null().any().over("CHILD")
    latest = pl.col("DECOM_d") == pl.col("DECOM_d").max().over("CHILD")
    latest_row = pl.col("_row") == pl.col("_row").filter(latest).max().over("CHILD")
    is_last = ~has_undated & latest & latest_row
    return e.filter(~is_last.fill_null(False) & present("DECOM_d") & present("CHILD")
                    & (blank("DEC_d") | blank("REC")))


@ssda903_rule("357", message="If this is the first episode ever for this child, reason for new episode must be S.  "
              "Check whether there is an episode immediately preceding this one, which has been left out.  "
              "If not the reason for new episode code must be amended to S.",
              table="Episodes", fields=["RNE"],
              says="The child's first episode this year must start a period of care (reason S), or an earlier "
                   "episode is missing.")
def _357(ret):
    e = _eps(ret).filter(present("DECOM_d"))
    first = _first_row_where(e, pl.col("DECOM_d") == pl.col("DECOM_d").min().over("CHILD"))
    return e.join(first, on=["CHILD", "_row"]).filter((pl.col("DECOM_d") >= ret.start)
                                                      & pl.col("RNE").ne_missing("S"))


@ssda903_rule("388", message="Reason episode ceased is coded new episode begins, but there is no continuation "
              "episode.", table="Episodes", fields=["REC"],
              says="The reason the episode ended does not fit the next episode: 'X1' only when a new episode "
                   "starts the same day, another reason when care ends.")
def _388(ret):
    e = ret["Episodes"].with_columns(uk_date("DECOM").alias("DECOM_d"), uk_date("DEC").alias("DEC_d"))
    e = e.sort(["CHILD", "DECOM_d", "_row"], nulls_last=False).with_columns(
        pl.col("DECOM_d").shift(-1).over("CHILD").alias("NEXT"))
    has_next = present("NEXT")
    ended = present("DEC_d")
    x1 = pl.col("REC") == "X1"
    # X1 needs a next episode starting the day this one ends (an open X1 episode has none); any other
    # reason means care ended, so no episode may start that day.
    case1 = has_next & x1 & (blank("DEC") | (pl.col("DEC_d") != pl.col("NEXT")))
    case2 = has_next & present("REC") & ~x1 & ended & (pl.col("DEC_d") == pl.col("NEXT"))
    case3 = ~has_next & present("CHILD") & x1 & (blank("DEC") | ended)  # an invalid DEC is rule 147's
    return e.filter((case1 | case2 | case3).fill_null(False))


@ssda903_rule("199", message="Episode information shows child has been previously adopted from care. "
              "[NOTE: This only tests the current and previous year data loaded into the tool]",
              table="Episodes", fields=["CHILD"],
              says="The child has an episode after being adopted from care: check the child's ID and the "
                   "reason the earlier episode ended.")
def _199(ret):
    e = ret["Episodes"].with_columns(pl.lit(True).alias("this_year"))
    if "Episodes_last" in ret:
        e = pl.concat([e, ret["Episodes_last"].with_columns(pl.lit(False).alias("this_year"))])
    e = e.with_columns(uk_date("DECOM").alias("DECOM_d")).filter(present("DECOM_d"))
    e = e.sort(["DECOM_d", "this_year", "_row"], descending=[False, True, False]).with_columns(
        one_of("REC", ADOPTED).cast(pl.Int32).cum_sum().over("CHILD").alias("adoptions"))
    # Any episode after an adoption, or a second adoption.
    after = (pl.col("adoptions") > 0) & ~((pl.col("adoptions") == 1) & one_of("REC", ADOPTED))
    return e.filter(after & pl.col("this_year")).select("_row", "CHILD")


# --- legal statuses and how long they last ------------------------------------------------------------------

def _chained_too_long(ret, status: str, days: int) -> pl.DataFrame:
    """Episodes of legal status `status` in unbroken runs (each starting the day the one before it ended, an
    open one ending on 31 March) that last more than `days` days from the first start to the last end."""
    e = _in_order(_eps(ret)).with_columns(pl.col("DEC_d").fill_null(ret.end))
    follows = ((pl.col("LS").shift(1).over("CHILD") == status)
               & (pl.col("DEC_d").shift(1).over("CHILD") == pl.col("DECOM_d"))).fill_null(False)
    s = e.with_columns(follows.alias("follows")).filter(pl.col("LS") == status)
    s = s.with_columns((~pl.col("follows")).cast(pl.Int32).cum_sum().alias("run"))
    length = (pl.col("DEC_d").max() - pl.col("DECOM_d").min()).dt.total_days()
    return s.filter((length.over(["CHILD", "run"]) > days).fill_null(False))


@ssda903_rule("361", message="Police protection legal status lasted longer than maximum 72 hours allowed "
              "in the Children Act 1989.", table="Episodes", fields=["DECOM", "LS", "DEC"],
              says="Police protection (L1) lasts at most 72 hours: check the legal status and dates.")
def _361(ret):
    return _chained_too_long(ret, "L1", 3)


@ssda903_rule("362", message="Emergency protection order (EPO) lasted longer than 21 days", table="Episodes",
              fields=["DECOM", "LS", "DEC"],
              says="An emergency protection order (L2) lasts at most 21 days: check the legal status and dates.")
def _362(ret):
    return _chained_too_long(ret, "L2", 21)


def _period_too_long(ret, status: str, days: int) -> pl.DataFrame:
    """Episodes of `status` in a period of them (one starting on or before the previous one ended) whose days
    add up to more than `days` (an open one ends on 31 March)."""
    e = _in_order(_eps(ret)).filter((pl.col("LS") == status) & present("DECOM_d")).with_columns(
        pl.when(blank("DEC")).then(pl.lit(ret.end)).otherwise(pl.col("DEC_d")).alias("DEC_d"))
    new = (pl.col("CHILD") != pl.col("CHILD").shift(1)).fill_null(True) | (
        pl.col("DECOM_d") > pl.col("DEC_d").shift(1)).fill_null(False)
    e = e.with_columns(new.cast(pl.Int32).cum_sum().alias("period"),
                       (pl.col("DEC_d") - pl.col("DECOM_d")).dt.total_days().alias("days"))
    return e.filter(pl.col("days").sum().over("period") > days)


@ssda903_rule("363", message="Child assessment order (CAO) lasted longer than 7 days allowed in the Children Act "
              "1989.", table="Episodes", fields=["LS", "DECOM", "DEC"],
              says="A child assessment order (L3) lasts at most 7 days: check the legal status and dates.")
def _363(ret):
    return _period_too_long(ret, "L3", 7)


@ssda903_rule("364", message="Sections 41-46 of Police and Criminal Evidence (PACE; 1984) severely limits "
              "the time a child can be detained in custody in Local Authority (LA) accommodation.",
              table="Episodes", fields=["LS", "DECOM", "DEC"],
              says="PACE detention (J2) is limited to 21 days: check the legal status and dates.")
def _364(ret):
    return _period_too_long(ret, "J2", 21)


@ssda903_rule("365", message="Any individual short- term respite placement must not exceed 17 days.",
              table="Episodes", fields=["LS", "DECOM", "DEC"],
              says="A single respite break (V3) lasts at most 17 days: check the dates or the legal status.")
def _365(ret):
    ends = pl.when(blank("DEC")).then(pl.lit(ret.end)).otherwise(uk_date("DEC"))
    return (pl.col("LS") == "V3") & (ends > uk_date("DECOM") + pl.duration(days=17))


@ssda903_rule("366", message="A child cannot change placement during the course of an individual short-term "
              "respite break.", table="Episodes", fields=["RNE"],
              says="A respite break (V3) is one episode: its reason for new episode must be S.")
def _366(ret):
    return (pl.col("LS") == "V3") & pl.col("RNE").ne_missing("S")


@ssda903_rule("367", message="The maximum amount of respite care allowable is 75 days in any 12-month period.",
              table="Episodes", fields=["LS", "DECOM", "DEC"],
              says="The child has more than 75 days of respite care (V3) this year: check the dates and legal "
                   "statuses.")
def _367(ret):
    start, end = ret.start, ret.end
    dec = uk_date("DEC")
    e = ret["Episodes"].filter((pl.col("LS") == "V3") & present("DECOM")).with_columns(
        pl.when(blank("DEC") | (dec > end)).then(pl.lit(end)).otherwise(dec).alias("to"),
        pl.when(uk_date("DECOM") < start).then(pl.lit(start)).otherwise(uk_date("DECOM")).alias("from"))
    e = e.with_columns((pl.col("to") - pl.col("from")).dt.total_days().alias("days")).filter(pl.col("days") > 0)
    return e.filter(pl.col("days").sum().over("CHILD") > 75)


# --- how care ends ------------------------------------------------------------------------------------------

@ssda903_rule("389", message="Reason episode ceased is that child transferred to care of adult social care "
              "services, but child is aged under 16.", table="Episodes", needs=("Header",), fields=["REC"],
              says="A child leaves care to adult social care (E7) only at 16 or over: check the reason or the "
                   "child's date of birth.")
def _389(ret):
    dob = ret["Header"].select("CHILD", uk_date("DOB").alias("DOB_d"))
    e = ret["Episodes"].join(dob, on="CHILD", how="left").with_columns(uk_date("DEC").alias("DEC_d"))
    sixteen = (pl.col("DOB_d").dt.offset_by("16y") <= pl.col("DEC_d")).fill_null(False)
    return e.filter((pl.col("REC") == "E7") & ~sixteen)


# --- adoption -----------------------------------------------------------------------------------------------

@ssda903_rule("117", message="Date of decision that a child should/should no longer be placed for adoption is "
              "beyond the current collection year or after the child ceased to be looked after.",
              table="PlacedAdoption", needs=("Episodes",), fields=["DATE_PLACED_CEASED", "DATE_PLACED", "DEC", "REC", "DECOM"],
              says="The adoption decision dates are after 31 March or after the child left care: check them.")
def _117(ret):
    e = _eps(ret).filter(present("DECOM_d") & pl.col("REC").ne_missing("X1"))
    latest = _first_row_where(e, pl.col("DECOM_d") == pl.col("DECOM_d").max().over("CHILD"))
    e = e.join(latest, on=["CHILD", "_row"]).select("CHILD", pl.col("_row").alias("_row_eps"), "DEC_d")
    p = ret["PlacedAdoption"].with_columns(uk_date("DATE_PLACED").alias("P"),
                                           uk_date("DATE_PLACED_CEASED").alias("C"))
    m = e.join(p, on="CHILD").filter(
        ((pl.col("P") > ret.end) | (pl.col("P") > pl.col("DEC_d")) | (pl.col("C") > ret.end)
         | (pl.col("C") > pl.col("DEC_d"))).fill_null(False))
    return {"Episodes": m.select(pl.col("_row_eps").alias("_row"), "CHILD"), "PlacedAdoption": m.select("_row")}


@ssda903_rule("118", message="Date of decision that a child should no longer be placed for adoption is before the "
              "current collection year or before the date the child started to be looked after.",
              table="PlacedAdoption", needs=("Episodes",), fields=["DECOM", "DECOM", "LS"],
              says="The decision that the child should no longer be placed for adoption is before 1 April or "
                   "before the child came into care: check the date.")
def _118(ret):
    e = _eps(ret)
    not_respite = e.filter(~one_of("LS", RESPITE))
    first = _first_row_where(not_respite, pl.col("DECOM_d") == pl.col("DECOM_d").min().over("CHILD"))
    e = e.join(first, on=["CHILD", "_row"]).select("CHILD", pl.col("_row").alias("_row_eps"), "DECOM_d")
    p = ret["PlacedAdoption"].with_columns(uk_date("DATE_PLACED_CEASED").alias("C")).filter(present("C"))
    m = e.join(p, on="CHILD").filter(((pl.col("C") < pl.col("DECOM_d")) | (pl.col("C") < ret.start))
                                     .fill_null(False))
    return {"Episodes": m.select(pl.col("_row_eps").alias("_row"), "CHILD"), "PlacedAdoption": m.select("_row")}


@ssda903_rule("334", message="Date child started to be looked after in latest period of care must be on or prior "
              "to the date should be placed for adoption. ", table="AD1", needs=("Episodes",), fields=["DATE_INT", "DECOM", "RNE"],
              says="The decision that the child should be placed for adoption is before the child's latest "
                   "period of care began: check the dates.")
def _334(ret):
    e = _eps(ret).filter(pl.col("RNE") == "S")
    latest = _first_row_where(e, pl.col("DECOM_d") == pl.col("DECOM_d").max().over("CHILD"))
    e = e.join(latest, on=["CHILD", "_row"]).select("CHILD", pl.col("_row").alias("_row_eps"), "DECOM_d")
    a = ret["AD1"].with_columns(uk_date("DATE_INT").alias("I"))
    m = e.join(a, on="CHILD").filter((pl.col("I") < pl.col("DECOM_d")).fill_null(False))
    return {"Episodes": m.select(pl.col("_row_eps").alias("_row"), "CHILD"), "AD1": m.select("_row")}


@ssda903_rule("335", message="The current foster value (0) suggests that child is not adopted by current foster "
              "carer, but last placement is A2, A3, or A5. Or the current foster value (1) suggests that child is "
              "adopted by current foster carer, but last placement is A1, A4 or A6.", table="AD1",
              needs=("Episodes",), fields=["PLACE", "FOSTER_CARE"],
              says="Whether the child was adopted by the foster carers does not match the last placement type: "
                   "check both.")
def _335(ret):
    e = ret["Episodes"].filter(one_of("REC", ("E1", "E11", "E12"))).select(
        "CHILD", "PLACE", pl.col("_row").alias("_row_eps"))
    m = e.join(ret["AD1"].select("CHILD", "FOSTER_CARE", "_row"), on="CHILD").filter(
        (one_of("PLACE", ("A2", "A3", "A5")) & (pl.col("FOSTER_CARE") == "0"))
        | (one_of("PLACE", ("A1", "A4", "A6")) & (pl.col("FOSTER_CARE") == "1")))
    return {"Episodes": m.select(pl.col("_row_eps").alias("_row"), "CHILD"), "AD1": m.select("_row")}


@ssda903_rule("390", message="Reason episode ceased is adopted but child has not been previously placed for "
              "adoption.", table="Episodes", fields=["PLACE", "REC"],
              says="A child adopted from care (E11/E12) must have been placed for adoption (A3 to A6) in that "
                   "episode: check the placement type or the reason.")
def _390(ret):
    return one_of("REC", ADOPTED) & ~one_of("PLACE", ("A3", "A4", "A5", "A6"))


# --- continuously looked after: the SDQ ---------------------------------------------------------------------

@ssda903_rule("185", message="Child has not been looked after continuously for at least 12 months at "
              "31 March but a Strengths and Difficulties (SDQ) score has been completed.", table="OC2",
              needs=("Episodes",), fields=["SDQ_SCORE"],
              says="An SDQ score is only for a child looked after all year: remove it or check the episodes.")
def _185(ret):
    return with_cla(ret, "OC2").filter(present("SDQ_SCORE") & ~pl.col("CLA"))


@ssda903_rule("186", message="Children aged 4 or over at the start of the year and children aged under 17 at the "
              "end of the year and who have been looked after for at least 12 months continuously should have a "
              "Strengths and Difficulties (SDQ) score completed.", table="OC2", needs=("Episodes",), fields=["SDQ_SCORE"],
              says="The child has been looked after all year and is 4 to 16: record an SDQ score or why there "
                   "is none.")
def _186(ret):
    dob = uk_date("DOB")
    return with_cla(ret, "OC2").filter(
        (dob.dt.offset_by("4y") <= ret.start) & (dob.dt.offset_by("17y") > ret.end) & pl.col("CLA")
        & blank("SDQ_SCORE") & blank("SDQ_REASON"))


@ssda903_rule("198", message="Child has not been looked after continuously for at least 12 months at 31 March but "
              "a reason for no Strengths and Difficulties (SDQ) score has been completed. ", table="OC2",
              needs=("Episodes",), fields=["SDQ_REASON"],
              says="A reason for no SDQ is only for a child looked after all year: remove it or check the "
                   "episodes.")
def _198(ret):
    return with_cla(ret, "OC2").filter(present("SDQ_REASON") & ~pl.col("CLA"))


# --- respite care -------------------------------------------------------------------------------------------

@ssda903_rule("399", message="Mother field, review field or participation field are completed but "
              "child is looked after under legal status V3 or V4.", table="Episodes",
              needs=("Header", "Reviews"), fields=["MOTHER", "LS", "REVIEW", "REVIEW_CODE"],
              says="A child only ever in respite care (V3/V4) has no mother status or reviews in the return: "
                   "remove them or check the legal status.")
def _399(ret):
    e = ret["Episodes"]
    respite_only = e.group_by("CHILD").agg(one_of("LS", RESPITE).all().alias("only")).filter(pl.col("only"))
    h = ret["Header"].join(respite_only, on="CHILD", how="semi").with_columns(present("MOTHER").alias("m"))
    r = ret["Reviews"].join(respite_only, on="CHILD", how="semi").with_columns(
        (present("REVIEW") | present("REVIEW_CODE")).alias("r"))
    any_m = h.group_by("CHILD").agg(pl.col("m").any().alias("any_m"))
    any_r = r.group_by("CHILD").agg(pl.col("r").any().alias("any_r"))
    flags = respite_only.select("CHILD").join(any_m, on="CHILD", how="left").join(any_r, on="CHILD", how="left") \
        .with_columns(pl.col("any_m").fill_null(False), pl.col("any_r").fill_null(False))
    h = h.join(flags, on="CHILD").filter(pl.col("m") | pl.col("any_r"))
    r = r.join(flags, on="CHILD").filter(pl.col("r") | pl.col("any_m"))
    eps = e.join(flags.filter(pl.col("any_m") | pl.col("any_r")), on="CHILD", how="semi")
    return {"Episodes": eps.select("_row", "CHILD"), "Header": h.select("_row", "CHILD"),
            "Reviews": r.select("_row", "CHILD")}

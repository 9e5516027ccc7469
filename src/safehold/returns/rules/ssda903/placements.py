"""SSDA903 rules on placements: the placement type and provider, the Ofsted URN and postcodes, temporary
placements and respite, the reason a placement changed, and how old a child must be for a kind of placement."""

import datetime as dt

import polars as pl

from ..engine import ssda903_rule
from ..expr import blank, not_one_of, one_of, present, uk_date

# ../shared/domain/ssda903.md: placement types. 2024-25 added K3 (supported accommodation); 2025-26 dropped H5
# and P2 and split Z1 into Z11-Z14.
PLACE_CODES_2024 = ("A3", "A4", "A5", "A6", "H5", "K1", "K2", "K3", "P1", "P2", "P3", "R1", "R2", "R3", "R5", "S1",
                    "T0", "T1", "T2", "T3", "T4", "U1", "U2", "U3", "U4", "U5", "U6", "Z1")
PLACE_CODES_2025 = ("A3", "A4", "A5", "A6", "K1", "K2", "K3", "P1", "P3", "R1", "R2", "R3", "R5", "S1", "T0", "T1",
                    "T2", "T3", "T4", "U1", "U2", "U3", "U4", "U5", "U6", "Z11", "Z12", "Z13", "Z14")
PROVIDER_CODES = ("PR0", "PR1", "PR2", "PR3", "PR4", "PR5")
TEMPORARY = ("T0", "T1", "T2", "T3", "T4")
Z_2025 = ("Z11", "Z12", "Z13", "Z14")
RESPITE = ("V3", "V4")
NO_URN = "XXXXXXX"  # a placement through a regional adoption agency


def _sorted_eps(ret) -> pl.DataFrame:
    """Each child's episodes in the order they started (an undated one last), the file's order on a tie."""
    return ret["Episodes"].with_columns(uk_date("DECOM").alias("DECOM_d"), uk_date("DEC").alias("DEC_d")) \
        .sort(["CHILD", "DECOM_d", "_row"], nulls_last=True)


def _dob(ret) -> pl.DataFrame:
    return ret["Header"].select("CHILD", uk_date("DOB").alias("DOB_d"), pl.col("_row").alias("_row_hdr"))


# --- placement type and provider ----------------------------------------------------------------------------

@ssda903_rule("146", message="Placement type code is not a valid code.", table="Episodes", fields=["PLACE"],
              years=(2024, 2024), says="Choose the placement type from the DfE's list for this year.")
def _146_2024(ret):
    return not_one_of("PLACE", PLACE_CODES_2024)


@ssda903_rule("146", message="Placement type code is not a valid code.", table="Episodes", fields=["PLACE"],
              years=(2025, None), says="Choose the placement type from the DfE's list for this year (Z1 is now "
                                       "Z11 to Z14; H5 and P2 are no longer used).")
def _146(ret):
    return not_one_of("PLACE", PLACE_CODES_2025)


def _178(no_provider):
    def check(ret):
        return present("PLACE_PROVIDER") & (~one_of("PLACE_PROVIDER", PROVIDER_CODES) | one_of("PLACE", no_provider))
    return check


ssda903_rule("178", message="Placement provider code is not a valid code.", table="Episodes",
             fields=["PLACE_PROVIDER"], years=(2024, 2024),
             says="Choose the placement provider from PR0 to PR5, or leave it blank for a temporary placement "
                  "or Z1.")(_178(("T0", "T1", "T2", "T3", "T4", "Z1")))
ssda903_rule("178", message="Placement provider code is not a valid code.", table="Episodes",
             fields=["PLACE_PROVIDER"], years=(2025, None),
             says="Choose the placement provider from PR0 to PR5, or leave it blank for T0 to T3 and Z11 to "
                  "Z14.")(_178(("T0", "T1", "T2", "T3", *Z_2025)))


@ssda903_rule("213", message="Placement provider information not required.", table="Episodes",
              fields=["PLACE_PROVIDER"], years=(2024, 2024),
              says="A temporary placement has no placement provider: leave it blank.")
def _213_2024(ret):
    return one_of("PLACE", TEMPORARY) & present("PLACE_PROVIDER")


@ssda903_rule("213", message="Placement provider information not required.", table="Episodes",
              fields=["PLACE_PROVIDER"], years=(2025, None),
              says="A temporary placement or Z11 to Z14 has no placement provider: leave it blank.")
def _213(ret):
    return one_of("PLACE", (*TEMPORARY, *Z_2025)) & present("PLACE_PROVIDER")


# --- URN and postcodes ----------------------------------------------------------------------------------------

@ssda903_rule("214", message="Placement location information not required.", table="Episodes",
              fields=["PL_POST", "URN"],
              says="Respite care (V3/V4) has no placement postcode or URN: leave them blank.")
def _214(ret):
    return one_of("LS", RESPITE) & (present("PL_POST") | present("URN"))


def _222(places):
    def check(ret):
        return one_of("PLACE", places) & present("URN") & (pl.col("URN") != NO_URN)
    return check


ssda903_rule("222", message="Ofsted Unique reference number (URN) should not be recorded for this placement type.",
             table="Episodes", fields=["URN"], years=(2024, 2024),
             says="This placement type has no Ofsted URN: leave it blank.")(
    _222(("P1", "P3", "R1", "R2", "R5", *TEMPORARY, "Z1")))
ssda903_rule("222", message="Ofsted Unique reference number (URN) should not be recorded for this placement type.",
             table="Episodes", fields=["URN"], years=(2025, None),
             says="This placement type has no Ofsted URN: leave it blank.")(
    _222(("P1", "P3", "R1", "R2", "R5", *TEMPORARY, *Z_2025)))


@ssda903_rule("242", message="URN = 'XXXXXXX' can only be used for regional adoption agencies", table="Episodes",
              fields=["URN"], years=(2025, None),
              says="URN 'XXXXXXX' is only for an adoption placement through a regional adoption agency: give "
                   "the provider's Ofsted URN.")
def _242(ret):
    return (pl.col("URN") == NO_URN).fill_null(False) & ~one_of(
        "PLACE", ("A3", "A4", "A5", "A6", "U1", "U2", "U3", "U4", "U5", "U6"))


@ssda903_rule("392b", message="Child is looked after but no postcodes are recorded. [NOTE: This check may result in "
              "false positives for children formerly UASC, particularly if current & prior year UASC data not "
              "loaded]", table="Episodes", fields=["HOME_POST", "PL_POST"],
              says="Record the child's home postcode and the placement postcode.")
def _392b(ret):
    e = ret["Episodes"]
    if "UASC" in ret:
        # Unaccompanied asylum-seeking children may have no home postcode.
        uasc = ret["UASC"]
        if "Header" not in ret:
            uasc = uasc.filter(pl.any_horizontal([present(c) for c in uasc.columns if c not in ("CHILD", "_row")]))
        e = e.join(uasc.select("CHILD"), on="CHILD", how="anti", nulls_equal=True)
    return e.filter(~one_of("LS", RESPITE) & (blank("HOME_POST") | blank("PL_POST")))


@ssda903_rule("392d", message="Home and placement postcodes should not be same unless the placement type is P1.",
              table="Episodes", fields=["HOME_POST", "PL_POST", "PLACE"],
              says="The home and placement postcodes are the same but the child is not placed with parents "
                   "(P1): check them.")
def _392d(ret):
    return pl.col("PLACE").ne_missing("P1") & (pl.col("HOME_POST") == pl.col("PL_POST")).fill_null(False)


@ssda903_rule("398", message="Distance field completed but child looked after under legal status V3 or V4.",
              table="Episodes", fields=["LS", "HOME_POST", "PL_POST"],
              says="Respite care (V3/V4) has no home or placement postcode: leave them blank.")
def _398(ret):
    return one_of("LS", RESPITE) & (present("HOME_POST") | present("PL_POST"))


# --- how a placement starts and changes ------------------------------------------------------------------

@ssda903_rule("217", message="Children who are placed for adoption with current foster carers (placement types A3 "
              "or A5) must have a reason for new episode of S, T or U.", table="Episodes",
              fields=["PLACE", "DECOM", "RNE"],
              says="A placement for adoption with the current foster carers (A3/A5) starts with reason S, T or U.")
def _217(ret):
    return (one_of("PLACE", ("A3", "A5")) & (uk_date("DECOM") >= dt.date(2015, 4, 1)).fill_null(False)
            & ~one_of("RNE", ("S", "T", "U")))


@ssda903_rule("336", message="Child does not have a foster placement immediately prior to being placed for "
              "adoption.", table="Episodes", fields=["PLACE"],
              says="A placement for adoption with foster carers (A3/A4) follows a foster or adoption placement: "
                   "check the placement before it.")
def _336(ret):
    e = _sorted_eps(ret).with_columns(pl.col("PLACE").shift(1).over("CHILD").alias("before"),
                                      pl.col("_row").first().over("CHILD").alias("first_row"))
    prior = ("A3", "A4", "A5", "A6", "U1", "U2", "U3", "U4", "U5", "U6")
    return e.filter(one_of("PLACE", ("A3", "A4")) & ~one_of("before", prior) & (pl.col("_row") != pl.col("first_row")))


@ssda903_rule("225", message="Reason for placement change must be recorded.", table="Episodes",
              fields=["REASON_PLACE_CHANGE"],
              says="The child moved to a new placement: record the reason for the placement change.")
def _225(ret):
    def nxt(c):
        return pl.col(c).shift(-1).over("CHILD")
    e = _sorted_eps(ret).with_columns(nxt("RNE").alias("RNE_next"), nxt("PLACE").alias("PLACE_next"),
                                      nxt("_row").alias("row_next"))
    return e.filter(present("row_next") & (pl.col("REC") == "X1") & blank("REASON_PLACE_CHANGE")
                    & ~one_of("PLACE", TEMPORARY) & one_of("RNE_next", ("P", "B", "T", "U"))
                    & ~one_of("PLACE_next", TEMPORARY))


def _226(ret):
    e = _sorted_eps(ret).with_columns(pl.col("REASON_PLACE_CHANGE").shift(1).over("CHILD").alias("before"))
    return e.filter(one_of("PLACE", TEMPORARY) & (present("REASON_PLACE_CHANGE") | present("before")))


ssda903_rule("226", message="Reason for placement change is not required.", table="Episodes",
             fields=["REASON_PLACE_CHANGE", "PLACE"], years=(2024, 2024),
             says="A move into or out of a temporary placement has no reason for placement change: leave it "
                  "blank.")(_226)
ssda903_rule("226", message="Reason for placement change is not required for temporary placements.",
             table="Episodes", fields=["REASON_PLACE_CHANGE", "PLACE"], years=(2025, None),
             says="A move into or out of a temporary placement has no reason for placement change: leave it "
                  "blank.")(_226)


@ssda903_rule("233", message="Reason for placement change is not required when the episode has not ceased.",
              table="Episodes", fields=["REASON_PLACE_CHANGE", "REASON_PLACE_CHANGE"], years=(2025, None),
              says="The episode has not ended, so it has no reason for placement change: leave it blank.")
def _233(ret):
    return blank("DEC") & present("REASON_PLACE_CHANGE")


@ssda903_rule("234", message="A child aged under 10 can not change placement due to being admitted to custody",
              table="Episodes", needs=("Header",), fields=["REASON_PLACE_CHANGE", "DOB"], years=(2025, None),
              says="A child under 10 cannot be admitted to custody: check the reason for placement change or "
                   "the date of birth.")
def _234(ret):
    e = ret["Episodes"].join(_dob(ret), on="CHILD", how="left")
    m = e.filter((pl.col("DOB_d").dt.offset_by("10y") > uk_date("DECOM")).fill_null(False)
                 & (pl.col("REASON_PLACE_CHANGE") == "CUSTOD"))
    return {"Episodes": m.select("_row", "CHILD"), "Header": m.select(pl.col("_row_hdr").alias("_row"), "CHILD")}


# --- age at placement ---------------------------------------------------------------------------------------

def _too_young(place: str, years: int):
    def check(ret):
        e = ret["Episodes"].filter(pl.col("PLACE") == place).join(_dob(ret), on="CHILD")
        return e.filter(uk_date("DECOM") < pl.col("DOB_d").dt.offset_by(f"{years}y"))
    return check


ssda903_rule("371", message="Child in supported accomodation not subject to children’s homes regulations should be "
             "at least 16.", table="Episodes", needs=("Header",), fields=["DECOM", "PLACE"],
             says="A child in supported accommodation (K3) must be 16 or over when the placement starts: check "
                  "the placement type or the date of birth.")(_too_young("K3", 16))
ssda903_rule("372", message="Child in youth custody or prison should be at least 10.", table="Episodes",
             needs=("Header",), fields=["DECOM", "PLACE"],
             says="A child in youth custody or prison (R5) must be 10 or over: check the placement type or the "
                  "date of birth.")(_too_young("R5", 10))
ssda903_rule("373", message="Child placed in a school should be at least 4 years old.", table="Episodes",
             needs=("Header",), fields=["DECOM", "PLACE"],
             says="A child placed in a school (S1) must be 4 or over: check the placement type or the date of "
                  "birth.")(_too_young("S1", 4))
ssda903_rule("374", message="Child in residential employment should be at least 14 years old.", table="Episodes",
             needs=("Header",), fields=["DECOM", "PLACE"],
             says="A child in residential employment (P3) must be 14 or over: check the placement type or the "
                  "date of birth.")(_too_young("P3", 14))


# --- temporary placements and respite -----------------------------------------------------------------------

def _lasts_longer(place: str, days: int, *, open_to_year_end: bool = False):
    """A temporary placement of type `place` lasting more than `days` days. The DfE's tool checks only ended
    placements for T1 and T4 but counts an open T3 placement as lasting to 31 March; Safehold does the same."""
    def check(ret):
        ends = uk_date("DEC")
        if open_to_year_end:
            ends = pl.when(blank("DEC")).then(pl.lit(ret.end)).otherwise(ends)
        return (pl.col("PLACE") == place) & (ends > uk_date("DECOM") + pl.duration(days=days))
    return check


ssda903_rule("375", message="Hospitalisation coded as a temporary placement exceeds six weeks.", table="Episodes",
             fields=["DECOM", "PLACE"],
             says="A temporary placement in hospital (T1) lasts at most six weeks: check the dates or the "
                  "placement type.")(_lasts_longer("T1", 42))
ssda903_rule("376", message="Temporary placements coded as being due to holiday of usual foster carer(s) cannot "
             "exceed three weeks.", table="Episodes", fields=["DECOM", "PLACE"],
             says="A temporary placement while the foster carers are on holiday (T3) lasts at most three weeks: "
                  "check the dates or the placement type.")(_lasts_longer("T3", 21, open_to_year_end=True))
ssda903_rule("379", message="Temporary placements for unspecified reason (placement code T4) cannot exceed seven "
             "days.", table="Episodes", fields=["DECOM", "PLACE"],
             says="A temporary placement for another reason (T4) lasts at most seven days: check the dates or "
                  "the placement type.")(_lasts_longer("T4", 7))


@ssda903_rule("377", message="Only two temporary placements coded as being due to holiday of usual foster "
              "carer(s) are allowed in any 12- month period.", table="Episodes", fields=["PLACE"],
              says="The child has more than two temporary placements for the foster carers' holiday (T3): check "
                   "the placement types.")
def _377(ret):
    t3 = pl.col("PLACE") == "T3"
    return t3.fill_null(False) & (t3.fill_null(False).sum().over("CHILD") > 2)


@ssda903_rule("378", message="A child who is placed with parent(s) cannot be looked after under a single period of "
              "accommodation under Section 20 of the Children Act 1989.", table="Episodes", fields=["PLACE", "LS"],
              says="A child placed with parents (P1) cannot be accommodated under section 20 (V2): check the "
                   "placement type or the legal status.")
def _378(ret):
    return (pl.col("PLACE") == "P1") & (pl.col("LS") == "V2")


@ssda903_rule("380", message="A period of care cannot start with a temporary placement.", table="Episodes",
              fields=["PLACE", "RNE"],
              says="A temporary placement is a change of placement (reason P or B), never the start of a period "
                   "of care.")
def _380(ret):
    return one_of("PLACE", TEMPORARY) & ~one_of("RNE", ("P", "B"))


@ssda903_rule("381", message="A period of care cannot end with a temporary placement.", table="Episodes",
              fields=["PLACE", "REC"],
              says="A period of care cannot end in a temporary placement: the child returns to the usual "
                   "placement first (reason X1).")
def _381(ret):
    return one_of("PLACE", TEMPORARY) & present("REC") & (pl.col("REC") != "X1")


@ssda903_rule("382", message="A child receiving respite care cannot be in a temporary placement.", table="Episodes",
              fields=["LS", "PLACE"],
              says="A child in respite care (V3/V4) cannot be in a temporary placement: check the placement type "
                   "or the legal status.")
def _382(ret):
    return one_of("LS", RESPITE) & one_of("PLACE", TEMPORARY)


def _383(with_postcode: bool):
    def check(ret):
        def ahead(c, n):
            return pl.col(c).shift(n).over("CHILD")
        e = _sorted_eps(ret).with_columns(ahead("PLACE", 1).alias("temp"), ahead("PLACE", 2).alias("usual"),
                                          ahead("PL_POST", 2).alias("usual_post"), ahead("_row", 2).alias("r2"))
        differs = pl.col("RNE").ne_missing("P") | ~(pl.col("PLACE") == pl.col("usual")).fill_null(False)
        if with_postcode:
            differs = differs | ~(pl.col("PL_POST") == pl.col("usual_post")).fill_null(False)
        return e.filter(present("r2") & one_of("temp", TEMPORARY) & differs)
    return check


ssda903_rule("383", message="A child in a temporary placement must subsequently return to his/her normal placement.",
             table="Episodes", fields=["PLACE"], years=(2024, 2024),
             says="After a temporary placement the child returns to the usual placement (reason P, the same "
                  "placement type): check the episodes.")(_383(False))
ssda903_rule("383", message="A child in a temporary placement must subsequently return to his/her normal placement.",
             table="Episodes", fields=["PLACE", "RNE", "PL_POST"], years=(2025, None),
             says="After a temporary placement the child returns to the usual placement (reason P, the same "
                  "placement type and postcode): check the episodes.")(_383(True))


@ssda903_rule("384", message="A child receiving respite care cannot be in a long-term foster placement ",
              table="Episodes", fields=["PLACE", "LS"],
              says="A child in respite care (V3/V4) cannot be in a long-term foster placement (U1/U4): check the "
                   "placement type or the legal status.")
def _384(ret):
    return one_of("LS", RESPITE) & one_of("PLACE", ("U1", "U4"))

"""SSDA903 rules on adoption: AD1 (children adopted in the year: the decision and match dates, the adopters) and
PlacedAdoption (decisions that the child should be placed for adoption, and their reversal)."""

import polars as pl

from ..engine import ssda903_rule
from ..expr import blank, present, uk_date
from .outcomes import AD1_FIELDS

PA_LAST = "PlacedAdoption_last"


def _bad_date(column: str) -> pl.Expr:
    """Given, but not a dd/mm/yyyy date."""
    return present(column) & uk_date(column).is_null()


def _not_in(column: str, codes) -> pl.Expr:
    """Given and not one of `codes`."""
    return present(column) & ~pl.col(column).is_in(list(codes)).fill_null(False)


def _sex_not(codes) -> pl.Expr:
    """The adopters' sex is not one of `codes` (a blank is not)."""
    return ~pl.col("SEX_ADOPTR").is_in(list(codes)).fill_null(False)


def _ls(code: str) -> pl.Expr:
    return (pl.col("LS_ADOPTR") == code).fill_null(False)


# --- AD1 ------------------------------------------------------------------------------------------------

@ssda903_rule("112", message="Date should be placed for adoption is not a valid date.", table="AD1",
              fields=["DATE_INT"], says="The date of the decision that the child should be placed for adoption "
                                        "is not a real date: enter it as dd/mm/yyyy.")
def _112(ret):
    return _bad_date("DATE_INT")


@ssda903_rule("113", message="Date matching child and adopter(s) is not a valid date.", table="AD1",
              fields=["DATE_MATCH"],
              says="The date the child was matched with the adopters is not a real date: enter it as dd/mm/yyyy.")
def _113(ret):
    return _bad_date("DATE_MATCH")


@ssda903_rule("114", message="Data entry to record the status of former carer(s) of an adopted child is invalid.",
              table="AD1", fields=["FOSTER_CARE"],
              says="Record whether the child was adopted by their foster carers as 1 (yes) or 0 (no).")
def _114(ret):
    return _not_in("FOSTER_CARE", ("0", "1"))


@ssda903_rule("151", message="All data items relating to a childs adoption must be coded or left blank.",
              table="AD1", fields=["DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR"],
              says="Complete every adoption item (decision and match dates, foster carers, number, sex and legal "
                   "status of adopters) or leave them all blank.")
def _151(ret):
    return pl.any_horizontal([present(c) for c in AD1_FIELDS]) & pl.any_horizontal([blank(c) for c in AD1_FIELDS])


@ssda903_rule("175", message="The number of adopter(s) code is not a valid code.", table="AD1", fields=["NB_ADOPTR"],
              says="Record the number of adopters as 1 or 2.")
def _175(ret):
    return _not_in("NB_ADOPTR", ("1", "2"))


@ssda903_rule("176", message="The gender of adopter(s) at the date of adoption code is not a valid code.",
              table="AD1", fields=["SEX_ADOPTR"],
              says="Record the adopters' sex with one of the codes M1, F1, MM, FF or MF.")
def _176(ret):
    return _not_in("SEX_ADOPTR", ("M1", "F1", "MM", "FF", "MF"))


@ssda903_rule("177", message="The legal status of adopter(s) code is not a valid code.", table="AD1",
              fields=["LS_ADOPTR"],
              says="Record the adopters' legal status with one of the codes L0, L11, L12, L2, L3 or L4.")
def _177(ret):
    return _not_in("LS_ADOPTR", ("L0", "L11", "L12", "L2", "L3", "L4"))


@ssda903_rule("331", message="Date of matching child and adopter(s) should be the same as, or prior to, the date of "
              "placement of adoption.", table="AD1", fields=["DATE_MATCH", "DECOM", "REC"], needs=["Episodes"],
              says="The child was matched with the adopters after the adoption placement began: check the match "
                   "date and the placement's start date.")
def _331(ret):
    adopted = (ret["Episodes"].filter(pl.col("REC").is_in(["E11", "E12"]).fill_null(False))
               .select("_row", "CHILD", uk_date("DECOM").alias("_decom")))
    ad1 = ret["AD1"].select("_row", "CHILD", uk_date("DATE_MATCH").alias("_match"))
    both = ad1.join(adopted, on="CHILD", suffix="_ep").filter((pl.col("_match") > pl.col("_decom")).fill_null(False))
    return {"AD1": both.select("_row", "CHILD"),
            "Episodes": both.select(pl.col("_row_ep").alias("_row"), "CHILD")}


@ssda903_rule("333", message="Date should be placed for adoption must be on or prior to the date of matching child "
              "with adopter(s).", table="AD1", fields=["DATE_INT"],
              says="The decision that the child should be placed for adoption must be on or before the match "
                   "date: check both dates.")
def _333(ret):
    match, decided = uk_date("DATE_MATCH"), uk_date("DATE_INT")
    return match.is_not_null() & (decided.is_null() | (decided > match).fill_null(False))


@ssda903_rule("511", message="If reporting that the number of person(s) adopting the looked after child is two "
              "adopters then the code should only be MM, FF or MF. MM = the adopting couple are both males; FF = the "
              "adopting couple are both females; MF = The adopting couple are male and female.", table="AD1",
              fields=["NB_ADOPTR", "SEX_ADOPTR"],
              says="There are two adopters: their sex is MM, FF or MF, not M1 or F1.")
def _511(ret):
    return (pl.col("NB_ADOPTR") == "2").fill_null(False) & pl.col("SEX_ADOPTR").is_in(["M1", "F1"]).fill_null(False)


@ssda903_rule("514", message="Data entry on the legal status of adopters shows a single adopter but data entry for "
              "the numbers of adopters shows it as a couple.", table="AD1", fields=["LS_ADOPTR", "SEX_ADOPTR"],
              says="The legal status is a single adopter (L0): the adopter's sex is M1 or F1.")
def _514(ret):
    return _ls("L0") & _sex_not(("M1", "F1"))


@ssda903_rule("517", message="If reporting legal status of adopters is L3 then the genders of adopters should be "
              "coded as MF. MF = the adopting couple are male and female.", table="AD1",
              fields=["LS_ADOPTR", "SEX_ADOPTR"],
              says="The adopters are an unmarried couple of different sexes (L3): their sex is MF.")
def _517(ret):
    return _ls("L3") & _sex_not(("MF",))


@ssda903_rule("518", message="If reporting legal status of adopters is L4 then the genders of adopters should be "
              "coded as MM or FF. MM = the adopting couple are both males. FF = the adopting couple are both females.",
              table="AD1", fields=["LS_ADOPTR", "SEX_ADOPTR"],
              says="The adopters are an unmarried couple of the same sex (L4): their sex is MM or FF.")
def _518(ret):
    return _ls("L4") & _sex_not(("MM", "FF"))


@ssda903_rule("519", message="Data entered on the legal status of adopters shows civil partnership couple, but data "
              "entered on genders of adopters does not show it as a couple.", table="AD1",
              fields=["LS_ADOPTR", "SEX_ADOPTR"],
              says="The adopters are civil partners (L2): their sex is MM, FF or MF.")
def _519(ret):
    return _ls("L2") & _sex_not(("MM", "FF", "MF"))


@ssda903_rule("520", message="Data entry on the legal status of adopters shows different gender married couple but "
              "data entry on genders of adopters shows it as a same gender couple.", table="AD1",
              fields=["LS_ADOPTR", "SEX_ADOPTR"],
              says="The adopters are a married couple of different sexes (L11): their sex is MF.")
def _520(ret):
    return _ls("L11") & _sex_not(("MF",))


@ssda903_rule("524", message="If reporting legal status of adopters is L12 then the genders of adopters should be "
              "coded as MM or FF. MM = the adopting couple are both males. FF = the adopting couple are both females",
              table="AD1", fields=["LS_ADOPTR", "SEX_ADOPTR"],
              says="The adopters are a married couple of the same sex (L12): their sex is MM or FF.")
def _524(ret):
    return _ls("L12") & _sex_not(("MM", "FF"))


@ssda903_rule("INT31", message="Internal Check: Child should only exist once in AD1.", table="AD1", fields=["CHILD"],
              says="The child has more than one AD1 row: keep one.")
def _int31(ret):
    return present("CHILD") & (pl.len().over("CHILD") > 1)


# --- PlacedAdoption -------------------------------------------------------------------------------------

@ssda903_rule("115", message="Date of Local Authority's (LA) decision that a child should be placed for adoption is "
              "not a valid date.", table="PlacedAdoption", fields=["DATE_PLACED"],
              says="The date of the decision that the child should be placed for adoption is not a real date: "
                   "enter it as dd/mm/yyyy.")
def _115(ret):
    return _bad_date("DATE_PLACED")


@ssda903_rule("116", message="Date of Local Authority's (LA) decision that a child should no longer be placed for "
              "adoption is not a valid date.", table="PlacedAdoption", fields=["DATE_PLACED_CEASED"],
              says="The date of the decision that the child should no longer be placed for adoption is not a real "
                   "date: enter it as dd/mm/yyyy.")
def _116(ret):
    return _bad_date("DATE_PLACED_CEASED")


@ssda903_rule("119", message="If the decision is made that a child should no longer be placed for adoption, then the "
              "date of this decision and the reason why this decision was made must be completed.",
              table="PlacedAdoption", fields=["REASON_PLACED_CEASED", "DATE_PLACED_CEASED"],
              says="The decision to place the child for adoption was reversed: record both the date and the reason.")
def _119(ret):
    return blank("DATE_PLACED_CEASED") != blank("REASON_PLACED_CEASED")


@ssda903_rule("120", message="The reason for the reversal of the decision that the child should be placed for "
              "adoption code is not valid.", table="PlacedAdoption", fields=["REASON_PLACED_CEASED"],
              says="Record the reason the adoption decision was reversed with one of the codes RD1 to RD4.")
def _120(ret):
    return _not_in("REASON_PLACED_CEASED", ("RD1", "RD2", "RD3", "RD4"))


@ssda903_rule("522", message="Date of decision that the child should be placed for adoption must be on or before the "
              "date that a child should no longer be placed for adoption.", table="PlacedAdoption",
              fields=["DATE_PLACED", "DATE_PLACED_CEASED"],
              says="The adoption decision was reversed before it was made: check both dates.")
def _522(ret):
    return (uk_date("DATE_PLACED_CEASED") < uk_date("DATE_PLACED")).fill_null(False)


@ssda903_rule("523", message="Date of decision that the child should be placed for adoption should be the same date "
              "as the decision that adoption is in the best interest (date should be placed).",
              table="PlacedAdoption", fields=["DATE_PLACED", "DATE_INT"], needs=["AD1"],
              says="The date of the decision to place the child for adoption differs between the adoption "
                   "(AD1) and placed for adoption records: make them the same.")
def _523(ret):
    placed = ret["PlacedAdoption"].select("_row", "CHILD", uk_date("DATE_PLACED").alias("_d")).drop_nulls("_d")
    ad1 = ret["AD1"].select("_row", "CHILD", uk_date("DATE_INT").alias("_d")).drop_nulls("_d")
    both = placed.join(ad1, on="CHILD", suffix="_ad").filter(pl.col("_d") != pl.col("_d_ad"))
    return {"PlacedAdoption": both.select("_row", "CHILD"), "AD1": both.select(pl.col("_row_ad").alias("_row"),
                                                                                  "CHILD")}


@ssda903_rule("525", message="A child for whom the decision to be placed for adoption has been reversed cannot be "
              "adopted during the year.", table="PlacedAdoption",
              fields=["DATE_PLACED_CEASED", *AD1_FIELDS], needs=["AD1"],
              says="The decision to place the child for adoption was reversed: they cannot have adoption details "
                   "(AD1) this year.")
def _525(ret):
    reversed_ = ret["PlacedAdoption"].filter(present("CHILD") & present("DATE_PLACED_CEASED")).select("_row", "CHILD")
    adopted = (ret["AD1"].filter(pl.any_horizontal([present(c) for c in AD1_FIELDS]) & present("CHILD"))
               .select("_row", "CHILD"))
    both = reversed_.join(adopted, on="CHILD", suffix="_ad")
    return {"PlacedAdoption": both.select("_row", "CHILD"),
            "AD1": both.select(pl.col("_row_ad").alias("_row"), "CHILD")}


def _with_last(ret, how: str = "inner") -> pl.DataFrame:
    """This year's decisions beside last year's for the same child (columns of last year end in _last)."""
    last = ret[PA_LAST].select("CHILD", pl.col("DATE_PLACED").alias("DATE_PLACED_last"),
                               pl.col("DATE_PLACED_CEASED").alias("DATE_PLACED_CEASED_last"),
                               pl.col("REASON_PLACED_CEASED").alias("REASON_PLACED_CEASED_last"))
    return ret["PlacedAdoption"].filter(present("CHILD")).join(last, on="CHILD", how=how)


@ssda903_rule("559", message="Date of decision that a child should be placed for adoption was not in the current year "
              "but the date of the decision that the child should be placed for adoption was not completed in a "
              "previous return.", table="PlacedAdoption", fields=["DATE_PLACED"], needs=[PA_LAST],
              says="The decision to place the child for adoption was made before this year, but last year's "
                   "return does not have it: check the date.")
def _559(ret):
    rows = _with_last(ret, how="left")
    return rows.filter((uk_date("DATE_PLACED") < ret.start).fill_null(False)
                       & uk_date("DATE_PLACED_last").is_null())


@ssda903_rule("560", message="Date of decision that the child should be placed for adoption this year is different "
              "from that recorded last year but the decision to place the child for adoption did not change.",
              table="PlacedAdoption", fields=["DATE_PLACED", "DATE_PLACED_CEASED"], needs=[PA_LAST],
              says="The decision to place the child for adoption was still open last year: its date this year "
                   "must be the same as last year's.")
def _560(ret):
    rows = _with_last(ret)
    return rows.filter(present("DATE_PLACED_last") & blank("DATE_PLACED_CEASED_last")
                       & (pl.col("DATE_PLACED") != pl.col("DATE_PLACED_last")).fill_null(True))


@ssda903_rule("561", message="Date of the decision that the child should be placed for adoption this year is the "
              "same as that recorded last year but records show that the decision changed, and the child should no "
              "longer be placed for adoption last year.", table="PlacedAdoption", fields=["DATE_PLACED"],
              needs=[PA_LAST],
              says="Last year's return shows this adoption decision was reversed: a decision this year needs its "
                   "own date.")
def _561(ret):
    rows = _with_last(ret)
    return rows.filter((pl.col("DATE_PLACED") == pl.col("DATE_PLACED_last")).fill_null(False)
                       & (present("REASON_PLACED_CEASED_last") | present("DATE_PLACED_CEASED_last")))


@ssda903_rule("563", message="The child should no longer be placed for adoption but the date of the decision that the "
              "child should be placed for adoption is blank", table="PlacedAdoption",
              fields=["DATE_PLACED", "REASON_PLACED_CEASED", "DATE_PLACED_CEASED"],
              says="The adoption decision was reversed: record the date the decision was first made.")
def _563(ret):
    return present("REASON_PLACED_CEASED") & present("DATE_PLACED_CEASED") & blank("DATE_PLACED")


@ssda903_rule("579", message="A new decision that the child should be placed for adoption this year cannot start "
              "when the previous decision is still open. Decisions to place the child for adoption should also not "
              "overlap. The date of any new decision to place the child for adoption must not be before the date "
              "placed ceased of previous decisions.", table="PlacedAdoption",
              fields=["DATE_PLACED", "DATE_PLACED_CEASED"],
              says="A decision to place the child for adoption starts before the one before it was reversed: "
                   "check the dates.")
def _579(ret):
    rows = (ret["PlacedAdoption"].filter(present("CHILD"))
            .with_columns(uk_date("DATE_PLACED").alias("_placed"), uk_date("DATE_PLACED_CEASED").alias("_ceased"))
            .sort(["CHILD", "_placed", "_row"], nulls_last=True)
            .with_columns(pl.col("_ceased").shift(1).over("CHILD").alias("_prev_ceased"),
                          pl.int_range(pl.len()).over("CHILD").alias("_n")))
    return rows.filter((pl.col("_n") > 0) & (pl.col("_prev_ceased").is_null()
                                             | (pl.col("_placed") < pl.col("_prev_ceased")).fill_null(False)))


@ssda903_rule("583", message="More than one date the child should be placed for adoption has been reported, but an "
              "earlier decision has not been revoked. Check that both dates are required and add in the date the "
              "earlier decision was revoked. Note this may be in a previous year.", table="PlacedAdoption",
              fields=["DATE_PLACED", "DATE_PLACED_CEASED"],
              says="The child has more than one decision to place them for adoption: every decision but the latest "
                   "needs the date it was reversed.")
def _583(ret):
    rows = (ret["PlacedAdoption"].with_columns(uk_date("DATE_PLACED").alias("_placed"))
            .sort(["_placed", "_row"], descending=[True, False], nulls_last=True)
            .with_columns(pl.int_range(pl.len()).over("CHILD").alias("_n")))
    return rows.filter((pl.col("_n") > 0) & blank("DATE_PLACED_CEASED"))


@ssda903_rule("584", message="Date of decision that the child should be placed for adoption this year is different "
              "from that recorded last year, but the decision to placed the child for adoption changed and the child "
              "should no longer be placed for adoption.", table="PlacedAdoption", fields=["DATE_PLACED"],
              needs=[PA_LAST],
              says="Last year's decision to place the child for adoption was reversed: a decision this year must be "
                   "dated after last year's.")
def _584(ret):
    rows = _with_last(ret).filter(present("DATE_PLACED_CEASED_last") | present("REASON_PLACED_CEASED_last"))
    return rows.filter(present("DATE_PLACED_last")
                       & (uk_date("DATE_PLACED").is_null()
                          | (uk_date("DATE_PLACED") <= uk_date("DATE_PLACED_last")).fill_null(False)))

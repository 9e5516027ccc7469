"""SSDA903 rules across tables: every child in a table is in the header with the same date of birth and sex, a
child is in the header (and the UASC and previous permanence tables) once, and the rules that read the child's
date of birth or sex from the header against their episodes, reviews and care leaver records."""

import polars as pl

from ..engine import ssda903_rule
from ..expr import blank, one_of, present, uk_date
from .header import plus_years

_WHAT = {"AD1": "adoption (AD1)", "PlacedAdoption": "placed for adoption", "Episodes": "episodes",
         "Missing": "missing", "OC2": "health and offending (OC2)", "OC3": "care leaver (OC3)",
         "PrevPerm": "previous permanence", "Reviews": "reviews", "UASC": "UASC"}


def _not_in_header(ret, table):
    return ret[table].join(ret["Header"].select("CHILD").unique(), on="CHILD", how="anti", nulls_equal=True)


def _register_not_in_header(code, table, prefix):
    @ssda903_rule(code, message=f"{prefix}: Child in {table} does not exist in Header.", table=table,
                  fields=["CHILD"], needs=("Header",),
                  says=f"A child in the {_WHAT[table]} table is not in the header: add the child or check the ID.")
    def check(ret):
        return _not_in_header(ret, table)
    return check


for _code, _table in (("INT01", "AD1"), ("INT02", "PlacedAdoption"), ("INT03", "Episodes"), ("INT04", "Missing"),
                      ("INT05", "OC2"), ("INT06", "OC3"), ("INT07", "PrevPerm"), ("INT08", "Reviews"),
                      ("INT09", "UASC")):
    _register_not_in_header(_code, _table, "Data Integrity Check" if _code == "INT01" else "Internal Check")


def _header_differs(ret, table, column, parse):
    header = ret["Header"].select("CHILD", (parse(column) if parse else pl.col(column)).alias("_header"))
    own = ret[table].with_columns((parse(column) if parse else pl.col(column)).alias("_own"))
    both = own.join(header, on="CHILD", how="inner", nulls_equal=True)
    return both.filter((pl.col("_own") != pl.col("_header")).fill_null(False)).select("_row").unique()


def _register_differs(code, table, column, parse):
    name = "DOB" if column == "DOB" else "SEX"
    word = "date of birth" if column == "DOB" else "sex"
    @ssda903_rule(code, message=f"Internal Check: {name} in {table} is different to {name} in Header.", table=table,
                  fields=[column], needs=("Header",),
                  says=f"The child's {word} in the {_WHAT[table]} table differs from the header: make them the same.")
    def check(ret):
        return _header_differs(ret, table, column, parse)
    return check


for _code, _table in (("INT11", "AD1"), ("INT12", "PlacedAdoption"), ("INT13", "Missing"), ("INT14", "OC2"),
                      ("INT15", "OC3"), ("INT16", "PrevPerm"), ("INT17", "Reviews"), ("INT18", "UASC")):
    _register_differs(_code, _table, "DOB", uk_date)
_register_differs("INT21", "UASC", "SEX", None)


def _register_once(code, table):
    @ssda903_rule(code, message=f"Internal Check: Child should only exist once in {table}.", table=table,
                  fields=["CHILD"], says=f"The child is in the {_WHAT.get(table, 'header')} table more than once: "
                                         "keep one row.")
    def check(ret):
        return present("CHILD") & (pl.len().over("CHILD") > 1)
    return check


_WHAT["Header"] = "header"
_register_once("INT32", "Header")
_register_once("INT35", "PrevPerm")
_register_once("INT36", "UASC")


@ssda903_rule("EPI", message="WARNING: Episodes need to be loaded for this child before further validation is possible "
              "[NOTE: This refers to the DfE portal - here, all checks that can be performed with only the available "
              "data will be.]", table="Header", fields=["CHILD"],
              says="The child has no episodes of care and no care leaver record: add their episodes.")
def _epi(ret):
    header = ret["Header"]
    for table in ("Episodes", "OC3"):
        if table in ret:
            header = header.join(ret[table].select("CHILD").unique(), on="CHILD", how="anti", nulls_equal=True)
    return header


# --- the child's date of birth and sex (Header) against the other tables ---------------------------------------

def _with_header(ret, table, *columns):
    """`table`'s rows with the child's header `columns` as HDR_<column> (a left join: no header, nulls)."""
    header = ret["Header"].select("CHILD", *[pl.col(c).alias(f"HDR_{c}") for c in columns], pl.col("_row").alias("_hrow"))
    return ret[table].join(header, on="CHILD", how="left", nulls_equal=True)


def _both(frame, mask):
    """Rows of Episodes and Header together: {Episodes: rows, Header: rows} of `frame` (from _with_header) where `mask`."""
    hit = frame.filter(mask)
    return {"Episodes": hit.select("_row").unique(),
            "Header": hit.select(pl.col("_hrow").alias("_row")).drop_nulls().unique()}


def _dob():
    return uk_date("HDR_DOB")


@ssda903_rule("184", message="Date of decision that a child should be placed for adoption is before the child was born.",
              table="PlacedAdoption", fields=["DATE_PLACED", "DOB"],
              says="The decision to place for adoption is dated before the child was born: check both dates.")
def _184(ret):
    # The placed-for-adoption table carries the child's date of birth (INT12 checks it against the header).
    placed = uk_date("DATE_PLACED")
    return placed.is_not_null() & ~(placed >= uk_date("DOB")).fill_null(False)


@ssda903_rule("210", message="Children looked after for more than a week at 31 March should not have an unknown Unique "
              "Pupil Number (UPN) code of UN4.", table="Episodes", fields=["UPN", "DECOM"], needs=("Header",),
              says="UN4 is for a child who came into care in the last week of the year; this child did not: record "
                   "their UPN or the right unknown code.")
def _210(ret):
    eps = _with_header(ret, "Episodes", "UPN")
    return _both(eps, (pl.col("HDR_UPN") == "UN4").fill_null(False)
                 & (uk_date("DECOM") >= pl.date(ret.year + 1, 3, 24)).fill_null(False))


@ssda903_rule("302", message="First episode starts before child was born.", table="Episodes", fields=["DECOM", "DOB"],
              needs=("Header",), says="The first episode starts before the child's date of birth: check both dates.")
def _302(ret):
    eps = _with_header(ret, "Episodes", "DOB").with_columns(uk_date("DECOM").alias("_decom"))
    first = eps.filter(pl.col("_decom").is_not_null()).sort("_decom", "_row").group_by("CHILD", maintain_order=True).first()
    return _both(first, (_dob() > pl.col("_decom")).fill_null(False))


@ssda903_rule("352", message="Child who started to be looked after was aged 18 or over.", table="Episodes",
              fields=["DECOM", "RNE"], needs=("Header",),
              says="The child started to be looked after at 18 or over: check the start date and the date of birth.")
def _352(ret):
    eps = _with_header(ret, "Episodes", "DOB")
    return eps.filter((pl.col("RNE") == "S").fill_null(False)
                      & (plus_years(_dob(), 18) <= uk_date("DECOM")).fill_null(False)).select("_row").unique()


@ssda903_rule("358", message="Child with this legal status should not be under 10.", table="Episodes",
              fields=["DECOM", "DOB", "LS"], needs=("Header",),
              says="A child under 10 cannot be on remand or detained (legal status J1 to J3): check the legal status.")
def _358(ret):
    eps = _with_header(ret, "Episodes", "DOB")
    return _both(eps, one_of("LS", ("J1", "J2", "J3")) & (plus_years(_dob(), 10) >= uk_date("DECOM")).fill_null(False))


@ssda903_rule("359", message="Child being looked after following 18th birthday must be accommodated under section 20(5) "
              "of the Children Act 1989 in a community home.", table="Episodes", fields=["DEC", "LS", "PLACE"],
              needs=("Header",),
              says="A young person still looked after at 18 must be under section 20(5) (V2) in a children's home "
                   "(K2): check the episode.")
def _359(ret):
    eps = _with_header(ret, "Episodes", "DOB")
    over_18 = (plus_years(_dob(), 18) < pl.lit(ret.end)).fill_null(False)
    v2_k2 = (pl.col("LS") == "V2").fill_null(False) & (pl.col("PLACE") == "K2").fill_null(False)
    return eps.filter(over_18 & blank("DEC") & ~v2_k2).select("_row").unique()


@ssda903_rule("386", message="Reason episode ceased is adopted but child has reached age 18.", table="Episodes",
              fields=["REC"], needs=("Header",),
              says="The episode ended in adoption after the child turned 18: check the reason it ended or the dates.")
def _386(ret):
    eps = _with_header(ret, "Episodes", "DOB")
    return eps.filter(one_of("REC", ("E11", "E12")) & (plus_years(_dob(), 18) <= uk_date("DEC")).fill_null(False)
                      ).select("_row").unique()


@ssda903_rule("387", message="Reason episode ceased is child moved into independent living arrangement, but the child "
              "is aged under 14.", table="Episodes", fields=["REC"], needs=("Header",),
              says="The child moved to independent living before 14: check the reason the episode ended or the dates.")
def _387(ret):
    eps = _with_header(ret, "Episodes", "DOB")
    # Without a date of birth the age cannot be shown to be 14: flagged too.
    return eps.filter(one_of("REC", ("E5", "E6")) & present("DEC")
                      & ~(plus_years(_dob(), 14) <= uk_date("DEC")).fill_null(False)).select("_row").unique()


@ssda903_rule("460", message="Reason episode ceased is that child stayed with current carers at age 18 (or above), but "
              "child is aged under 18.", table="Episodes", fields=["DEC", "REC"], needs=("Header",),
              says="The episode ended with the young person staying with their carers at 18, but they were under 18: "
                   "check the reason or the dates.")
def _460(ret):
    eps = _with_header(ret, "Episodes", "DOB")
    return eps.filter((pl.col("REC") == "E17").fill_null(False)
                      & (plus_years(_dob(), 18) > uk_date("DEC")).fill_null(False)).select("_row").unique()


@ssda903_rule("393", message="Child is looked after but mother field is not completed.", table="Header",
              fields=["MOTHER"], needs=("Episodes",),
              says="Record whether the young woman is a mother (1 or 0).")
def _393(ret):
    looked_after = ret["Episodes"].filter(~one_of("LS", ("V3", "V4"))).select("CHILD").unique()
    return ret["Header"].filter((pl.col("SEX") == "F").fill_null(False) & blank("MOTHER")).join(
        looked_after, on="CHILD", how="semi", nulls_equal=True)


@ssda903_rule("3001", message="Where care leavers information is being returned for a young person around their 17th "
              "birthday, the accommodation cannot be with their former foster carer(s).", table="OC3",
              fields=["REC"], needs=("Header",),
              says="At 17 a care leaver cannot be recorded as living with former foster carers (Z1, Z2): check the "
                   "accommodation code.")
def _3001(ret):
    oc3 = _with_header(ret, "OC3", "DOB")
    dob17 = plus_years(_dob(), 17)
    return oc3.filter(one_of("ACCOM", ("Z1", "Z2")) & (dob17 <= pl.lit(ret.end)).fill_null(False)
                      & (dob17 >= pl.lit(ret.start)).fill_null(False)).select("_row").unique()

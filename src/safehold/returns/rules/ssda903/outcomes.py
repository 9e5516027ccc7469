"""SSDA903 rules on outcomes: OC2 (children looked after continuously for 12 months at 31 March: SDQ, health,
convictions, substance misuse) and OC3 (care leavers: in touch, activity, accommodation)."""

import polars as pl

from ..engine import ssda903_rule
from ..expr import age_on, blank, present, uk_date
from .common import looked_after_12_months, with_cla

OC2_12_MONTHS = ("CONVICTED", "HEALTH_CHECK", "IMMUNISATIONS", "TEETH_CHECK", "HEALTH_ASSESSMENT",
                 "SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED")
OC2_HEALTH = ("IMMUNISATIONS", "TEETH_CHECK", "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE")
OC3_FIELDS = ("IN_TOUCH", "ACTIV", "ACCOM")
AD1_FIELDS = ("DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR")
SDQ_REASONS = ("SDQ1", "SDQ2", "SDQ3", "SDQ4", "SDQ5")
IN_TOUCH_CODES = ("YES", "NO", "DIED", "REFU", "NREQ", "RHOM")
ACTIV_CODES = ("F1", "P1", "F2", "P2", "F4", "P4", "F5", "P5", "G4", "G5", "G6", "0")
ACCOM_CODES = ("B1", "B2", "C1", "C2", "D1", "D2", "E1", "E2", "G1", "G2", "H1", "H2", "K1", "K2", "R1", "R2", "S2",
               "T1", "T2", "U1", "U2", "V1", "V2", "W1", "W2", "X2", "Y1", "Y2", "Z1", "Z2", "0")


def _any_present(columns) -> pl.Expr:
    return pl.any_horizontal([present(c) for c in columns])


def _any_blank(columns) -> pl.Expr:
    return pl.any_horizontal([blank(c) for c in columns])


def _eq(column: str, value: str) -> pl.Expr:
    """The value is `value` (a blank is not)."""
    return (pl.col(column) == value).fill_null(False)


def _birthday(years: int) -> pl.Expr:
    """The child's birthday at `years` (DOB in the row's table); a 29 February birth falls on 28 February."""
    return uk_date("DOB").dt.offset_by(f"{years}y")


def _more_than_once() -> pl.Expr:
    """The row's child has more than one row in the table."""
    return present("CHILD") & (pl.len().over("CHILD") > 1)


# --- OC2 ------------------------------------------------------------------------------------------------

@ssda903_rule("157", message="Child is aged 4 years or over at the beginning of the year or 16 years or under at the "
              "end of the year and Strengths and Difficulties Questionnaire (SDQ) 1 has been recorded as the reason "
              "for no Strengths and Difficulties Questionnaire (SDQ) score.",
              table="OC2", fields=["SDQ_REASON", "DOB"], needs=["Episodes"],
              says="SDQ1 (no SDQ because the child is under 4 or over 16) is not right for a child of this age: "
                   "record the SDQ score or the true reason it is missing.")
def _157(ret):
    oc2 = with_cla(ret, "OC2")
    return oc2.filter(pl.col("CLA") & (_birthday(4) <= ret.start).fill_null(False)
                      & (_birthday(16) >= ret.end).fill_null(False) & blank("SDQ_SCORE") & _eq("SDQ_REASON", "SDQ1"))


@ssda903_rule("158", message="If a child has been recorded as receiving an intervention for their substance misuse "
              "problem, then the additional item on whether an intervention was offered should be left blank.",
              table="OC2", fields=["INTERVENTION_RECEIVED", "INTERVENTION_OFFERED"],
              says="The child received an intervention for substance misuse: leave 'intervention offered' blank.")
def _158(ret):
    return _eq("INTERVENTION_RECEIVED", "1") & present("INTERVENTION_OFFERED")


@ssda903_rule("159", message="If a child has been recorded as not receiving an intervention for their substance "
              "misuse problem, then the additional item on whether an intervention was offered should be completed "
              "as well.", table="OC2", fields=["SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED"],
              says="The child has a substance misuse problem and received no intervention: record whether one "
                   "was offered.")
def _159(ret):
    return _eq("SUBSTANCE_MISUSE", "1") & _eq("INTERVENTION_RECEIVED", "0") & blank("INTERVENTION_OFFERED")


@ssda903_rule("180", message="Data entry for the strengths and difficulties questionnaire (SDQ) score is invalid.",
              table="OC2", fields=["SDQ_SCORE"],
              says="The SDQ score must be a whole number from 0 to 40.")
def _180(ret):
    score = pl.col("SDQ_SCORE").cast(pl.Float64, strict=False)
    valid = (score == score.round(0)) & (score >= 0) & (score <= 40)
    return present("SDQ_SCORE") & ~valid.fill_null(False)


@ssda903_rule("181", message="Data items relating to children looked after continuously for 12 months should be "
              "completed with a 0 or 1.", table="OC2", fields=list(OC2_12_MONTHS),
              says="The health, conviction and substance misuse items are answered 1 (yes) or 0 (no).")
def _181(ret):
    return pl.any_horizontal([present(c) & ~pl.col(c).is_in(["0", "1"]).fill_null(False) for c in OC2_12_MONTHS])


@ssda903_rule("182", message="Data entries on immunisations, teeth checks, health assessments and substance misuse "
              "problem identified should be completed or all OC2 fields should be left blank.",
              table="OC2", fields=[*OC2_HEALTH, "CONVICTED", "HEALTH_CHECK", "INTERVENTION_RECEIVED",
                                   "INTERVENTION_OFFERED"],
              says="Some of the child's 12-month outcomes are recorded: also record immunisations, teeth check, "
                   "health assessment and substance misuse.")
def _182(ret):
    return _any_blank(OC2_HEALTH) & _any_present(("CONVICTED", "HEALTH_CHECK", "INTERVENTION_RECEIVED",
                                                  "INTERVENTION_OFFERED"))


@ssda903_rule("188", message="Child is aged under 4 years at the end of the year, but a Strengths and Difficulties "
              "(SDQ) score or a reason for no SDQ score has been completed. ", table="OC2",
              fields=["SDQ_SCORE", "SDQ_REASON"],
              says="The child is under 4 at 31 March: leave the SDQ score and the reason for no SDQ blank.")
def _188(ret):
    return (_birthday(4) > ret.end).fill_null(False) & _any_present(("SDQ_SCORE", "SDQ_REASON"))


@ssda903_rule("189", message="Child is aged 17 years or over at the beginning of the year, but an Strengths and "
              "Difficulties (SDQ) score or a reason for no Strengths and Difficulties (SDQ) score has been completed.",
              table="OC2", fields=["DOB", "SDQ_SCORE", "SDQ_REASON"],
              says="The young person was 17 or over on 1 April: leave the SDQ score and the reason for no SDQ "
                   "blank.")
def _189(ret):
    return (_birthday(17) < ret.start).fill_null(False) & _any_present(("SDQ_SCORE", "SDQ_REASON"))


@ssda903_rule("190", message="Child has not been looked after continuously for at least 12 months at 31 March but "
              "one or more data items relating to children looked after for 12 months have been completed.",
              table="OC2", fields=list(OC2_12_MONTHS), needs=["Episodes"],
              says="The child has not been looked after for 12 months without a break at 31 March: leave the "
                   "12-month outcomes blank (or check the episodes).")
def _190(ret):
    return with_cla(ret, "OC2").filter(~pl.col("CLA") & _any_present(OC2_12_MONTHS))


@ssda903_rule("191", message="Child has been looked after continuously for at least 12 months at 31 March but one "
              "or more data items relating to children looked after for 12 months have been left blank.",
              table="OC2", fields=[*OC2_HEALTH, "CHILD"], needs=["Episodes"],
              says="The child has been looked after for 12 months at 31 March: record immunisations, teeth "
                   "check, health assessment and substance misuse.")
def _191(ret):
    cla = looked_after_12_months(ret)
    oc2 = with_cla(ret, "OC2").filter(pl.col("CLA") & _any_blank(OC2_HEALTH))
    # A child looked after for 12 months with no OC2 row: their first episode is flagged.
    first = (ret["Episodes"].with_columns(uk_date("DECOM").alias("_decom")).filter(pl.col("_decom").is_not_null())
             .sort("_decom", "_row").group_by("CHILD", maintain_order=True).first())
    episodes = (first.join(cla, on="CHILD", how="semi")
                .join(ret["OC2"].select("CHILD"), on="CHILD", how="anti"))
    return {"OC2": oc2.select("_row", "CHILD"), "Episodes": episodes.select("_row", "CHILD")}


@ssda903_rule("192", message="Child has been identified as having a substance misuse problem but the additional "
              "item on whether an intervention was received has been left blank.", table="OC2",
              fields=["SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED"],
              says="The child has a substance misuse problem: record whether they received an intervention.")
def _192(ret):
    return _eq("SUBSTANCE_MISUSE", "1") & blank("INTERVENTION_RECEIVED")


@ssda903_rule("193", message="Child not identified as having a substance misuse problem but at least one of the two "
              "additional items on whether an intervention were offered and received have been completed.",
              table="OC2", fields=["SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED"],
              says="No substance misuse problem is recorded: leave the intervention items blank.")
def _193(ret):
    no_misuse = blank("SUBSTANCE_MISUSE") | _eq("SUBSTANCE_MISUSE", "0")
    return no_misuse & _any_present(("INTERVENTION_RECEIVED", "INTERVENTION_OFFERED"))


@ssda903_rule("196", message="Strengths and Difficulties (SDQ) reason is not a valid code.", table="OC2",
              fields=["SDQ_REASON"], says="Record the reason for no SDQ score with one of the codes SDQ1 to SDQ5.")
def _196(ret):
    return present("SDQ_REASON") & ~pl.col("SDQ_REASON").is_in(list(SDQ_REASONS)).fill_null(False)


@ssda903_rule("197B", message="SDQ score or reason for no SDQ should be reported for 4- or 17-year-olds.",
              table="OC2", fields=["SDQ_REASON", "DOB"], needs=["Episodes"],
              says="The child turned 4 or 17 this year: record the SDQ score or the reason there is none.")
def _197b(ret):
    def turns(years):
        return ((_birthday(years) >= ret.start) & (_birthday(years) <= ret.end)).fill_null(False)

    oc2 = with_cla(ret, "OC2")
    return oc2.filter((turns(4) | turns(17)) & pl.col("CLA") & blank("SDQ_SCORE") & blank("SDQ_REASON"))


@ssda903_rule("197a", message="Reason for no Strengths and Difficulties (SDQ) score is not required if Strengths and "
              "Difficulties Questionnaire score is filled in.", table="OC2", fields=["SDQ_SCORE", "SDQ_REASON"],
              says="There is an SDQ score: leave the reason for no SDQ blank.")
def _197a(ret):
    return present("SDQ_SCORE") & present("SDQ_REASON")


@ssda903_rule("542", message="A child aged under 10 at 31 March should not have conviction information completed.",
              table="OC2", fields=["CONVICTED"],
              says="The child is under 10 at 31 March (below the age of criminal responsibility): leave "
                   "'convicted' blank.")
def _542(ret):
    return (_birthday(10) > ret.end).fill_null(False) & present("CONVICTED")


@ssda903_rule("544", message="Any child who has conviction information completed must also have immunisation, teeth "
              "check, health assessment and substance misuse problem identified fields completed.", table="OC2",
              fields=["CONVICTED", *OC2_HEALTH],
              says="The child has a conviction recorded: also record immunisations, teeth check, health "
                   "assessment and substance misuse.")
def _544(ret):
    return _eq("CONVICTED", "1") & _any_blank(OC2_HEALTH)


@ssda903_rule("545", message="Child is aged under 5 at 31 March and has been looked after continuously for 12 months "
              "yet health promotion information has not been completed.", table="OC2",
              fields=["DOB", "HEALTH_CHECK"], needs=["Episodes"],
              says="The child is under 5 and has been looked after for 12 months: record whether their "
                   "development assessments (health check) are up to date.")
def _545(ret):
    oc2 = with_cla(ret, "OC2")
    return oc2.filter((_birthday(5) > ret.end).fill_null(False) & pl.col("CLA") & blank("HEALTH_CHECK"))


@ssda903_rule("547", message="Any child who has health promotion information completed must also have immunisation, "
              "teeth check, health assessment and substance misuse problem identified fields completed.",
              table="OC2", fields=["HEALTH_CHECK", *OC2_HEALTH],
              says="The health check is recorded: also record immunisations, teeth check, health assessment and "
                   "substance misuse.")
def _547(ret):
    return _eq("HEALTH_CHECK", "1") & _any_blank(OC2_HEALTH)


@ssda903_rule("INT33", message="Internal Check: Child should only exist once in OC2.", table="OC2", fields=["CHILD"],
              says="The child has more than one OC2 row: keep one.")
def _int33(ret):
    return _more_than_once()


# --- OC3 ------------------------------------------------------------------------------------------------

@ssda903_rule("131", message="Data entry for being in touch after leaving care is invalid.", table="OC3",
              fields=["IN_TOUCH"],
              says="Record whether you are in touch with the care leaver with one of the codes YES, NO, DIED, "
                   "REFU, NREQ or RHOM.")
def _131(ret):
    return ~pl.col("IN_TOUCH").is_in(list(IN_TOUCH_CODES)).fill_null(False)


@ssda903_rule("132", message="Data entry for activity after leaving care is invalid.", table="OC3", fields=["ACTIV"],
              says="Record the care leaver's activity with one of the activity codes (0 if not known).")
def _132(ret):
    return ~pl.col("ACTIV").is_in(list(ACTIV_CODES)).fill_null(False)


@ssda903_rule("133", message="Data entry for accommodation after leaving care is invalid. If reporting on a childs "
              "accommodation after leaving care the data entry must be valid", table="OC3", fields=["ACCOM"],
              says="Record the care leaver's accommodation with one of the accommodation codes (0 if not known).")
def _133(ret):
    return ~pl.col("ACCOM").is_in(list(ACCOM_CODES)).fill_null(False)


@ssda903_rule("134", message="Data on adoption should not be entered for the OC3 cohort.", table="AD1",
              fields=[*OC3_FIELDS, *AD1_FIELDS], needs=["OC3"],
              says="The young person has care leaver information: they cannot also have adoption details.")
def _134(ret):
    leavers = ret["OC3"].filter(_any_present(OC3_FIELDS)).select("CHILD")
    return ret["AD1"].filter(_any_present(AD1_FIELDS)).join(leavers, on="CHILD", how="semi")


@ssda903_rule("153", message="All data items relating to a child's activity or accommodation after leaving care "
              "must be coded or left blank.", table="OC3", fields=list(OC3_FIELDS),
              says="Complete all three care leaver items (in touch, activity, accommodation) or leave all blank.")
def _153(ret):
    return _any_present(OC3_FIELDS) & _any_blank(OC3_FIELDS)


@ssda903_rule("187", message="Child cannot be looked after continuously for 12 months at 31 March (OC2) and have any "
              "of adoption or care leavers returns completed.", table="OC3", fields=[*AD1_FIELDS, *OC3_FIELDS],
              needs=["AD1", "Episodes"],
              says="The child has been looked after for 12 months at 31 March: they cannot have care leaver or "
                   "adoption details this year.")
def _187(ret):
    oc3 = with_cla(ret, "OC3").filter(pl.col("CLA") & _any_present(OC3_FIELDS))
    ad1 = with_cla(ret, "AD1").filter(pl.col("CLA") & _any_present(AD1_FIELDS))
    return {"AD1": ad1.select("_row", "CHILD"), "OC3": oc3.select("_row", "CHILD")}


@ssda903_rule("215", message="Child has care leaver information but one or more data items relating to children "
              "looked after for 12 months have been completed.", table="OC3",
              fields=[*OC3_FIELDS, *OC2_12_MONTHS], needs=["OC2"],
              says="The young person has care leaver information: leave the 12-month outcomes (OC2) blank.")
def _215(ret):
    oc3 = ret["OC3"].filter(present("CHILD") & _any_present(OC3_FIELDS)).select("_row", "CHILD")
    oc2 = ret["OC2"].filter(present("CHILD") & _any_present(OC2_12_MONTHS)).select("_row", "CHILD")
    both = oc3.join(oc2, on="CHILD", suffix="_2")
    return {"OC3": both.select("_row", "CHILD"), "OC2": both.select(pl.col("_row_2").alias("_row"), "CHILD")}


@ssda903_rule("344", message="The record shows the young person has died or returned home to live with parent(s) or "
              "someone with parental responsibility for a continuous period of 6 months or more, but activity "
              "and/or accommodation on leaving care have been completed.", table="OC3",
              fields=list(OC3_FIELDS),
              says="The young person has died or returned home: record activity and accommodation as 0.")
def _344(ret):
    return pl.col("IN_TOUCH").is_in(["DIED", "RHOM"]).fill_null(False) & ~(_eq("ACTIV", "0") & _eq("ACCOM", "0"))


@ssda903_rule("345", message="The data collection record shows the local authority is in touch with this young "
              "person, but activity and/or accommodation data items are zero.", table="OC3", fields=list(OC3_FIELDS),
              says="You are in touch with the young person: record their activity and accommodation, not 0.")
def _345(ret):
    return _eq("IN_TOUCH", "YES") & (_eq("ACTIV", "0") | _eq("ACCOM", "0"))


@ssda903_rule("347", message="Care leavers aged under 18 years, can not be accommodated in a Foyer.", table="OC3",
              fields=["ACCOM", "DOB"],
              says="The young person was under 18 on 1 April: a foyer (accommodation T1 or T2) is not allowed; "
                   "check the accommodation.")
def _347(ret):
    # The foyer codes are T1 and T2 (T and whether it is suitable); the sector's validator looks for "T" alone.
    return pl.col("ACCOM").str.starts_with("T").fill_null(False) & (age_on(uk_date("DOB"), ret.start) < 18
                                                                     ).fill_null(False)


@ssda903_rule("348", message="Care leaver has previously been reported as having died. ", table="OC3",
              fields=["IN_TOUCH"], years=(2025, None), needs=["OC3_last"],
              says="Last year's return says the young person died: check 'in touch' this year.")
def _348(ret):
    died = ret["OC3_last"].filter(_eq("IN_TOUCH", "DIED")).select("CHILD").unique()
    return ret["OC3"].join(died, on="CHILD", how="semi").filter(~_eq("IN_TOUCH", "DIED"))


@ssda903_rule("391", message="Young person was not 17, 18, 19, 20 or 21 during the current collection year. ",
              table="OC3", fields=["DOB", *OC3_FIELDS],
              says="The young person is not 17 to 21 this year: care leaver information is not collected for "
                   "them; check the date of birth.")
def _391(ret):
    return (_birthday(17) > ret.end).fill_null(False) & _any_present(OC3_FIELDS)


@ssda903_rule("INT34", message="Internal Check: Child should only exist once in OC3.", table="OC3", fields=["CHILD"],
              says="The young person has more than one OC3 row: keep one.")
def _int34(ret):
    return _more_than_once()

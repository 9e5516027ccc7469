"""Breaks for the SSDA903 cross-table rules (returns/rules/ssda903/integrity.py). The base child is a boy born
07/01/2015, in care all year in two episodes (from 10/12/2024, the second open), with reviews and OC2.

359 (still looked after at 18 other than under V2 in K2) is left out: the sector's tool runs rule 365 first,
which writes 31 March into every blank DEC of the data all later rules share, so its 359 never fires on a
whole return (test_integrity.py covers it)."""

from .breaks_uasc import uasc
from .broken import break_903


def _child(t):
    return t["Header"][0]["CHILD"]


def _add(t, table, **values):
    t[table].append({"CHILD": _child(t), "DOB": t["Header"][0]["DOB"], **values})


# --- a child in a table is not in the header ---------------------------------------------------------------

@break_903("INT01")
def _int01(t):
    _add(t, "AD1", DATE_INT="01/06/2025", DATE_MATCH="01/07/2025", FOSTER_CARE="0", NB_ADOPTR="1", SEX_ADOPTR="F",
         LS_ADOPTR="L0")
    t["Header"].clear()


@break_903("INT02")
def _int02(t):
    _add(t, "PlacedAdoption", DATE_PLACED="01/06/2025")
    t["Header"].clear()


@break_903("INT03")
def _int03(t):
    t["Header"].clear()


@break_903("INT04")
def _int04(t):
    _add(t, "Missing", MISSING="M", MIS_START="01/06/2025", MIS_END="02/06/2025")
    t["Header"].clear()


@break_903("INT05")
def _int05(t):
    t["Header"].clear()
    t["Episodes"].clear()


@break_903("INT06")
def _int06(t):
    _add(t, "OC3", IN_TOUCH="YES", ACTIV="F2", ACCOM="S")
    t["Header"].clear()


@break_903("INT07")
def _int07(t):
    _add(t, "PrevPerm", PREV_PERM="Z1")
    t["Header"].clear()


@break_903("INT08")
def _int08(t):
    t["Header"].clear()
    t["OC2"].clear()


@break_903("INT09")
def _int09(t):
    uasc(t)
    t["Header"].clear()


# --- a date of birth or sex that differs from the header's ------------------------------------------------

@break_903("INT11")
def _int11(t):
    _add(t, "AD1", DATE_INT="01/06/2025", DATE_MATCH="01/07/2025", FOSTER_CARE="0", NB_ADOPTR="1", SEX_ADOPTR="F",
         LS_ADOPTR="L0")
    t["AD1"][-1]["DOB"] = "08/01/2015"


@break_903("INT12")
def _int12(t):
    _add(t, "PlacedAdoption", DATE_PLACED="01/06/2025")
    t["PlacedAdoption"][-1]["DOB"] = "08/01/2015"


@break_903("INT13")
def _int13(t):
    _add(t, "Missing", MISSING="M", MIS_START="01/06/2025", MIS_END="02/06/2025")
    t["Missing"][-1]["DOB"] = "08/01/2015"


@break_903("INT14")
def _int14(t):
    t["OC2"][0]["DOB"] = "08/01/2015"


@break_903("INT15")
def _int15(t):
    _add(t, "OC3", IN_TOUCH="YES", ACTIV="F2", ACCOM="S")
    t["OC3"][-1]["DOB"] = "08/01/2015"


@break_903("INT16")
def _int16(t):
    _add(t, "PrevPerm", PREV_PERM="Z1")
    t["PrevPerm"][-1]["DOB"] = "08/01/2015"


@break_903("INT17")
def _int17(t):
    t["Reviews"][0]["DOB"] = "08/01/2015"


@break_903("INT18")
def _int18(t):
    uasc(t)
    t["UASC"][-1]["DOB"] = "08/01/2009"


@break_903("INT21")
def _int21(t):
    uasc(t, SEX="F")


# --- a child twice in a table ------------------------------------------------------------------------------

@break_903("INT32")
def _int32(t):
    t["Header"].append(dict(t["Header"][0]))


@break_903("INT35")
def _int35(t):
    _add(t, "PrevPerm", PREV_PERM="Z1")
    _add(t, "PrevPerm", PREV_PERM="Z1")


@break_903("INT36")
def _int36(t):
    uasc(t)
    t["UASC"].append(dict(t["UASC"][0]))


@break_903("EPI")
def _epi(t):
    t["Episodes"].clear()


# --- the child's date of birth and sex against episodes, placements and care leaver records ----------------

@break_903("184")
def _184(t):
    _add(t, "PlacedAdoption", DATE_PLACED="01/01/2014")


@break_903("210")
def _210(t):
    t["Header"][0]["UPN"] = "UN4"
    t["Episodes"][0]["DEC"] = "25/03/2026"
    t["Episodes"][1]["DECOM"] = "25/03/2026"


@break_903("302")
def _302(t):
    t["Header"][0]["DOB"] = "01/01/2025"


@break_903("352")
def _352(t):
    t["Header"][0]["DOB"] = "01/01/2006"
    t["Episodes"][-1].update(DEC="01/02/2026", REC="E8")  # not open at 18 (359, see above)


@break_903("358")
def _358(t):
    t["Episodes"][0]["LS"] = "J1"


@break_903("386")
def _386(t):
    t["Header"][0]["DOB"] = "01/01/2007"
    t["Episodes"][:] = [t["Episodes"][0]]
    t["Episodes"][0]["REC"] = "E11"


@break_903("387")
def _387(t):
    t["Episodes"][0]["REC"] = "E5"


@break_903("393")
def _393(t):
    t["Header"][0]["SEX"] = "F"


@break_903("460")
def _460(t):
    t["Episodes"][0]["REC"] = "E17"


@break_903("3001")
def _3001(t):
    t["Header"][0]["DOB"] = "01/06/2008"
    _add(t, "OC3", IN_TOUCH="YES", ACTIV="F2", ACCOM="Z1")

"""Breaks for the SSDA903 legal status, placement and adoption rules (returns/rules/ssda903/legal_status.py).
The base child has two episodes: 10/12/2024 to 11/09/2025 (S, C1, U6, PR4, X1) and 11/09/2025 open (L, C2)."""

from .broken import BASE_903, break_903


def _add(t, table, **values):
    t[table].append({"CHILD": BASE_903, "DOB": "07/01/2015", **values})


def _adopted(t, rec="E11"):
    t["Episodes"][1].update(DEC="01/01/2026", REC=rec)


@break_903("407")
def _407(t):
    t["Header"][0]["DOB"] = "01/01/2007"
    t["Episodes"][1].update(DEC="01/03/2026", REC="E45", PLACE="U1")


@break_903("408")
def _408(t):
    t["Episodes"][1]["PLACE"] = "A5"


@break_903("426")
def _426(t):
    t["Episodes"][0]["LS"] = "V3"
    t["Episodes"][1]["LS"] = "V4"


@break_903("442")
def _442(t):
    t["Header"][0]["UPN"] = ""


@break_903("446")
def _446(t):
    t["Episodes"][0].update(LS="E1", DECOM="01/01/2005")


@break_903("516")
def _516(t):
    t["Episodes"][1].update(DEC="01/01/2026", REC="E45", PLACE="R1")


@break_903("526")
def _526(t):
    t["Episodes"][0]["PLACE_PROVIDER"] = ""


for _code, _place, _provider in (("527", "P1", "PR1"), ("528", "R2", "PR2"), ("529", "K1", "PR3"),
                                 ("530", "P1", "PR4"), ("531", "P1", "PR5"), ("550", "U6", "PR0")):
    def _provider_break(t, place=_place, provider=_provider):
        t["Episodes"][0].update(PLACE=place, PLACE_PROVIDER=provider)
    break_903(_code)(_provider_break)


@break_903("1009")
def _1009(t):
    t["Episodes"][1]["REASON_PLACE_CHANGE"] = "XXXX"


@break_903("521")
def _521(t):
    t["Episodes"][1]["PLACE"] = "A3"
    _add(t, "AD1", DATE_INT="01/10/2025")


@break_903("551")
def _551(t):
    t["Episodes"][1]["PLACE"] = "A3"


@break_903("552")
def _552(t):
    t["Episodes"][1]["PLACE"] = "A4"
    _add(t, "PlacedAdoption", DATE_PLACED="01/10/2025")


@break_903("553")
def _553(t):
    t["Episodes"][1]["LS"] = "E1"


@break_903("554")
def _554(t):
    t["Episodes"][1]["LS"] = "E1"
    _add(t, "PlacedAdoption", DATE_PLACED="01/10/2025")


@break_903("557")
def _557(t):
    t["Episodes"][1].update(LS="E1", DEC="01/01/2026", REC="E13")


@break_903("558")
def _558(t):
    _adopted(t)
    _add(t, "PlacedAdoption", DATE_PLACED="01/10/2025", DATE_PLACED_CEASED="01/11/2025", REASON_PLACED_CEASED="RD1")
    _add(t, "PlacedAdoption", DATE_PLACED="01/11/2025", DATE_PLACED_CEASED="01/12/2025", REASON_PLACED_CEASED="RD1")


@break_903("582")
def _582(t):
    _adopted(t)
    _add(t, "AD1", DATE_INT="01/06/2025", DATE_MATCH="01/01/2026", FOSTER_CARE="0", NB_ADOPTR="2", SEX_ADOPTR="MF",
         LS_ADOPTR="L0")


@break_903("601")
def _601(t):
    _adopted(t, "E12")
    _add(t, "AD1", DATE_INT="01/06/2025")


@break_903("602")
def _602(t):
    _add(t, "AD1", DATE_INT="01/06/2025")


@break_903("1003")
def _1003(t):
    _add(t, "PlacedAdoption", DATE_PLACED="01/01/2024")


@break_903("630")
def _630(t):
    t["Episodes"][0]["DECOM"] = "01/05/2025"


@break_903("632")
def _632(t):
    _add(t, "PrevPerm", PREV_PERM="P1", LA_PERM="E10000020", DATE_PERM="XX/13/2020")


@break_903("634")
def _634(t):
    t["Episodes"][0]["DEC"] = "01/03/2025"
    t["Episodes"][1]["DECOM"] = "01/03/2025"
    _add(t, "PrevPerm", PREV_PERM="Z1")


@break_903("607")
def _607(t):
    t["Header"][0].update(SEX="F", MOTHER="")
    t["Episodes"][1].update(DEC="01/01/2026", REC="E13")


@break_903("625")
def _625(t):
    t["Header"][0]["MC_DOB"] = "01/01/2027"
    t["Episodes"][1].update(DEC="01/01/2026", REC="E13")  # closed: see care_periods' 575

"""Breaks for the SSDA903 episode rules (returns/rules/ssda903/episodes.py). The base child has two episodes:
the first closed (X1) on 11/09/2025, the second open; born 07/01/2015, with an SDQ score and three reviews."""

from .broken import break_903


def _ep(t, i):
    return t["Episodes"][i]


def _end(t, rec="E8", dec="01/03/2026"):
    """The child leaves care on `dec` for reason `rec`."""
    _ep(t, 1).update(DEC=dec, REC=rec)


@break_903("117")
def _117(t):
    t["PlacedAdoption"].append({"CHILD": "C0000023", "DOB": "07/01/2015", "DATE_PLACED": "01/05/2026"})


@break_903("118")
def _118(t):
    t["PlacedAdoption"].append({"CHILD": "C0000023", "DOB": "07/01/2015", "DATE_PLACED": "01/12/2024",
                                "DATE_PLACED_CEASED": "01/01/2025", "REASON_PLACED_CEASED": "E"})


@break_903("141")
def _141(t):
    _ep(t, 1)["DECOM"] = "31/02/2025"


@break_903("142")
def _142(t):
    _ep(t, 0)["DEC"] = ""


@break_903("143")
def _143(t):
    _ep(t, 0)["RNE"] = "Q"


@break_903("144")
def _144(t):
    _ep(t, 0)["LS"] = "Q1"


@break_903("145")
def _145(t):
    _ep(t, 0)["CIN"] = "N9"


@break_903("147")
def _147(t):
    _ep(t, 0)["DEC"] = "31/02/2025"


@break_903("148")
def _148(t):
    _ep(t, 1)["REC"] = "E8"


@break_903("149")
def _149(t):
    _ep(t, 0)["REC"] = "E99"


@break_903("185")
def _185(t):
    _end(t)


@break_903("186")
def _186(t):
    t["OC2"][0].update(SDQ_SCORE="", SDQ_REASON="")


@break_903("198")
def _198(t):
    _end(t)
    t["OC2"][0].update(SDQ_SCORE="", SDQ_REASON="SDQ1")


@break_903("199")
def _199(t):
    _ep(t, 0)["REC"] = "E11"


@break_903("334")
def _334(t):
    t["AD1"].append({"CHILD": "C0000023", "DOB": "07/01/2015", "DATE_INT": "01/01/2024"})


@break_903("335")
def _335(t):
    _end(t, "E11")
    _ep(t, 1)["PLACE"] = "A5"
    t["AD1"].append({"CHILD": "C0000023", "DOB": "07/01/2015", "DATE_INT": "01/01/2025", "FOSTER_CARE": "0"})


@break_903("353")
def _353(t):
    _ep(t, 0)["DECOM"] = "01/01/1990"


@break_903("354")
def _354(t):
    _ep(t, 1)["DECOM"] = "01/05/2026"


@break_903("355")
def _355(t):
    _ep(t, 0)["DEC"] = "10/12/2024"


@break_903("356")
def _356(t):
    _ep(t, 0)["DEC"] = "01/12/2024"


@break_903("357")
def _357(t):
    _ep(t, 0).update(DECOM="10/04/2025", RNE="L")


@break_903("361")
def _361(t):
    _ep(t, 1)["LS"] = "L1"


@break_903("362")
def _362(t):
    _ep(t, 1)["LS"] = "L2"


@break_903("363")
def _363(t):
    _ep(t, 1)["LS"] = "L3"


@break_903("364")
def _364(t):
    _ep(t, 1)["LS"] = "J2"


@break_903("365")
def _365(t):
    _ep(t, 1)["LS"] = "V3"


@break_903("366")
def _366(t):
    _ep(t, 1).update(LS="V3", DEC="20/09/2025", REC="E8")


@break_903("367")
def _367(t):
    _ep(t, 1).update(LS="V3", RNE="S")


@break_903("385")
def _385(t):
    _end(t, dec="01/05/2026")


@break_903("388")
def _388(t):
    _end(t, rec="X1")


@break_903("389")
def _389(t):
    _end(t, rec="E7")


@break_903("390")
def _390(t):
    _end(t, rec="E11")


@break_903("399")
def _399(t):
    for ep in t["Episodes"]:
        ep["LS"] = "V3"

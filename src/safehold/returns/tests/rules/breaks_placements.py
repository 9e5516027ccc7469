"""Breaks for the SSDA903 placement rules (returns/rules/ssda903/placements.py). The base child has two episodes
in U6 with provider PR4 and a URN: the first closed (X1) on 11/09/2025, the second open; born 07/01/2015.
233 has no break: the sector's validator crashes on it (it reads a column DATE_EPISODE_CEASED that no table
has), so it is covered by a unit test."""

import copy

from .broken import break_903


def _ep(t, i):
    return t["Episodes"][i]


@break_903("146")
def _146(t):
    _ep(t, 1)["PLACE"] = "ZZ"


@break_903("178")
def _178(t):
    _ep(t, 0)["PLACE_PROVIDER"] = "PR9"


@break_903("213")
def _213(t):
    _ep(t, 0)["PLACE"] = "T0"


@break_903("214")
def _214(t):
    _ep(t, 1)["LS"] = "V3"


@break_903("217")
def _217(t):
    _ep(t, 1)["PLACE"] = "A3"


@break_903("222")
def _222(t):
    _ep(t, 1)["PLACE"] = "R1"


@break_903("225")
def _225(t):
    _ep(t, 1)["RNE"] = "P"


@break_903("226")
def _226(t):
    _ep(t, 0)["REASON_PLACE_CHANGE"] = "CARPL"
    _ep(t, 1)["PLACE"] = "T2"


@break_903("234")
def _234(t):
    _ep(t, 0)["REASON_PLACE_CHANGE"] = "CUSTOD"


@break_903("242")
def _242(t):
    _ep(t, 1).update(PLACE="K2", URN="XXXXXXX")


@break_903("336")
def _336(t):
    _ep(t, 0)["PLACE"] = "K2"
    _ep(t, 1)["PLACE"] = "A4"


@break_903("371")
def _371(t):
    _ep(t, 0)["PLACE"] = "K3"


@break_903("372")
def _372(t):
    _ep(t, 0)["PLACE"] = "R5"


@break_903("373")
def _373(t):
    t["Header"][0]["DOB"] = "07/01/2022"
    _ep(t, 1)["DECOM"] = "11/09/2025"
    _ep(t, 0).update(PLACE="S1", DECOM="10/12/2024")


@break_903("374")
def _374(t):
    _ep(t, 0)["PLACE"] = "P3"


@break_903("375")
def _375(t):
    _ep(t, 0)["PLACE"] = "T1"


@break_903("376")
def _376(t):
    _ep(t, 0)["PLACE"] = "T3"


@break_903("377")
def _377(t):
    for _i, (start, end) in enumerate([("01/01/2025", "05/01/2025"), ("01/02/2025", "05/02/2025"),
                                      ("01/03/2025", "05/03/2025")]):
        ep = copy.deepcopy(_ep(t, 0))
        ep.update(DECOM=start, DEC=end, RNE="P", PLACE="T3", PLACE_PROVIDER="", URN="")
        t["Episodes"].append(ep)


@break_903("378")
def _378(t):
    _ep(t, 1).update(PLACE="P1", LS="V2")


@break_903("379")
def _379(t):
    _ep(t, 0)["PLACE"] = "T4"


@break_903("380")
def _380(t):
    _ep(t, 0)["PLACE"] = "T0"


@break_903("381")
def _381(t):
    _ep(t, 1).update(PLACE="T0", DEC="01/03/2026", REC="E8")


@break_903("382")
def _382(t):
    _ep(t, 1).update(LS="V3", PLACE="T0")


@break_903("383")
def _383(t):
    _ep(t, 1).update(PLACE="T2", DEC="01/10/2025", REC="X1")
    ep = copy.deepcopy(_ep(t, 1))
    ep.update(DECOM="01/10/2025", DEC="", REC="", RNE="L", PLACE="U6")
    t["Episodes"].append(ep)


@break_903("384")
def _384(t):
    _ep(t, 1).update(LS="V3", PLACE="U1")


@break_903("392b")
def _392b(t):
    _ep(t, 1)["HOME_POST"] = ""


@break_903("392d")
def _392d(t):
    _ep(t, 1)["PL_POST"] = "NR7 8GP"


@break_903("398")
def _398(t):
    _ep(t, 1)["LS"] = "V4"

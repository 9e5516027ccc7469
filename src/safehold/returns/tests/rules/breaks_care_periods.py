"""Breaks for the SSDA903 rules on the run of episodes, missing periods, OC2 and care leavers
(returns/rules/ssda903/care_periods.py). The base child (born 07/01/2015) has two episodes: 10/12/2024 to
11/09/2025 (S, C1, U6, PR4, X1) and 11/09/2025 open (L, C2)."""

from .broken import BASE_903, break_903


def _add(t, table, **values):
    t[table].append({"CHILD": BASE_903, "DOB": "07/01/2015", **values})


def _leaver(t, dob="01/06/2008"):
    t["Header"][0]["DOB"] = dob
    _add(t, "OC3", DOB=dob, IN_TOUCH="YES", ACTIV="F2", ACCOM="S2")


def _left(t, rec="E13"):
    t["Episodes"][1].update(DEC="01/01/2026", REC=rec)


@break_903("431")
def _431(t):
    t["Episodes"][1]["RNE"] = "S"


@break_903("432")
def _432(t):
    t["Episodes"][0]["REC"] = "E13"


@break_903("433")
def _433(t):
    t["Episodes"][1]["DECOM"] = "12/09/2025"


@break_903("434")
def _434(t):
    t["Episodes"][1]["LS"] = "C1"


@break_903("435")
def _435(t):
    t["Episodes"][1]["RNE"] = "P"


@break_903("436")
def _436(t):
    t["Episodes"][1]["RNE"] = "B"


@break_903("437")
def _437(t):
    t["Episodes"][0]["REC"] = "E15"


@break_903("501")
def _501(t):
    t["Episodes"][1]["DECOM"] = "01/09/2025"


@break_903("504")
def _504(t):
    t["Episodes"][1]["CIN"] = "N2"


@break_903("575")
def _575(t):
    _left(t)  # closed, so the sector's reading of an open episode (rule 365 fills its end) does not differ
    _add(t, "Missing", MISSING="M", MIS_START="01/01/2025", MIS_END="")


@break_903("577")
def _577(t):
    _left(t)
    _add(t, "Missing", MISSING="M", MIS_START="01/12/2025", MIS_END="")


@break_903("578")
def _578(t):
    _add(t, "Missing", MISSING="M", MIS_START="01/01/2024", MIS_END="02/01/2024")


@break_903("580")
def _580(t):
    t["Header"][0]["DOB"] = "01/01/2008"
    _left(t, "E13")
    _add(t, "Missing", DOB="01/01/2008", MISSING="M", MIS_START="20/12/2025", MIS_END="01/01/2026")


@break_903("581")
def _581(t):
    _add(t, "Missing", MISSING="A", MIS_START="01/01/2020", MIS_END="02/01/2020")


@break_903("543")
def _543(t):
    t["OC2"][0]["CONVICTED"] = ""


@break_903("546")
def _546(t):
    t["OC2"][0]["HEALTH_CHECK"] = "1"


@break_903("628")
def _628(t):
    t["Episodes"].clear()
    t["Header"][0]["MOTHER"] = "0"
    _add(t, "OC3", IN_TOUCH="YES", ACTIV="F2", ACCOM="S2")


@break_903("1000")
def _1000(t):
    _left(t, "E2")
    _add(t, "OC3", IN_TOUCH="DIED", ACTIV="", ACCOM="")


@break_903("1007")
def _1007(t):
    _leaver(t)  # 17 on 01/06/2025, in the episode to 11/09/2025


@break_903("1011")
def _1011(t):
    _left(t, "E3")
    _add(t, "OC3", IN_TOUCH="YES", ACTIV="F2", ACCOM="S2")


@break_903("1016")
def _1016(t):
    _leaver(t)
    _left(t)


@break_903("1014")
def _1014(t):
    del t["Episodes"][1]
    t["Episodes"][0].update(DECOM="01/01/2023", DEC="01/02/2023", REC="E13")
    _add(t, "UASC", SEX="M", DUC="01/01/2033")
    _add(t, "OC3", IN_TOUCH="YES", ACTIV="F2", ACCOM="S2")


@break_903("1012")
def _1012(t):
    t["Episodes"].clear()

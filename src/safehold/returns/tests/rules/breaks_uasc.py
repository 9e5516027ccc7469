"""Breaks for the SSDA903 UASC rules (returns/rules/ssda903/uasc.py). A UASC child is made 17 (born 07/01/2009),
so that 231 (a UASC child under 11), which the sector's tool cannot run on a CSV return, does not fire. 205D needs
last year's return: test_uasc.py covers it."""

from .broken import break_903

DOB = "07/01/2009"


def uasc(t, **values):
    t["Header"][0]["DOB"] = DOB
    for table in ("Reviews", "OC2"):
        for r in t[table]:
            r["DOB"] = DOB
    t["UASC"].append({"CHILD": t["Header"][0]["CHILD"], "SEX": t["Header"][0]["SEX"], "DOB": DOB, "DUC": "",
                      **values})


@break_903("104")
def _104(t):
    uasc(t, DUC="01/01/2020")


@break_903("304")
def _304(t):
    uasc(t, DUC="08/01/2027")

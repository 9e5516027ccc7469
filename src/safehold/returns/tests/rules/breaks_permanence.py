"""Breaks for the SSDA903 previous permanence rules (returns/rules/ssda903/permanence.py)."""

from .broken import break_903


def _perm(t, **values):
    t["PrevPerm"].append({"CHILD": t["Header"][0]["CHILD"], "DOB": t["Header"][0]["DOB"], "PREV_PERM": "",
                          "LA_PERM": "", "DATE_PERM": "", **values})


@break_903("631")
def _631(t):
    _perm(t, PREV_PERM="P9")


@break_903("633")
def _633(t):
    _perm(t, PREV_PERM="P1", LA_PERM="123", DATE_PERM="01/01/2020")


@break_903("635")
def _635(t):
    _perm(t, LA_PERM="886", DATE_PERM="01/01/2020")

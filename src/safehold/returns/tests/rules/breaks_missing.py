"""Breaks for the SSDA903 missing rules (returns/rules/ssda903/missing.py): each adds Missing rows for the base
child (who has none).

576 (last year's open period) has no break: it needs last year's Missing table, which the broken county file
does not have; test_missing.py checks it."""

from .broken import BASE_903, break_903


def _missing(t, **values):
    row = {"CHILD": BASE_903, "DOB": "07/01/2015", "MISSING": "M", "MIS_START": "01/05/2025",
           "MIS_END": "02/05/2025", **values}
    t["Missing"].append(row)


@break_903("564")
def _564(t):
    _missing(t, MIS_START="")


@break_903("565")
def _565(t):
    _missing(t, MISSING="", MIS_END="")


@break_903("566")
def _566(t):
    _missing(t, MISSING="")


@break_903("567")
def _567(t):
    _missing(t, MIS_START="05/05/2025")


@break_903("570")
def _570(t):
    _missing(t, MIS_START="01/04/2026", MIS_END="")


@break_903("571")
def _571(t):
    _missing(t, MIS_END="01/04/2026")


@break_903("574")
def _574(t):
    _missing(t, MIS_END="10/05/2025")
    _missing(t, MIS_START="05/05/2025", MIS_END="12/05/2025")


@break_903("586")
def _586(t):
    _missing(t, MIS_START="01/01/2015", MIS_END="")


@break_903("1004")
def _1004(t):
    _missing(t, MIS_START="01/13/2025")


@break_903("1005")
def _1005(t):
    _missing(t, MIS_END="tomorrow")


@break_903("1006")
def _1006(t):
    _missing(t, MISSING="X")

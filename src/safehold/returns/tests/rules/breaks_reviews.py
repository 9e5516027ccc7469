"""Breaks for the SSDA903 review rules (returns/rules/ssda903/reviews.py). The base child is 10 at each review."""

from .broken import break_903


@break_903("166")
def _166(t):
    t["Reviews"][0]["REVIEW"] = "31/02/2025"


@break_903("167")
def _167(t):
    t["Reviews"][0]["REVIEW_CODE"] = "PN9"


@break_903("440")
def _440(t):
    t["Reviews"][0]["REVIEW_CODE"] = "PN0"


@break_903("441")
def _441(t):
    t["Header"][0]["DOB"] = "01/01/2022"
    for r in t["Reviews"] + t["OC2"]:
        r["DOB"] = "01/01/2022"

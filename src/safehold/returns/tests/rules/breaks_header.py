"""Breaks for the SSDA903 header rules (returns/rules/ssda903/header.py)."""

from .broken import break_903


@break_903("103")
def _103(t):
    t["Header"][0]["ETHNIC"] = "XXXX"

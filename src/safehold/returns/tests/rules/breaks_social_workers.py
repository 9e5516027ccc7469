"""Breaks for the SSDA903 social worker episode rules (returns/rules/ssda903/social_workers.py). The base child
has one social worker episode, open, from 10/12/2024 (FCONTA). The broken file is 2025-26, so the 2024-25-only
rules (SW01aSTG1, SW01bSTG1, and the 2024-25 forms of SW02, SW04, SW05, SW09) are covered by unit tests."""

from .broken import break_903


def _sw(t, **changes):
    t["SWEpisodes"][0].update(changes)


def _then(t, **row):
    """Add a later social worker episode after the first."""
    t["SWEpisodes"].append({**t["SWEpisodes"][0], "SW_DEC": "", **row})


@break_903("SW02STG1")
def _sw02(t):
    _sw(t, SW_ID="AB123")


@break_903("SW04STG1")
def _sw04(t):
    _sw(t, SW_DECOM="10/13/2024")


@break_903("SW05STG1")
def _sw05(t):
    _sw(t, SW_DEC="32/01/2025")


@break_903("SW06STG2")
def _sw06(t):
    _sw(t, SW_DECOM="01/04/2026")


@break_903("SW07STG2")
def _sw07(t):
    _sw(t, SW_DEC="01/04/2026")


@break_903("SW08STG2")
def _sw08(t):
    _then(t, SW_ID="SW200001", SW_DECOM="01/06/2025", SW_REASON="MANAGE")


@break_903("SW09STG2")
def _sw09(t):
    _sw(t, SW_DEC="11/12/2024")


@break_903("SW10STG2")
def _sw10(t):
    _sw(t, SW_DEC="01/05/2025")
    _then(t, SW_ID="SW200001", SW_DECOM="01/07/2025", SW_REASON="MANAGE")


@break_903("SW10aSTG2")
def _sw10a(t):
    _sw(t, SW_DEC="01/05/2025")
    _then(t, SW_ID="SW200001", SW_DECOM="20/05/2025", SW_REASON="LEFTRL")


@break_903("SW10bSTG2")
def _sw10b(t):
    _sw(t, SW_DEC="01/05/2025")
    _then(t, SW_ID="SW200001", SW_DECOM="20/04/2025", SW_REASON="FCONTA")


@break_903("SW11bSTG2")
def _sw11b(t):
    _sw(t, SW_DEC="28/03/2026")


@break_903("SW12STG2")
def _sw12(t):
    t["SWEpisodes"].clear()


@break_903("SW13STG1")
def _sw13(t):
    _sw(t, SW_REASON="LAZY")


@break_903("SW17STG2")
def _sw17(t):
    _sw(t, SW_DEC="01/03/2026")


@break_903("SW18STG2")
def _sw18(t):
    _sw(t, SW_DEC="01/12/2024")


@break_903("SW19STG2")
def _sw19(t):
    _sw(t, SW_DEC="01/05/2025")
    _then(t, SW_ID="SW200001", SW_REASON="MANAGE")

"""Breaks for the SSDA903 header rules (returns/rules/ssda903/header.py). The base child is a boy born
07/01/2015, in care all year. The rules comparing with last year's header (202, 203, 204, 208, 624, 626) need a
previous year's file, which the broken file does not have: test_header.py covers them."""

from .broken import break_903


def _h(t, **values):
    t["Header"][0].update(values)


@break_903("101")
def _101(t):
    _h(t, SEX="X")


@break_903("102")
def _102(t):
    _h(t, DOB="31/02/2015")


@break_903("103")
def _103(t):
    _h(t, ETHNIC="XXXX")


@break_903("168")
def _168(t):
    _h(t, UPN="I886000000099")


@break_903("171")
def _171(t):
    _h(t, MC_DOB="32/01/2024")


@break_903("174")
def _174(t):
    _h(t, MC_DOB="01/01/2024")


@break_903("209")
def _209(t):
    _h(t, UPN="UN1")


@break_903("232")
def _232(t):
    _h(t, SEX="U")


@break_903("301")
def _301(t):
    _h(t, DOB="01/04/2026")


@break_903("351")
def _351(t):
    # Over 25: the open episode stays open, and 359 (open at 18) differs from the sector's tool (see integrity).
    _h(t, DOB="01/01/1999")
    t["Episodes"][-1].update(DEC="01/02/2026", REC="E8")


@break_903("444")
def _444(t):
    _h(t, UPN="T886000000155")  # another child's UPN in the county file


@break_903("611")
def _611(t):
    _h(t, SEX="F", MOTHER="1", MC_DOB="")


@break_903("612")
def _612(t):
    _h(t, SEX="F", MOTHER="0", MC_DOB="01/01/2024")


@break_903("620")
def _620(t):
    _h(t, SEX="F", MOTHER="1", MC_DOB="01/01/2025")


@break_903("621")
def _621(t):
    _h(t, SEX="F", MOTHER="1", MC_DOB="01/01/2014")

# 231 (a UASC child under 11) is left out: the sector's tool reads a UASC_STATUS column the CSV return has not
# got and crashes; test_header.py covers it.

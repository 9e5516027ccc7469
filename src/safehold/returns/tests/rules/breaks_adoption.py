"""Breaks for the SSDA903 adoption rules (returns/rules/ssda903/adoption.py): each adds AD1 and/or
PlacedAdoption rows for the base child (who has none).

559, 560, 561 and 584 (against last year's decisions) have no break: they need last year's PlacedAdoption,
which the broken county file does not have; test_adoption.py checks them."""

from .broken import BASE_903, break_903


def _ad1(t, **values):
    row = {"CHILD": BASE_903, "DOB": "07/01/2015", "DATE_INT": "01/05/2025", "DATE_MATCH": "01/06/2025",
           "FOSTER_CARE": "0", "NB_ADOPTR": "1", "SEX_ADOPTR": "F1", "LS_ADOPTR": "L0", **values}
    t["AD1"].append(row)


def _placed(t, **values):
    row = {"CHILD": BASE_903, "DOB": "07/01/2015", "DATE_PLACED": "01/05/2025", "DATE_PLACED_CEASED": "",
           "REASON_PLACED_CEASED": "", **values}
    t["PlacedAdoption"].append(row)


# --- AD1 ---

@break_903("112")
def _112(t):
    _ad1(t, DATE_INT="32/01/2025")


@break_903("113")
def _113(t):
    _ad1(t, DATE_MATCH="01-06-2025")


@break_903("114")
def _114(t):
    _ad1(t, FOSTER_CARE="5")


@break_903("151")
def _151(t):
    _ad1(t, LS_ADOPTR="")


@break_903("175")
def _175(t):
    _ad1(t, NB_ADOPTR="3")


@break_903("176")
def _176(t):
    _ad1(t, SEX_ADOPTR="XY")


@break_903("177")
def _177(t):
    _ad1(t, LS_ADOPTR="L9")


@break_903("331")
def _331(t):
    # Placed for adoption (the episode ending E11) on 11/09/2025, matched with the adopters after.
    t["Episodes"][1].update(DEC="01/03/2026", REC="E11")
    _ad1(t, DATE_INT="01/09/2025", DATE_MATCH="01/10/2025")


@break_903("333")
def _333(t):
    _ad1(t, DATE_INT="01/07/2025")


@break_903("511")
def _511(t):
    _ad1(t, NB_ADOPTR="2", SEX_ADOPTR="M1", LS_ADOPTR="L11")


@break_903("514")
def _514(t):
    _ad1(t, NB_ADOPTR="2", SEX_ADOPTR="MM", LS_ADOPTR="L0")


@break_903("517")
def _517(t):
    _ad1(t, NB_ADOPTR="2", SEX_ADOPTR="MM", LS_ADOPTR="L3")


@break_903("518")
def _518(t):
    _ad1(t, NB_ADOPTR="2", SEX_ADOPTR="MF", LS_ADOPTR="L4")


@break_903("519")
def _519(t):
    _ad1(t, NB_ADOPTR="1", SEX_ADOPTR="M1", LS_ADOPTR="L2")


@break_903("520")
def _520(t):
    _ad1(t, NB_ADOPTR="2", SEX_ADOPTR="FF", LS_ADOPTR="L11")


@break_903("524")
def _524(t):
    _ad1(t, NB_ADOPTR="2", SEX_ADOPTR="MF", LS_ADOPTR="L12")


@break_903("INT31")
def _int31(t):
    _ad1(t)
    _ad1(t)


# --- PlacedAdoption ---

@break_903("115")
def _115(t):
    _placed(t, DATE_PLACED="2025-05-01")


@break_903("116")
def _116(t):
    _placed(t, DATE_PLACED_CEASED="31/06/2025", REASON_PLACED_CEASED="RD1")


@break_903("119")
def _119(t):
    _placed(t, DATE_PLACED_CEASED="01/06/2025")


@break_903("120")
def _120(t):
    _placed(t, DATE_PLACED_CEASED="01/06/2025", REASON_PLACED_CEASED="RD9")


@break_903("522")
def _522(t):
    _placed(t, DATE_PLACED_CEASED="01/04/2025", REASON_PLACED_CEASED="RD1")


@break_903("523")
def _523(t):
    _placed(t)
    _ad1(t, DATE_INT="02/05/2025")


@break_903("525")
def _525(t):
    _placed(t, DATE_PLACED_CEASED="01/06/2025", REASON_PLACED_CEASED="RD2")
    _ad1(t)


@break_903("563")
def _563(t):
    _placed(t, DATE_PLACED="", DATE_PLACED_CEASED="01/06/2025", REASON_PLACED_CEASED="RD1")


@break_903("579")
def _579(t):
    _placed(t, DATE_PLACED_CEASED="01/08/2025", REASON_PLACED_CEASED="RD1")
    _placed(t, DATE_PLACED="01/07/2025")


@break_903("583")
def _583(t):
    _placed(t)
    _placed(t, DATE_PLACED="01/07/2025")

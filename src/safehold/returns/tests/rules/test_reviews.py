"""SSDA903 review rules on small tables: the 4th birthday is the edge between PN0 and PN1-PN7."""

from safehold.returns.rules import engine
from safehold.returns.rules.tables import SSDA903_COLUMNS, frame


def _rows(rows, code):
    ret = engine.Return(engine.SSDA903, 2025, {"Reviews": frame(SSDA903_COLUMNS["Reviews"], rows)})
    return sorted(f.row for f in engine.validate(ret, codes=[code]).findings)


def _review(day, code):
    return {"CHILD": "A", "DOB": "10/06/2021", "REVIEW": day, "REVIEW_CODE": code}


def test_440_pn0_after_the_4th_birthday():
    assert _rows([_review("10/06/2025", "PN0"), _review("11/06/2025", "PN0")], "440") == [1]


def test_441_pn1_before_the_4th_birthday():
    assert _rows([_review("09/06/2025", "PN1"), _review("10/06/2025", "PN1"), _review(None, "PN1")], "441") == [0]


def test_166_167_review_date_and_participation():
    rows = [_review("01/05/2025", "PN9"), _review(None, None), _review("31/02/2025", "PN1"), _review(None, "PN1")]
    assert _rows(rows, "166") == [1, 2, 3]
    assert _rows(rows, "167") == [0, 3]

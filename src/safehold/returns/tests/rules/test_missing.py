"""SSDA903 missing rules on small tables."""

from safehold.returns.rules import engine
from safehold.returns.rules.tables import ssda903_from_rows


def _ret(last=None, **tables):
    return ssda903_from_rows(tables, year=2025, last_year=last)


def _rows(ret, code):
    return sorted((f.table, f.row) for f in engine.validate(ret, codes=[code]).findings)


def _mis(child, start, end="", kind="M"):
    return {"CHILD": child, "DOB": "01/01/2012", "MISSING": kind, "MIS_START": start, "MIS_END": end}


def test_576_last_years_open_period_is_this_years_first():
    last = {"Missing": [_mis("A", "20/03/2025"), _mis("B", "20/03/2025"), _mis("C", "01/03/2025", "02/03/2025")]}
    ret = _ret(last=last, Missing=[_mis("A", "01/05/2025"), _mis("A", "20/03/2025", "02/04/2025"),
                                   _mis("B", "21/03/2025", "02/04/2025"), _mis("C", "01/05/2025")])
    assert _rows(ret, "576") == [("Missing", 2)]
    assert engine.validate(_ret(Missing=[_mis("A", "01/05/2025")]), codes=["576"]).skipped == ["576"]


def test_574_periods_must_not_overlap_or_follow_an_open_one():
    ret = _ret(Missing=[_mis("A", "01/05/2025", "10/05/2025"), _mis("A", "10/05/2025", "12/05/2025"),
                        _mis("B", "01/05/2025"), _mis("B", "03/05/2025", "04/05/2025"),
                        _mis("C", "01/05/2025", "10/05/2025"), _mis("C", "09/05/2025", "12/05/2025")])
    # A: the second starts the day the first ends (fine). B: the open period sorts by its start, so the
    # second follows an open one. C: overlap.
    assert _rows(ret, "574") == [("Missing", 3), ("Missing", 5)]


def test_571_an_end_date_on_the_year_boundaries_is_in_the_year():
    ret = _ret(Missing=[_mis("A", "01/03/2025", "01/04/2025"), _mis("A", "01/03/2026", "31/03/2026"),
                        _mis("A", "01/03/2025", "31/03/2025"), _mis("A", "01/03/2026", "01/04/2026")])
    assert _rows(ret, "571") == [("Missing", 2), ("Missing", 3)]


def test_1004_a_blank_start_is_not_a_valid_date_and_1005_a_blank_end_is_fine():
    ret = _ret(Missing=[_mis("A", ""), _mis("A", "01/05/2025", "")])
    assert _rows(ret, "1004") == [("Missing", 0)]
    assert _rows(ret, "1005") == []

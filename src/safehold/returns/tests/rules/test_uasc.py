"""SSDA903 UASC rules on small tables."""

from safehold.returns.rules import engine
from safehold.returns.rules.tables import SSDA903_COLUMNS, frame


def _return(**tables):
    frames = {name: frame(SSDA903_COLUMNS[name.removesuffix("_last")], rows) for name, rows in tables.items()}
    return engine.Return(engine.SSDA903, 2025, frames)


def _rows(ret, code):
    return sorted((f.table, f.row) for f in engine.validate(ret, codes=[code]).findings)


def test_104_a_date_ceased_that_is_not_a_date_or_before_the_year():
    rows = [{"CHILD": "A", "DUC": "31/03/2025"}, {"CHILD": "B", "DUC": "01/04/2025"}, {"CHILD": "C", "DUC": "X"},
            {"CHILD": "D"}]
    assert _rows(_return(UASC=rows), "104") == [("UASC", 0), ("UASC", 2)]


def test_304_status_ceases_on_the_18th_birthday_at_the_latest():
    rows = [{"CHILD": "A", "DOB": "29/02/2008", "DUC": "28/02/2026"}, {"CHILD": "B", "DOB": "29/02/2008", "DUC": "01/03/2026"}]
    assert _rows(_return(UASC=rows), "304") == [("UASC", 1)]


def test_205d_uasc_now_but_in_last_years_return_without_uasc_status():
    header = [{"CHILD": c} for c in "ABC"]
    ret = _return(Header=header, UASC=[{"CHILD": "A"}, {"CHILD": "B"}, {"CHILD": "C"}],
                  Header_last=[{"CHILD": "A"}, {"CHILD": "B"}], UASC_last=[{"CHILD": "B"}])
    assert _rows(ret, "205D") == [("Header", 0)]  # C was not in last year's return
    assert engine.validate(_return(Header=header, UASC=[]), codes=["205D"]).skipped == ["205D"]

"""SSDA903 adoption rules (AD1, PlacedAdoption) on small tables, those against last year's return especially."""

from safehold.returns.rules import engine
from safehold.returns.rules.tables import ssda903_from_rows


def _ret(last=None, **tables):
    return ssda903_from_rows(tables, year=2025, last_year=last)


def _rows(ret, code):
    return sorted((f.table, f.row) for f in engine.validate(ret, codes=[code]).findings)


def _pa(child, placed, ceased="", reason=""):
    return {"CHILD": child, "DATE_PLACED": placed, "DATE_PLACED_CEASED": ceased, "REASON_PLACED_CEASED": reason}


def test_559_a_decision_before_this_year_must_be_in_last_years_return():
    last = {"PlacedAdoption": [_pa("A", "01/02/2025"), _pa("B", "")]}
    ret = _ret(last=last, PlacedAdoption=[_pa("A", "01/02/2025"), _pa("B", "01/02/2025"), _pa("C", "01/02/2025"),
                                          _pa("D", "01/04/2025")])
    assert _rows(ret, "559") == [("PlacedAdoption", 1), ("PlacedAdoption", 2)]


def test_560_an_open_decision_last_year_keeps_its_date():
    last = {"PlacedAdoption": [_pa("A", "01/02/2025"), _pa("B", "01/02/2025"), _pa("C", "01/02/2025", "01/03/2025",
                                                                                     "RD1")]}
    ret = _ret(last=last, PlacedAdoption=[_pa("A", "01/02/2025"), _pa("B", "02/02/2025"), _pa("C", "02/02/2025")])
    assert _rows(ret, "560") == [("PlacedAdoption", 1)]


def test_561_a_decision_reversed_last_year_is_not_reported_again_with_its_date():
    last = {"PlacedAdoption": [_pa("A", "01/02/2025", "01/03/2025", "RD1"), _pa("B", "01/02/2025")]}
    ret = _ret(last=last, PlacedAdoption=[_pa("A", "01/02/2025"), _pa("B", "01/02/2025")])
    assert _rows(ret, "561") == [("PlacedAdoption", 0)]


def test_584_a_new_decision_after_one_reversed_last_year_is_dated_after_it():
    last = {"PlacedAdoption": [_pa(c, "01/02/2025", "01/03/2025", "RD1") for c in "ABCD"]}
    ret = _ret(last=last, PlacedAdoption=[_pa("A", "01/02/2025"), _pa("B", "02/02/2025"), _pa("C", ""),
                                          _pa("D", "31/01/2025")])
    # Compared as dates: 31/01/2025 is before 01/02/2025 (the sector's validator compares the text).
    assert _rows(ret, "584") == [("PlacedAdoption", 0), ("PlacedAdoption", 2), ("PlacedAdoption", 3)]


def test_rules_against_last_year_do_not_run_without_it():
    outcome = engine.validate(_ret(PlacedAdoption=[_pa("A", "01/02/2020")]), codes=["559", "560", "561", "584"])
    assert sorted(outcome.skipped) == ["559", "560", "561", "584"] and outcome.findings == []


def test_583_the_latest_decision_is_by_date():
    # The open decision of 01/07/2025 is the latest; the earlier one was reversed: no error.
    ret = _ret(PlacedAdoption=[_pa("A", "20/05/2025", "01/06/2025", "RD1"), _pa("A", "01/07/2025"),
                               _pa("B", "01/05/2025"), _pa("B", "01/07/2025")])
    assert _rows(ret, "583") == [("PlacedAdoption", 2)]


def test_579_a_decision_cannot_start_before_the_one_before_ended():
    ret = _ret(PlacedAdoption=[_pa("A", "01/05/2025", "01/08/2025", "RD1"), _pa("A", "01/08/2025"),
                               _pa("B", "01/07/2025"), _pa("B", "01/05/2025", "01/08/2025", "RD1")])
    assert _rows(ret, "579") == [("PlacedAdoption", 2)]


def test_523_flags_both_tables():
    ret = _ret(PlacedAdoption=[_pa("A", "01/05/2025"), _pa("B", "01/05/2025")],
               AD1=[{"CHILD": "A", "DATE_INT": "02/05/2025"}, {"CHILD": "B", "DATE_INT": "01/05/2025"}])
    assert _rows(ret, "523") == [("AD1", 0), ("PlacedAdoption", 0)]

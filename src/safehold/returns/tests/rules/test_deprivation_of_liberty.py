"""SSDA903 deprivation of liberty (DoLo) rules on small tables: 2026-27 onwards, and the edges."""

from safehold.returns.rules import engine
from safehold.returns.rules.tables import ssda903_from_rows

IN_CARE = {"CHILD": "C1", "DECOM": "01/01/2026", "RNE": "S", "LS": "C2", "PLACE": "K2"}


def _dolo(*rows, year=2026, episodes=(IN_CARE,)):
    dolo = [{"CHILD": "C1", "DOB": "01/01/2012", **r} for r in rows]
    return ssda903_from_rows({"DoLo": dolo, "Episodes": list(episodes)}, year=year)


def _rows(ret, code, table="DoLo"):
    return sorted(f.row for f in engine.validate(ret, codes=[code]).findings if f.table == table)


def test_the_rules_start_in_2026_27():
    ret = _dolo({"DOLO_START": None}, year=2025)
    assert engine.validate(ret, codes=["700"]).findings == []
    assert _rows(_dolo({"DOLO_START": None}), "700") == [0]


def test_dates_valid_in_order_and_in_the_year():
    ret = _dolo({"DOLO_START": "01/06/2026", "DOLO_END": "01/06/2026"},    # 702: ends the day it starts
                {"DOLO_START": "01/04/2027", "DOLO_END": "31/13/2027"},    # 703, 701
                {"DOLO_START": "01/01/2026", "DOLO_END": "31/03/2026"},    # 704: ended before the year
                {"DOLO_START": "01/01/2026", "DOLO_END": "01/04/2026"},    # fine
                {"DOLO_START": "01/01/2012", "DOLO_END": "01/04/2026"})    # 708: on the date of birth
    assert _rows(ret, "701") == [1]
    assert _rows(ret, "702") == [0]
    assert _rows(ret, "703") == [1]
    assert _rows(ret, "704") == [2]
    assert _rows(ret, "708") == [4]


def test_705_an_order_starting_while_the_one_before_is_open_or_not_ended():
    ret = _dolo({"DOLO_START": "01/05/2026", "DOLO_END": "01/07/2026"}, {"DOLO_START": "01/06/2026", "DOLO_END": None},
                {"DOLO_START": "10/06/2026", "DOLO_END": "01/07/2026"})
    # In order of ending (an open order by its start): 1 (open, 1 June), 0 and 2 (1 July). 0 follows an open
    # order; 2 starts before 0 ends.
    assert _rows(ret, "705") == [0, 2]
    assert _rows(_dolo({"DOLO_START": "01/05/2026", "DOLO_END": "01/07/2026"},
                       {"DOLO_START": "01/07/2026", "DOLO_END": None}), "705") == []


def test_707_an_open_order_after_the_child_left_care():
    left = [{**IN_CARE, "DEC": "01/09/2026", "REC": "E4A"}]
    assert _rows(_dolo({"DOLO_START": "01/05/2026", "DOLO_END": None}, episodes=left), "707") == [0]
    assert _rows(_dolo({"DOLO_START": "01/05/2026", "DOLO_END": "01/08/2026"}, episodes=left), "707") == []
    # Still in care: an open order is right. (The sector's validator flags it: its rules 165 and 1001 fill the
    # open episode's end with 31 March in the tables it shares with this rule.)
    assert _rows(_dolo({"DOLO_START": "01/05/2026", "DOLO_END": None}), "707") == []


def test_709_710_flag_the_order_and_the_episode_it_overlaps():
    episodes = [{**IN_CARE, "DEC": "01/06/2026", "REC": "X1"},
                {**IN_CARE, "DECOM": "01/06/2026", "RNE": "P", "PLACE": "K1"},
                {**IN_CARE, "DECOM": "01/06/2025", "DEC": "01/12/2025", "RNE": "S", "PLACE": "U1", "REC": "E4A"}]
    ret = _dolo({"DOLO_START": "01/05/2026", "DOLO_END": "01/08/2026"}, {"DOLO_START": "01/05/2026"},
                episodes=episodes)
    assert _rows(ret, "709") == [0] and _rows(ret, "709", "Episodes") == [1]
    assert _rows(ret, "710") == [0] and _rows(ret, "710", "Episodes") == [1]

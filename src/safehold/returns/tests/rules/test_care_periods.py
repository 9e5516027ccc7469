"""SSDA903 rules on the run of episodes, missing periods and care leavers, on small tables."""

from safehold.returns.rules import engine
from safehold.returns.rules.tables import SSDA903_COLUMNS, frame


def _return(year=2025, **tables):
    frames = {name: frame(cols, tables.get(name, [])) for name, cols in SSDA903_COLUMNS.items()}
    return engine.Return(engine.SSDA903, year, frames)


def _found(ret, code):
    return sorted((f.table, f.row) for f in engine.validate(ret, codes=[code]).findings)


def test_433_the_order_is_by_start_then_end_whatever_the_file_order():
    ret = _return(Episodes=[{"CHILD": "1", "DECOM": "01/06/2025", "DEC": "", "RNE": "P"},
                            {"CHILD": "1", "DECOM": "01/05/2025", "DEC": "01/06/2025", "RNE": "S"},
                            {"CHILD": "2", "DECOM": "01/05/2025", "DEC": "02/06/2025", "RNE": "S"},
                            {"CHILD": "2", "DECOM": "01/06/2025", "DEC": "", "RNE": "T"}])
    assert _found(ret, "433") == [("Episodes", 3)]


def test_501_an_episode_may_start_the_day_the_last_ended():
    ret = _return(Episodes=[{"CHILD": "1", "DECOM": "01/05/2025", "DEC": "01/06/2025"},
                            {"CHILD": "1", "DECOM": "01/06/2025"},
                            {"CHILD": "2", "DECOM": "01/05/2025", "DEC": "01/06/2025"},
                            {"CHILD": "2", "DECOM": "31/05/2025"}])
    assert _found(ret, "501") == [("Episodes", 3)]


def test_1007_a_young_person_still_in_care_on_their_birthday():
    # 17 on 01/06/2025. Child 1's episode ended after the birthday; child 2 is still looked after (the sector's
    # validator reads only ended episodes and misses child 2); child 3 left before the birthday.
    eps = [{"CHILD": "1", "DECOM": "01/01/2025", "DEC": "01/07/2025"}, {"CHILD": "2", "DECOM": "01/01/2025"},
           {"CHILD": "3", "DECOM": "01/01/2025", "DEC": "31/05/2025"}]
    oc3 = [{"CHILD": c, "DOB": "01/06/2008", "IN_TOUCH": "YES"} for c in "123"]
    assert _found(_return(Episodes=eps, OC3=oc3), "1007") == [("OC3", 0), ("OC3", 1)]


def test_1016_age_is_measured_in_years_of_365_2425_days():
    # 31/03/2026 less 17 such years is 30/03/2009 (6209.12 days): a DOB of 31/03/2009 is not yet 17.
    eps = [{"CHILD": c, "DECOM": "01/01/2025", "DEC": "31/03/2026"} for c in "12"]
    oc3 = [{"CHILD": "1", "DOB": "31/03/2009", "ACTIV": "F2"}, {"CHILD": "2", "DOB": "29/03/2009", "ACTIV": "F2"}]
    assert _found(_return(Episodes=eps, OC3=oc3), "1016") == [("OC3", 1)]


def test_577_a_missing_period_open_after_care_ended():
    eps = [{"CHILD": "1", "DECOM": "01/05/2025", "DEC": "01/06/2025", "REC": "E13"}]
    mis = [{"CHILD": "1", "MIS_START": "10/05/2025"}, {"CHILD": "1", "MIS_START": "10/05/2025", "MIS_END": "11/05/2025"},
           {"CHILD": "2", "MIS_START": "10/05/2025"}]
    assert _found(_return(Episodes=eps, Missing=mis), "577") == [("Missing", 0)]


def test_1012_other_tables_of_a_child_without_episodes():
    ret = _return(Episodes=[{"CHILD": "1"}], Reviews=[{"CHILD": "1"}, {"CHILD": "2"}], OC2=[{"CHILD": "3"}])
    assert _found(ret, "1012") == [("OC2", 0), ("Reviews", 1)]

"""SSDA903 outcome rules (OC2, OC3) on small tables."""

from safehold.returns.rules import engine
from safehold.returns.rules.ssda903.outcomes import looked_after_12_months
from safehold.returns.rules.tables import ssda903_from_rows


def _ret(year=2025, last=None, **tables):
    return ssda903_from_rows(tables, year=year, last_year=last)


def _rows(ret, code):
    outcome = engine.validate(ret, codes=[code])
    return sorted((f.table, f.row) for f in outcome.findings), outcome


def _episode(child, decom, dec="", rne="L", ls="C2", rec=""):
    return {"CHILD": child, "DECOM": decom, "DEC": dec, "RNE": rne, "LS": ls, "REC": rec}


def test_looked_after_12_months_as_the_dfe_defines_it():
    ret = _ret(Episodes=[
        _episode("A", "01/01/2024", "01/06/2025", rec="X1"), _episode("A", "01/06/2025"),  # a change of placement
        _episode("B", "01/01/2024", "31/03/2026", rec="E4A"),  # left care on 31 March: still 12 months
        _episode("C", "01/01/2024", "30/03/2026", rec="E4A"),  # left before 31 March
        _episode("D", "02/04/2025", rne="S"),  # came into care this year
        _episode("E", "01/01/2024", ls="V3"),  # short breaks
        _episode("F", "01/01/2024", "31/03/2025", rec="E4A"),  # left before the year
    ])
    assert sorted(looked_after_12_months(ret)["CHILD"]) == ["A", "B"]


def test_188_a_child_who_turns_4_on_31_march_may_have_an_sdq():
    ret = _ret(OC2=[{"CHILD": "A", "DOB": "31/03/2022", "SDQ_SCORE": "10"},
                    {"CHILD": "B", "DOB": "01/04/2022", "SDQ_SCORE": "10"},
                    {"CHILD": "C", "DOB": "01/04/2022"}])
    assert _rows(ret, "188")[0] == [("OC2", 1)]


def test_131_a_blank_in_touch_is_invalid():
    ret = _ret(OC3=[{"CHILD": "A", "IN_TOUCH": "yes"}, {"CHILD": "B", "IN_TOUCH": ""}])
    assert _rows(ret, "131")[0] == [("OC3", 1)]


def test_347_a_foyer_for_a_care_leaver_under_18_on_1_april():
    ret = _ret(OC3=[{"CHILD": "A", "DOB": "02/04/2007", "ACCOM": "T1"},  # 17 on 1 April 2025
                    {"CHILD": "B", "DOB": "01/04/2007", "ACCOM": "T2"},  # 18 that day
                    {"CHILD": "C", "DOB": "02/04/2007", "ACCOM": "B1"}])
    assert _rows(ret, "347")[0] == [("OC3", 0)]


def test_191_a_child_looked_after_12_months_with_no_oc2_row_is_flagged_on_their_first_episode():
    ret = _ret(Episodes=[_episode("A", "01/06/2024", "01/06/2025", rec="X1"), _episode("A", "01/01/2024", "01/06/2024",
                                                                                        rec="X1"),
                         _episode("A", "01/06/2025")],
               OC2=[])
    assert _rows(ret, "191")[0] == [("Episodes", 1)]


def test_348_a_care_leaver_reported_as_died_last_year():
    last = {"OC3": [{"CHILD": "A", "IN_TOUCH": "DIED"}, {"CHILD": "B", "IN_TOUCH": "DIED"},
                    {"CHILD": "C", "IN_TOUCH": "YES"}]}
    ret = _ret(last=last, OC3=[{"CHILD": "A", "IN_TOUCH": "YES"}, {"CHILD": "B", "IN_TOUCH": "DIED"},
                               {"CHILD": "C", "IN_TOUCH": "NO"}, {"CHILD": "D", "IN_TOUCH": ""}])
    assert _rows(ret, "348")[0] == [("OC3", 0)]


def test_348_needs_last_years_return_and_is_new_in_2025_26():
    rows, outcome = _rows(_ret(OC3=[{"CHILD": "A", "IN_TOUCH": "YES"}]), "348")
    assert outcome.skipped == ["348"] and rows == []
    old = _ret(year=2024, last={"OC3": [{"CHILD": "A", "IN_TOUCH": "DIED"}]}, OC3=[{"CHILD": "A", "IN_TOUCH": "YES"}])
    assert _rows(old, "348")[1].ran == []

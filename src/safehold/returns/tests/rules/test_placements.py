"""SSDA903 placement rules on small tables: the edges a reviewer would want pinned."""

from safehold.returns.rules import engine
from safehold.returns.tests.rules.test_episodes import _903, _ep, _rows


def test_146_k3_is_valid_from_2024_25_and_z1_ends_in_2025_26():
    eps = [_ep(PLACE="K3"), _ep(PLACE="Z1"), _ep(PLACE="Z11"), _ep(PLACE="ZZ")]
    assert _rows(_903(2024, Episodes=eps), "146") == [2, 3]
    assert _rows(_903(2025, Episodes=eps), "146") == [1, 3]
    assert _rows(_903(2026, Episodes=eps), "146") == [1, 3]


def test_233_an_open_episode_has_no_reason_for_placement_change_from_2025_26():
    eps = [_ep(REASON_PLACE_CHANGE="CARPL"), _ep(DEC="01/02/2025", REC="X1", REASON_PLACE_CHANGE="CARPL")]
    assert _rows(_903(2025, Episodes=eps), "233") == [0]
    assert engine.validate(_903(2024, Episodes=eps), codes=["233"]).ran == []


def test_234_custody_under_10_flags_the_episode_and_the_header():
    eps = [_ep(DECOM="01/05/2025", REASON_PLACE_CHANGE="CUSTOD"), _ep(CHILD="B", DECOM="01/05/2025",
                                                                     REASON_PLACE_CHANGE="CUSTOD")]
    header = [{"CHILD": "A", "DOB": "02/05/2015"}, {"CHILD": "B", "DOB": "01/05/2015"}]
    found = {(f.table, f.row) for f in engine.validate(_903(2025, Episodes=eps, Header=header),
                                                       codes=["234"]).findings}
    assert found == {("Episodes", 0), ("Header", 0)}


def test_371_age_is_checked_at_the_start_of_an_open_placement_too():
    eps = [_ep(PLACE="K3", DECOM="01/05/2025"), _ep(CHILD="B", PLACE="K3", DECOM="01/05/2025")]
    header = [{"CHILD": "A", "DOB": "02/05/2009"}, {"CHILD": "B", "DOB": "01/05/2009"}]
    assert _rows(_903(Episodes=eps, Header=header), "371") == [0]


def test_375_hospital_placement_of_six_weeks_is_allowed_and_an_open_one_is_not_checked():
    eps = [_ep(PLACE="T1", DECOM="01/05/2025", DEC="12/06/2025", REC="X1"),
           _ep(PLACE="T1", DECOM="01/05/2025", DEC="13/06/2025", REC="X1"),
           _ep(CHILD="B", PLACE="T1", DECOM="01/02/2025")]
    assert _rows(_903(Episodes=eps), "375") == [1]


def test_376_an_open_holiday_placement_runs_to_31_march():
    eps = [_ep(PLACE="T3", DECOM="10/03/2026"), _ep(CHILD="B", PLACE="T3", DECOM="09/03/2026")]
    assert _rows(_903(Episodes=eps), "376") == [1]


def test_383_return_to_the_usual_placement_and_from_2025_its_postcode():
    eps = [_ep(DEC="01/05/2025", REC="X1"), _ep(DECOM="01/05/2025", RNE="P", PLACE="T2", DEC="10/05/2025", REC="X1"),
           _ep(DECOM="10/05/2025", RNE="P", PL_POST="ZZ9 9ZZ")]
    assert _rows(_903(2024, Episodes=eps), "383") == []
    assert _rows(_903(2025, Episodes=eps), "383") == [2]


def test_392b_an_unaccompanied_asylum_seeking_child_may_have_no_postcode():
    eps = [_ep(HOME_POST=""), _ep(CHILD="B", HOME_POST=""), _ep(CHILD="C", HOME_POST="", LS="V3", PL_POST="")]
    ret = _903(Episodes=eps, Header=[{"CHILD": "A"}, {"CHILD": "B"}], UASC=[{"CHILD": "B", "DUC": "01/01/2026"}])
    assert _rows(ret, "392b") == [0]

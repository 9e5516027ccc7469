"""SSDA903 episode rules on small tables: the edges a reviewer would want pinned."""

from safehold.returns.rules import engine
from safehold.returns.rules.tables import SSDA903_COLUMNS, frame


def _903(year=2025, **tables):
    frames = {name: frame(cols, tables.get(name, [])) for name, cols in SSDA903_COLUMNS.items()}
    return engine.Return(engine.SSDA903, year, frames)


def _ep(**kw):
    row = {"CHILD": "A", "DECOM": "01/01/2025", "RNE": "S", "LS": "C2", "CIN": "N1", "PLACE": "U1",
           "PLACE_PROVIDER": "PR1", "HOME_POST": "AB1 1AA", "PL_POST": "AB2 2BB", "URN": "SC123456"}
    row.update(kw)
    return row


def _rows(ret, code, table="Episodes"):
    return sorted(f.row for f in engine.validate(ret, codes=[code]).findings if f.table == table)


def test_142_the_latest_episode_may_stay_open_but_an_earlier_one_may_not():
    ret = _903(Episodes=[_ep(DEC="", REC=""), _ep(DECOM="01/02/2025", RNE="P")])
    assert _rows(ret, "142") == [0]
    ret = _903(Episodes=[_ep(DEC="01/02/2025", REC="X1"), _ep(DECOM="01/02/2025", RNE="P")])
    assert _rows(ret, "142") == []


def test_388_x1_needs_an_episode_starting_the_day_this_one_ends():
    closed = _ep(DEC="01/02/2025", REC="X1")
    assert _rows(_903(Episodes=[closed, _ep(DECOM="01/02/2025", RNE="P")]), "388") == []
    assert _rows(_903(Episodes=[closed, _ep(DECOM="02/02/2025", RNE="P")]), "388") == [0]
    # An open episode coded X1 has no continuation, whether or not it is the last.
    assert _rows(_903(Episodes=[_ep(REC="X1")]), "388") == [0]
    # Care ended (E8) but a new episode starts the same day.
    assert _rows(_903(Episodes=[_ep(DEC="01/02/2025", REC="E8"), _ep(DECOM="01/02/2025", RNE="S")]), "388") == [0]


def test_355_same_start_and_end_but_not_two_blanks():
    ret = _903(Episodes=[_ep(DEC="01/01/2025", REC="E8"), _ep(CHILD="B", DECOM="")])
    assert _rows(ret, "355") == [0]


def test_361_police_protection_of_exactly_72_hours_is_allowed_across_episodes():
    ok = [_ep(LS="L1", DECOM="01/05/2025", DEC="02/05/2025", REC="X1"),
          _ep(LS="L1", DECOM="02/05/2025", RNE="P", DEC="04/05/2025", REC="E8")]
    assert _rows(_903(Episodes=ok), "361") == []
    too_long = [ok[0], {**ok[1], "DEC": "05/05/2025"}]
    assert _rows(_903(Episodes=too_long), "361") == [0, 1]


def test_365_an_open_respite_episode_lasts_to_31_march():
    ret = _903(Episodes=[_ep(LS="V3", DECOM="14/03/2026"), _ep(CHILD="B", LS="V3", DECOM="13/03/2026")])
    assert _rows(ret, "365") == [1]


def test_186_a_child_four_on_1_april_needs_an_sdq():
    eps = [_ep(DECOM="01/01/2020"), _ep(CHILD="B", DECOM="01/01/2020")]
    oc2 = [{"CHILD": "A", "DOB": "01/04/2021"}, {"CHILD": "B", "DOB": "02/04/2021"}]
    assert _rows(_903(Episodes=eps, OC2=oc2), "186", "OC2") == [0]


def test_185_a_child_who_left_care_in_the_year_has_no_sdq_score():
    eps = [_ep(DECOM="01/01/2020", DEC="01/06/2025", REC="E8"), _ep(CHILD="B", DECOM="01/01/2020")]
    oc2 = [{"CHILD": "A", "SDQ_SCORE": "10"}, {"CHILD": "B", "SDQ_SCORE": "10"}, {"CHILD": "C", "SDQ_SCORE": "9"}]
    assert _rows(_903(Episodes=eps, OC2=oc2), "185", "OC2") == [0, 2]


def test_399_flags_the_episodes_header_and_reviews_of_a_respite_only_child():
    ret = _903(Episodes=[_ep(LS="V3"), _ep(CHILD="B", LS="V3"), _ep(CHILD="B", LS="C2", DECOM="01/02/2025")],
               Header=[{"CHILD": "A", "MOTHER": "0"}, {"CHILD": "B", "MOTHER": "0"}],
               Reviews=[{"CHILD": "A", "REVIEW": "01/02/2025", "REVIEW_CODE": "PN1"}])
    found = {(f.table, f.row) for f in engine.validate(ret, codes=["399"]).findings}
    assert found == {("Episodes", 0), ("Header", 0), ("Reviews", 0)}

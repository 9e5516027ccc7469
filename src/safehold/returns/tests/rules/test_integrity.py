"""SSDA903 cross-table rules on small tables."""

from safehold.returns.rules import engine
from safehold.returns.rules.tables import SSDA903_COLUMNS, frame


def _return(year=2025, **tables):
    frames = {name: frame(SSDA903_COLUMNS[name], rows) for name, rows in tables.items()}
    return engine.Return(engine.SSDA903, year, frames)


def _rows(ret, code):
    return sorted((f.table, f.row) for f in engine.validate(ret, codes=[code]).findings)


def test_359_open_at_18_unless_section_20_5_in_a_childrens_home():
    header = [{"CHILD": c, "DOB": dob} for c, dob in (("A", "30/03/2008"), ("B", "31/03/2008"), ("C", "01/01/2007"),
                                                       ("D", "01/01/2007"))]
    episodes = [{"CHILD": "A", "LS": "C2", "PLACE": "U1"}, {"CHILD": "B", "LS": "C2", "PLACE": "U1"},
                {"CHILD": "C", "LS": "V2", "PLACE": "K2"}, {"CHILD": "D", "LS": "C2", "PLACE": "U1", "DEC": "01/01/2026"}]
    # A turned 18 before 31 March; B on it (not yet 'following' the birthday); C is V2 in K2; D's episode ended.
    assert _rows(_return(Header=header, Episodes=episodes), "359") == [("Episodes", 0)]


def test_int_child_not_in_header_and_once_only():
    ret = _return(Header=[{"CHILD": "A"}, {"CHILD": "A"}, {"CHILD": None}, {"CHILD": None}],
                  PrevPerm=[{"CHILD": "A"}, {"CHILD": "B"}])
    assert _rows(ret, "INT07") == [("PrevPerm", 1)]
    assert _rows(ret, "INT32") == [("Header", 0), ("Header", 1)]  # a blank ID is not a duplicate


def test_int11_a_date_of_birth_differs_only_when_both_are_dates():
    ret = _return(Header=[{"CHILD": "A", "DOB": "01/01/2015"}, {"CHILD": "B", "DOB": "X"}],
                  AD1=[{"CHILD": "A", "DOB": "1/1/2015"}, {"CHILD": "A", "DOB": "02/01/2015"}, {"CHILD": "B", "DOB": "01/01/2015"}])
    assert _rows(ret, "INT11") == [("AD1", 1)]


def test_302_358_flag_the_episode_and_the_header_row():
    ret = _return(Header=[{"CHILD": "A", "DOB": "01/01/2016"}],
                  Episodes=[{"CHILD": "A", "DECOM": "01/02/2016", "LS": "J1"}, {"CHILD": "A", "DECOM": "31/12/2015", "LS": "C2"}])
    assert _rows(ret, "302") == [("Episodes", 1), ("Header", 0)]
    assert _rows(ret, "358") == [("Episodes", 0), ("Header", 0)]


def test_387_independent_living_without_a_date_of_birth_is_flagged():
    ret = _return(Header=[{"CHILD": "A"}, {"CHILD": "B", "DOB": "01/01/2010"}],
                  Episodes=[{"CHILD": "A", "DEC": "01/01/2026", "REC": "E5"}, {"CHILD": "B", "DEC": "01/01/2024", "REC": "E6"},
                            {"CHILD": "B", "DEC": "31/12/2023", "REC": "E6"}])
    assert _rows(ret, "387") == [("Episodes", 0), ("Episodes", 2)]


def test_epi_a_child_without_episodes_or_a_care_leaver_record():
    ret = _return(Header=[{"CHILD": "A"}, {"CHILD": "B"}, {"CHILD": "C"}], Episodes=[{"CHILD": "A"}], OC3=[{"CHILD": "B"}])
    assert _rows(ret, "EPI") == [("Header", 2)]

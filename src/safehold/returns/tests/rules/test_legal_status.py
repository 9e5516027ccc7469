"""SSDA903 legal status, placement and adoption rules on small tables."""

from safehold.returns.rules import engine
from safehold.returns.rules.tables import SSDA903_COLUMNS, frame


def _return(year=2025, **tables):
    frames = {name: frame(cols, tables.get(name, [])) for name, cols in SSDA903_COLUMNS.items()}
    return engine.Return(engine.SSDA903, year, frames)


def _found(ret, code):
    return sorted((f.table, f.row) for f in engine.validate(ret, codes=[code]).findings)


def test_408_a_blank_legal_status_is_not_a_placement_order():
    ret = _return(Episodes=[{"CHILD": "1", "PLACE": "A5", "LS": "E1"}, {"CHILD": "2", "PLACE": "A6", "LS": ""},
                            {"CHILD": "3", "PLACE": "A3", "LS": "C2"}])
    assert _found(ret, "408") == [("Episodes", 1)]


def test_407_an_open_episode_is_not_checked():
    # The sector's validator reads an open episode as ending on 31 March (its rule 365 fills DEC in the data it
    # shares with the rules after it), so it flags row 1; the episode has not ended, so Safehold does not.
    ret = _return(Header=[{"CHILD": "1", "DOB": "01/01/2007"}],
                  Episodes=[{"CHILD": "1", "REC": "E45", "DEC": "02/01/2025"}, {"CHILD": "1", "REC": "E46"},
                            {"CHILD": "1", "REC": "E45", "DEC": "01/01/2025"}])
    assert _found(ret, "407") == [("Episodes", 0), ("Header", 0)]


def test_526_z1_needs_no_provider_until_2025_when_z11_to_z14_replace_it():
    eps = [{"CHILD": "1", "PLACE": "Z1"}, {"CHILD": "1", "PLACE": "Z11"}, {"CHILD": "1", "PLACE": ""}]
    assert _found(_return(2024, Episodes=eps), "526") == [("Episodes", 1), ("Episodes", 2)]
    assert _found(_return(2025, Episodes=eps), "526") == [("Episodes", 0), ("Episodes", 2)]


def test_632_an_unknown_day_or_month_reads_as_its_last_day():
    ret = _return(Episodes=[{"CHILD": c, "DECOM": "30/04/2020"} for c in "1234"],
                  PrevPerm=[{"CHILD": "1", "DATE_PERM": "ZZ/04/2020"}, {"CHILD": "2", "DATE_PERM": "ZZ/03/2020"},
                            {"CHILD": "3", "DATE_PERM": "31/02/2020"}, {"CHILD": "4", "DATE_PERM": "ZZ/ZZ/2019"}])
    assert _found(ret, "632") == [("Episodes", 0), ("Episodes", 2), ("PrevPerm", 0), ("PrevPerm", 2)]


def test_602_adoption_on_the_last_day_of_the_year_counts():
    ret = _return(2024, Episodes=[{"CHILD": "1", "REC": "E11", "DEC": "31/03/2025"},
                                  {"CHILD": "2", "REC": "E11", "DEC": "01/04/2025"}],
                  AD1=[{"CHILD": "1", "DATE_INT": "01/01/2025"}, {"CHILD": "2", "DATE_INT": "01/01/2025"},
                       {"CHILD": "3"}])
    assert _found(ret, "602") == [("AD1", 1)]

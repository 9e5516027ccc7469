"""SSDA903 header rules on small tables, including the checks against last year's header."""

from safehold.returns.rules import engine
from safehold.returns.rules.tables import SSDA903_COLUMNS, frame


def _return(year=2025, **tables):
    frames = {name: frame(SSDA903_COLUMNS[name.removesuffix("_last")], rows) for name, rows in tables.items()}
    return engine.Return(engine.SSDA903, year, frames)


def _rows(ret, code):
    return sorted((f.table, f.row) for f in engine.validate(ret, codes=[code]).findings)


def _child(child="A", **values):
    return {"CHILD": child, "SEX": "M", "DOB": "01/01/2015", "ETHNIC": "WBRI", "UPN": "A123456789012", **values}


def test_last_year_rules_need_last_years_header():
    outcome = engine.validate(_return(Header=[_child()]), codes=["202", "203", "204", "208", "624", "626"])
    assert sorted(outcome.skipped) == ["202", "203", "204", "208", "624", "626"] and not outcome.findings


def test_202_203_204_a_child_whose_sex_birth_or_ethnicity_changed_since_last_year():
    ret = _return(Header=[_child("A", SEX="F"), _child("B", DOB="02/01/2015"), _child("C", ETHNIC="WIRI"), _child("D"),
                          _child("E")],
                  Header_last=[_child("A"), _child("B"), _child("C"), _child("D")])
    assert _rows(ret, "202") == [("Header", 0)]
    assert _rows(ret, "203") == [("Header", 1)]
    assert _rows(ret, "204") == [("Header", 2)]


def test_208_upn_changes_allowed_from_unknown_but_not_between_real_upns():
    now = [_child("A", UPN="B123456789012"), _child("B", UPN="UN2"), _child("C", UPN="A123456789012"),
           _child("D", UPN="UN1"), _child("E", UPN=None)]
    last = [_child("A"), _child("B", UPN="UN1"), _child("C", UPN="UN3"), _child("D", UPN="A123456789012"),
            _child("E", UPN=None)]
    # A: one real UPN to another; D: a real UPN to unknown. B (reason found) and C (became known) are allowed.
    assert _rows(_return(Header=now, Header_last=last), "208") == [("Header", 0), ("Header", 3)]


def test_624_626_mothers_child_against_last_year():
    now = [_child("A", SEX="F", MOTHER="1", MC_DOB="01/01/2024"), _child("B", SEX="F", MOTHER="1", MC_DOB="01/05/2025"),
           _child("C", SEX="F", MOTHER="1", MC_DOB="01/01/2024")]
    last = [_child("A", SEX="F", MOTHER="1", MC_DOB="02/01/2024"), _child("B", SEX="F", MOTHER="0"),
            _child("C", SEX="F", MOTHER="0")]
    ret = _return(Header=now, Header_last=last)
    assert _rows(ret, "624") == [("Header", 0)]
    assert _rows(ret, "626") == [("Header", 2)]  # B's child was born this year: allowed


def test_209_un1_from_four_on_31_august_before_the_year():
    ret = _return(Header=[_child("A", UPN="UN1", DOB="31/08/2020"), _child("B", UPN="UN1", DOB="01/09/2020")])
    assert _rows(ret, "209") == [("Header", 0)]


def test_231_a_uasc_child_under_11_at_the_end_of_the_year():
    ret = _return(Header=[_child("A", DOB="01/04/2015"), _child("B", DOB="31/03/2015"), _child("C", DOB="01/04/2015")],
                  UASC=[{"CHILD": "A", "DOB": "01/04/2015"}, {"CHILD": "B", "DOB": "31/03/2015"}])
    assert _rows(ret, "231") == [("Header", 0)]


def test_444_duplicate_upns_from_2025_and_unknown_codes_may_repeat():
    rows = [_child("A"), _child("B"), _child("C", UPN="UN1"), _child("D", UPN="UN1"), _child("E", UPN=None),
            _child("F", UPN=None)]
    assert _rows(_return(Header=rows), "444") == [("Header", 0), ("Header", 1)]
    assert "444" not in [r.code for r in engine.rules_for(engine.SSDA903, 2024)]


def test_621_a_mothers_child_born_before_her_or_her_birth_unknown():
    rows = [_child("A", SEX="F", MC_DOB="01/01/2015"), _child("B", SEX="F", MC_DOB="02/01/2015"),
            _child("C", SEX="F", DOB=None, MC_DOB="02/01/2015")]
    assert _rows(_return(Header=rows), "621") == [("Header", 0), ("Header", 2)]

"""CIN identifier rules on small tables."""

from safehold.returns.rules import engine
from safehold.returns.rules.tables import CIN_COLUMNS, frame

from .breaks_identifiers import check_letter

HEADER = {"Collection": "CIN", "Year": "2026", "ReferenceDate": "2026-03-31"}


def _census(**tables):
    tables.setdefault("Header", [HEADER])
    frames = {name: frame(cols, tables.get(name, []), upper=False) for name, cols in CIN_COLUMNS.items()}
    return engine.Return(engine.CIN, 2025, frames)


def _rows(ret, code, table="ChildIdentifiers"):
    return sorted(f.row for f in engine.validate(ret, codes=[code]).findings if f.table == table)


def test_8500_a_child_without_an_la_child_id_is_an_error():
    ret = _census(ChildIdentifiers=[{"LAchildID": "C1"}, {"LAchildID": " "}, {"LAchildID": None}])
    found = engine.validate(ret, codes=["8500"]).findings
    assert [(f.table, f.row, f.severity) for f in found] == [("ChildIdentifiers", 1, "error"),
                                                            ("ChildIdentifiers", 2, "error")]


def test_1510_the_check_letter_is_the_dfe_algorithm():
    body = "201234525001"
    good = check_letter(body) + body
    wrong = ("A" if good[0] != "A" else "B") + body
    temporary = "Z20123452500A"  # a letter at 13: the check letter is not computed
    ret = _census(ChildIdentifiers=[{"LAchildID": f"C{i}", "UPN": u} for i, u in
                                    enumerate([good, wrong, temporary, None, "A2012"])])
    assert _rows(ret, "1510") == [1]


def test_1510_a_real_upn_passes_and_its_neighbour_fails():
    # B887000000011: 8x2 + 8x3 + 7x4 + 1x12 + 1x13 = 93, 93 mod 23 = 1, which is B.
    ret = _census(ChildIdentifiers=[{"LAchildID": "C1", "UPN": "B887000000011"},
                                    {"LAchildID": "C2", "UPN": "C887000000011"}])
    assert _rows(ret, "1510") == [1]


def test_8510_two_children_with_one_id_are_both_flagged():
    ret = _census(ChildIdentifiers=[{"LAchildID": "C1"}, {"LAchildID": "C2"}, {"LAchildID": "C1"}])
    assert _rows(ret, "8510") == [0, 2]


def test_1570_and_1580_the_la_child_id():
    ids = ["A" * 20, "A" * 21, "C-1", "C1"]
    ret = _census(ChildIdentifiers=[{"LAchildID": i} for i in ids])
    assert _rows(ret, "1570") == [1]
    assert _rows(ret, "1580") == [2]


def test_2886q_more_than_two_in_a_hundred_without_sex():
    def census(missing):
        rows = [{"LAchildID": f"C{i}", "Sex": "U" if i < missing else "M"} for i in range(100)]
        rows.append({"LAchildID": "UNBORN", "Sex": "U", "ExpectedPersonBirthDate": "2026-05-01"})
        return _census(ChildIdentifiers=rows)

    assert engine.validate(census(2), codes=["2886Q"]).findings == []  # 2 of 101: under 2%
    found = engine.validate(census(3), codes=["2886Q"]).findings
    assert [(f.table, f.row, f.child, f.severity) for f in found] == [("", -1, "", "query")]


def test_8530q_the_window_is_exclusive_of_its_ends():
    days = ["2026-03-01", "2026-03-02", "2026-12-30", "2026-12-31"]
    ret = _census(ChildIdentifiers=[{"LAchildID": f"C{i}", "ExpectedPersonBirthDate": d} for i, d in enumerate(days)])
    assert _rows(ret, "8530Q") == [0, 3]


def test_8545q_the_census_year_is_inclusive():
    days = ["2025-03-31", "2025-04-01", "2026-03-31", "2026-04-01"]
    ret = _census(ChildIdentifiers=[{"LAchildID": f"C{i}", "PersonDeathDate": d, "PersonBirthDate": "2020-01-01"}
                                    for i, d in enumerate(days)])
    assert _rows(ret, "8545Q") == [0, 3]


def test_8772_un7_with_further_action_flags_the_child_and_the_episode():
    ret = _census(ChildIdentifiers=[{"LAchildID": "C1", "UPNunknown": "UN7"}, {"LAchildID": "C2", "UPNunknown": "UN7"}],
                  CINdetails=[{"LAchildID": "C1", "CINdetailsID": "1", "ReferralNFA": "false"},
                              {"LAchildID": "C2", "CINdetailsID": "1", "ReferralNFA": "true"}])
    found = engine.validate(ret, codes=["8772"]).findings
    assert sorted((f.table, f.row) for f in found) == [("CINdetails", 0), ("ChildIdentifiers", 0)]

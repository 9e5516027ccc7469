"""CIN characteristics rules on small tables."""

from safehold.returns.rules import engine
from safehold.returns.rules.tables import CIN_COLUMNS, frame

HEADER = {"Collection": "CIN", "Year": "2026", "ReferenceDate": "2026-03-31"}


def _census(**tables):
    tables.setdefault("Header", [HEADER])
    frames = {name: frame(cols, tables.get(name, []), upper=False) for name, cols in CIN_COLUMNS.items()}
    return engine.Return(engine.CIN, 2025, frames)


def _found(ret, code):
    return sorted((f.table, f.row, f.child) for f in engine.validate(ret, codes=[code]).findings)


def test_2887q_counts_different_codes_other_than_none():
    # The DfE's rule, not the sector validator's (it counts the rows that are NONE).
    codes = ["MOB", "HAND", "PC", "INC", "COMM", "LD", "HEAR", "VIS"]
    eight = _census(Disabilities=[{"LAchildID": f"C{i}", "Disability": c} for i, c in enumerate(codes)])
    assert _found(eight, "2887Q") == []
    seven = _census(Disabilities=[{"LAchildID": f"C{i}", "Disability": c} for i, c in enumerate(codes[:7] * 2)]
                    + [{"LAchildID": "N", "Disability": "NONE"}])
    assert _found(seven, "2887Q") == [("", -1, "")]


def test_2888q_fires_when_no_child_has_two_disabilities():
    one_each = _census(Disabilities=[{"LAchildID": "C1", "Disability": "MOB"}, {"LAchildID": "C2", "Disability": "LD"},
                                     {"LAchildID": "C3", "Disability": "NONE"}])
    assert _found(one_each, "2888Q") == [("", -1, "")]
    two = _census(Disabilities=[{"LAchildID": "C1", "Disability": "MOB"}, {"LAchildID": "C1", "Disability": "LD"}])
    assert _found(two, "2888Q") == []
    assert _found(_census(Disabilities=[{"LAchildID": "C1", "Disability": "NONE"}]), "2888Q") == []


def test_8540_a_born_child_with_further_action_needs_a_valid_disability():
    ret = _census(
        ChildIdentifiers=[{"LAchildID": c, "PersonBirthDate": "2015-01-01"} for c in ("C1", "C2", "C3", "C4")]
        + [{"LAchildID": "U1", "ExpectedPersonBirthDate": "2026-05-01"}],
        CINdetails=[{"LAchildID": c, "CINdetailsID": "1", "ReferralNFA": "false"} for c in ("C1", "C2", "C3", "U1")]
        + [{"LAchildID": "C4", "CINdetailsID": "1", "ReferralNFA": "true"}],
        Disabilities=[{"LAchildID": "C2", "Disability": "MOB"}, {"LAchildID": "C3", "Disability": "XYZ"}])
    assert _found(ret, "8540") == [("CINdetails", 0, "C1"), ("CINdetails", 2, "C3"), ("ChildIdentifiers", 0, "C1"),
                                   ("ChildIdentifiers", 2, "C3"), ("Disabilities", 1, "C3")]


def test_8790_and_8794():
    ret = _census(Disabilities=[{"LAchildID": "C1", "Disability": "NONE"}, {"LAchildID": "C1", "Disability": "MOB"},
                                {"LAchildID": "C2", "Disability": "LD"}, {"LAchildID": "C2", "Disability": "LD"},
                                {"LAchildID": "C3", "Disability": "NONE"}])
    assert _found(ret, "8790") == [("Disabilities", 1, "C1")]
    assert _found(ret, "8794") == [("Disabilities", 2, "C2"), ("Disabilities", 3, "C2")]

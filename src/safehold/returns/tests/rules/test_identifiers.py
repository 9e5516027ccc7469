"""CIN identifier rules on small tables."""

from safehold.returns.rules import engine
from safehold.returns.rules.tables import CIN_COLUMNS, frame


def _census(**tables):
    frames = {name: frame(cols, tables.get(name, []), upper=False) for name, cols in CIN_COLUMNS.items()}
    return engine.Return(engine.CIN, 2025, frames)


def test_8500_a_child_without_an_la_child_id_is_an_error():
    ret = _census(ChildIdentifiers=[{"LAchildID": "C1"}, {"LAchildID": " "}, {"LAchildID": None}])
    found = engine.validate(ret, codes=["8500"]).findings
    assert [(f.table, f.row, f.severity) for f in found] == [("ChildIdentifiers", 1, "error"),
                                                            ("ChildIdentifiers", 2, "error")]

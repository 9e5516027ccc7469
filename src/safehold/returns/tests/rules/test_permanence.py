"""SSDA903 previous permanence rules on small tables."""

from safehold.returns.rules import engine
from safehold.returns.rules.tables import SSDA903_COLUMNS, frame


def _rows(rows, code):
    ret = engine.Return(engine.SSDA903, 2025, {"PrevPerm": frame(SSDA903_COLUMNS["PrevPerm"], rows)})
    return sorted(f.row for f in engine.validate(ret, codes=[code]).findings)


def test_631_633_codes_and_a_blank_is_left_to_other_rules():
    rows = [{"CHILD": "A", "PREV_PERM": "P1", "LA_PERM": "886"}, {"CHILD": "B", "PREV_PERM": "P5", "LA_PERM": "123"},
            {"CHILD": "C", "LA_PERM": "wal"}, {"CHILD": "D"}]
    assert _rows(rows, "631") == [1]
    assert _rows(rows, "633") == [1]


def test_635_a_date_or_council_without_the_option():
    rows = [{"CHILD": "A", "LA_PERM": "886"}, {"CHILD": "B", "DATE_PERM": "01/01/2020"}, {"CHILD": "C", "PREV_PERM": "Z1"},
            {"CHILD": "D", "PREV_PERM": "P1", "DATE_PERM": "01/01/2020"}]
    assert _rows(rows, "635") == [0, 1]

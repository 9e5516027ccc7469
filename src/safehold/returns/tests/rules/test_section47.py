"""CIN section 47 rules on small tables."""

from safehold.returns.rules import engine
from safehold.returns.rules.tables import CIN_COLUMNS, frame


def _census(**tables):
    tables.setdefault("Header", [{"ReferenceDate": "2026-03-31"}])
    frames = {name: frame(cols, tables.get(name, []), upper=False) for name, cols in CIN_COLUMNS.items()}
    return engine.Return(engine.CIN, 2025, frames)


def _found(ret, code):
    return sorted((f.table, f.row) for f in engine.validate(ret, codes=[code]).findings)


E = {"LAchildID": "C1", "CINdetailsID": "1"}

def test_8870q_target_date_at_a_weekend():
    ret = _census(Section47=[{**E, "InitialCPCtarget": "2025-09-06"}, {**E, "InitialCPCtarget": "2025-09-08"}])
    assert _found(ret, "8870Q") == [("Section47", 0)]


def test_8740_not_required_false_is_read_as_false_or_0():
    rows = [{**E, "S47ActualStartDate": "2025-03-01", "ICPCnotRequired": v} for v in ("false", "0", "true")]
    assert _found(_census(Section47=rows), "8740") == [("Section47", 0), ("Section47", 1)]


def test_8675q_15_working_days_before_the_census_date():
    # 31 March 2026 less 15 working days counting the 31st: 2026-03-11.
    rows = [{**E, "S47ActualStartDate": day, "ICPCnotRequired": "false"} for day in ("2026-03-11", "2026-03-10")]
    assert _found(_census(Section47=rows), "8675Q") == [("Section47", 1)]

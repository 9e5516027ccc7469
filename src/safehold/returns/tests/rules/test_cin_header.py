"""CIN header rules and the census period read from the header."""

import datetime as dt

from safehold.returns.rules import engine
from safehold.returns.rules.cin.header import census_start, reference_date
from safehold.returns.rules.tables import CIN_COLUMNS, frame


def _census(header):
    frames = {name: frame(cols, [header] if name == "Header" else [], upper=False) for name, cols in CIN_COLUMNS.items()}
    return engine.Return(engine.CIN, 2025, frames)


def _100(header):
    return [(f.table, f.row, f.child) for f in engine.validate(_census(header), codes=["100"]).findings]


def test_100_reference_date_must_be_31_march_of_the_year():
    assert _100({"Year": "2026", "ReferenceDate": "2026-03-31"}) == []
    assert _100({"Year": "2026", "ReferenceDate": "2025-03-31"}) == [("", -1, "")]
    assert _100({"Year": "2026", "ReferenceDate": None}) == [("", -1, "")]
    assert _100({"Year": "2026", "ReferenceDate": "31/03/2026"}) == [("", -1, "")]


def test_the_census_period_comes_from_the_header():
    ret = _census({"Year": "2024", "ReferenceDate": "2024-03-31"})
    assert reference_date(ret) == dt.date(2024, 3, 31)
    assert census_start(ret) == dt.date(2023, 4, 1)
    missing = _census({"Year": "2026"})
    assert (census_start(missing), reference_date(missing)) == (dt.date(2025, 4, 1), dt.date(2026, 3, 31))

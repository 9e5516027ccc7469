"""CIN plan rules on small tables."""

from safehold.returns.rules import engine
from safehold.returns.rules.tables import CIN_COLUMNS, frame

HEADER = {"Collection": "CIN", "Year": "2026", "ReferenceDate": "2026-03-31"}


def _census(**tables):
    tables.setdefault("Header", [HEADER])
    frames = {name: frame(cols, tables.get(name, []), upper=False) for name, cols in CIN_COLUMNS.items()}
    return engine.Return(engine.CIN, 2025, frames)


def _plans(*dates, child="C1", episode="1"):
    return [{"LAchildID": child, "CINdetailsID": episode, "CINPlanStartDate": s, "CINPlanEndDate": e} for s, e in dates]


def _found(ret, code):
    return sorted((f.table, f.row) for f in engine.validate(ret, codes=[code]).findings)


def test_4013_the_census_year_is_inclusive():
    ret = _census(CINplanDates=_plans(("2025-01-01", "2025-03-31"), ("2025-01-01", "2025-04-01"),
                                      ("2025-05-01", "2026-03-31"), ("2025-05-01", "2026-04-01"), ("2025-05-01", None)))
    assert _found(ret, "4013") == [("CINplanDates", 0), ("CINplanDates", 3)]


def test_4014_a_plan_starting_on_anothers_end_overlaps():
    ret = _census(CINplanDates=_plans(("2025-05-01", "2025-06-01"), ("2025-06-01", "2025-07-01"),
                                      ("2025-07-02", None)))
    assert _found(ret, "4014") == [("CINplanDates", 0), ("CINplanDates", 1)]


def test_4016_a_cin_plan_may_start_the_day_a_protection_plan_ends():
    ret = _census(CINplanDates=_plans(("2025-06-01", None), ("2025-05-15", "2025-05-20")),
                  ChildProtectionPlans=[{"LAchildID": "C1", "CINdetailsID": "1", "CPPID": "1",
                                         "CPPstartDate": "2025-05-01", "CPPendDate": "2025-06-01"}])
    assert _found(ret, "4016") == [("CINplanDates", 1), ("ChildProtectionPlans", 0)]


def test_4004_flags_every_plan_of_an_episode_with_two_open():
    ret = _census(CINplanDates=_plans(("2025-05-01", None), ("2025-06-01", None), ("2025-04-01", "2025-04-20"))
                  + _plans(("2025-05-01", None), episode="2"))
    assert _found(ret, "4004") == [("CINplanDates", 0), ("CINplanDates", 1), ("CINplanDates", 2)]

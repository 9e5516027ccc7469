"""CIN protection plan and review rules on small tables."""

from safehold.returns.rules import engine
from safehold.returns.rules.tables import CIN_COLUMNS, frame


def _census(**tables):
    tables.setdefault("Header", [{"ReferenceDate": "2026-03-31"}])
    frames = {name: frame(cols, tables.get(name, []), upper=False) for name, cols in CIN_COLUMNS.items()}
    return engine.Return(engine.CIN, 2025, frames)


def _found(ret, code):
    return sorted((f.table, f.row) for f in engine.validate(ret, codes=[code]).findings)


E = {"LAchildID": "C1", "CINdetailsID": "1"}
P = {**E, "CPPID": "1"}


def test_8935_two_open_plans():
    ret = _census(ChildProtectionPlans=[P, {**P, "CPPID": "2"}, {**P, "CPPID": "3", "CPPendDate": "2025-05-01"}])
    assert _found(ret, "8935") == [("ChildProtectionPlans", 0), ("ChildProtectionPlans", 1)]


def test_2883_more_plans_than_conferences_is_a_finding_on_the_return():
    ret = _census(ChildProtectionPlans=[{**P, "CPPstartDate": "2025-06-01"}],
                  Section47=[{**E, "DateOfInitialCPC": "2025-03-01"}])
    found = engine.validate(ret, codes=["2883"]).findings
    assert [(f.table, f.row, f.child) for f in found] == [("", -1, "")]
    ret = _census(ChildProtectionPlans=[{**P, "CPPstartDate": "2025-06-01"}],
                  Section47=[{**E, "DateOfInitialCPC": "2025-06-01"}])
    assert _found(ret, "2883") == []


def test_8832_a_plan_on_a_no_further_action_referral():
    ret = _census(CINdetails=[{**E, "ReferralNFA": "true"}], ChildProtectionPlans=[P])
    assert _found(ret, "8832") == [("CINdetails", 0), ("ChildProtectionPlans", 0)]


def test_8841_every_review_date_is_checked():
    ret = _census(ChildProtectionPlans=[{**P, "CPPstartDate": "2025-06-01"}],
                  Reviews=[{**P, "CPPreviewDate": "2025-07-01"}, {**P, "CPPreviewDate": "2025-06-01"}])
    assert _found(ret, "8841") == [("ChildProtectionPlans", 0), ("Reviews", 1)]

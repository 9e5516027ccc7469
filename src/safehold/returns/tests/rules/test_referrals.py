"""CIN episode rules on small tables."""

from safehold.returns.rules import engine
from safehold.returns.rules.tables import CIN_COLUMNS, frame


def _census(**tables):
    tables.setdefault("Header", [{"ReferenceDate": "2026-03-31"}])
    frames = {name: frame(cols, tables.get(name, []), upper=False) for name, cols in CIN_COLUMNS.items()}
    return engine.Return(engine.CIN, 2025, frames)


def _found(ret, code):
    return sorted((f.table, f.row) for f in engine.validate(ret, codes=[code]).findings)


E = {"LAchildID": "C1", "CINdetailsID": "1"}

def test_8815_two_open_episodes_that_are_not_no_further_action():
    ret = _census(CINdetails=[{**E, "ReferralNFA": "false"}, {**E, "CINdetailsID": "2", "ReferralNFA": "0"},
                              {**E, "CINdetailsID": "3", "ReferralNFA": "true"},
                              {"LAchildID": "C2", "CINdetailsID": "1", "ReferralNFA": "false"}])
    assert _found(ret, "8815") == [("CINdetails", 0), ("CINdetails", 1)]


def test_8569q_the_threshold_is_the_first_working_day_of_the_year():
    # 1 April 2025 is a Tuesday: a referral on 31 March marked NFA is queried, one on 1 April is not.
    ret = _census(CINdetails=[{**E, "CINreferralDate": "2025-03-31", "ReferralNFA": "true"},
                              {**E, "CINreferralDate": "2025-04-01", "ReferralNFA": "true"}])
    assert _found(ret, "8569Q") == [("CINdetails", 0)]


def test_8565_a_plan_ending_after_the_episode_closed():
    ret = _census(CINdetails=[{**E, "CINclosureDate": "2025-10-01"}],
                  ChildProtectionPlans=[{**E, "CPPID": "1", "CPPendDate": "2025-10-02"},
                                        {**E, "CPPID": "2", "CPPendDate": "2025-10-01"}])
    assert _found(ret, "8565") == [("CINdetails", 0), ("ChildProtectionPlans", 0)]

"""CIN assessment rules on small tables."""

from safehold.returns.rules import engine
from safehold.returns.rules.tables import CIN_COLUMNS, frame


def _census(**tables):
    tables.setdefault("Header", [{"ReferenceDate": "2026-03-31"}])
    frames = {name: frame(cols, tables.get(name, []), upper=False) for name, cols in CIN_COLUMNS.items()}
    return engine.Return(engine.CIN, 2025, frames)


def _found(ret, code):
    return sorted((f.table, f.row) for f in engine.validate(ret, codes=[code]).findings)


E = {"LAchildID": "C1", "CINdetailsID": "1"}
A = {**E, "AssessmentID": "1"}


def test_8670q_45_working_days_counting_the_census_date():
    # 31 March 2026 less 45 working days, counting the 31st as the first (Good Friday and Easter Monday are
    # after it): 2026-01-28. Starting that day is fine; the day before is queried.
    ret = _census(Assessments=[{**A, "AssessmentActualStartDate": "2026-01-28"},
                               {**A, "AssessmentID": "2", "AssessmentActualStartDate": "2026-01-27"}])
    assert _found(ret, "8670Q") == [("Assessments", 1)]


def test_factor_rules():
    ret = _census(Assessments=[A, {**A, "AssessmentID": "2"}, {**A, "AssessmentID": "3",
                                                               "AssessmentAuthorisationDate": "2025-06-01"}],
                  AssessmentFactorsList=[{**A, "AssessmentFactor": "21"}, {**A, "AssessmentFactor": "18A"},
                                         {**A, "AssessmentID": "2", "AssessmentFactor": "19A"},
                                         {**A, "AssessmentID": "2", "AssessmentFactor": "19A"},
                                         {**A, "AssessmentID": "3", "AssessmentFactor": "21"}])
    assert _found(ret, "8869") == [("Assessments", 0)]
    assert _found(ret, "8945Q") == [("Assessments", 0)]
    assert _found(ret, "8950Q") == [("Assessments", 1)]
    assert _found(ret, "8898") == [("Assessments", 1)]
    assert _found(ret, "8614") == [("Assessments", 0), ("Assessments", 1)]

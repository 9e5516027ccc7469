"""The issue's promise: the synthetic county's returns pass the DfE rules with no errors. One county of
1,500 children with five years of history; its 2025-26 SSDA903 and CIN census are each run through
data-to-insight's validator (queries are allowed where the data really is unusual)."""

import datetime as dt

import pytest

from safehold.returns import cin, ssda903
from safehold.returns.validation import validate_cin, validate_ssda903
from safehold.synthetic.county import seed_county

YEAR_END = dt.date(2026, 3, 31)


@pytest.mark.django_db
def test_the_synthetic_countys_2025_26_returns_have_no_errors(tmp_path):
    seed_county(children=1500, seed=11, as_of=dt.date(2026, 11, 28), quiet=True, years=5)

    ssda903.write(YEAR_END, tmp_path / "903")
    result = validate_ssda903(tmp_path / "903", YEAR_END)
    errors = [i for i in result.issues if i.severity == "error"]
    assert errors == [], result.by_code()
    assert ssda903.build(YEAR_END)["oc2"], "the county has children in care all year, so OC2 has rows"

    census = tmp_path / "cin.xml"
    cin.write(YEAR_END, census)
    assert cin.schema_errors(census, YEAR_END) == []
    result = validate_cin(census, YEAR_END)
    errors = [i for i in result.issues if i.severity == "error"]
    assert errors == [], result.by_code()

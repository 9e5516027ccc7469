"""The SSDA903 export checked by the DfE rules (data-to-insight's validator, in its own virtualenv):
the layout and codes Safehold writes raise none of the format rules, and a real data problem on the
record (a review with a participation code that does not fit the child's age) is reported against
the child with its rule code."""

import datetime as dt

import pytest

from safehold.returns import ssda903
from safehold.returns.validation import validate_ssda903, validators_python

from .test_ssda903 import YEAR_END, in_care  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db

# Rules about the file's own layout and code sets: an export bug if any fires.
FORMAT_RULES = {"101", "102", "103", "141", "142", "143", "144", "145", "146", "147", "149", "167", "178", "1009",
                "INT01", "INT02", "INT03", "INT04", "INT05", "INT06", "INT07", "INT08", "INT09", "INT10", "INT11"}


def test_the_validator_is_installed():
    assert validators_python().exists()


def test_an_export_raises_no_format_rule_and_reports_a_real_problem(in_care, tmp_path):  # noqa: F811
    from safehold.care_planning.models import CLAReview

    ssda903.write(YEAR_END, tmp_path)
    result = validate_ssda903(tmp_path, YEAR_END)
    assert not FORMAT_RULES & set(result.by_code()), result.by_code()
    # A review recorded as PN0 for a 12-year-old (bypassing the form's check) is caught as rule 440.
    CLAReview.objects.update(participation="PN0")
    ssda903.write(YEAR_END, tmp_path)
    issues = validate_ssda903(tmp_path, YEAR_END).issues
    assert any(i.code == "440" and i.child == in_care.person_id and i.table == "Reviews" for i in issues), issues
    assert dt.date(2025, 3, 31) == YEAR_END

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


def validators_installed() -> bool:
    try:
        return validators_python().exists()
    except Exception:  # noqa: BLE001 (settings or the folder missing)
        return False

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


@pytest.mark.skipif(not validators_installed(), reason="run `make validators`")
@pytest.mark.parametrize("year_end", [dt.date(2025, 3, 31), dt.date(2026, 3, 31)])
def test_a_child_in_an_unregistered_childrens_home_does_not_fail_rule_218(child, users, tmp_path, year_end):
    """Issue 16: 2024-25 failed rule 218 (URN required) for a child in a children's home that is not
    registered; 2024-25 now reports the placeholder URN, 2025-26 the unregistered code, which needs none."""
    from safehold.children_in_care.models import Placement
    from safehold.children_in_care.tests.helpers import looked_after, unregistered_home

    child.dob = dt.date(2010, 1, 5)
    child.save()
    looked_after(child, users["social_worker"], start=dt.date(2024, 6, 3))
    # A home in the county (a real postcode, so the validator places it in England: rule 218 spares a
    # placement it cannot place, PL_LA blank).
    Placement.objects.filter(person=child).update(provider=unregistered_home(), placement_type="K2",
                                                  provider_code="PR4", urn="", postcode="IP24 1PH",
                                                  home_postcode="IP24 1TJ")
    ssda903.write(year_end, tmp_path)
    [episode] = ssda903.build(year_end)["episodes"]
    assert (episode["PLACE"], episode["URN"]) == (("K2", "XXXXXXX") if year_end.year == 2025 else ("Z12", ""))
    result = validate_ssda903(tmp_path, year_end)
    assert "218" not in result.failed_to_run + result.skipped  # it ran (231, 233 need Ofsted's lists)
    on_child = {i.code for i in result.issues if i.child == child.person_id}
    assert not on_child & {"218", "222", "242", "1008", "221", "224"}, on_child
    if year_end.year == 2025:  # as it was: no URN, and rule 218 fails the child
        from django.test import override_settings

        with override_settings(SAFEHOLD_903_UNREGISTERED_URN=""):
            ssda903.write(year_end, tmp_path)
        issues = validate_ssda903(tmp_path, year_end).issues
        assert any(i.code == "218" and i.child == child.person_id for i in issues)


@pytest.mark.django_db
def test_returns_validate_uses_safeholds_rules_and_the_sectors_on_request(in_care, tmp_path):  # noqa: F811
    """Issue 16.3: `safehold returns validate` runs Safehold's rules by default; `--with dfe-validators` asks the
    sector's validator for a second opinion; both name what checked the file, and both find the same error."""
    import io

    from django.core.management import call_command
    from django.core.management.base import CommandError

    in_care.ethnicity = ""
    in_care.save()
    ssda903.write(YEAR_END, tmp_path)
    for engine_flag, checked_by in ((None, "Checked with Safehold's rules for 2024-25"),
                                    ("dfe-validators", "Checked with the sector's validator")):
        out = io.StringIO()
        args = ["returns", "validate", "ssda903", str(tmp_path), "--period-end", YEAR_END.isoformat()]
        with pytest.raises(CommandError, match="errors"):
            call_command(*args, *(["--with", engine_flag] if engine_flag else []), stdout=out)
        assert checked_by in out.getvalue()
        assert any(line.startswith("103\terror") for line in out.getvalue().splitlines()), out.getvalue()

"""A council's changes to a rule apply from their effective-from date (../shared/domain/timescales.md)."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from safehold.timescales import due_date, due_date_with_rule, rule_in_force
from safehold.timescales.engine import Unit
from safehold.timescales.models import RuleVersion
from safehold.timescales.rules import DEFAULT_RULES
from safehold.timescales.tests.factories import RuleVersionFactory

pytestmark = pytest.mark.django_db


def test_a_local_rule_changed_from_a_date():
    # CP_VISIT goes from 10 to 15 working days from Monday 2026-01-05.
    version = RuleVersionFactory.create(
        code="CP_VISIT", amount=15, unit=Unit.WORKING_DAYS, effective_from=date(2026, 1, 5)
    )
    # Before: 10 working days from Friday 2026-01-02 is Friday 2026-01-16.
    assert due_date("CP_VISIT", date(2026, 1, 2)) == date(2026, 1, 16)
    # On the effective date: 15 working days from Monday 2026-01-05 is Monday 2026-01-26.
    due, rule, version_id = due_date_with_rule("CP_VISIT", date(2026, 1, 5))
    assert due == date(2026, 1, 26)
    assert rule.amount == 15
    assert version_id == version.pk
    # After: 15 working days from Friday 2026-01-09 is Friday 2026-01-30.
    assert due_date("CP_VISIT", date(2026, 1, 9)) == date(2026, 1, 30)


def test_the_latest_version_in_force_wins_and_future_versions_wait():
    RuleVersionFactory(code="SUPERVISION", amount=6, unit=Unit.WEEKS, effective_from=date(2025, 1, 1))
    RuleVersionFactory(code="SUPERVISION", amount=4, unit=Unit.WEEKS, effective_from=date(2026, 1, 1))
    assert rule_in_force("SUPERVISION", date(2024, 12, 31)) == DEFAULT_RULES["SUPERVISION"]
    assert rule_in_force("SUPERVISION", date(2025, 6, 1)).amount == 6
    assert rule_in_force("SUPERVISION", date(2026, 1, 1)).amount == 4
    # 4 weeks from 2026-01-31 is 2026-02-28; 6 weeks from 2025-06-01 is 2025-07-13.
    assert due_date("SUPERVISION", date(2026, 1, 31)) == date(2026, 2, 28)
    assert due_date("SUPERVISION", date(2025, 6, 1)) == date(2025, 7, 13)


def test_a_version_keeps_the_rest_of_the_rule():
    RuleVersionFactory(
        code="MANAGEMENT_OVERSIGHT", amount=20, unit=Unit.WORKING_DAYS, effective_from=date(2025, 1, 1)
    )
    rule = rule_in_force("MANAGEMENT_OVERSIGHT", date(2025, 12, 19))
    default = DEFAULT_RULES["MANAGEMENT_OVERSIGHT"]
    assert (rule.amount, rule.unit) == (20, Unit.WORKING_DAYS)
    assert (rule.code, rule.source, rule.kind, rule.starts) == (
        default.code,
        default.source,
        default.kind,
        default.starts,
    )


def test_versions_of_other_rules_do_not_apply():
    RuleVersionFactory(
        code="CP_VISIT", amount=15, unit=Unit.WORKING_DAYS, effective_from=date(2020, 1, 1)
    )
    assert due_date("CORE_GROUP_FIRST", date(2026, 3, 26)) == date(2026, 4, 13)


def test_non_local_rule_needs_a_reason():
    version = RuleVersion(
        code="ASSESSMENT", amount=40, unit=Unit.WORKING_DAYS, effective_from=date(2027, 1, 1)
    )
    with pytest.raises(ValidationError) as exc:
        version.full_clean()
    assert "note" in exc.value.message_dict
    assert "guidance" in exc.value.message_dict["note"][0]
    version.note = "Working Together 2027 reduced the limit to 40 working days."
    version.full_clean()


def test_local_rule_needs_no_reason():
    version = RuleVersion(code="CP_VISIT", amount=15, unit=Unit.WORKING_DAYS, effective_from=date(2027, 1, 1))
    version.full_clean()


@pytest.mark.parametrize(
    "code, unit",
    [("RETURN_INTERVIEW", Unit.WORKING_DAYS), ("SUPERVISION", Unit.HOURS)],
)
def test_unit_cannot_switch_between_hours_and_days(code, unit):
    version = RuleVersion(code=code, amount=3, unit=unit, effective_from=date(2027, 1, 1), note="Changed.")
    with pytest.raises(ValidationError) as exc:
        version.full_clean()
    assert "unit" in exc.value.message_dict


def test_amount_must_be_positive():
    version = RuleVersion(code="CP_VISIT", amount=0, unit=Unit.WORKING_DAYS, effective_from=date(2027, 1, 1))
    with pytest.raises(ValidationError) as exc:
        version.full_clean()
    assert "amount" in exc.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        version.save()


def test_one_version_per_rule_per_date():
    RuleVersionFactory(
        code="CP_VISIT", amount=15, unit=Unit.WORKING_DAYS, effective_from=date(2027, 1, 1)
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        RuleVersionFactory(
            code="CP_VISIT", amount=12, unit=Unit.WORKING_DAYS, effective_from=date(2027, 1, 1)
        )


def test_str():
    version = RuleVersion(code="CP_VISIT", amount=15, unit=Unit.WORKING_DAYS, effective_from=date(2027, 1, 1))
    assert str(version) == "CP_VISIT: 15 working days from 2027-01-01"


def test_many_due_dates_at_once_are_those_worked_out_one_at_a_time(django_assert_num_queries):
    """A list page works out its rows' due dates together (one query): each is what due_date() gives."""
    from safehold.timescales import due_dates

    RuleVersionFactory(code="CP_VISIT", amount=15, unit=Unit.WORKING_DAYS, effective_from=date(2026, 1, 5))
    RuleVersionFactory(code="RETURN_INTERVIEW", amount=48, unit=Unit.HOURS, effective_from=date(2026, 1, 5))
    starts = [date(2026, 1, 2), date(2026, 1, 5), date(2026, 1, 9), date(2025, 12, 24)]
    for code in ("CP_VISIT", "RETURN_INTERVIEW", "CONTACT_DECISION"):  # changed, hours, as the table says
        with django_assert_num_queries(1):
            together = due_dates(code, starts)
        assert together == {start: due_date(code, start) for start in starts}

"""Every rule in ../shared/domain/timescales.md, with a hand-computed due date for each.

Weekdays: 2025-12-19 Fri, 2025-12-20 Sat, 2025-12-15 Mon, 2026-03-26 Thu, 2026-04-24 Fri,
2022-09-05 Mon, 2023-04-24 Mon, 2025-11-27 Thu, 2025-12-18 Thu, 2025-12-29 Mon.
"""

import re
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from safehold.timescales import due_date, due_date_with_rule, rule_in_force
from safehold.timescales.engine import Unit
from safehold.timescales.rules import DEFAULT_RULES, Kind, get_default_rule

TIMESCALES_MD = Path(__file__).resolve().parents[4].parent / "shared" / "domain" / "timescales.md"

ALL_CODES = [
    "CONTACT_DECISION",
    "ASSESSMENT",
    "ICPC",
    "RCPC_FIRST",
    "RCPC_NEXT",
    "CORE_GROUP_FIRST",
    "CP_VISIT",
    "CLA_REVIEW_FIRST",
    "CLA_REVIEW_SECOND",
    "CLA_REVIEW_NEXT",
    "CLA_VISIT_FIRST",
    "CLA_VISIT",
    "CLA_VISIT_LONG_TERM",
    "CLA_VISIT_WEEKLY",
    "HEALTH_ASSESSMENT_INITIAL",
    "HEALTH_ASSESSMENT_UNDER5",
    "HEALTH_ASSESSMENT",
    "PEP_INITIAL",
    "RETURN_INTERVIEW",
    "PATHWAY_PLAN_REVIEW",
    "PA_VISIT_NEW_HOME",
    "PA_CONTACT",
    "SUPERVISION",
    "MANAGEMENT_OVERSIGHT",
]
# Not rows of timescales.md's table (rules.py _SUPPLEMENTARY says where each comes from).
SUPPLEMENTARY = ["CLA_VISIT_FOUR_WEEKLY", "PERMANENCE_PLAN", "DENTAL_CHECK", "PEP_REVIEW", "IRO_CONTACT"]

HAND_COMPUTED = [
    # 1 working day: the Friday and Saturday examples in timescales.md.
    ("CONTACT_DECISION", date(2025, 12, 19), date(2025, 12, 22)),
    ("CONTACT_DECISION", date(2025, 12, 20), date(2025, 12, 22)),
    ("CONTACT_DECISION", date(2025, 12, 24), date(2025, 12, 29)),  # Christmas and Boxing Day
    # 45 working days: 3 in Dec 22-24, 3 in Dec 29-31, Jan 2, 4 full weeks, then Feb 2-25.
    ("ASSESSMENT", date(2025, 12, 19), date(2026, 2, 25)),
    # 15 working days: Dec 16-19, 22-24, 29-31, Jan 2, Jan 5-8.
    ("ICPC", date(2025, 12, 15), date(2026, 1, 8)),
    ("RCPC_FIRST", date(2025, 11, 30), date(2026, 2, 28)),  # 30 Feb does not exist
    ("RCPC_NEXT", date(2025, 8, 31), date(2026, 2, 28)),  # the example in timescales.md
    # 10 working days across Easter: Mar 27, Mar 30-Apr 2, (Apr 3 and 6 holidays), Apr 7-10, Apr 13.
    ("CORE_GROUP_FIRST", date(2026, 3, 26), date(2026, 4, 13)),
    # 10 working days across early May: Apr 27-May 1, (May 4 holiday), May 5-8, May 11.
    ("CP_VISIT", date(2026, 4, 24), date(2026, 5, 11)),
    # 20 working days across the state funeral: Sep 6-9, 12-16, (19), 20-23, 26-30, Oct 3-4.
    ("CLA_REVIEW_FIRST", date(2022, 9, 5), date(2022, 10, 4)),
    ("CLA_REVIEW_SECOND", date(2026, 4, 3), date(2026, 7, 3)),  # no adjustment for Good Friday
    ("CLA_REVIEW_NEXT", date(2023, 8, 31), date(2024, 2, 29)),  # leap year
    ("CLA_VISIT_FIRST", date(2025, 12, 20), date(2025, 12, 27)),  # due on a Saturday: no adjustment
    ("CLA_VISIT", date(2025, 11, 27), date(2026, 1, 8)),  # 42 days across the year end
    ("CLA_VISIT_LONG_TERM", date(2025, 10, 15), date(2026, 1, 15)),
    ("CLA_VISIT_WEEKLY", date(2025, 12, 18), date(2025, 12, 25)),  # due on Christmas Day
    # 20 working days across early May and the coronation: Apr 25-28, (May 1), May 2-5, (May 8),
    # May 9-12, 15-19, 22-24.
    ("HEALTH_ASSESSMENT_INITIAL", date(2023, 4, 24), date(2023, 5, 24)),
    ("HEALTH_ASSESSMENT_UNDER5", date(2025, 12, 31), date(2026, 6, 30)),
    ("HEALTH_ASSESSMENT", date(2024, 2, 29), date(2025, 2, 28)),
    # 20 working days from a Saturday: Dec 22-24, 29-31, Jan 2, Jan 5-9, 12-16, 19-21.
    ("PEP_INITIAL", date(2025, 12, 20), date(2026, 1, 21)),
    ("RETURN_INTERVIEW", datetime(2025, 12, 19, 17, 30), datetime(2025, 12, 22, 17, 30)),
    ("RETURN_INTERVIEW", date(2025, 12, 31), datetime(2026, 1, 3, 0, 0)),  # a date alone is midnight
    ("PATHWAY_PLAN_REVIEW", date(2025, 6, 30), date(2025, 12, 30)),
    ("PA_VISIT_NEW_HOME", date(2025, 12, 29), date(2026, 1, 5)),
    ("PA_CONTACT", date(2025, 12, 31), date(2026, 2, 28)),
    ("SUPERVISION", date(2024, 1, 31), date(2024, 2, 29)),
    ("SUPERVISION", date(2026, 1, 31), date(2026, 2, 28)),
    ("MANAGEMENT_OVERSIGHT", date(2025, 12, 25), date(2026, 3, 25)),
    ("CLA_VISIT_FOUR_WEEKLY", date(2025, 12, 4), date(2026, 1, 1)),  # due on New Year's Day: no adjustment
    ("PERMANENCE_PLAN", date(2025, 11, 30), date(2026, 2, 28)),  # with the second review
    ("DENTAL_CHECK", date(2025, 8, 31), date(2026, 2, 28)),
    ("PEP_REVIEW", date(2025, 10, 31), date(2026, 2, 28)),
    ("IRO_CONTACT", date(2025, 12, 25), date(2026, 3, 25)),
]


def test_default_rules_hold_exactly_the_codes_in_the_table():
    assert list(DEFAULT_RULES) == ALL_CODES + SUPPLEMENTARY


def test_every_code_has_a_hand_computed_case():
    assert {code for code, _, _ in HAND_COMPUTED} == set(ALL_CODES + SUPPLEMENTARY)


@pytest.mark.django_db
@pytest.mark.parametrize("code, start, expected", HAND_COMPUTED)
def test_due_date(code, start, expected):
    assert due_date(code, start) == expected


@pytest.mark.skipif(not TIMESCALES_MD.exists(), reason="the shared domain folder is not present")
def test_limits_match_timescales_md():
    rows = re.findall(r"^\| `([A-Z0-9_]+)` \|[^|]*\|[^|]*\| ([^|]+?) \|", TIMESCALES_MD.read_text(), re.M)
    assert [code for code, _ in rows] == ALL_CODES
    assert {code: limit for code, limit in rows} == {code: DEFAULT_RULES[code].limit for code in ALL_CODES}
    assert not set(SUPPLEMENTARY) & {code for code, _ in rows}


def test_local_rules_are_those_marked_local():
    local = {code for code, rule in DEFAULT_RULES.items() if rule.kind is Kind.LOCAL}
    assert local == {"CORE_GROUP_FIRST", "CP_VISIT", "PEP_INITIAL", "SUPERVISION", "MANAGEMENT_OVERSIGHT",
                     "DENTAL_CHECK", "PEP_REVIEW", "IRO_CONTACT"}


def test_confirmed_rules_are_those_marked_confirmed():
    confirmed = {code for code, rule in DEFAULT_RULES.items() if rule.confirmed}
    assert confirmed == {
        "ASSESSMENT",
        "ICPC",
        "CLA_VISIT_FIRST",
        "CLA_VISIT",
        "CLA_VISIT_LONG_TERM",
        "CLA_VISIT_WEEKLY",
        "CLA_VISIT_FOUR_WEEKLY",
        "SUPERVISION",
        "MANAGEMENT_OVERSIGHT",
    }
    assert all(rule.note for rule in DEFAULT_RULES.values() if not rule.confirmed)


def test_rules_are_frozen():
    with pytest.raises(AttributeError):
        setattr(DEFAULT_RULES["ASSESSMENT"], "amount", 50)  # noqa: B010 (a frozen rule refuses it)


def test_unknown_code_is_a_value_error_listing_known_codes():
    expected = r"Unknown timescale rule code 'NOPE'.*ASSESSMENT.*MANAGEMENT_OVERSIGHT"
    with pytest.raises(ValueError, match=expected):
        get_default_rule("NOPE")


@pytest.mark.django_db
def test_due_date_unknown_code():
    with pytest.raises(ValueError, match="known codes: CONTACT_DECISION"):
        due_date("NOPE", date(2025, 12, 19))


@pytest.mark.django_db
def test_due_date_with_rule_reports_the_default_when_nothing_changed():
    due, rule, version_id = due_date_with_rule("ASSESSMENT", date(2025, 12, 19))
    assert due == date(2026, 2, 25)
    assert rule == DEFAULT_RULES["ASSESSMENT"]
    assert version_id is None
    assert rule_in_force("ASSESSMENT", date(2025, 12, 19)) == DEFAULT_RULES["ASSESSMENT"]


@pytest.mark.django_db
def test_aware_start_counts_from_its_london_date():
    # 23:30 UTC on Tuesday 30 June 2026 is 00:30 BST on Wednesday 1 July.
    from datetime import timezone

    start = datetime(2026, 6, 30, 23, 30, tzinfo=timezone.utc)
    assert due_date("CONTACT_DECISION", start) == date(2026, 7, 2)


@pytest.mark.django_db
def test_aware_start_for_an_hours_rule_stays_a_datetime():
    from zoneinfo import ZoneInfo

    start = datetime(2026, 3, 27, 12, 0, tzinfo=ZoneInfo("Europe/London"))
    due = due_date("RETURN_INTERVIEW", start)
    # 72 elapsed hours: noon GMT on Friday is noon UTC on Monday, 13:00 BST after the clocks change.
    assert due == datetime(2026, 3, 30, 12, 0, tzinfo=ZoneInfo("UTC"))


def test_overrides_off_needs_no_database():
    _, rule, version_id = due_date_with_rule("CLA_VISIT", date(2025, 11, 27), overrides=False)
    assert (rule.amount, rule.unit, version_id) == (6, Unit.WEEKS, None)


def test_due_date_rejects_a_non_date_start():
    with pytest.raises(TypeError, match="date or datetime"):
        not_a_date: Any = "2025-11-27"  # wrong on purpose: the check at run time
        due_date_with_rule("CLA_VISIT", not_a_date, overrides=False)

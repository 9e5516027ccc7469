"""`safehold due RULE_CODE YYYY-MM-DD`, the public check in ../shared/domain/timescales.md."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connections

from safehold.timescales.engine import Unit
from safehold.timescales.management.commands.due import Command
from safehold.timescales.tests.factories import RuleVersionFactory

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("due", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.mark.parametrize(
    "code, start, expected",
    [
        ("ASSESSMENT", "2025-12-19", "2026-02-25"),
        ("CONTACT_DECISION", "2025-12-19", "2025-12-22"),
        ("CONTACT_DECISION", "2025-12-20", "2025-12-22"),
        ("RCPC_NEXT", "2025-08-31", "2026-02-28"),
        ("CLA_VISIT", "2025-11-27", "2026-01-08"),
        ("RETURN_INTERVIEW", "2025-12-19T17:30", "2025-12-22T17:30"),
        ("RETURN_INTERVIEW", "2025-12-31", "2026-01-03T00:00"),
    ],
)
def test_prints_exactly_the_due_date(code, start, expected):
    assert run(code, start) == expected + "\n"


def test_explain():
    out = run("ICPC", "2025-12-15", "--explain")
    lines = out.splitlines()
    assert lines[0] == "2026-01-08"
    assert "Rule:    ICPC" in lines
    assert "Unit:    working_days" in lines
    assert "Amount:  15" in lines
    assert any(line.startswith("Source:  Working Together to Safeguard Children 2023") for line in lines)
    assert "Version: default (no local change)" in lines


def test_explain_names_the_version_in_force():
    version = RuleVersionFactory.create(
        code="CP_VISIT",
        amount=15,
        unit=Unit.WORKING_DAYS,
        effective_from=date(2026, 1, 5),
        note="Local standard revised.",
    )
    out = run("CP_VISIT", "2026-01-05", "--explain")
    assert out.splitlines()[0] == "2026-01-26"
    assert f"Version: RuleVersion {version.pk}" in out
    assert "effective from 2026-01-05, replacing the default of 10 working days" in out
    assert "Local standard revised." in out
    assert run("CP_VISIT", "2026-01-02") == "2026-01-16\n"


def test_unknown_rule_code():
    expected = r"Unknown rule code 'NOPE'\. Known codes: CONTACT_DECISION, ASSESSMENT"
    with pytest.raises(CommandError, match=expected):
        run("NOPE", "2025-12-19")


@pytest.mark.parametrize(
    "start, message",
    [
        ("2025-13-01", "month must be in 1..12"),
        ("2025-02-30", "day is out of range for month"),
        ("19/12/2025", "expected YYYY-MM-DD"),
        ("20251219", "expected YYYY-MM-DD"),
        ("2025-12-19T25:00", "hour must be in 0..23"),
        ("", "expected YYYY-MM-DD"),
    ],
)
def test_bad_date(start, message):
    with pytest.raises(CommandError, match=f"Invalid start date '{start}'.*{message}"):
        run("ASSESSMENT", start)


def test_a_time_for_a_date_rule_is_refused():
    with pytest.raises(CommandError, match="ASSESSMENT is counted in working days.*YYYY-MM-DD"):
        run("ASSESSMENT", "2025-12-19T09:00")


def test_errors_exit_non_zero(capsys):
    with pytest.raises(SystemExit) as exc:
        Command().run_from_argv(["safehold", "due", "NOPE", "2025-12-19"])
    assert exc.value.code == 1
    assert "Unknown rule code 'NOPE'" in capsys.readouterr().err


def test_unmigrated_database_falls_back_to_the_defaults(monkeypatch):
    RuleVersionFactory(
        code="CP_VISIT", amount=15, unit=Unit.WORKING_DAYS, effective_from=date(2020, 1, 1)
    )
    monkeypatch.setattr(connections["default"].introspection, "table_names", lambda *a, **k: [])
    out, err = StringIO(), StringIO()
    call_command("due", "CP_VISIT", "2026-04-24", stdout=out, stderr=err)
    assert out.getvalue() == "2026-05-11\n"
    assert "run `safehold migrate`" in err.getvalue()

"""The rule registry itself: every rule says what to do in a worker's words, CIN queries are the codes the DfE
marks Q, the years of a rule's versions do not overlap, and a year's changes are named."""

import polars as pl
import pytest

from safehold.returns.rules import engine
from safehold.returns.rules.tables import SSDA903_COLUMNS, frame


@pytest.mark.parametrize("collection", [engine.CIN, engine.SSDA903])
def test_every_rule_says_what_to_do_and_reads_named_fields(collection):
    for rule in engine.all_rules(collection):
        assert rule.says, f"{collection} {rule.code} has no words for the worker"
        assert rule.severity in (engine.ERROR, engine.QUERY)
        assert rule.first_year >= engine.FIRST_YEAR
        if collection == engine.CIN:
            assert (rule.severity == engine.QUERY) == rule.code.endswith("Q"), rule.code


def test_a_years_changes_are_the_rules_added_changed_and_removed():
    changes = engine.changes(engine.SSDA903, 2025)
    assert "SW10aSTG2" in {r.code for r in changes.added}
    assert "SW01aSTG1" in {r.code for r in changes.removed}
    assert "SW02STG1" in {r.code for r in changes.changed}
    assert {r.code for r in engine.changes(engine.SSDA903, 2026).added} >= {"700", "710"}  # DoLo from 2026-27


def test_a_rule_registered_twice_for_the_same_years_is_refused():
    with pytest.raises(ValueError, match="registered twice"):
        engine.ssda903_rule("103", message="again", table="Header")(lambda ret: pl.lit(False))


def test_a_rule_passes_over_a_table_the_return_does_not_have():
    ret = engine.Return(engine.SSDA903, 2025, {"Header": frame(SSDA903_COLUMNS["Header"], [])})
    outcome = engine.validate(ret)
    assert "103" in outcome.ran and "SW06STG2" in outcome.skipped

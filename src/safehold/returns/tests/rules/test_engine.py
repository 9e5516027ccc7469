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


def test_rules_run_side_by_side_find_what_they_find_one_at_a_time(monkeypatch):
    """The rules run in threads (engine.RULE_THREADS); the findings are the same as running them in turn, and
    what several rules share (the children looked after for 12 months) is worked out once."""
    from pathlib import Path

    from safehold.returns.rules.tables import ssda903_from_folder

    ret = ssda903_from_folder(Path(__file__).parent / "data" / "county-903-2025-26", year=2025)
    # Broken on purpose: some children with no ethnicity, some episodes with no start date.
    ret.tables["Header"] = ret["Header"].with_columns(
        pl.when(pl.col("_row") % 7 == 0).then(None).otherwise(pl.col("ETHNIC")).alias("ETHNIC"))
    ret.tables["Episodes"] = ret["Episodes"].with_columns(
        pl.when(pl.col("_row") % 11 == 0).then(None).otherwise(pl.col("DECOM")).alias("DECOM"))
    built = []
    real = engine.Return.shared

    def counted(self, name, build):
        return real(self, name, lambda r: built.append(name) or build(r))

    monkeypatch.setattr(engine.Return, "shared", counted)
    together = engine.validate(ret)
    assert built.count("looked_after_12_months") == 1
    assert len({f.code for f in together.findings}) > 3
    monkeypatch.setattr(engine, "RULE_THREADS", 1)
    in_turn = engine.validate(ret)
    assert together.findings == in_turn.findings and together.ran == in_turn.ran


def test_a_csv_table_reads_the_same_whether_polars_or_the_csv_module_reads_it(tmp_path):
    """SSDA903 CSVs are read by polars; a file polars would read differently (a blank line, which the sector's
    validator skips) is read row by row. Either way the table is the same: trimmed, capitals, blank as null."""
    from safehold.returns.rules.tables import ssda903_from_folder

    header = ",".join(SSDA903_COLUMNS["Header"])
    cells = ["C1", " 1 ", "01/02/2010", "wbri", "", "", ""][: len(SSDA903_COLUMNS["Header"])]
    row = ",".join(cells + [""] * (len(SSDA903_COLUMNS["Header"]) - len(cells)))
    fast, slow = tmp_path / "fast", tmp_path / "slow"
    fast.mkdir()
    slow.mkdir()
    (fast / "header.csv").write_text(f"\ufeff{header}\n{row}\n{row.replace('C1', 'C2')}\n")
    (slow / "header.csv").write_text(f"{header}\n{row}\n\n{row.replace('C1', 'C2')}\n")
    a = ssda903_from_folder(fast, year=2025)["Header"]
    b = ssda903_from_folder(slow, year=2025)["Header"]
    assert a.equals(b)
    assert a.get_column("CHILD").to_list() == ["C1", "C2"] and a.get_column("_row").to_list() == [0, 1]
    assert a.row(0, named=True)["SEX"] == "1"  # trimmed
    assert a.row(0, named=True)["UPN"] is None  # blank is null


def test_a_rule_is_known_to_read_what_it_reads_through_what_rules_share():
    """The check after a save reruns a rule only when something it read changed (returns/record.py): a rule that
    reads the episodes through a result several rules share (the children looked after for 12 months) read the
    episodes and the day, whichever rule worked the result out."""
    import datetime as dt

    from safehold.returns.rules.tables import ssda903_from_rows

    episodes = [{"CHILD": "C1", "DECOM": "01/04/2023", "RNE": "S", "LS": "C2", "PLACE": "U1", "PL_POST": "AB1 2CD"}]
    oc2 = [{"CHILD": "C1", "DOB": "01/01/2010", "CONVICTED": "", "HEALTH_CHECK": "1", "SDQ_SCORE": "12"}]
    ret = ssda903_from_rows({"Header": [{"CHILD": "C1", "DOB": "01/01/2010", "SEX": "1", "ETHNIC": "WBRI"}],
                             "Episodes": episodes, "OC2": oc2}, year=2025)
    ret.as_at = dt.date(2026, 3, 31)
    sharing = ("543", "546", "185", "198")  # all read looked_after_12_months (rules/ssda903/common.py)
    outcome = engine.validate(ret, codes=sharing)
    assert "543" in {f.code for f in outcome.findings}  # aged over 10, in care all year, conviction blank
    for code in sharing:
        assert {"OC2", "Episodes", engine.AS_AT} <= outcome.reads[code], code
    # An expression rule on one table reads that table only.
    assert engine.validate(ret, codes=["103"]).reads["103"] == {"Header"}

"""Formula injection (issue 15.5): a value typed into Safehold that starts like a formula is written to
every spreadsheet export as text, never as a live formula."""

import csv
import datetime as dt

import openpyxl
import pytest

from safehold.core.spreadsheets import safe_cell

HOSTILE = ["=1+2", "+1+2", "-2+3", "@SUM(A1:A2)", "=HYPERLINK(\"http://example.invalid\",\"x\")", "\t=1"]


@pytest.mark.parametrize("value", HOSTILE)
def test_a_formula_is_written_as_text(value):
    assert safe_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["Oak House", "PE30 1AB", "", None, 12, -3, 2.5, dt.date(2025, 3, 31)])
def test_ordinary_values_are_left_alone(value):
    assert safe_cell(value) == value


def test_annex_a_writes_hostile_text_as_text(tmp_path, monkeypatch, db):
    from safehold.returns import annex_a

    first = next(iter(annex_a.COLUMNS))
    width = len(annex_a.COLUMNS[first])
    monkeypatch.setattr(annex_a, "build", lambda as_at, months=None: {
        name: ([["=1+2", "@SUM(A1)"] + [""] * (width - 2)] if name == first else []) for name in annex_a.COLUMNS})
    path = tmp_path / "annex.xlsx"
    annex_a.write(dt.date(2026, 3, 31), path)
    ws = openpyxl.load_workbook(path)[first]
    assert (ws["A2"].value, ws["A2"].data_type) == ("'=1+2", "s")
    assert ws["B2"].value == "'@SUM(A1)"


def test_the_903_tables_write_hostile_text_as_text(tmp_path, monkeypatch, db):
    from safehold.returns import ssda903

    year = dt.date(2026, 3, 31)
    names = list(ssda903.tables_for_year(year))
    table = names[0]
    row = {c: "" for c in ssda903.COLUMNS[table]}
    row[ssda903.COLUMNS[table][0]] = "=1+2"
    monkeypatch.setattr(ssda903, "build", lambda period_end: {n: ([row] if n == table else []) for n in names})
    ssda903.write(year, tmp_path)
    with (tmp_path / f"{table}.csv").open() as fh:
        assert next(csv.DictReader(fh))[ssda903.COLUMNS[table][0]] == "'=1+2"

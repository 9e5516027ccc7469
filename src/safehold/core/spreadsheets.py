"""Cells written to CSV and Excel files that people open in a spreadsheet (issue 15.5).

A text cell that starts with =, +, -, @ (or a tab or carriage return) is read by Excel and LibreOffice
as a formula: a value typed into Safehold could run as one on an analyst's machine (OWASP "CSV
injection"). Such text is written with a leading apostrophe, which spreadsheets show as text. Numbers,
dates and empty cells are left alone."""

from __future__ import annotations

from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value

"""Breaks for the CIN census identifier rules (returns/rules/cin/identifiers.py).

8500 (LA child ID missing) has no break here: the sector's validator stops with an error on a file where a child
has no LAchildID, so it cannot be the oracle for it; test_identifiers.py checks it."""

from .broken import break_cin  # noqa: F401

"""Breaks for the CIN census header rules (returns/rules/cin/header.py).

100 (reference date incorrect) has no break: a break changes one child, not the return's header;
test_cin_header.py checks it."""

from .broken import break_cin  # noqa: F401

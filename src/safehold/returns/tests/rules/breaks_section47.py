"""Breaks for the CIN section 47 rules (returns/rules/cin/section47.py).

No break for 8870Q (target date at a weekend): the sector's validator reads the target date as dd-mm-yyyy, so a
census date (yyyy-mm-dd) never parses and it reports nothing; test_section47.py checks it."""

import copy

from .breaks_referrals import cin, close, put
from .broken import break_cin


def s47(child):
    return cin(child).find("Section47")


def second_enquiry(child, start: str, conference: str | None):
    new = copy.deepcopy(s47(child))
    put(new, "S47ActualStartDate", start)
    put(new, "DateOfInitialCPC", conference)
    s47(child).addnext(new)


@break_cin("1104")
def _1104(child):
    put(s47(child), "DateOfInitialCPC", "2025-07-01")


@break_cin("2884")
def _2884(child):
    put(cin(child), "DateOfInitialCPC", "2025-09-12")


@break_cin("2889")
def _2889(child):
    put(s47(child), "S47ActualStartDate", "2025-07-01")


@break_cin("8615")
def _8615(child):
    put(s47(child), "S47ActualStartDate", None)


@break_cin("8675Q")
def _8675q(child):
    put(s47(child), "DateOfInitialCPC", None)


@break_cin("8715")
def _8715(child):
    put(s47(child), "DateOfInitialCPC", "2026-05-01")


@break_cin("8740")
def _8740(child):
    put(s47(child), "S47ActualStartDate", "2025-03-01")
    put(s47(child), "DateOfInitialCPC", None)
    put(s47(child), "ICPCnotRequired", "0")


@break_cin("8839")
def _8839(child):
    put(s47(child), "DateOfInitialCPC", None)
    second_enquiry(child, "2025-09-01", None)


@break_cin("8868")
def _8868(child):
    put(s47(child), "DateOfInitialCPC", None)
    close(child)


@break_cin("8875")
def _8875(child):
    put(s47(child), "DateOfInitialCPC", "2025-09-13")


@break_cin("8890")
def _8890(child):
    second_enquiry(child, "2025-08-20", None)

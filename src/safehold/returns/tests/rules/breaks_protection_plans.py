"""Breaks for the CIN protection plan and review rules (returns/rules/cin/protection_plans.py).

No break for 2883 (more plans than conferences): it is a finding on the whole return, on no child, so a broken
child cannot carry it; nor for 8935 (more than one open plan): the sector's validator never reports it (it fills
blank end dates with 1 and asks for more than 1); nor for 8832 (a plan on a referral with no further action),
which it does not report either. test_protection_plans.py checks them."""

import copy

from lxml import etree

from .breaks_referrals import cin, put
from .broken import break_cin


def cpp(child):
    return cin(child).find("ChildProtectionPlans")


@break_cin("1105")
def _1105(child):
    put(cpp(child), "CPPstartDate", "2025-07-01")


@break_cin("2885")
def _2885(child):
    put(cpp(child), "CPPstartDate", "2025-09-15")


@break_cin("4003")
def _4003(child):
    put(cpp(child), "CPPendDate", "2026-02-01")
    plan = etree.Element("CINPlanDates")
    put(plan, "CINPlanStartDate", "2025-12-01")
    put(plan, "CINPlanEndDate", "2026-01-01")
    cpp(child).addprevious(plan)


@break_cin("8720")
def _8720(child):
    put(cpp(child), "CPPstartDate", "2026-05-01")


@break_cin("8730")
def _8730(child):
    put(cpp(child), "NumberOfPreviousCPP", None)


@break_cin("8840")
def _8840(child):
    put(cpp(child), "CPPendDate", "2025-09-12")


@break_cin("8841")
def _8841(child):
    cpp(child).find("Reviews/CPPreviewDate").text = "2025-09-12"


@break_cin("8842Q")
def _8842q(child):
    cpp(child).find("Reviews/CPPreviewDate").text = None


@break_cin("8905")
def _8905(child):
    put(cpp(child), "InitialCategoryOfAbuse", "XYZ")


@break_cin("8910")
def _8910(child):
    put(cpp(child), "LatestCategoryOfAbuse", "XYZ")


@break_cin("8915")
def _8915(child):
    put(child.find("ChildIdentifiers"), "PersonDeathDate", "2025-09-01")


@break_cin("8920")
def _8920(child):
    put(child.find("ChildIdentifiers"), "PersonDeathDate", "2025-12-20")
    put(cpp(child), "CPPendDate", "2026-01-01")


@break_cin("8925")
def _8925(child):
    put(cpp(child), "CPPendDate", "2025-09-01")


@break_cin("8930")
def _8930(child):
    put(cpp(child), "CPPendDate", "2026-05-01")


@break_cin("8940")
def _8940(child):
    new = copy.deepcopy(cpp(child))
    put(new, "CPPstartDate", "2025-10-01")
    put(cpp(child), "CPPendDate", "2025-11-01")  # one plan open only (8935)
    cpp(child).addnext(new)

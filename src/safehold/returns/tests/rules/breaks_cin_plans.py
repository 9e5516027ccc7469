"""Breaks for the CIN census CIN plan rules (returns/rules/cin/cin_plans.py). The base child's episode was
referred on 2025-07-28 and has a child protection plan open from 2025-09-12; the census ends 2026-03-31."""

from lxml import etree

from .broken import break_cin


def _plan(child, start: str | None, end: str | None = None) -> None:
    """Add a CIN plan to the child's (first) episode."""
    plan = etree.SubElement(child.find("CINdetails"), "CINPlanDates")
    if start is not None:
        etree.SubElement(plan, "CINPlanStartDate").text = start
    if end is not None:
        etree.SubElement(plan, "CINPlanEndDate").text = end


def _died(child, day: str) -> None:
    etree.SubElement(child.find("ChildIdentifiers"), "PersonDeathDate").text = day


@break_cin("4000")
def _4000(child):
    _plan(child, "2025-08-01", "2025-09-01")
    child.find("CINdetails/ReferralNFA").text = "true"


@break_cin("4001")
def _4001(child):
    _plan(child, "2025-10-01")


@break_cin("4004")
def _4004(child):
    _plan(child, "2025-08-01")
    _plan(child, "2025-08-15")


@break_cin("4008")
def _4008(child):
    _died(child, "2025-10-01")
    _plan(child, "2025-11-01", "2025-11-20")


@break_cin("4009Q")
def _4009q(child):
    _died(child, "2025-10-01")
    _plan(child, "2025-08-01", "2025-11-01")


@break_cin("4010")
def _4010(child):
    _plan(child, None, "2025-08-20")


@break_cin("4011")
def _4011(child):
    _plan(child, "2025-08-20", "2025-08-10")


@break_cin("4012Q")
def _4012q(child):
    _plan(child, "2025-08-20", "2025-08-20")


@break_cin("4013")
def _4013(child):
    _plan(child, "2025-08-01", "2026-05-01")


@break_cin("4014")
def _4014(child):
    _plan(child, "2025-08-01", "2025-08-30")
    _plan(child, "2025-08-15", "2025-09-05")


@break_cin("4015")
def _4015(child):
    _plan(child, "2025-07-01", "2025-08-01")


@break_cin("4016")
def _4016(child):
    _plan(child, "2025-10-01", "2025-10-20")


@break_cin("4017")
def _4017(child):
    _plan(child, "2025-08-01", "2025-10-01")

"""Breaks for the CIN census identifier rules (returns/rules/cin/identifiers.py).

Left out, and pinned in test_identifiers.py instead:
- 8500 (LA child ID missing): the sector's validator stops with an error on a file where a child has no LAchildID.
- 8510 (two children with one LA child ID), 1570 (ID over 20 characters), 1580 (ID not letters and digits): the
  break would have to change the child's own ID, so its findings could not be told apart by child.
- 2886Q (more than 2% with no sex): a return-level rule; one child in the county cannot tip it.
"""

from lxml import etree

from .broken import COUNTY_CIN, break_cin

LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"


def check_letter(body: str) -> str:
    """The DfE's check letter for the 12 characters after it (a test helper: one UPN at a time)."""
    return LETTERS[sum(int(ch) * weight for weight, ch in enumerate(body, start=2)) % 23]


def _ids(child):
    return child.find("ChildIdentifiers")


def _set(child, tag: str, value: str | None) -> None:
    """Set (or with None remove) one of the child's identifiers."""
    ids = _ids(child)
    node = ids.find(tag)
    if value is None:
        if node is not None:
            ids.remove(node)
        return
    if node is None:
        node = etree.SubElement(ids, tag)
    node.text = value


def _upn(child, upn: str) -> None:
    _set(child, "UPNunknown", None)
    _set(child, "UPN", upn)


@break_cin("1510")
def _1510(child):
    body = "201234525001"
    right = check_letter(body)
    _upn(child, ("A" if right != "A" else "B") + body)


@break_cin("1520")
def _1520(child):
    county = etree.parse(str(COUNTY_CIN)).getroot()
    _upn(child, next(u.text for u in county.iter("UPN") if u.text))


@break_cin("1530")
def _1530(child):
    body = "999234525002"
    _upn(child, check_letter(body) + body)


@break_cin("1540")
def _1540(child):
    _upn(child, "A201AB3425003")


@break_cin("1550")
def _1550(child):
    _upn(child, "A20123452500I")


@break_cin("1560Q")
def _1560q(child):
    _set(child, "FormerUPN", "12345")


@break_cin("4180")
def _4180(child):
    _set(child, "Sex", "X")


@break_cin("8520")
def _8520(child):
    _set(child, "PersonBirthDate", "2026-05-01")


@break_cin("8525Q")
def _8525q(child):
    _set(child, "ExpectedPersonBirthDate", "2026-05-01")


@break_cin("8530Q")
def _8530q(child):
    _set(child, "PersonBirthDate", None)
    _set(child, "ExpectedPersonBirthDate", "2027-06-01")
    _set(child, "Sex", "U")


@break_cin("8535Q")
def _8535q(child):
    _set(child, "PersonDeathDate", "2019-01-01")


@break_cin("8545Q")
def _8545q(child):
    _set(child, "PersonDeathDate", "2024-01-01")


@break_cin("8590")
def _8590(child):
    for detail in child.findall("CINdetails"):
        child.remove(detail)


@break_cin("8750")
def _8750(child):
    _set(child, "PersonBirthDate", None)
    _set(child, "ExpectedPersonBirthDate", "2026-05-01")
    _set(child, "Sex", "M")


@break_cin("8770Q")
def _8770q(child):
    _set(child, "UPNunknown", None)


@break_cin("8772")
def _8772(child):
    _set(child, "UPNunknown", "UN7")


@break_cin("8775Q")
def _8775q(child):
    _set(child, "PersonBirthDate", "1990-01-01")

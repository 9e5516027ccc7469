"""Breaks for the CIN census characteristics rules (returns/rules/cin/characteristics.py).

Left out, and pinned in test_characteristics.py instead:
- 2887Q (fewer than 8 disability codes used) and 2888Q (no child with more than one disability): return-level
  rules; one child in the county cannot tip them.
- 8540 (disability missing or invalid): the sector's validator finds the rows but drops them when it reports
  them (it names their column ROW_ID_x, not ROW_ID), so it never reports 8540 and cannot be the oracle for it.
"""

from lxml import etree

from .broken import break_cin


def _disabilities(child, *codes: str) -> None:
    block = child.find("ChildCharacteristics/Disabilities")
    for node in list(block):
        block.remove(node)
    for code in codes:
        etree.SubElement(block, "Disability").text = code


@break_cin("4220")
def _4220(child):
    child.find("ChildCharacteristics/Ethnicity").text = "XXXX"


@break_cin("8790")
def _8790(child):
    _disabilities(child, "NONE", "MOB")


@break_cin("8794")
def _8794(child):
    _disabilities(child, "MOB", "MOB")

"""Breaks for the CIN assessment rules (returns/rules/cin/assessments.py).

No break for 8869 (factor 21 with others), 8945Q (18A) or 8950Q (19A): the sector's validator compares the
assessment's list of factors with a single code, so it never reports them; nor for 8614 (factors on an
assessment not authorised) and 8898 (a factor twice), which it does not report either (8898 stops with an
error). test_assessments.py checks them. Breaks that leave an assessment unauthorised take its factors off too,
so that 8614 stays quiet on them."""

import copy

from lxml import etree

from .breaks_referrals import cin, close, put
from .broken import break_cin


def ass(child):
    return cin(child).find("Assessments")


def unauthorise(assessment):
    put(assessment, "AssessmentAuthorisationDate", None)
    factors = assessment.find("FactorsIdentifiedAtAssessment")
    if factors is not None:
        assessment.remove(factors)


def second_assessment(child, start: str, authorised: str | None):
    new = copy.deepcopy(ass(child))
    put(new, "AssessmentActualStartDate", start)
    if authorised is None:
        unauthorise(new)
    else:
        put(new, "AssessmentAuthorisationDate", authorised)
    ass(child).addnext(new)


@break_cin("1103")
def _1103(child):
    put(ass(child), "AssessmentActualStartDate", "2025-07-01")


@break_cin("2991Q")
def _2991q(child):
    cin(child).remove(ass(child))


@break_cin("8608")
def _8608(child):
    put(ass(child), "AssessmentAuthorisationDate", "2025-07-28")


@break_cin("8670Q")
def _8670q(child):
    unauthorise(ass(child))


@break_cin("8696")
def _8696(child):
    put(ass(child), "AssessmentAuthorisationDate", "2026-05-01")


@break_cin("8736")
def _8736(child):
    put(ass(child), "AssessmentActualStartDate", "2025-03-01")
    unauthorise(ass(child))


@break_cin("8863Q")
def _8863q(child):
    second_assessment(child, "2025-08-15", "2025-10-01")


@break_cin("8867")
def _8867(child):
    unauthorise(ass(child))
    close(child)


@break_cin("8873Q")
def _8873q(child):
    factors = ass(child).find("FactorsIdentifiedAtAssessment")
    for f in list(factors):
        factors.remove(f)
    etree.SubElement(factors, "AssessmentFactors").text = "21"


@break_cin("8896")
def _8896(child):
    unauthorise(ass(child))
    second_assessment(child, "2025-08-15", None)


@break_cin("8897Q")
def _8897q(child):
    ass(child).remove(ass(child).find("FactorsIdentifiedAtAssessment"))

"""The return checks panel on a child's record page (people.record_panels): what the census or the SSDA903
will question, found when the record was last saved or checked."""

from .selectors import findings_for_page


def return_checks_panel(request, person) -> dict | None:
    findings = findings_for_page(person)
    return {"findings": findings} if findings else None

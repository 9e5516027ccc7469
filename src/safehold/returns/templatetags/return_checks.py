"""`{% return_checks person table="Assessments" on=assessment.start_date %}`: what the census or the SSDA903
will question about one record, shown on the page that edits it, beside its fields (issue 16.2). A template tag,
so the domain apps' views need not know about the returns."""

from django import template

from safehold.returns.selectors import findings_for_page

register = template.Library()


@register.inclusion_tag("returns/_record_findings.html")
def return_checks(person, table: str = "", on=None):
    findings = [f for f in findings_for_page(person)
                if (not table or f.table in table.split(",")) and (on is None or f.key_date == on)]
    return {"findings": findings, "hide_links": True}

"""Words, not codes (issue 14.9): `{{ work.rule_code|work_name }}`."""

from django import template

from safehold.timescales.rules import name_of

register = template.Library()


@register.filter
def work_name(code: str) -> str:
    return name_of(code or "")

from django import template

from safehold.audit.wording import action_name, field_name, page_name

register = template.Library()


@register.filter
def page_words(view: str) -> str:
    return page_name(view or "")


@register.filter
def action_words(action: str) -> str:
    return action_name(action or "")


@register.simple_tag
def field_words(object_type: str, field: str) -> str:
    return field_name(object_type or "", field or "")

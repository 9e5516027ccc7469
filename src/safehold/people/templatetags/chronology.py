from django import template

from safehold.people.chronology import event_label as _event_label

register = template.Library()


@register.filter
def event_label(code: str) -> str:
    return _event_label(code)

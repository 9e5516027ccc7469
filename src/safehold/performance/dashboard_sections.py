"""Sections of the leaders' dashboard, registered by the apps that own them.

The dashboard (performance.views.dashboard) draws the measures; an app above performance that has
something for leaders to see beside them (the improvement loop) registers a section once, in its
AppConfig.ready, with a template and a function that builds its context from the request (None hides
it, e.g. for a reader without the permission). performance imports none of them, as the record page
imports none of the apps that register its panels (people.record_panels)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class DashboardSection:
    key: str
    order: int
    template: str
    context: Callable  # (request) -> dict | None


_SECTIONS: dict[str, DashboardSection] = {}


def register_section(*, key: str, order: int, template: str, context: Callable) -> None:
    _SECTIONS[key] = DashboardSection(key, order, template, context)


def sections_for(request) -> list[dict]:
    out = []
    for section in sorted(_SECTIONS.values(), key=lambda s: s.order):
        ctx = section.context(request)
        if ctx is not None:
            out.append({"key": section.key, "template": section.template, "context": ctx})
    return out

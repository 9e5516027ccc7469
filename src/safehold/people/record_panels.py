"""Panels on a person's record page, registered by the apps that own them.

An app registers a panel once (in its AppConfig.ready) with a template and a function that builds
its context from the request and the person (returning None to hide it). The record page renders
every panel in order, so help and protection, care and care leaver apps add their sections without
touching the people app. Panels render only after the record has been opened (and the view logged).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class RecordPanel:
    key: str
    order: int
    template: str
    context: Callable  # (request, person) -> dict | None


_PANELS: dict[str, RecordPanel] = {}


def register_panel(*, key: str, order: int, template: str, context: Callable) -> None:
    _PANELS[key] = RecordPanel(key, order, template, context)


def panels_for(request, person) -> list[dict]:
    out = []
    for panel in sorted(_PANELS.values(), key=lambda p: p.order):
        ctx = panel.context(request, person)
        if ctx is not None:
            out.append({"key": panel.key, "template": panel.template, "context": ctx})
    return out


# --- Current involvement ------------------------------------------------------------------------------
# The record page's "Current involvement" lists who holds the case (casework allocations) and, from
# each app that registers here, what is open now in words: an episode of need, a plan, a section 47
# enquiry, a period of care, care leaver status. So the summary at the top agrees with the panels below
# it (issue 14.1): a child in care with no allocated worker still reads "Looked after since ...".

_INVOLVEMENT: dict[str, tuple[int, Callable]] = {}


def register_involvement(*, key: str, order: int, lines: Callable) -> None:
    """`lines(person)` returns the open involvement this app holds, as short sentences (or [])."""
    _INVOLVEMENT[key] = (order, lines)


def involvement_of(person) -> list[str]:
    out: list[str] = []
    for _order, lines in sorted(_INVOLVEMENT.values(), key=lambda v: v[0]):
        out.extend(lines(person))
    return out


# --- Who holds the case -----------------------------------------------------------------------------
# casework owns allocations; the record page lists who holds the case, and restricting a record gives
# the allocated workers named access. casework registers the reader here (people imports no app above).

_CASE_HOLDERS: list[Callable] = []


def register_case_holders(holders: Callable) -> None:
    """`holders(person)` returns the person's current allocations (team, worker, role), role order."""
    _CASE_HOLDERS[:] = [holders]


def case_holders_of(person) -> list:
    return list(_CASE_HOLDERS[0](person)) if _CASE_HOLDERS else []

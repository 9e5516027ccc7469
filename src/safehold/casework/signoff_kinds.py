"""The sign-off kinds casework owns: visits (casework.Visit), whichever app records them."""

from __future__ import annotations

from django.urls import reverse

from .signoff import SignOffKind, register


def _yes(value: bool) -> str:
    return "Yes" if value else "No"


def visit_title(visit) -> str:
    return f"{visit.get_kind_display()} on {visit.visited_on:%-d %B %Y}"


def _visit_summary(visit) -> list[tuple[str, str]]:
    seen = "Seen alone" if visit.child_seen_alone else ("Seen, not alone" if visit.child_seen else "Not seen")
    return [("Kind of visit", visit.get_kind_display()), ("Date of the visit", f"{visit.visited_on:%-d %B %Y}"),
            ("Visited by", str(visit.visited_by)), ("The child", seen), ("The child's words", visit.childs_words),
            ("Notes", visit.notes)]


def register_kinds() -> None:
    register(SignOffKind(key="visit", label="Visit", model="casework.visit", summary=_visit_summary,
                         record_url=lambda v: reverse("people:detail", args=[v.person_id])))

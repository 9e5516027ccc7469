"""The Care planning panel on a child's record page (people.record_panels)."""

from __future__ import annotations

from safehold.accounts.policy import Perm, has_perm

from . import selectors


def care_planning_panel(request, person) -> dict | None:
    """Reviews, visits, health, education and missing episodes for a child who is or was in care, or
    who has been missing. Hidden for adults and for children with none of these."""
    if person.kind != person.Kind.CHILD:
        return None
    # Most children on the record were never in care: one cheap query before the summary's dozen.
    if not (person.periods_of_care.exists() or person.missing_episodes.exists()):
        return None
    summary = selectors.care_planning_summary(person)
    if not summary["has_history"]:
        return None
    return {**summary, "can_record": has_perm(request.user, Perm.CASEWORK_RECORD),
            "can_review": has_perm(request.user, Perm.CONFERENCE_RECORD)}

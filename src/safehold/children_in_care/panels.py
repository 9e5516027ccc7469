"""The Children in care panel on a child's record page (people.record_panels)."""

from __future__ import annotations

from safehold.accounts.policy import Perm, has_perm

from . import selectors
from .models import PeriodOfCare


def children_in_care_panel(request, person) -> dict | None:
    """Current legal status, placement, days in placement and the 903 episodes, with the actions.
    Hidden for adults, and for children never looked after when the user cannot record it."""
    if person.kind != person.Kind.CHILD:
        return None
    can_record = has_perm(request.user, Perm.CASEWORK_RECORD)
    summary = selectors.panel_summary(person)
    if not (summary["last_period"] or summary["dolos"] or can_record):
        return None
    return {**summary, "can_record": can_record,
            "can_authorise": has_perm(request.user, Perm.PLACEMENT_AUTHORISE_UNREGISTERED)}


def children_in_care_involvement(person) -> list[str]:
    period = PeriodOfCare.objects.filter(person=person, end_date__isnull=True).first()
    return [f"Looked after since {period.start_date:%-d %b %Y}"] if period else []

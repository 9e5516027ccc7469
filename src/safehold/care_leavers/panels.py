"""The Care leavers panel on a young person's record page (people.record_panels)."""

from __future__ import annotations

from django.utils import timezone

from safehold.accounts.policy import Perm, has_perm

from . import selectors, services
from .models import CareLeaverStatus


def care_leavers_panel(request, person) -> dict | None:
    """Category, personal adviser, pathway plan, keeping in touch, accommodation and the birthday
    check-ins, with the actions. Shown once the young person has a care leaver category, a personal
    adviser, or when the periods of care suggest a category."""
    if person.kind != person.Kind.CHILD:
        return None
    # Most children on the record were never in care and never had an adviser: skip the summary's queries.
    if not (person.periods_of_care.exists() or person.care_leaver_statuses.exists()
            or person.allocations.filter(role="personal_adviser").exists()):
        return None
    today = timezone.localdate()
    summary = selectors.panel_summary(person, on=today)
    suggestion = services.suggested_category(person, today)
    if not (summary["status"] or summary["adviser"] or suggestion):
        return None
    status = summary["status"]
    return {**summary, "suggestion": suggestion,
            "suggestion_differs": bool(suggestion and status and suggestion.eligibility != status.eligibility),
            "can_record": has_perm(request.user, Perm.CASEWORK_RECORD),
            "can_allocate": has_perm(request.user, Perm.CASE_ALLOCATE)}


def care_leavers_involvement(person) -> list[str]:
    status = CareLeaverStatus.objects.filter(person=person, end_date__isnull=True).first()
    return [f"Care leaver: {status.get_eligibility_display().lower()}"] if status else []

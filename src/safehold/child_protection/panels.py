"""The child protection panel on a child's record page (people.record_panels)."""

from __future__ import annotations

from django.utils import timezone

from safehold.accounts.policy import Perm, has_perm
from safehold.family_help.models import CINEpisode

from . import selectors


def child_protection_panel(request, person) -> dict | None:
    """The child's current child protection position and what can be done next; hidden for adults
    and for children with no child protection history when the user cannot record any."""
    if person.kind != person.Kind.CHILD:
        return None
    can_record = has_perm(request.user, Perm.CASEWORK_RECORD)
    can_conference = has_perm(request.user, Perm.CONFERENCE_RECORD)
    today = timezone.localdate()
    enquiry = selectors.open_enquiry(person)
    plan = selectors.current_plan(person)
    plans = selectors.plans_of(person)
    past_plans = [p for p in plans if not p.is_open]
    if not (enquiry or plans or can_record or can_conference):
        return None

    return {
        "enquiry": enquiry,
        "icpc_overdue": selectors.icpc_overdue(enquiry, today) if enquiry else False,
        "plan": plan,
        "summary": selectors.plan_summary(plan, today) if plan else None,
        "past_plans": past_plans,
        "has_open_episode": CINEpisode.objects.filter(person=person, closure_date__isnull=True).exists(),
        "can_record": can_record,
        "can_conference": can_conference,
        "today": today,
    }


def child_protection_involvement(person) -> list[str]:
    lines = []
    enquiry = selectors.open_enquiry(person)
    if enquiry:
        lines.append(f"Section 47 enquiry since {enquiry.start_date:%-d %b %Y}")
    plan = selectors.current_plan(person)
    if plan:
        lines.append(f"Child protection plan since {plan.start_date:%-d %b %Y}")
    return lines

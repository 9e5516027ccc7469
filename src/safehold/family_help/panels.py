"""The Family Help panel on a child's record page (people.record_panels)."""

from __future__ import annotations

from safehold.accounts.policy import Perm, has_perm

from . import selectors
from .models import CINEpisode, CINPlan, EarlyHelpEpisode


def family_help_panel(request, person) -> dict | None:
    """The child's current episode of need (referral, re-referral flag, primary need, assessment due
    date from the statutory work row, CIN plan) and early help, with what can be done next. Hidden for
    adults, and for children with no Family Help history when the user cannot record any."""
    if person.kind != person.Kind.CHILD:
        return None
    can_record = has_perm(request.user, Perm.CASEWORK_RECORD)
    can_refer = can_record or has_perm(request.user, Perm.CONTACT_DECIDE)
    summary = selectors.panel_summary(person)
    if not (summary["episode"] or summary["early_help"] or can_refer):
        return None
    return {
        **summary,
        "can_record": can_record,
        "can_refer": can_refer,
        "can_sign_off": has_perm(request.user, Perm.CASEWORK_SIGN_OFF),
    }


def family_help_involvement(person) -> list[str]:
    lines = []
    episode = CINEpisode.objects.filter(person=person, closure_date__isnull=True).first()
    if episode:
        lines.append(f"Open episode of need: referral of {episode.referral_date:%-d %b %Y}")
    plan = CINPlan.objects.filter(person=person, end_date__isnull=True).first()
    if plan:
        lines.append(f"Child in need plan since {plan.start_date:%-d %b %Y}")
    early = EarlyHelpEpisode.objects.filter(person=person, end_date__isnull=True).first()
    if early:
        lines.append(f"Family Help (targeted early help) since {early.start_date:%-d %b %Y}")
    return lines

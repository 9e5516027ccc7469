"""The care plan passes through sign-off (casework.signoff, issue 14.2). The looked-after review is the IRO's
own record of a meeting they chair, not the social worker's work for a manager, so it has no sign-off."""

from __future__ import annotations

from django.urls import reverse

from safehold.casework.signoff import SignOffKind, register


def care_plan_title(plan) -> str:
    return f"Care plan agreed {plan.agreed_on:%-d %B %Y}"


def register_kinds() -> None:
    register(SignOffKind(
        key="care_plan", label="Care plan", model="care_planning.careplan",
        summary=lambda p: [("Agreed on", f"{p.agreed_on:%-d %B %Y}"), ("Permanence plan", p.get_permanence_plan_display()),
                           ("Summary", p.summary), ("Recorded by", str(p.recorded_by))],
        record_url=lambda p: reverse("people:detail", args=[p.person_id])))

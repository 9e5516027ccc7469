"""The pathway plan and its reviews pass through sign-off (casework.signoff, issue 14.2)."""

from __future__ import annotations

from django.urls import reverse

from safehold.casework.signoff import SignOffKind, register


def pathway_plan_title(plan) -> str:
    return f"Pathway plan made {plan.start_date:%-d %B %Y}"


def pathway_review_title(review) -> str:
    return f"Pathway plan review on {review.review_date:%-d %B %Y}"


def register_kinds() -> None:
    register(SignOffKind(
        key="pathway_plan", label="Pathway plan", model="care_leavers.pathwayplan",
        summary=lambda p: [("Made on", f"{p.start_date:%-d %B %Y}"), ("Summary", p.summary),
                           ("The young person's views", p.young_person_views), ("Recorded by", str(p.recorded_by))],
        record_url=lambda p: reverse("people:detail", args=[p.person_id])))
    register(SignOffKind(
        key="pathway_plan_review", label="Pathway plan review", model="care_leavers.pathwayplanreview",
        summary=lambda r: [("Date of the review", f"{r.review_date:%-d %B %Y}"), ("What the review decided", r.summary),
                           ("The young person's views", r.young_person_views), ("Recorded by", str(r.recorded_by))],
        record_url=lambda r: reverse("people:detail", args=[r.person_id])))

"""Family Help's records that pass through sign-off (casework.signoff, issue 14.2): the assessment (authorised
on its own form, with the date, factors and analysis the census reads) and plan reviews."""

from __future__ import annotations

from django.urls import reverse

from safehold.casework.signoff import SignOffKind, register


def assessment_title(assessment) -> str:
    return f"Assessment started {assessment.start_date:%-d %B %Y}"


def _assessment_summary(a) -> list[tuple[str, str]]:
    return [("Started", f"{a.start_date:%-d %B %Y}"), ("Lead worker", str(a.lead_worker)),
            ("Assessment", a.draft_text)]


def plan_review_title(review) -> str:
    what = "Child in need plan" if review.cin_plan_id else "Family Help plan"
    return f"{what} review on {review.review_date:%-d %B %Y}"


def register_kinds() -> None:
    register(SignOffKind(
        key="assessment", label="Assessment", model="family_help.assessment", summary=_assessment_summary,
        record_url=lambda a: reverse("family_help:assessment_edit", args=[a.person_id, a.pk]),
        authorise_url=lambda a: reverse("family_help:assessment_authorise", args=[a.person_id, a.pk])))
    register(SignOffKind(
        key="plan_review", label="Plan review", model="family_help.planreview",
        summary=lambda r: [("Date of the review", f"{r.review_date:%-d %B %Y}"), ("What the review decided", r.outcome),
                           ("Recorded by", str(r.recorded_by))],
        record_url=lambda r: reverse("people:detail", args=[r.person_id])))

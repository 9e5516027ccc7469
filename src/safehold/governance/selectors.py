"""Reading the governance registers. Lists of people mask a restricted record the reader may not open
(people.selectors.mask_restricted): names show only in the bundle, which is itself logged."""

from __future__ import annotations

from safehold.people.selectors import mask_restricted

from . import retention
from .models import LegalHold, RetentionReview, SubjectAccessRequest


def sar_list(*, fetched_by, limit: int = 200) -> list[SubjectAccessRequest]:
    sars = list(SubjectAccessRequest.objects.select_related("person", "recorded_by")[:limit])
    mask_restricted([s.person for s in sars], fetched_by)
    return sars


def open_reviews(*, fetched_by) -> list[RetentionReview]:
    reviews = list(RetentionReview.objects.filter(status__in=RetentionReview.OPEN)
                   .select_related("person", "proposed_by").order_by("rule_date", "pk"))
    mask_restricted([r.person for r in reviews], fetched_by)
    for r in reviews:
        r.rule_detail = retention.rule_by_code(r.rule)
    return reviews


def closed_reviews(*, limit: int = 50) -> list[RetentionReview]:
    """The latest decisions, by IDs only (a disposed record has no name left to show)."""
    return list(RetentionReview.objects.exclude(status__in=RetentionReview.OPEN)
                .select_related("proposed_by", "approved_by").order_by("-updated_at")[:limit])


def active_holds(*, fetched_by) -> list[LegalHold]:
    holds = list(LegalHold.objects.filter(lifted_at__isnull=True).select_related("person", "placed_by"))
    mask_restricted([h.person for h in holds], fetched_by)
    return holds

"""What the children_in_care service tests share besides fixtures: helpers and dates."""

from __future__ import annotations

from safehold.children_in_care.models import (
    CareEpisode,
)


def episodes(child):
    return [(e.reason_new_episode, e.legal_status, e.placement.placement_type, e.start_date, e.end_date,
             e.reason_ended) for e in CareEpisode.objects.filter(person=child).select_related("placement")]


def errors_of(exc) -> dict:
    return exc.value.message_dict

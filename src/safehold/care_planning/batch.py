"""Loading reviews, missing episodes and the year's outcomes in bulk (issue 17.3; the pattern is
`people/batch.py`), for `returns/imports/ssda903.py`."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.db.models import Count
from django.utils import timezone

from .models import AnnualOutcomes, CLAReview, MissingEpisode

if TYPE_CHECKING:
    from safehold.accounts.models import User
    from safehold.children_in_care.models import PeriodOfCare
    from safehold.people.models import Person


def reviews_held(person_ids: list[int]) -> dict[int, int]:
    """How many reviews the record holds for each period of care of these people, by period (an imported
    review's sequence follows them); one query."""
    return dict(CLAReview.objects.filter(person_id__in=person_ids).values("period_id")
                .annotate(n=Count("pk")).values_list("period_id", "n"))


def imported_review(person: Person, period: PeriodOfCare, *, day: dt.date, participation: str, sequence: int,
                    by: User) -> CLAReview:
    """A review a return reports (unsaved); the import is its chair."""
    return CLAReview(person=person, period=period, review_date=day, participation=participation, sequence=sequence,
                     chaired_by=by, recorded_by=by)


def reviews_add(reviews: list[CLAReview]) -> None:
    CLAReview.objects.bulk_create(reviews, batch_size=2000)


def _at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(0, 0)))


def imported_missing(person: Person, period: PeriodOfCare | None, *, kind: str, start: dt.date, end: dt.date | None,
                     by: User) -> MissingEpisode:
    """A missing or away episode a return reports (unsaved): the return carries days, taken from midnight."""
    return MissingEpisode(person=person, period=period, kind=kind, started_at=_at(start),
                          ended_at=_at(end) if end else None, recorded_by=by)


def missing_add(episodes: list[MissingEpisode]) -> None:
    MissingEpisode.objects.bulk_create(episodes, batch_size=2000)


def imported_outcomes(person: Person, *, year_ending: dt.date, by: User, **answers: Any) -> AnnualOutcomes:
    return AnnualOutcomes(person=person, year_ending=year_ending, recorded_by=by, **answers)


def outcomes_add(rows: list[AnnualOutcomes]) -> None:
    AnnualOutcomes.objects.bulk_create(rows, batch_size=2000)

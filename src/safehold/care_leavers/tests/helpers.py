"""Builders for care leaver tests: a young person who left care, with a category. Synthetic data only."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from safehold.care_leavers import services
from safehold.care_leavers.models import CareLeaverStatus
from safehold.care_leavers.selectors import add_months, birthday
from safehold.care_leavers.tests.factories import CareLeaverStatusFactory
from safehold.children_in_care.models import PeriodOfCare


def period(person, user, start: dt.date, end: dt.date | None = None, reason: str = "E8") -> PeriodOfCare:
    """A period of care written directly (children_in_care's services are tested in that app)."""
    return PeriodOfCare.objects.create(person=person, start_date=start, end_date=end,
                                       reason_ended=reason if end else "", recorded_by=user)


def left_care_at_18(person, user, *, months_ago: int = 2, in_care_years: int = 3) -> PeriodOfCare:
    """Make `person` 18 and `months_ago` months past the 18th birthday, having left care on it after
    `in_care_years` years, and open their care leaver record as care_ended would."""
    today = timezone.localdate()
    eighteenth = add_months(today, -months_ago)
    person.dob = birthday(eighteenth, -18)
    person.save()
    p = period(person, user, birthday(person.dob, 18 - in_care_years), birthday(person.dob, 18))
    services.care_ended(period=p, by=user)
    return p


def status(person, user, eligibility="former_relevant", start=None, **kwargs) -> CareLeaverStatus:
    return CareLeaverStatusFactory(person=person, eligibility=eligibility, start_date=start or timezone.localdate(),
                                   recorded_by=user, **kwargs)

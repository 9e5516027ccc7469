"""A measure's figure alone (the improvement plan's measures on the leaders' dashboard) is reused without
reading back every row behind it, and is never older than the reused result it came from."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.cache import cache
from django.utils import timezone

from safehold.casework.models import StatutoryWork
from safehold.casework.work import work_raise
from safehold.people.tests.factories import PersonFactory
from safehold.performance import selectors
from safehold.performance.definitions import get

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 1, 31)


def _decision(person, team, on_time: bool):
    work = work_raise(person=person, rule_code="CONTACT_DECISION", start=dt.date(2026, 1, 12), source=person,
                      title="Front door decision", team=team)
    StatutoryWork.objects.filter(pk=work.pk).update(status="done", completed_on=dt.date(2026, 1, 13 if on_time else 20),
                                                    on_time=on_time)


def test_the_figure_is_reused_alone_and_expires_with_the_result_it_came_from(team, child, settings, monkeypatch):
    cache.clear()
    settings.SAFEHOLD_MEASURE_SECONDS = 300
    measure = get("FD_DECIDED_1WD")
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        _decision(child, team, on_time=False)
        assert selectors.value_reused(measure, DAY) == 0.0
        _decision(PersonFactory(), team, on_time=True)  # now 1 in 2 on time, but the figure is reused
        with monkeypatch.context() as m:
            m.setattr(selectors, "evaluate_reused", lambda *a: pytest.fail("read the whole stored result"))
            assert selectors.value_reused(measure, DAY) == 0.0

        # The figure lost (another process, an eviction) is taken again from the result, for what is left of
        # the result's reuse only: at 200 s it may live 100 s more, not 300.
        clock.shift(200)
        cache.delete(f"measure-value:{measure.code}:{DAY.isoformat()}")
        assert selectors.value_reused(measure, DAY) == 0.0
        clock.shift(101)
        assert selectors.value_reused(measure, DAY) == 50.0

        settings.SAFEHOLD_MEASURE_SECONDS = 0  # no reuse at all: read afresh every time
        _decision(PersonFactory(), team, on_time=True)
        assert round(selectors.value_reused(measure, DAY), 1) == 66.7
    cache.clear()

"""Tests of child_protection/services/core_groups.py."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from safehold.child_protection import services
from safehold.people.models import ChronologyEntry

from ..helpers import plan_for
from .support import D, errors_of, work


def test_core_group_before_the_plan_is_refused_and_the_first_completes_the_work(child, manager):
    plan = plan_for(child, manager)
    with pytest.raises(ValidationError) as caught:
        services.core_group_record(by=manager, plan=plan, held_on=D(2026, 1, 9), attendees="Mum, school, GP")
    assert errors_of(caught)["held_on"] == ["The meeting date must be on or after the plan started (12/1/2026)"]
    services.core_group_record(by=manager, plan=plan, held_on=D(2026, 1, 23), attendees="Mum, school, GP")
    done = work(child, "CORE_GROUP_FIRST").get()
    assert (done.status, done.on_time) == ("done", True)
    services.core_group_record(by=manager, plan=plan, held_on=D(2026, 2, 23), attendees="Mum, school")
    summaries = list(ChronologyEntry.objects.filter(person=child, event_type="core_group").order_by("occurred_on")
                     .values_list("summary", flat=True))
    assert summaries == ["First core group meeting (on time)", "Core group meeting"]

import datetime as dt

import pytest
from django.utils import timezone

from safehold.accounts.models import Role
from safehold.accounts.tests.factories import TeamFactory, UserFactory
from safehold.casework.tests.factories import AllocationFactory
from safehold.oversight.selectors import (
    cases_without_oversight,
    decision_points_without_oversight,
    due_on_for,
    supervision_missed_by_team,
    supervision_status,
)
from safehold.oversight.tests.factories import make_oversight, make_supervision
from safehold.people import chronology
from safehold.people.chronology import record_event
from safehold.people.tests.factories import PersonFactory
from safehold.timescales import due_date
from safehold.timescales.engine import Unit
from safehold.timescales.tests.factories import RuleVersionFactory

pytestmark = pytest.mark.django_db
ON = dt.date(2026, 1, 15)


def _joined(user, day: dt.date):
    user.date_joined = timezone.make_aware(dt.datetime.combine(day, dt.time(9)))
    user.save(update_fields=["date_joined"])


def test_due_on_for_matches_the_timescales_engine_with_rule_versions():
    RuleVersionFactory(code="SUPERVISION", amount=6, unit=Unit.WEEKS, effective_from=dt.date(2025, 1, 1))
    RuleVersionFactory(code="SUPERVISION", amount=4, unit=Unit.WEEKS, effective_from=dt.date(2026, 1, 1))
    due = due_on_for("SUPERVISION")
    for start in (dt.date(2024, 12, 31), dt.date(2025, 6, 1), dt.date(2026, 1, 31)):
        assert due(start) == due_date("SUPERVISION", start)


def test_supervision_status_last_next_and_missed(users, team):
    sw, fd, tm = users["social_worker"], users["front_door"], users["team_manager"]
    for u in (sw, fd, tm):
        _joined(u, dt.date(2025, 1, 1))
    make_supervision(worker=sw, supervisor=tm, held_on=dt.date(2025, 11, 1))
    make_supervision(worker=sw, supervisor=tm, held_on=dt.date(2025, 12, 20))
    make_supervision(worker=fd, supervisor=tm, held_on=dt.date(2025, 11, 10))
    rows = {r["worker"].pk: r for r in supervision_status(team, ON)}
    assert set(rows) == {sw.pk, fd.pk, tm.pk}
    assert rows[sw.pk]["last"] == dt.date(2025, 12, 20)
    assert rows[sw.pk]["next_due"] == dt.date(2026, 1, 20)  # timescales.md SUPERVISION: 1 month (local)
    assert rows[sw.pk]["missed"] is False
    assert rows[fd.pk]["next_due"] == dt.date(2025, 12, 10) and rows[fd.pk]["missed"] is True
    assert rows[fd.pk]["days_overdue"] == 36
    assert rows[tm.pk]["last"] is None and rows[tm.pk]["missed"] is True  # never, joined a year ago
    assert supervision_missed_by_team([team], ON) == {team.pk: 2}


def test_new_starter_is_not_missed_until_a_period_after_joining(users, team):
    newcomer = UserFactory(role=Role.SOCIAL_WORKER, team=team)
    _joined(newcomer, dt.date(2026, 1, 2))
    row = next(r for r in supervision_status(team, ON) if r["worker"] == newcomer)
    assert row["next_due"] == dt.date(2026, 2, 2) and not row["missed"]


def test_council_frequency_changes_supervision_due(users, team):
    RuleVersionFactory(code="SUPERVISION", amount=2, unit=Unit.WEEKS, effective_from=dt.date(2025, 1, 1))
    make_supervision(worker=users["social_worker"], supervisor=users["team_manager"], held_on=dt.date(2025, 12, 20))
    row = next(r for r in supervision_status(team, ON) if r["worker"] == users["social_worker"])
    assert row["next_due"] == dt.date(2026, 1, 3) and row["missed"]


def test_cases_without_oversight(users, team):
    tm = users["team_manager"]
    never = PersonFactory()
    AllocationFactory(person=never, team=team, worker=users["social_worker"], started_on=dt.date(2025, 9, 1))
    recent = PersonFactory()
    AllocationFactory(person=recent, team=team, started_on=dt.date(2025, 1, 1))
    make_oversight(person=recent, by=tm, occurred_on=dt.date(2025, 12, 1))
    stale = PersonFactory()
    AllocationFactory(person=stale, team=team, started_on=dt.date(2024, 1, 1))
    make_oversight(person=stale, by=tm, occurred_on=dt.date(2025, 6, 1))
    new_case = PersonFactory()
    AllocationFactory(person=new_case, team=team, started_on=dt.date(2025, 12, 1))
    elsewhere = PersonFactory()
    AllocationFactory(person=elsewhere, team=TeamFactory(), started_on=dt.date(2024, 1, 1))
    closed = PersonFactory()
    AllocationFactory(person=closed, team=team, started_on=dt.date(2024, 1, 1), ended_on=dt.date(2024, 6, 1))

    rows = cases_without_oversight(team, ON)
    assert [r["person"].pk for r in rows] == [stale.pk, never.pk]
    stale_row, never_row = rows
    assert stale_row["last_oversight"] == dt.date(2025, 6, 1) and stale_row["due_on"] == dt.date(2025, 9, 1)
    assert never_row["last_oversight"] is None and never_row["since"] == dt.date(2025, 9, 1)
    assert never_row["due_on"] == dt.date(2025, 12, 1) and never_row["worker_id"] == users["social_worker"].pk
    assert never_row["days_overdue"] == 45


def test_decision_points_without_oversight(users, team, monkeypatch):
    for code in ("contact_decision", "closure", "strategy_discussion"):
        if code not in chronology._REGISTRY:  # the other apps register these; stand in if absent
            monkeypatch.setitem(chronology._REGISTRY, code, chronology.EventType(code, code, "Test"))
    tm = users["team_manager"]
    a, b, c = PersonFactory(), PersonFactory(), PersonFactory()
    for p in (a, b, c):
        AllocationFactory(person=p, team=team, started_on=dt.date(2025, 1, 1))
    record_event(person=a, event_type="strategy_discussion", occurred=dt.date(2026, 1, 5), summary="Strategy held")
    record_event(person=b, event_type="contact_decision", occurred=dt.date(2025, 12, 1), summary="Decided: referral")
    make_oversight(person=b, by=tm, occurred_on=dt.date(2025, 12, 2), decision_point="front_door_decision")
    record_event(person=c, event_type="closure", occurred=dt.date(2025, 11, 1), summary="Closed")
    make_oversight(person=c, by=tm, occurred_on=dt.date(2025, 10, 1))  # before the closure: does not count
    record_event(person=c, event_type="contact_decision", occurred=dt.date(2024, 6, 1), summary="Long ago")
    other = PersonFactory()
    AllocationFactory(person=other, team=TeamFactory(), started_on=dt.date(2025, 1, 1))
    record_event(person=other, event_type="closure", occurred=dt.date(2025, 12, 1), summary="Other team's")

    rows = decision_points_without_oversight(team, ON)
    assert [(r["person"].pk, r["decision_point"]) for r in rows] == [(c.pk, "closure"), (a.pk, "step_up_strategy")]
    assert rows[1]["label"] == "Step-up to strategy discussion"


def test_the_chronology_index_covers_every_decision_point_event():
    from safehold.oversight.selectors import DECISION_EVENTS
    from safehold.people.models import DECISION_EVENT_TYPES

    # The partial index on the chronology (people.models) serves this selector only if they agree.
    assert sorted(DECISION_EVENTS) == sorted(DECISION_EVENT_TYPES)

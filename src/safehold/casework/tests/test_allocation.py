"""Allocating a child's case (casework/services.py allocation_change and the allocate page)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from safehold.accounts.tests.factories import UserFactory
from safehold.audit.models import AuditEvent
from safehold.casework.models import Allocation
from safehold.casework.services import allocation_change
from safehold.people.models import ChronologyEntry


def current(person):
    return Allocation.objects.get(person=person, ended_on__isnull=True)


def test_change_ends_the_current_allocation_the_day_before(child, team, users):
    old = current(child)
    new = allocation_change(by=users["team_manager"], person=child, team=team, worker=users["social_worker"],
                            started_on=dt.date(2024, 3, 1), reason="Allocated after the strategy meeting")
    old.refresh_from_db()
    assert old.ended_on == dt.date(2024, 2, 29)
    assert old.end_reason == "Allocated after the strategy meeting"
    assert current(child) == new
    assert (new.team, new.worker, new.started_on) == (team, users["social_worker"], dt.date(2024, 3, 1))
    assert list(AuditEvent.objects.filter(person_id=child.pk).order_by("id").values_list("action", flat=True)) == [
        "allocation.end", "allocation.start",
    ]


def test_change_writes_a_chronology_entry(child, team, users):
    allocation_change(by=users["team_manager"], person=child, team=team, worker=users["social_worker"],
                      started_on=dt.date(2024, 3, 1))
    entry = ChronologyEntry.objects.get(person=child, event_type="allocation")
    assert entry.occurred_on == dt.date(2024, 3, 1)
    assert entry.recorded_by == users["team_manager"]
    assert str(users["social_worker"]) in entry.summary


def test_change_defaults_to_today(child, team, users):
    new = allocation_change(by=users["team_manager"], person=child, team=team, worker=users["social_worker"])
    assert new.started_on == timezone.localdate()


def test_a_date_before_the_current_allocation_is_refused(child, team, users):
    with pytest.raises(ValidationError) as caught:
        allocation_change(by=users["team_manager"], person=child, team=team, worker=users["social_worker"],
                          started_on=dt.date(2023, 12, 31))
    assert "started_on" in caught.value.message_dict
    assert "cannot start before the current one (01/01/2024)" in caught.value.message_dict["started_on"][0]
    assert current(child).worker is None
    assert Allocation.objects.filter(person=child).count() == 1
    assert not ChronologyEntry.objects.filter(person=child).exists()


def test_a_future_date_is_refused(child, team, users):
    with pytest.raises(ValidationError) as caught:
        allocation_change(by=users["team_manager"], person=child, team=team, worker=users["social_worker"],
                          started_on=timezone.localdate() + dt.timedelta(days=1))
    assert "started_on" in caught.value.message_dict


def test_a_worker_from_another_team_is_refused(child, team, other_team, users):
    south_worker = UserFactory(username="south_worker", team=other_team)
    with pytest.raises(ValidationError) as caught:
        allocation_change(by=users["team_manager"], person=child, team=team, worker=south_worker,
                          started_on=dt.date(2024, 3, 1))
    assert "worker" in caught.value.message_dict
    assert current(child).worker is None


def test_the_same_allocation_again_is_refused(child, team, users):
    with pytest.raises(ValidationError) as caught:
        allocation_change(by=users["team_manager"], person=child, team=team, worker=None,
                          started_on=dt.date(2024, 3, 1))
    assert "already allocated" in caught.value.message_dict["worker"][0]


def test_moving_a_case_to_another_team_takes_it_out_of_the_old_teams_scope(child, other_team, users, login):
    allocation_change(by=users["team_manager"], person=child, team=other_team, started_on=dt.date(2024, 3, 1))
    assert login(users["social_worker"]).get(reverse("people:detail", args=[child.pk])).status_code == 403


def test_social_worker_cannot_allocate(child, team, users, login):
    with pytest.raises(PermissionDenied):
        allocation_change(by=users["social_worker"], person=child, team=team, worker=users["social_worker"],
                          started_on=dt.date(2024, 3, 1))
    client = login(users["social_worker"])
    url = reverse("casework:allocate", args=[child.pk])
    assert client.get(url).status_code == 403
    response = client.post(url, {"team": team.pk, "worker": users["social_worker"].pk,
                                 "started_on_day": "1", "started_on_month": "3", "started_on_year": "2024"})
    assert response.status_code == 403
    assert current(child).worker is None


def test_team_manager_allocates_through_the_page(child, team, users, login):
    client = login(users["team_manager"])
    url = reverse("casework:allocate", args=[child.pk])
    page = client.get(url)
    assert page.status_code == 200
    response = client.post(url, {"team": team.pk, "worker": users["social_worker"].pk,
                                 "started_on_day": "1", "started_on_month": "3", "started_on_year": "2024",
                                 "reason": "New referral"})
    assert response.status_code == 302
    assert response["Location"] == reverse("people:detail", args=[child.pk])
    assert current(child).worker == users["social_worker"]
    # The worker now sees the child on their home page.
    home = login(users["social_worker"]).get(reverse("home")).content.decode()
    assert "Amelia Hartley" in home


def test_allocate_page_shows_service_errors_on_the_field(child, team, users, login):
    response = login(users["team_manager"]).post(reverse("casework:allocate", args=[child.pk]), {
        "team": team.pk, "worker": users["social_worker"].pk,
        "started_on_day": "31", "started_on_month": "12", "started_on_year": "2023"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "<title>Error:" in body
    assert 'href="#id_started_on"' in body
    assert "cannot start before the current one" in body
    assert current(child).worker is None


def test_the_first_social_worker_is_fconta_and_a_change_carries_its_903_reason(child, team, users):
    tm, sw = users["team_manager"], users["social_worker"]
    first = allocation_change(by=tm, person=child, team=team, worker=sw, started_on=dt.date(2024, 3, 1))
    assert first.sw_reason == "FCONTA"
    second = allocation_change(by=tm, person=child, team=team, worker=tm, started_on=dt.date(2024, 5, 1),
                               sw_reason="LEFTRL")
    assert second.sw_reason == "LEFTRL"
    with pytest.raises(ValidationError) as exc:
        allocation_change(by=tm, person=child, team=team, worker=sw, started_on=dt.date(2024, 6, 1),
                          sw_reason="BORED")
    assert list(exc.value.message_dict) == ["sw_reason"]

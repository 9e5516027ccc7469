"""Edges of access found in review: linking people, break-glass limits, merged tombstones, stale
restriction pages, impossible dates, and restrictions carried by a merge."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from safehold.accounts.models import RecordAccessGrant
from safehold.accounts.tests.factories import BreakGlassAccessFactory
from safehold.casework.models import Allocation
from safehold.casework.tests.factories import AllocationFactory
from safehold.people import services
from safehold.people.models import Relationship
from safehold.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_a_worker_cannot_link_a_record_they_cannot_open(child, other_child, users, login):
    response = login(users["social_worker"]).post(
        reverse("people:relationship_add", args=[child.pk]),
        {"related_person_id": other_child.person_id, "type": "sibling"},
    )
    assert response.status_code == 200
    assert "You cannot open this person&#x27;s record, so you cannot link it" in response.content.decode()
    assert not Relationship.objects.exists()
    # ... so the other team's child stays outside the worker's access.
    assert login(users["social_worker"]).get(reverse("people:detail", args=[other_child.pk])).status_code == 403


def test_break_glass_does_not_let_a_manager_change_who_may_open_a_record(restricted_child, other_team, users, login):
    Allocation.objects.filter(person=restricted_child).update(team=other_team)
    now = timezone.now()
    BreakGlassAccessFactory(person=restricted_child, user=users["team_manager"], reason_code="safeguarding",
                                    reason_text="Urgent call tonight", started_at=now,
                                    expires_at=now + dt.timedelta(minutes=60))
    client = login(users["team_manager"])
    assert client.get(reverse("people:detail", args=[restricted_child.pk])).status_code == 200
    response = client.post(reverse("people:restriction", args=[restricted_child.pk]),
                           {"reason": "Lifting it", "restrict": "0"})
    assert response.status_code == 403
    restricted_child.refresh_from_db()
    assert restricted_child.is_restricted


def test_merged_duplicate_cannot_be_edited_or_added_to(child, users, login):
    duplicate = PersonFactory(forename="Amelia", surname="Hartly", person_id="C0000777")
    services.person_merge(by=users["team_manager"], keep=child, duplicate=duplicate, reason="Same child")
    client = login(users["front_door"])
    assert client.get(reverse("people:edit", args=[duplicate.pk])).status_code == 404
    assert client.post(reverse("people:address_add", args=[duplicate.pk]),
                       {"line1": "1 Mill Lane", "postcode": "SH1 4AB", "address_type": "home",
                        "start_date_day": "1", "start_date_month": "1", "start_date_year": "2024"}).status_code == 404
    assert not duplicate.addresses.exists()


def test_a_stale_restriction_page_does_not_undo_a_colleagues_restriction(child, users, login):
    services.person_restrict(by=users["team_manager"], person=child, restricted=True, reason="Staff relative")
    # The same manager's second tab, loaded before, still says "Restrict this record".
    response = login(users["team_manager"]).post(reverse("people:restriction", args=[child.pk]),
                                                    {"reason": "Staff relative", "restrict": "1"})
    assert response.status_code == 200
    assert "This record is already restricted" in response.content.decode()
    child.refresh_from_db()
    assert child.is_restricted


def test_an_impossible_date_is_a_message_not_a_crash(users, login):
    response = login(users["social_worker"]).post(
        reverse("people:search"), {"dob_day": "99999999999999999999", "dob_month": "1", "dob_year": "2000"})
    assert response.status_code == 200
    assert "Date of birth must be a real date" in response.content.decode()


def test_merging_a_restricted_duplicate_restricts_the_record_kept_and_keeps_its_worker(child, team, users, login):
    Allocation.objects.filter(person=child).update(worker=users["social_worker"])
    duplicate = PersonFactory(forename="Amelia", surname="Hartley", person_id="C0000778", is_restricted=True,
                              restriction_reason="Relative of a member of staff")
    AllocationFactory(person=duplicate, team=team, role="lead_practitioner")
    services.person_merge(by=users["team_manager"], keep=child, duplicate=duplicate, reason="Same child")
    child.refresh_from_db()
    assert child.is_restricted and child.restriction_reason == "Relative of a member of staff"
    assert RecordAccessGrant.objects.filter(person=child, user=users["social_worker"], revoked_at__isnull=True).exists()
    assert login(users["social_worker"]).get(reverse("people:detail", args=[child.pk])).status_code == 200
    assert login(users["front_door"]).get(reverse("people:detail", args=[child.pk])).status_code == 403

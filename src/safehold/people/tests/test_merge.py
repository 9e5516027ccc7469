"""Merging a confirmed duplicate into the record kept (people/services.py person_merge)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from safehold.audit.models import AuditEvent
from safehold.casework.models import Allocation
from safehold.casework.tests.factories import AllocationFactory
from safehold.family_help.tests.factories import CINEpisodeFactory
from safehold.people import services
from safehold.people.models import ChronologyEntry, Person, PersonName, Relationship
from safehold.people.tests.factories import (
    AddressFactory,
    ChronologyEntryFactory,
    PersonFactory,
    RelationshipFactory,
    valid_upn,
)


@pytest.fixture
def duplicate(child, team, other_team):
    """A second record of Amelia, with its own address, mother, chronology, allocation and UPN."""
    dup = PersonFactory(forename="Amelia", surname="Hartly", person_id="C0000050", dob=dt.date(2015, 6, 1),
                        upn=valid_upn(), first_language="Polish")
    AddressFactory(person=dup, line1="3 Mill Lane", postcode="NF3 4CD")
    RelationshipFactory(person=dup, related__forename="Karen", related__surname="Hartly")
    ChronologyEntryFactory(person=dup, summary="Referral from school", occurred_on=dt.date(2023, 5, 5))
    AllocationFactory(person=dup, team=other_team, started_on=dt.date(2023, 5, 5))  # clashes with the child's
    return dup


def merge(child, duplicate, users, role="team_manager"):
    return services.person_merge(by=users[role], keep=child, duplicate=duplicate, reason="Same child, same school")


def test_merge_moves_everything_to_the_record_kept(child, duplicate, users):
    kept = merge(child, duplicate, users)
    assert kept.pk == child.pk
    assert list(child.addresses.values_list("line1", flat=True)) == ["3 Mill Lane"]
    assert Relationship.objects.filter(person=child, related__forename="Karen").exists()
    assert ChronologyEntry.objects.filter(person=child, summary="Referral from school").exists()
    assert not duplicate.addresses.exists()
    assert not Relationship.objects.filter(person=duplicate).exists()
    assert not Allocation.objects.filter(person=duplicate).exists()
    assert ChronologyEntry.objects.filter(person=child, event_type="merge").exists()


def test_merge_ends_a_clashing_open_allocation(child, duplicate, users, team):
    merge(child, duplicate, users)
    open_allocations = Allocation.objects.filter(person=child, ended_on__isnull=True)
    assert [(a.team, a.role) for a in open_allocations] == [(team, "allocated_worker")]
    ended = Allocation.objects.get(person=child, ended_on__isnull=False)
    assert ended.ended_on == timezone.localdate()
    assert ended.end_reason == "Ended when the duplicate record was merged"


def test_merge_keeps_the_duplicates_name_as_an_alias(child, duplicate, users):
    merge(child, duplicate, users)
    alias = PersonName.objects.get(person=child)
    assert (alias.kind, alias.forename, alias.surname) == ("alias", "Amelia", "Hartly")


def test_merge_carries_over_identifiers_the_survivor_lacks(child, duplicate, users):
    child.first_language = "English"
    child.save()
    merge(child, duplicate, users)
    child.refresh_from_db()
    duplicate.refresh_from_db()
    assert child.upn == valid_upn()
    assert duplicate.upn == ""  # moved, not copied: a UPN stays unique
    assert child.first_language == "English"  # what the survivor holds is kept


def test_merge_marks_the_duplicate_and_writes_two_audit_events(child, duplicate, users):
    merge(child, duplicate, users)
    duplicate.refresh_from_db()
    assert duplicate.merged_into_id == child.pk
    merged = AuditEvent.objects.get(action="person.merge")
    away = AuditEvent.objects.get(action="person.merged_away")
    assert (merged.person_id, away.person_id) == (child.pk, duplicate.pk)
    assert merged.actor == away.actor == users["team_manager"]
    assert merged.changes["upn"] == ["", valid_upn()]
    assert away.changes["merged_into"] == [None, child.pk]
    assert merged.reason == "Same child, same school"


def test_merge_makes_the_survivor_restricted_if_the_duplicate_was(child, duplicate, users):
    duplicate.is_restricted = True
    duplicate.save()
    merge(child, duplicate, users)
    child.refresh_from_db()
    assert child.is_restricted


def test_merge_needs_a_reason_and_two_different_unmerged_records(child, duplicate, users):
    with pytest.raises(ValidationError):
        services.person_merge(by=users["team_manager"], keep=child, duplicate=duplicate, reason=" ")
    with pytest.raises(ValidationError):
        services.person_merge(by=users["team_manager"], keep=child, duplicate=child, reason="Same")
    merge(child, duplicate, users)
    with pytest.raises(ValidationError):
        merge(child, Person.objects.get(pk=duplicate.pk), users)


def test_merge_needs_the_merge_permission(child, duplicate, users):
    with pytest.raises(PermissionDenied):
        merge(child, duplicate, users, role="social_worker")
    duplicate.refresh_from_db()
    assert duplicate.merged_into_id is None


def test_merged_records_url_redirects_to_the_survivor(child, duplicate, users, login):
    merge(child, duplicate, users)
    response = login(users["front_door"]).get(reverse("people:detail", args=[duplicate.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("people:detail", args=[child.pk])


@pytest.mark.parametrize("role", ["social_worker", "team_manager"])
def test_merged_records_url_redirects_for_the_childs_own_team(role, child, duplicate, users, login):
    merge(child, duplicate, users)
    response = login(users[role]).get(reverse("people:detail", args=[duplicate.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("people:detail", args=[child.pk])


def test_merge_through_the_page_compares_then_merges(child, duplicate, team, users, login):
    Allocation.objects.filter(person=duplicate).update(team=team)  # the manager must be able to open both
    client = login(users["team_manager"])
    url = reverse("people:merge", args=[child.pk])
    data = {"duplicate_person_id": duplicate.person_id, "reason": "Same child, same school"}
    response = client.post(url, data)
    assert response.status_code == 200
    compare = response.content.decode().split('id="merge-compare"', 1)[1].split("</table>", 1)[0]
    assert "Amelia Hartly" in compare and duplicate.person_id in compare
    duplicate.refresh_from_db()
    assert duplicate.merged_into_id is None

    response = client.post(url, {**data, "confirm": "on"})
    assert response.status_code == 302
    duplicate.refresh_from_db()
    assert duplicate.merged_into_id == child.pk


def test_merge_page_refuses_a_duplicate_the_manager_cannot_open(child, other_child, users, login):
    other_child.is_restricted = True
    other_child.save()
    response = login(users["team_manager"]).post(reverse("people:merge", args=[child.pk]), {
        "duplicate_person_id": other_child.person_id, "reason": "Same child", "confirm": "on"})
    assert response.status_code == 403
    other_child.refresh_from_db()
    assert other_child.merged_into_id is None


def test_social_worker_cannot_merge(child, duplicate, users, login):
    client = login(users["social_worker"])
    url = reverse("people:merge", args=[child.pk])
    assert client.get(url).status_code == 403
    response = client.post(url, {"duplicate_person_id": duplicate.person_id, "reason": "Same", "confirm": "on"})
    assert response.status_code == 403
    duplicate.refresh_from_db()
    assert duplicate.merged_into_id is None
    assert not AuditEvent.objects.filter(action__startswith="person.merge").exists()


def test_merge_is_refused_with_a_message_when_both_records_have_an_open_episode_of_need(child, duplicate, users):
    from safehold.family_help.models import CINEpisode

    for person in (child, duplicate):
        CINEpisodeFactory(person=person, referral_date=dt.date(2025, 1, 6), referral_source="1A",
                          recorded_by=users["social_worker"])
    with pytest.raises(ValidationError) as exc:
        merge(child, duplicate, users)
    assert exc.value.message_dict["duplicate"] == [
        "Both records have an open episode of need: close or end the one on C0000050 before merging"]
    duplicate.refresh_from_db()
    assert duplicate.merged_into is None
    assert CINEpisode.objects.filter(person=duplicate).count() == 1

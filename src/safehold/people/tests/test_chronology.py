"""The chronology on a person's record: newest first, filterable by type, printable, and refreshed
in place with htmx."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from safehold.people.selectors import chronology_of
from safehold.people.tests.factories import ChronologyEntryFactory


@pytest.fixture
def events(child, users):
    ChronologyEntryFactory(person=child, occurred_on=dt.date(2023, 6, 1), event_type="address_change",
                           summary="Moved to home address in NF1 2AB")
    ChronologyEntryFactory(person=child, occurred_on=dt.date(2024, 3, 1), event_type="allocation",
                           summary="Allocated worker: Jo Bloggs", recorded_by=users["team_manager"])
    ChronologyEntryFactory(person=child, occurred_on=dt.date(2024, 1, 5), event_type="person_recorded",
                           summary="Child or young person put on the record")
    ChronologyEntryFactory(person=child, occurred_on=dt.date(2022, 9, 9), event_type="allocation",
                           summary="Allocated worker: Sam Patel")
    return child


SUMMARIES_NEWEST_FIRST = [
    "Allocated worker: Jo Bloggs",
    "Child or young person put on the record",
    "Moved to home address in NF1 2AB",
    "Allocated worker: Sam Patel",
]


def positions(body: str, texts: list[str]) -> list[int]:
    found = [body.find(t) for t in texts]
    assert all(p >= 0 for p in found), [t for t, p in zip(texts, found, strict=True) if p < 0]
    return found


def test_selector_returns_newest_first_and_filters(events):
    assert [e.summary for e in chronology_of(events)] == SUMMARIES_NEWEST_FIRST
    assert [e.summary for e in chronology_of(events, event_types=["allocation"])] == [
        "Allocated worker: Jo Bloggs", "Allocated worker: Sam Patel",
    ]


def test_record_page_shows_events_newest_first(events, users, login):
    body = login(users["social_worker"]).get(reverse("people:detail", args=[events.pk])).content.decode()
    chronology = body.split('id="chronology"', 1)[1]
    found = positions(chronology, SUMMARIES_NEWEST_FIRST)
    assert found == sorted(found)
    assert "4 events, newest first" in chronology
    assert "1 Mar 2024" in chronology


def test_filtering_by_type_shows_only_those_events(events, users, login):
    response = login(users["social_worker"]).get(reverse("people:detail", args=[events.pk]), {"type": "allocation"})
    chronology = response.content.decode().split('id="chronology"', 1)[1]
    assert "Allocated worker: Jo Bloggs" in chronology and "Allocated worker: Sam Patel" in chronology
    assert "Moved to home address" not in chronology
    assert "put on the record" not in chronology
    assert "2 events, newest first" in chronology
    assert 'id="type-allocation" name="type" type="checkbox" value="allocation" checked' in response.content.decode()


def test_filtering_by_several_types(events, users, login):
    response = login(users["social_worker"]).get(reverse("people:detail", args=[events.pk]),
                                                 {"type": ["allocation", "address_change"]})
    chronology = response.content.decode().split('id="chronology"', 1)[1]
    assert "3 events" in chronology and "put on the record" not in chronology


def test_printable_chronology_renders(events, users, login):
    response = login(users["social_worker"]).get(reverse("people:chronology_print", args=[events.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "<title>Chronology: Amelia Hartley" in body
    assert "All events." in body and "OFFICIAL-SENSITIVE" in body
    found = positions(body, SUMMARIES_NEWEST_FIRST)
    assert found == sorted(found)


def test_printable_chronology_keeps_the_filter(events, users, login):
    response = login(users["social_worker"]).get(reverse("people:chronology_print", args=[events.pk]),
                                                 {"type": "allocation"})
    body = response.content.decode()
    assert "Showing: Allocation changed." in body
    assert "Moved to home address" not in body


def test_record_page_links_to_the_printable_chronology_with_the_filter(events, users, login):
    body = login(users["social_worker"]).get(reverse("people:detail", args=[events.pk]),
                                             {"type": "allocation"}).content.decode()
    assert reverse("people:chronology_print", args=[events.pk]) + "?type=allocation" in body


def test_htmx_request_returns_only_the_chronology_fragment(events, users, login):
    response = login(users["social_worker"]).get(reverse("people:detail", args=[events.pk]),
                                                 {"fragment": "chronology", "type": "allocation"},
                                                 headers={"HX-Request": "true"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "<html" not in body and "<title>" not in body
    assert '<table class="govuk-table sh-chronology">' in body
    assert "Allocated worker: Jo Bloggs" in body
    assert "Moved to home address" not in body


def test_without_htmx_the_fragment_parameter_gives_the_whole_page(events, users, login):
    body = login(users["social_worker"]).get(reverse("people:detail", args=[events.pk]),
                                             {"fragment": "chronology"}).content.decode()
    assert "<html" in body


def test_htmx_fragment_is_access_checked_and_logged(other_child, users, login):
    from safehold.audit.models import AccessEvent

    response = login(users["social_worker"]).get(reverse("people:detail", args=[other_child.pk]),
                                                 {"fragment": "chronology"}, headers={"HX-Request": "true"})
    assert response.status_code == 403
    assert AccessEvent.objects.get().basis == "out_of_scope"


def test_no_events_of_the_chosen_type(events, users, login):
    body = login(users["social_worker"]).get(reverse("people:detail", args=[events.pk]),
                                             {"type": "death"}).content.decode()
    assert "No events of these types." in body

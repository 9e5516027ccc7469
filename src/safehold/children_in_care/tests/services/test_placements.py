"""Tests of children_in_care/services/placements.py."""

from __future__ import annotations

import datetime as dt
from itertools import pairwise

import pytest
from django.core.exceptions import ValidationError

from safehold.children_in_care import selectors, services
from safehold.children_in_care.models import (
    CareEpisode,
    PeriodOfCare,
    Placement,
    UnregisteredPlacementAuthorisation,
)
from safehold.people.models import ChronologyEntry
from safehold.people.tests.factories import PersonFactory

from ..helpers import (
    START,
    authorisation,
    foster,
    looked_after,
    provider,
    unregistered_home,
)
from .support import episodes, errors_of

pytestmark = pytest.mark.django_db


def test_episode_sequence_s_l_p_t_and_left_care(child, sw):
    looked_after(child, sw, legal_status="V2")
    d1, d2, d3, d4 = (START + dt.timedelta(days=n) for n in (10, 20, 30, 40))
    services.legal_status_change(by=sw, person=child, start_date=d1, legal_status="C1")
    services.placement_change(by=sw, person=child, start_date=d2, provider=foster("Carer 2"), change_reason="CARPL")
    services.placement_change(by=sw, person=child, start_date=d3, provider=foster("Carer 2", "U4"),
                              change_reason="CARPL", same_carer=True)
    services.period_end(by=sw, person=child, end_date=d4, reason="E4A")
    assert episodes(child) == [
        ("S", "V2", "U6", START, d1, "X1"),
        ("L", "C1", "U6", d1, d2, "X1"),
        ("P", "C1", "U6", d2, d3, "X1"),
        ("T", "C1", "U4", d3, d4, "E4A"),
    ]
    # Rule 433: every episode after the first starts on the day the previous one ended.
    rows = list(CareEpisode.objects.filter(person=child))
    assert all(a.end_date == b.start_date for a, b in pairwise(rows))
    period = PeriodOfCare.objects.get(person=child)
    assert (period.end_date, period.reason_ended) == (d4, "E4A")
    assert not Placement.objects.filter(person=child, end_date__isnull=True).exists()
    assert Placement.objects.get(person=child, start_date=START).change_reason == "CARPL"  # ended by the move
    assert ChronologyEntry.objects.filter(person=child, event_type="left_care").exists()


def test_placement_and_legal_status_on_the_same_day_is_one_b_or_u_episode(child, sw):
    looked_after(child, sw, legal_status="C1")
    d1, d2 = START + dt.timedelta(days=5), START + dt.timedelta(days=9)
    services.placement_change(by=sw, person=child, start_date=d1, provider=foster("Carer 2"), change_reason="CARPL",
                              legal_status="C2")
    services.placement_change(by=sw, person=child, start_date=d2, provider=foster("Carer 2", "U4"),
                              change_reason="CARPL", same_carer=True, legal_status="E1")
    assert [e[:2] for e in episodes(child)] == [("S", "C1"), ("B", "C2"), ("U", "E1")]


def test_legal_status_change_on_the_day_of_a_move_turns_p_into_b(child, sw):
    looked_after(child, sw, legal_status="C1")
    d1 = START + dt.timedelta(days=5)
    services.placement_change(by=sw, person=child, start_date=d1, provider=foster("Carer 2"), change_reason="CARPL")
    services.legal_status_change(by=sw, person=child, start_date=d1, legal_status="C2")
    assert [e[:2] for e in episodes(child)] == [("S", "C1"), ("B", "C2")]


def test_reason_for_a_move_required_except_for_temporary_placements(child, sw):
    looked_after(child, sw)
    with pytest.raises(ValidationError) as exc:
        services.placement_change(by=sw, person=child, start_date=START + dt.timedelta(days=3),
                                  provider=foster("Carer 2"))
    assert "rule 226" in errors_of(exc)["change_reason"][0]
    services.placement_change(by=sw, person=child, start_date=START + dt.timedelta(days=3), placement_type="T3")
    with pytest.raises(ValidationError) as exc:
        services.placement_change(by=sw, person=child, start_date=START + dt.timedelta(days=6),
                                  provider=foster("Carer 3"), change_reason="CARPL")
    assert "Leave the reason blank" in errors_of(exc)["change_reason"][0]


def test_overlapping_placement_is_refused_on_the_date_field(child, sw):
    looked_after(child, sw)
    with pytest.raises(ValidationError) as exc:
        services.placement_change(by=sw, person=child, start_date=START - dt.timedelta(days=1),
                                  provider=foster("Carer 2"), change_reason="CARPL")
    assert "must not overlap" in errors_of(exc)["start_date"][0]


def test_supported_accommodation_for_a_15_year_old_refused_even_if_registered(sw):
    child = PersonFactory(dob=START.replace(year=START.year - 15) - dt.timedelta(days=30))
    looked_after(child, sw)
    k3 = provider(name="Stepping Stones Supported Living 1", placement_type="K3", urn="2000001")
    with pytest.raises(ValidationError) as exc:
        services.placement_change(by=sw, person=child, start_date=START + dt.timedelta(days=3), provider=k3,
                                  change_reason="CARPL")
    text = " ".join(errors_of(exc)["provider"])
    assert "under 16" in text and "(Amendment) Regulations 2021" in text
    assert Placement.objects.filter(person=child).count() == 1


def test_director_authorises_and_the_placement_is_on_the_register(child, boss, users):
    looked_after(child, boss, carer=unregistered_home(), authorisation=authorisation())
    auth = UnregisteredPlacementAuthorisation.objects.get()
    assert auth.authorised_by == boss and auth.person == child
    assert "not registered with Ofsted" in auth.concerns
    assert list(selectors.unregistered_placements(on=START + dt.timedelta(days=3))) == [auth]
    assert list(selectors.unregistered_placements(on=START - dt.timedelta(days=1))) == []
    assert list(selectors.unregistered_placements(on=START, fetched_by=users["leader"])) == [auth]
    assert ChronologyEntry.objects.filter(person=child, event_type="unregistered_authorised").exists()
    # Off the register once the child moves on.
    services.placement_change(by=users["social_worker"], person=child, start_date=START + dt.timedelta(days=10),
                              provider=provider(), change_reason="CARPL")
    assert list(selectors.unregistered_placements(on=START + dt.timedelta(days=11))) == []


def test_placement_moves_and_children_with_three_or_more(child, sw, users):
    looked_after(child, sw)
    for n, code in ((10, "U4"), (20, "U5"), (30, "U6")):
        services.placement_change(by=sw, person=child, start_date=START + dt.timedelta(days=n),
                                  provider=foster(f"Carer {n}", code), change_reason="CARPL")
    until = START + dt.timedelta(days=40)
    assert selectors.placement_moves(person=child, until=until) == 4
    assert selectors.placement_moves(person=child, since=START + dt.timedelta(days=25), until=until) == 2
    many = list(selectors.children_with_many_placements(fetched_by=users["leader"], until=until))
    assert many == [child] and many[0].placement_count == 4
    assert list(selectors.children_with_many_placements(fetched_by=users["partner"], until=until)) == []

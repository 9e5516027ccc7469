"""Asking a director (issue 14.2): a worker whose placement the guard refused sends it, with her reasons, to
the directors, who are told; nothing is placed while it waits; a director authorises it (the placement is made
with the authorisation) or declines it with a reason; the worker is told either way."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from safehold.children_in_care.models import (
    PeriodOfCare,
    PlacementRequest,
    UnregisteredPlacementAuthorisation,
)
from safehold.children_in_care.placement_requests import (
    placement_request_authorise,
    placement_request_decline,
    placement_request_make,
)
from safehold.notifications.models import Notification
from safehold.web.tests.helpers import date_fields

from .helpers import START, authorisation, director, unregistered_home

pytestmark = pytest.mark.django_db
REASON = "No registered home within 100 miles could take her tonight; 38 refused"


@pytest.fixture
def boss(db):
    """The DCS: a leader with the director flag, who may open any child's record."""
    from safehold.accounts.models import Role

    return director(role=Role.LEADER)


def _cleaned(provider):
    return {"start_date": START, "legal_status": "C2", "category_of_need": "N1", "placement_type": "",
            "provider": provider, "intended_until_18": False, "weekly_visits": False, "previous_permanence": "",
            "previous_permanence_la": "", "previous_permanence_date": "", "referral_source": ""}


def test_a_refused_placement_is_asked_of_the_directors_and_nothing_is_placed(child, sw, boss):
    request = placement_request_make(by=sw, person=child, kind="period_start", cleaned=_cleaned(unregistered_home()),
                                     reason=REASON)
    assert request.state == "waiting" and request.concerns
    assert not PeriodOfCare.objects.filter(person=child).exists()
    (note,) = Notification.objects.filter(recipient=boss)
    assert note.kind == "authorisation_requested" and note.url == reverse(
        "children_in_care:placement_request", args=[request.pk])
    with pytest.raises(ValidationError, match="already waits"):
        placement_request_make(by=sw, person=child, kind="period_start", cleaned=_cleaned(unregistered_home()),
                               reason=REASON)


def test_a_request_needs_reasons_and_a_placement_the_guard_refuses(child, sw):
    from .helpers import foster

    with pytest.raises(ValidationError) as exc:
        placement_request_make(by=sw, person=child, kind="period_start", cleaned=_cleaned(foster()), reason="Short")
    assert exc.value.message_dict["director_request_reason"] == [
        "This placement needs no director's authorisation: record it"]


def test_the_director_authorises_and_the_placement_is_made(child, sw, boss):
    request = placement_request_make(by=sw, person=child, kind="period_start", cleaned=_cleaned(unregistered_home()),
                                     reason=REASON)
    with pytest.raises(PermissionDenied):
        placement_request_authorise(by=sw, request=request, expected_version=request.version,
                                    authorisation=authorisation())
    request = placement_request_authorise(by=boss, request=request, expected_version=request.version,
                                          authorisation=authorisation())
    assert request.state == "authorised" and request.placement is not None
    auth = UnregisteredPlacementAuthorisation.objects.get(person=child)
    assert auth.authorised_by == boss and auth.placement == request.placement
    assert Notification.objects.filter(recipient=sw, kind="authorisation_decided").count() == 1


def test_the_director_declines_with_a_reason(child, sw, boss):
    request = placement_request_make(by=sw, person=child, kind="period_start", cleaned=_cleaned(unregistered_home()),
                                     reason=REASON)
    with pytest.raises(ValidationError):
        placement_request_decline(by=boss, request=request, expected_version=request.version, reason=" ")
    request = placement_request_decline(by=boss, request=request, expected_version=request.version,
                                        reason="Use the emergency foster placement with Northshire carers")
    assert request.state == "declined" and not PeriodOfCare.objects.filter(person=child).exists()
    assert "declined" in Notification.objects.get(recipient=sw).title


def test_the_refusal_page_offers_ask_a_director_and_sends_it(child, sw, boss, login):
    home = unregistered_home()
    url = reverse("children_in_care:period_start", args=[child.pk])
    data = {**date_fields("start_date", START), "legal_status": "C2", "category_of_need": "N1", "provider": home.pk,
            "referral_source": "6"}
    client = login(sw)
    page = client.post(url, data).content.decode()
    assert "This placement would be unlawful" in page and 'id="ask-director-button"' in page
    response = client.post(url, {**data, "ask_director": "1", "director_request_reason": REASON})
    request = PlacementRequest.objects.get(person=child)
    assert response.status_code == 302 and response["Location"] == reverse(
        "children_in_care:placement_request", args=[request.pk])
    # The director reads it on the register page and authorises it there.
    register = login(boss).get(reverse("children_in_care:unregistered_register")).content.decode()
    assert "Waiting for a director (1)" in register
    decision = {"action": "authorise", "authorise-version": request.version,
                "authorise-authorisation_reason": REASON,
                "authorise-plan_to_end": "Provider to apply to Ofsted within 4 weeks",
                **date_fields("authorise-target_end_date", START + dt.timedelta(days=60)),
                "authorise-registration_application": "not_applied"}
    response = login(boss).post(reverse("children_in_care:placement_request", args=[request.pk]), decision)
    assert response.status_code == 302
    assert PlacementRequest.objects.get(pk=request.pk).state == "authorised"
    # A worker cannot decide it.
    response = login(sw).post(reverse("children_in_care:placement_request", args=[request.pk]),
                              {"action": "decline", "decline-version": 2, "decline-decline_reason": "No"})
    assert response.status_code == 403

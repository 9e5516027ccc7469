"""Tests of children_in_care/services/unregistered.py."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from safehold.children_in_care import services
from safehold.children_in_care.models import (
    UnregisteredPlacementAuthorisation,
)

from ..helpers import (
    START,
    authorisation,
    director,
    looked_after,
    unregistered_home,
)

pytestmark = pytest.mark.django_db


def test_social_worker_cannot_authorise_even_with_the_reasons(child, sw):
    with pytest.raises(ValidationError):
        looked_after(child, sw, carer=unregistered_home(), authorisation=authorisation())
    assert not UnregisteredPlacementAuthorisation.objects.exists()


def test_register_updates_and_actions(child, boss, users):
    looked_after(child, boss, carer=unregistered_home(), authorisation=authorisation())
    auth = UnregisteredPlacementAuthorisation.objects.get()
    services.authorisation_update(by=users["team_manager"], authorisation=auth, expected_version=auth.version,
                                  ofsted_notified_on=START, registration_application="applied",
                                  plan_to_end="Move to Oak House", target_end_date=START + dt.timedelta(days=14))
    services.authorisation_action_add(by=boss, authorisation=auth, action="Chase Ofsted application",
                                      owner="Placements team", due_date=START + dt.timedelta(days=7))
    auth.refresh_from_db()
    assert auth.ofsted_notified_on == START and auth.actions.count() == 1
    with pytest.raises(PermissionDenied):
        services.authorisation_action_add(by=users["social_worker"], authorisation=auth, action="x", owner="y",
                                          due_date=START)


def test_director_flag_only_counts_for_service_managers_and_leaders(child, users):
    from safehold.accounts.policy import Perm, has_perm

    sw = users["social_worker"]
    sw.is_director = True
    assert not has_perm(sw, Perm.PLACEMENT_AUTHORISE_UNREGISTERED)
    assert not has_perm(users["service_manager"], Perm.PLACEMENT_AUTHORISE_UNREGISTERED)
    assert has_perm(director(), Perm.PLACEMENT_AUTHORISE_UNREGISTERED)

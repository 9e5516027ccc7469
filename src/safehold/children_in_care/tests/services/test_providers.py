"""Tests of children_in_care/services/providers.py."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from safehold.children_in_care import services

from ..helpers import (
    START,
)
from .support import errors_of

pytestmark = pytest.mark.django_db


def test_provider_register_rules(users):
    tm = users["team_manager"]
    with pytest.raises(ValidationError) as exc:
        services.provider_create(by=tm, name="Elm House", placement_type="K2", provider_code="PR3", urn="",
                                 registration_status="registered", registration_checked_on=None)
    errors = errors_of(exc)
    assert "rule 529" in errors["provider_code"][0]
    assert {"urn", "registration_checked_on"} <= set(errors)
    p = services.provider_create(by=tm, name="Elm House", placement_type="K2", provider_code="PR4", urn="sc100002",
                                 registration_status="registered", registration_checked_on=START, postcode="nf1 2ab")
    assert (p.urn, p.postcode) == ("SC100002", "NF1 2AB")
    with pytest.raises(PermissionDenied):
        services.provider_create(by=users["social_worker"], name="X", placement_type="U6",
                                 provider_code="PR1", registration_status="not_required")


def test_a_provider_postcode_must_be_a_postcode(users):
    """Issue 15.5: a postcode "=1+2" typed on the register would reach the 903 and Annex A as a formula."""
    import pytest as _pytest
    from django.core.exceptions import ValidationError as _VE

    with _pytest.raises(_VE) as exc:
        services.provider_create(by=users["team_manager"], name="Hostile House", placement_type="K2",
                                 provider_code="PR4", urn="SC100009", registration_status="registered",
                                 registration_checked_on=dt.date(2025, 1, 1), postcode="=1+2")
    assert list(exc.value.message_dict) == ["postcode"]
    with _pytest.raises(_VE) as exc:
        services.provider_create(by=users["team_manager"], name="Hostile House", placement_type="K2",
                                 provider_code="PR4", urn="=1+2", registration_status="registered",
                                 registration_checked_on=dt.date(2025, 1, 1), postcode="NR1 1AA")
    assert "urn" in exc.value.message_dict
    provider = services.provider_create(by=users["team_manager"], name="Fine House", placement_type="K2",
                                        provider_code="PR4", urn="SC100010", registration_status="registered",
                                        registration_checked_on=dt.date(2025, 1, 1), postcode="nr1 1aa")
    assert provider.postcode == "NR1 1AA"

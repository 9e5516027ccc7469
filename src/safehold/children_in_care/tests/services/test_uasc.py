"""Tests of children_in_care/services/uasc.py."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from safehold.children_in_care import services
from safehold.people.tests.factories import PersonFactory

from .support import errors_of

pytestmark = pytest.mark.django_db


def test_uasc_ceased_after_18th_birthday_refused(sw):
    child = PersonFactory(dob=dt.date(2008, 3, 1))
    with pytest.raises(ValidationError) as exc:
        services.uasc_update(by=sw, person=child, is_uasc=True, ceased_on=dt.date(2026, 3, 2))
    assert "rule 304" in errors_of(exc)["ceased_on"][0]
    status = services.uasc_update(by=sw, person=child, is_uasc=True, ceased_on=dt.date(2026, 3, 1))
    assert status.ceased_on == dt.date(2026, 3, 1)

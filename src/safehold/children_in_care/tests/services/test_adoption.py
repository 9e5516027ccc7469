"""Tests of children_in_care/services/adoption.py."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from safehold.children_in_care import services

from .support import errors_of

pytestmark = pytest.mark.django_db


def test_adoption_dates_in_order_and_reason_with_decision(child, sw):
    with pytest.raises(ValidationError) as exc:
        services.adoption_update(by=sw, person=child, should_be_placed_on=dt.date(2024, 5, 1),
                                 placement_order_on=dt.date(2024, 4, 1), no_longer_placed_on=dt.date(2024, 9, 1))
    errors = errors_of(exc)
    assert "on or after the date of the decision" in errors["placement_order_on"][0]
    assert "rule 119" in errors["no_longer_reason"][0]
    record = services.adoption_update(by=sw, person=child, should_be_placed_on=dt.date(2024, 5, 1),
                                      placement_order_on=dt.date(2024, 6, 1), matched_on=dt.date(2024, 9, 1),
                                      placed_on=dt.date(2024, 10, 1))
    assert record.placed_on == dt.date(2024, 10, 1)


def test_an_adoption_order_needs_the_adopters_and_their_legal_status_must_fit(child, sw):
    dates = {"should_be_placed_on": dt.date(2024, 5, 1), "matched_on": dt.date(2024, 9, 1),
             "placed_on": dt.date(2024, 10, 1), "adopted_on": dt.date(2025, 2, 3)}
    with pytest.raises(ValidationError) as exc:
        services.adoption_update(by=sw, person=child, **dates)
    errors = errors_of(exc)
    assert {"by_former_foster_carers", "adopters_sex", "adopters_legal_status"} <= set(errors)
    assert "rule 601" in errors["adopters_sex"][0]
    with pytest.raises(ValidationError) as exc:  # a married couple of different sexes is not two women
        services.adoption_update(by=sw, person=child, by_former_foster_carers=False, adopters_sex="FF",
                                 adopters_legal_status="L11", **dates)
    assert "needs a male and female couple" in errors_of(exc)["adopters_legal_status"][0]
    record = services.adoption_update(by=sw, person=child, by_former_foster_carers=False, adopters_sex="FF",
                                      adopters_legal_status="L2", **dates)
    assert (record.by_former_foster_carers, record.adopters_sex, record.adopters_legal_status) == (False, "FF", "L2")

"""The fixtures the care_planning service tests share."""

from __future__ import annotations

import datetime as dt

import pytest


@pytest.fixture
def iro(users):
    return users["iro"]


@pytest.fixture
def ten_year_old(child):
    child.dob = dt.date(2015, 3, 2)
    child.save(update_fields=["dob"])
    return child

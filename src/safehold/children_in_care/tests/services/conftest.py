"""The fixtures the children_in_care service tests share."""

from __future__ import annotations

import pytest

from ..helpers import (
    director,
)


@pytest.fixture
def boss(users):
    return director(service=users["service_manager"].service)

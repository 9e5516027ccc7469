"""The fixtures the family_help service tests share."""

from __future__ import annotations

import pytest


@pytest.fixture
def sw(users):
    return users["social_worker"]


@pytest.fixture
def tm(users):
    return users["team_manager"]


"""The fixtures the child_protection service tests share."""

from __future__ import annotations

import pytest

from ..helpers import open_referral
from .support import D


@pytest.fixture
def manager(users):
    return users["team_manager"]


@pytest.fixture
def episode(child, manager):
    return open_referral(child, manager, D(2025, 12, 1))

"""Tests of family_help/services/episodes.py."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from safehold.casework.models import StatutoryWork
from safehold.family_help import services
from safehold.timescales import due_date

from ..helpers import (
    ASSESSMENT_DUE,
    REFERRAL,
    open_referral,
)
from .support import errors_of

pytestmark = pytest.mark.django_db


def test_referral_raises_assessment_work_due_in_45_working_days(child, sw):
    episode = open_referral(child, sw)
    work = StatutoryWork.objects.get(person=child, rule_code="ASSESSMENT")
    assert work.due_on == ASSESSMENT_DUE == due_date("ASSESSMENT", REFERRAL)
    assert (work.source_type, work.source_id) == ("family_help.cinepisode", str(episode.pk))


def test_referral_with_unknown_primary_need_is_refused(child, sw):
    with pytest.raises(ValidationError) as exc:
        open_referral(child, sw, primary_need="N99")
    assert "primary_need" in errors_of(exc)


def test_episode_primary_need_update(child, sw):
    episode = open_referral(child, sw)
    services.episode_update_primary_need(by=sw, episode=episode, primary_need="N3")
    episode.refresh_from_db()
    assert episode.primary_need == "N3" and episode.version == 2
    with pytest.raises(ValidationError):
        services.episode_update_primary_need(by=sw, episode=episode, primary_need="X1")

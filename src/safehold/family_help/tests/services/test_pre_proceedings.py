"""Tests of family_help/services/pre_proceedings.py."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from safehold.family_help import selectors, services

from ..helpers import (
    open_referral,
)
from .support import PP, errors_of, events

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("data, field, message", [
    ({"lbp_sent_date": dt.date(2025, 2, 1), "fgdm_meeting_offer": True}, "lbp_sent_date",
     "on or after pre-proceedings started (3/2/2025)"),  # 9006
    ({"lbp_sent_date": dt.date(2025, 2, 5)}, "fgdm_meeting_offer", "family group decision making"),  # 9007
    ({"step_decision_date": dt.date(2025, 2, 2)}, "step_decision_date", "on or after pre-proceedings started"),  # 9009
    ({"step_decision_date": dt.date(2025, 3, 3), "court_app_date": dt.date(2025, 3, 1)}, "court_app_date",
     "on or after the decision to step up (3/3/2025)"),  # 9012
    ({"court_app_date": dt.date(2025, 3, 1)}, "court_app_date", "Record the decision to step up"),
    ({"step_decision_date": dt.date(2025, 3, 3), "court_app_date": dt.date(2025, 3, 4),
      "letter_init_cp_date": dt.date(2025, 3, 3)}, "letter_init_cp_date", "on or after the court application"),  # 9013
    ({"pp_outcome": "D"}, "pp_outcome", "A, B or C"),  # 9011
])
def test_pre_proceedings_ordering(child, tm, data, field, message):
    episode = open_referral(child, tm)
    with pytest.raises(ValidationError) as exc:
        services.pre_proceedings_record(by=tm, episode=episode, data={**PP, **data})
    assert message in errors_of(exc)[field][0]


def test_pre_proceedings_milestones_and_queries(child, tm):
    episode = open_referral(child, tm)
    pp = services.pre_proceedings_record(by=tm, episode=episode, data={
        **PP, "lbp_sent_date": dt.date(2025, 2, 10), "fgdm_meeting_offer": True,
        "initial_pp_meeting_date": dt.date(2025, 2, 20)})
    assert selectors.pre_proceedings_warnings(pp) == [
        "An FGDM meeting was offered: record whether it was facilitated (CIN census query 9010Q)",
        "Record the number of review meetings after the first meeting (CIN census query 9015Q)"]
    pp = services.pre_proceedings_update(by=tm, pre_proceedings=pp, expected_version=pp.version, data={
        **PP, "lbp_sent_date": dt.date(2025, 2, 10), "fgdm_meeting_offer": True, "fgdm_meeting_fac": True,
        "initial_pp_meeting_date": dt.date(2025, 2, 20), "review_meetings_count": 2,
        "step_decision_date": dt.date(2025, 5, 1), "pp_outcome": "B"})
    assert selectors.pre_proceedings_warnings(pp) == []
    summaries = [e.summary for e in events(child, "pre_proceedings")]
    assert "Pre-proceedings started (legal planning meeting)" in summaries
    assert "Letter before proceedings sent; it offered a family group decision making meeting" in summaries
    assert "Decision to step up to proceedings or step down (outcome B)" in summaries
    assert "Family group decision making meeting facilitated in pre-proceedings" in summaries
    assert len(summaries) == 5
    # An episode with pre-proceedings awaiting a decision cannot close; with a decision it can.
    episode.refresh_from_db()
    services.episode_close(by=tm, episode=episode, closure_date=dt.date(2025, 5, 2), reason="RC7",
                           expected_version=episode.version, primary_need="N1")


def test_open_pre_proceedings_block_closure(child, tm):
    episode = open_referral(child, tm, primary_need="N1")
    services.pre_proceedings_record(by=tm, episode=episode, data=PP)
    episode.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        services.episode_close(by=tm, episode=episode, closure_date=dt.date(2025, 5, 2), reason="RC7",
                               expected_version=episode.version)
    assert any("no decision to step up or down" in m for m in errors_of(exc)["__all__"])

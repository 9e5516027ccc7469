"""Pre-proceedings and FGDM (census module 5, cin-census.md 2.4): started in an episode, its milestones
recorded as they are reached, each checked against the census rules (9005 to 9015Q)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from safehold.accounts.policy import Perm
from safehold.accounts.policy import require as _require
from safehold.audit.actions import AuditAction
from safehold.audit.services import audit_change, snapshot
from safehold.core.concurrency import save_if_unchanged
from safehold.core.validation import add_error as _add
from safehold.core.validation import d
from safehold.core.validation import raise_if_errors as _raise
from safehold.people.chronology import record_event

from ..codes import PPOutcome
from ..models import CINEpisode, PreProceedings
from ._common import _check_in_episode, _locked_episode, _require_open_episode

PP_DATE_FIELDS = ["pp_start_date", "lbp_sent_date", "initial_pp_meeting_date", "step_decision_date", "court_app_date",
                  "letter_init_cp_date"]
PP_FIELDS = ["pp_start_date", "lbp_sent_date", "fgdm_meeting_offer", "fgdm_meeting_fac", "initial_pp_meeting_date",
             "review_meetings_count", "step_decision_date", "pp_outcome", "court_app_date", "letter_init_cp_date"]
# Milestones written to the chronology when first recorded.
PP_MILESTONES = {
    "pp_start_date": "Pre-proceedings started (legal planning meeting)",
    "lbp_sent_date": "Letter before proceedings sent",
    "initial_pp_meeting_date": "First pre-proceedings meeting",
    "step_decision_date": "Decision to step up to proceedings or step down",
    "court_app_date": "Court application for care proceedings submitted",
    "letter_init_cp_date": "Letter initiating care proceedings sent",
}


PP_LABELS = {
    "pp_start_date": "The date pre-proceedings started",
    "lbp_sent_date": "The date the letter before proceedings was sent",
    "initial_pp_meeting_date": "The date of the first pre-proceedings meeting",
    "step_decision_date": "The date of the decision to step up or down",
    "court_app_date": "The date of the court application",
    "letter_init_cp_date": "The date the letter initiating care proceedings was sent",
}


def _label(field: str) -> str:
    return PP_LABELS[field]


def _check_pre_proceedings(episode: CINEpisode, data: dict) -> None:
    errors: dict[str, list[str]] = {}
    for field in PP_DATE_FIELDS:
        _check_in_episode(errors, field, data.get(field), episode, _label(field),
                          required=field == "pp_start_date")  # rule 9005: PPStartDate
    start, lbp = data.get("pp_start_date"), data.get("lbp_sent_date")
    step, court, letter = data.get("step_decision_date"), data.get("court_app_date"), data.get("letter_init_cp_date")
    first = data.get("initial_pp_meeting_date")
    if start and lbp and lbp < start:  # rule 9006
        _add(errors, "lbp_sent_date", f"The letter before proceedings must be sent on or after pre-proceedings "
                                      f"started ({d(start)})")
    if lbp and data.get("fgdm_meeting_offer") is None:  # rule 9007
        _add(errors, "fgdm_meeting_offer", "Say whether the letter before proceedings offered a family group "
                                           "decision making meeting")
    if start and first and first < start:  # ordering (local: the first meeting follows the decision to start)
        _add(errors, "initial_pp_meeting_date", f"The first pre-proceedings meeting must be on or after "
                                                f"pre-proceedings started ({d(start)})")
    if start and step and step < start:  # rule 9009
        _add(errors, "step_decision_date", f"The decision to step up or down must be on or after pre-proceedings "
                                           f"started ({d(start)})")
    if court and not step:
        _add(errors, "court_app_date", "Record the decision to step up to proceedings before the court application")
    elif court and step and court < step:  # rule 9012
        _add(errors, "court_app_date", f"The court application must be on or after the decision to step up "
                                       f"({d(step)})")
    if letter and not court:
        _add(errors, "letter_init_cp_date", "Record the court application before the letter initiating proceedings")
    elif letter and court and letter < court:  # rule 9013
        _add(errors, "letter_init_cp_date", f"The letter initiating care proceedings must be sent on or after the "
                                            f"court application ({d(court)})")
    outcome = data.get("pp_outcome") or ""
    if outcome and outcome not in PPOutcome.values:  # rule 9011
        _add(errors, "pp_outcome", "Choose the outcome from the list (A, B or C)")
    count = data.get("review_meetings_count")
    if count is not None and (count < 0 or count > 200):
        _add(errors, "review_meetings_count", "Enter the number of review meetings, from 0 to 200")
    _raise(errors)


def _pp_values(data: dict) -> dict:
    values = {f: data.get(f) for f in PP_FIELDS}
    values["pp_outcome"] = values["pp_outcome"] or ""
    return values


def _pp_milestone_events(*, by, pp: PreProceedings, before: dict) -> None:
    for field, text in PP_MILESTONES.items():
        value = getattr(pp, field)
        if value and before.get(field) != value.isoformat():
            summary = text
            if field == "lbp_sent_date" and pp.fgdm_meeting_offer is not None:
                summary += ("; it offered a family group decision making meeting" if pp.fgdm_meeting_offer
                            else "; no family group decision making meeting offered")
            if field == "step_decision_date" and pp.pp_outcome:
                summary += f" (outcome {pp.pp_outcome})"
            record_event(person=pp.person, event_type="pre_proceedings", occurred=value, summary=summary,
                         source=pp, recorded_by=by)
    if pp.fgdm_meeting_fac and before.get("fgdm_meeting_fac") is not True:
        record_event(person=pp.person, event_type="pre_proceedings", occurred=timezone.localdate(),
                     summary="Family group decision making meeting facilitated in pre-proceedings", source=pp,
                     recorded_by=by)


@transaction.atomic
def pre_proceedings_record(*, by, episode: CINEpisode, data: dict) -> PreProceedings:
    """Record the start of pre-proceedings (and any milestones already reached) in an episode."""
    _require(by, Perm.CASEWORK_RECORD)
    episode = _locked_episode(episode)
    errors: dict[str, list[str]] = {}
    _require_open_episode(errors, "pp_start_date", episode)
    if PreProceedings.objects.filter(episode=episode).exists():
        _add(errors, "pp_start_date", "Pre-proceedings are already recorded for this episode: change that record")
    _raise(errors)
    _check_pre_proceedings(episode, data)
    pp = PreProceedings.objects.create(episode=episode, person=episode.person, recorded_by=by, **_pp_values(data))
    audit_change(actor=by, action=AuditAction.PRE_PROCEEDINGS_RECORD, instance=pp, person_id=episode.person_id)
    _pp_milestone_events(by=by, pp=pp, before={})
    return pp


@transaction.atomic
def pre_proceedings_update(*, by, pre_proceedings: PreProceedings, expected_version: int, data: dict) -> PreProceedings:
    """Record the milestones reached since (or correct the record)."""
    _require(by, Perm.CASEWORK_RECORD)
    pp = PreProceedings.objects.select_for_update(of=("self",)).select_related("episode", "person").get(pk=pre_proceedings.pk)
    errors: dict[str, list[str]] = {}
    _require_open_episode(errors, "pp_start_date", pp.episode)
    _raise(errors)
    _check_pre_proceedings(pp.episode, data)
    before = snapshot(pp, PP_FIELDS)
    for field, value in _pp_values(data).items():
        setattr(pp, field, value)
    save_if_unchanged(pp, expected_version=expected_version, fields=PP_FIELDS)
    audit_change(actor=by, action=AuditAction.PRE_PROCEEDINGS_UPDATE, instance=pp, before=before, after=snapshot(pp, PP_FIELDS),
                 person_id=pp.person_id)
    _pp_milestone_events(by=by, pp=pp, before=before)
    return pp

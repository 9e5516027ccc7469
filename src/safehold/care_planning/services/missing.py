"""Missing episodes (903 MISSING) and return home interviews: the return starts the 72-hour clock for
offering the interview, and the offer stops it."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from safehold.accounts.policy import Perm
from safehold.accounts.policy import require as _require
from safehold.audit.actions import AuditAction
from safehold.audit.services import audit_change, snapshot
from safehold.casework.models import StatutoryWork
from safehold.casework.work import work_complete
from safehold.children_in_care.models import PeriodOfCare
from safehold.core.concurrency import save_if_unchanged
from safehold.core.validation import add_error as _add
from safehold.core.validation import raise_if_errors
from safehold.people.chronology import record_event

from ..codes import (
    MissingKind,
)
from ..models import (
    MissingEpisode,
)
from ..selectors import timing_words
from .common import start_clock


def _check_missing_times(errors, started_at, ended_at) -> None:
    now = timezone.now()
    if started_at is None:
        _add(errors, "started_at", "Enter the date and time the child went missing")
    elif started_at > now:
        _add(errors, "started_at", "The time the child went missing cannot be in the future")
    if ended_at is not None:
        if ended_at > now:
            _add(errors, "ended_at", "The time the child returned cannot be in the future")
        elif started_at and ended_at < started_at:
            _add(errors, "ended_at", "The time the child returned must be after the time they went missing")


def _overlapping_episode(person, started_at, ended_at, *, exclude=None) -> MissingEpisode | None:
    """Another episode of this child's that overlaps started_at..ended_at (open-ended if None)."""
    if started_at is None:
        return None
    qs = MissingEpisode.objects.select_for_update().filter(person=person, started_at__lte=ended_at or timezone.now())
    for other in qs.exclude(pk=exclude):
        if other.ended_at is None or other.ended_at >= started_at:
            return other
    return None


def _return_interview_clock(episode: MissingEpisode) -> StatutoryWork | None:
    """Keep the RETURN_INTERVIEW clock in step with the episode as it now stands: 72 hours from the
    return as recorded (a corrected return time restarts it), stopped by the offer as recorded (a
    corrected offer is judged again; an offer taken back reopens it)."""
    label, pk = MissingEpisode._meta.label_lower, str(episode.pk)
    clocks = StatutoryWork.objects.filter(source_type=label, source_id=pk, rule_code="RETURN_INTERVIEW").exclude(
        status=StatutoryWork.Status.CANCELLED).order_by("-id")
    work = clocks.first()
    if episode.ended_at is None:
        return None
    back = timezone.localtime(episode.ended_at)
    if work is None or work.started_at != episode.ended_at:
        clocks.update(status=StatutoryWork.Status.CANCELLED, cancel_reason="Return time corrected",
                      updated_at=timezone.now())
        work = start_clock(episode.person, "RETURN_INTERVIEW", back, episode)
    if episode.interview_offered_at is not None:
        return work_complete(work=work, done=episode.interview_offered_at, by_event=episode)
    if work.status == StatutoryWork.Status.DONE:  # the offer was taken back: due again
        work.status, work.completed_on, work.completed_at, work.on_time = StatutoryWork.Status.OPEN, None, None, None
        work.completion_type = work.completion_id = ""
        work.save(update_fields=["status", "completed_on", "completed_at", "on_time", "completion_type",
                                 "completion_id", "updated_at"])
    return work


@transaction.atomic
def missing_episode_record(*, by, person, kind: str, started_at: dt.datetime,
                           ended_at: dt.datetime | None = None) -> MissingEpisode:
    """Record that a child went missing or was away from placement (903 MISSING), with the return if
    known. The return starts the 72-hour clock for offering a return home interview."""
    _require(by, Perm.CASEWORK_RECORD)
    errors: dict[str, list[str]] = {}
    if kind not in MissingKind.values:
        _add(errors, "kind", "Say whether the child was missing or away from placement")
    _check_missing_times(errors, started_at, ended_at)
    if not errors:
        other = _overlapping_episode(person, started_at, ended_at)
        if other is not None:
            when = timezone.localtime(other.started_at)
            _add(errors, "started_at", f"This overlaps the episode that started {when:%d/%m/%Y %H:%M}"
                 + ("" if other.ended_at else ", which has no return recorded yet"))
    raise_if_errors(errors)
    start_day = timezone.localtime(started_at).date()
    period = (PeriodOfCare.objects.filter(person=person, start_date__lte=start_day)
              .order_by("-start_date").first())
    if period and period.end_date and period.end_date < start_day:
        period = None
    episode = MissingEpisode.objects.create(person=person, period=period, kind=kind, started_at=started_at,
                                            ended_at=ended_at, recorded_by=by)
    audit_change(actor=by, action=AuditAction.MISSING_EPISODE_RECORD, instance=episode, person_id=person.pk)
    label = MissingKind(kind).label
    record_event(person=person, event_type="missing_episode", occurred=start_day,
                 summary=f"{label} from {timezone.localtime(started_at):%H:%M}", source=episode, recorded_by=by)
    if ended_at is not None:
        _returned(by, episode)
    return episode


def _returned(by, episode: MissingEpisode) -> None:
    _return_interview_clock(episode)
    back = timezone.localtime(episode.ended_at)
    record_event(person=episode.person, event_type="missing_return", occurred=back.date(),
                 summary=f"Returned at {back:%H:%M}: return home interview to be offered within 72 hours",
                 source=episode, recorded_by=by)


@transaction.atomic
def missing_episode_update(*, by, episode: MissingEpisode, expected_version: int, ended_at: dt.datetime | None,
                           interview_offered_at: dt.datetime | None = None, interview_accepted: bool | None = None,
                           interview_held_on: dt.date | None = None, interview_notes: str = "") -> MissingEpisode:
    """Record the return and the return home interview (offered, accepted, held). Offering the
    interview stops the RETURN_INTERVIEW clock (timescales.md: 72 hours from the return)."""
    _require(by, Perm.CASEWORK_RECORD)
    errors: dict[str, list[str]] = {}
    _check_missing_times(errors, episode.started_at, ended_at)
    if episode.ended_at and ended_at is None:
        _add(errors, "ended_at", "Enter the date and time the child returned")
    if interview_offered_at is not None:
        if ended_at is None:
            _add(errors, "interview_offered_at", "A return home interview is offered after the child returns")
        elif interview_offered_at < ended_at:
            _add(errors, "interview_offered_at", "The interview cannot be offered before the child returned")
        elif interview_offered_at > timezone.now():
            _add(errors, "interview_offered_at", "The date the interview was offered cannot be in the future")
    if interview_accepted is not None and interview_offered_at is None:
        _add(errors, "interview_accepted", "Record when the interview was offered before whether it was accepted")
    if interview_held_on is not None:
        if not interview_accepted:
            _add(errors, "interview_held_on", "An interview can only be held if the child accepted it")
        elif interview_offered_at and interview_held_on < timezone.localtime(interview_offered_at).date():
            _add(errors, "interview_held_on", "The interview cannot be held before it was offered")
        elif interview_held_on > timezone.localdate():
            _add(errors, "interview_held_on", "The date the interview was held cannot be in the future")
    raise_if_errors(errors)
    other = _overlapping_episode(episode.person, episode.started_at, ended_at, exclude=episode.pk)
    if other is not None:
        when = timezone.localtime(other.started_at)
        raise ValidationError({"ended_at": [f"This overlaps the episode that started {when:%d/%m/%Y %H:%M}"]})
    fields = ["ended_at", "interview_offered_at", "interview_accepted", "interview_held_on", "interview_notes"]
    before = snapshot(episode, fields)
    was_open = episode.ended_at is None
    episode.ended_at = ended_at
    episode.interview_offered_at = interview_offered_at
    episode.interview_accepted = interview_accepted
    episode.interview_held_on = interview_held_on
    episode.interview_notes = (interview_notes or "").strip()
    save_if_unchanged(episode, expected_version=expected_version, fields=fields)
    episode.version = expected_version + 1
    audit_change(actor=by, action=AuditAction.MISSING_EPISODE_UPDATE, instance=episode, before=before,
                 after=snapshot(episode, fields), person_id=episode.person_id)
    if was_open and ended_at is not None:
        _returned(by, episode)
    work = _return_interview_clock(episode)
    if work is not None and interview_offered_at is not None and before["interview_offered_at"] != \
            snapshot(episode, ["interview_offered_at"])["interview_offered_at"]:
        accepted = {True: "accepted", False: "declined", None: "answer not yet known"}[interview_accepted]
        record_event(person=episode.person, event_type="return_interview",
                     occurred=timezone.localtime(interview_offered_at).date(),
                     summary=f"Return home interview offered{timing_words(work)}: {accepted}", source=episode,
                     recorded_by=by)
    return episode

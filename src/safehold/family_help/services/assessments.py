"""Child and family assessments (census Assessments): started in an open episode, the draft autosaved as the
worker types (with the audit of each change), and authorised by a manager, which stops the ASSESSMENT
clock."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import timezone

from safehold.accounts.policy import Perm
from safehold.accounts.policy import require as _require
from safehold.audit.actions import AuditAction
from safehold.audit.services import audit_change, snapshot
from safehold.casework.signoff import (
    sign_off_authorised,
    sign_off_editable,
    sign_off_for,
    sign_off_open,
    sign_off_ready,
)
from safehold.casework.work import work_complete_for
from safehold.core.concurrency import EditConflict, save_if_unchanged
from safehold.core.validation import add_error as _add
from safehold.core.validation import check_day as _check_day
from safehold.core.validation import d
from safehold.core.validation import raise_if_errors as _raise
from safehold.people.chronology import record_event

from .. import rules
from ..codes import PrimaryNeed
from ..models import Assessment, CINEpisode
from ..selectors import assessment_work
from ..signoff_kinds import assessment_title
from ._common import _check_in_episode, _locked_episode, _require_open_episode
from .episodes import episode_update_primary_need

DRAFT_MAX_CHARS = 200_000
DRAFT_AUDIT_MAX_CHARS = 50_000  # the most of one save's change the audit keeps, each side (a whole draft fits)
DRAFT_AUDIT_WORD_CHARS = 40  # a change is widened to whole words, by at most this many characters each end


def _open_assessment(person) -> Assessment | None:
    return Assessment.objects.select_for_update().filter(person=person, authorised_date__isnull=True).first()


@transaction.atomic
def assessment_start(*, by, episode: CINEpisode, start_date: dt.date, lead_worker=None,
                     draft_text: str = "") -> Assessment:
    """Start a child and family assessment in an open episode (census AssessmentActualStartDate)."""
    _require(by, Perm.CASEWORK_RECORD)
    episode = _locked_episode(episode)
    errors: dict[str, list[str]] = {}
    _require_open_episode(errors, "start_date", episode)
    _check_in_episode(errors, "start_date", start_date, episode, "The assessment start date")  # rule 1103
    current = _open_assessment(episode.person)
    if current:  # rules 8863Q/8896
        _add(errors, "start_date", f"The assessment started on {d(current.start_date)} is still open: it must be "
                                   "authorised before another starts")
    _raise(errors)
    lead_worker = lead_worker or by
    assessment = Assessment.objects.create(
        episode=episode, person=episode.person, start_date=start_date, lead_worker=lead_worker,
        draft_text=(draft_text or "").replace("\r\n", "\n"), recorded_by=by,
        draft_saved_at=timezone.now() if draft_text else None, draft_saved_by=by if draft_text else None)
    audit_change(actor=by, action=AuditAction.ASSESSMENT_START, instance=assessment, person_id=episode.person_id)
    sign_off_open(by=by, record=assessment, kind="assessment", person=episode.person, title=assessment_title(assessment))
    work = assessment_work(episode)
    summary = f"Assessment started; lead worker {lead_worker}"
    if work is not None and work.status == work.Status.OPEN:
        summary += f"; to be authorised by {d(work.due_on)} (45 working days from the referral)"
    record_event(person=episode.person, event_type="assessment_started", occurred=start_date, summary=summary,
                 source=assessment, recorded_by=by)
    return assessment


def _common_prefix(a: str, b: str) -> int:
    limit, n, step = min(len(a), len(b)), 0, 4096
    while step:  # whole blocks compared at C speed, then smaller ones
        while n + step <= limit and a[n:n + step] == b[n:n + step]:
            n += step
        step //= 8
    return n


def draft_change(before: str, after: str) -> tuple[int, str, str]:
    """The stretch of text one save changed, as (where it starts, the text it replaced, the text put
    there), widened to whole words so the audit reads as words. `after` is `before` with
    before[at:at + len(replaced)] swapped for `put`, so every version of a draft can be rebuilt from
    the audit (the assessment.start row holds the first text)."""
    start = _common_prefix(before, after)
    end = _common_prefix(before[start:][::-1], after[start:][::-1])  # the common ending, not overlapping
    stop = max(0, start - DRAFT_AUDIT_WORD_CHARS)
    while start > stop and not before[start - 1].isspace():
        start -= 1
    keep = max(0, end - DRAFT_AUDIT_WORD_CHARS)
    while end > keep and not before[len(before) - end].isspace():
        end -= 1
    return start, before[start:len(before) - end], after[start:len(after) - end]


def _audit_text(text: str) -> str:
    if len(text) <= DRAFT_AUDIT_MAX_CHARS:
        return text
    return text[:DRAFT_AUDIT_MAX_CHARS] + f" [... {len(text) - DRAFT_AUDIT_MAX_CHARS:,} more characters not kept]"


def _clock(when: dt.datetime) -> str:
    return f"{timezone.localtime(when):%H:%M:%S}"


@transaction.atomic
def assessment_save_draft(*, by, assessment: Assessment, text: str, expected_version: int,
                          overwriting: bool = False) -> Assessment:
    """Keep the latest draft of the assessment as the worker types (the htmx autosave), like every
    other edit only if nobody has saved it since the writer's page loaded: `expected_version` is the
    draft version the page carries. A stale save writes nothing and raises EditConflict with the stored
    assessment (who saved it, when, their text), so nobody's words are overwritten unseen; the writer
    saves theirs over it only by choice, after seeing it (`overwriting`, with the version they saw).
    Saving the text already stored changes nothing, whatever the version (idempotent). The
    assessment's own `version` is untouched, so a draft never makes the manager's authorisation form
    stale. Every save that changes the text is audited with what it replaced and what it put there."""
    _require(by, Perm.CASEWORK_RECORD)
    text = (text or "").replace("\r\n", "\n")
    current = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if not current.is_open:
        raise ValidationError({"draft_text": [f"This assessment was authorised on {d(current.authorised_date)}: "
                                              "it can no longer be changed"]})
    if len(text) > DRAFT_MAX_CHARS:
        raise ValidationError({"draft_text": [f"The assessment must be {DRAFT_MAX_CHARS:,} characters or fewer"]})
    if text == current.draft_text:
        return current
    locked = sign_off_editable(current)  # submitted for sign-off: it waits with a manager (issue 14.2)
    if locked:
        raise ValidationError({"draft_text": [locked]})
    if expected_version != current.draft_version:
        raise EditConflict(current=current, changed_fields={"draft_text": (current.draft_text, text)})
    at, replaced, put = draft_change(current.draft_text, text)
    before = {"draft_version": current.draft_version, "draft_text_changed": _audit_text(replaced),
              "draft_chars": len(current.draft_text), "draft_saved_by": current.draft_saved_by_id}
    reason = ""
    if overwriting and current.draft_saved_by_id is not None:
        reason = (f"Saved over the draft {current.draft_saved_by} saved at {_clock(current.draft_saved_at)}, "
                  "after seeing it")
    current.draft_text, current.draft_saved_at, current.draft_saved_by = text, timezone.now(), by
    # UPDATE ... WHERE draft_version = expected: two saves from the same version cannot both succeed.
    save_if_unchanged(current, expected_version=expected_version, version_field="draft_version",
                      fields=["draft_text", "draft_saved_at", "draft_saved_by"])
    audit_change(actor=by, action=AuditAction.ASSESSMENT_DRAFT_SAVE, instance=current, before=before,
                 after={"draft_version": current.draft_version, "draft_text_changed": _audit_text(put),
                        "draft_chars": len(text), "draft_saved_by": by.pk, "draft_text_changed_at": at},
                 person_id=current.person_id, reason=reason)
    return current


def draft_being_written(assessment: Assessment, *, by, now: dt.datetime | None = None) -> str:
    """Who else is still writing the assessment, as a sentence, or "" if nobody is: someone other
    than `by` saved its draft in the last SAFEHOLD_DRAFT_ACTIVE_MINUTES (issue 15.8). A manager
    cannot authorise an assessment while it is being written: what is authorised must be what the
    worker finished writing. Since sign-off (issue 14.2) the worker's submission says so; for an
    assessment from before it, a pause in the writing is the sign that the worker has finished."""
    minutes = getattr(settings, "SAFEHOLD_DRAFT_ACTIVE_MINUTES", 10)
    saved_at = assessment.draft_saved_at
    if not minutes or saved_at is None or assessment.draft_saved_by_id in (None, by.pk):
        return ""
    if sign_off_for(assessment) is not None:  # submitted or not, sign-off decides (sign_off_ready)
        return ""
    window = dt.timedelta(minutes=minutes)
    if (now or timezone.now()) - saved_at >= window:
        return ""
    return (f"{assessment.draft_saved_by} is still writing this assessment: they last saved the draft at "
            f"{timezone.localtime(saved_at):%H:%M}. It can be authorised once nobody else has changed the draft "
            f"for {minutes} minutes (from {timezone.localtime(saved_at + window):%H:%M} if they stop now).")


def check_factors(factors) -> tuple[list[str], list[str]]:
    """(factors as a list of codes, error messages) for AssessmentFactors (cin-census.md 2.2, 2.3; the rules in
    family_help/rules.py)."""
    factors = [str(f).strip() for f in (factors or []) if str(f).strip()]
    return factors, rules.factor_problems(factors)


@transaction.atomic
def assessment_authorise(*, by, assessment: Assessment, expected_version: int, authorised_date: dt.date,
                         factors: list[str], summary: str = "", primary_need: str = "",
                         expected_draft_version: int | None = None) -> Assessment:
    """A manager authorises a completed assessment (census AssessmentAuthorisationDate and
    AssessmentFactors). Stops the ASSESSMENT clock raised by the referral (45 working days,
    timescales.md) and records whether it was on time.

    Not while someone else is still writing it (draft_being_written), and only the draft the manager
    has seen: `expected_draft_version` is the draft version their page carried; a newer draft raises
    EditConflict (changed_fields names draft_text) and nothing is authorised."""
    _require(by, Perm.CASEWORK_SIGN_OFF)
    assessment = Assessment.objects.select_for_update(of=("self",)).select_related("episode", "person").get(pk=assessment.pk)
    episode = assessment.episode
    errors: dict[str, list[str]] = {}
    if not assessment.is_open:
        _add(errors, "authorised_date", f"This assessment was already authorised on {d(assessment.authorised_date)}")
        _raise(errors)
    not_ready = sign_off_ready(assessment, by=by)  # only a submitted assessment, not the manager's own
    if not_ready:
        raise ValidationError({NON_FIELD_ERRORS: [f"{not_ready} Nothing has been authorised."]})
    # Submitting is the worker's word that they have finished (and a submitted draft cannot change); an
    # assessment from before sign-off has only the pause in its writing to go by.
    writing = draft_being_written(assessment, by=by)
    if writing:
        raise ValidationError({NON_FIELD_ERRORS: [f"{writing} Nothing has been authorised."]})
    if expected_draft_version is not None and expected_draft_version != assessment.draft_version:
        raise EditConflict(current=assessment, changed_fields={"draft_text": (assessment.draft_text, None)})
    _require_open_episode(errors, "authorised_date", episode, activity=False)
    if _check_day(errors, "authorised_date", authorised_date, "The date authorised"):
        if rules.authorised_before_start(authorised_date, assessment.start_date):
            _add(errors, "authorised_date", f"The date authorised must be on or after the date the assessment "
                                            f"started ({d(assessment.start_date)})")
    factors, problems = check_factors(factors)
    for problem in problems:
        _add(errors, "factors", problem)
    summary = (summary or "").replace("\r\n", "\n").strip() or assessment.draft_text.strip()
    if not summary:
        _add(errors, "summary", "Write the analysis and summary of the assessment")
    if primary_need and primary_need not in PrimaryNeed.values:
        _add(errors, "primary_need", "Choose the child's primary need from the list")
    elif not primary_need and not episode.primary_need:
        # Rule 8610: the referral led to further action (an assessment), so a primary need is required.
        _add(errors, "primary_need", "Choose the child's primary need")
    _raise(errors)
    fields = ["authorised_date", "factors", "summary", "authorised_by_id", "authorised_at"]
    before = snapshot(assessment, fields)
    assessment.authorised_date, assessment.factors, assessment.summary = authorised_date, factors, summary
    assessment.authorised_by, assessment.authorised_at = by, timezone.now()
    save_if_unchanged(assessment, expected_version=expected_version,
                      fields=["authorised_date", "factors", "summary", "authorised_by", "authorised_at"])
    if primary_need and primary_need != episode.primary_need:
        episode_update_primary_need(by=by, episode=episode, primary_need=primary_need)
    work = work_complete_for(source=episode, rule_code="ASSESSMENT", done=authorised_date, by_event=assessment)
    audit_change(actor=by, action=AuditAction.ASSESSMENT_AUTHORISE, instance=assessment, before=before,
                 after=snapshot(assessment, fields), person_id=assessment.person_id)
    sign_off_authorised(by=by, record=assessment)
    text = f"Assessment authorised by {by}; factors identified: {', '.join(factors)}"
    if work is not None:
        text += (f"; within 45 working days (due by {d(work.due_on)})" if work.on_time
                 else f"; late: it was due by {d(work.due_on)}")
    record_event(person=assessment.person, event_type="assessment_authorised", occurred=authorised_date,
                 summary=text, source=assessment, recorded_by=by)
    return assessment


# The census calls the authorisation date the completion of the assessment.
assessment_complete = assessment_authorise

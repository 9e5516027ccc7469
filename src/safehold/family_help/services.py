"""Family Help services: the episode of need and the work in it. Each service checks the permission
and the rules (raising ValidationError keyed by form field), writes the change with its audit row and
chronology entry, and raises, completes or cancels statutory work, in one transaction.

Rules cited are the CIN census validation rules (../shared/domain/cin-census.md 2.3, module 5 in 2.4)
and the timescales in ../shared/domain/timescales.md (ASSESSMENT: 45 working days from the referral)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from safehold.accounts.policy import Perm, has_perm
from safehold.audit.services import audit_change, snapshot
from safehold.casework.models import Allocation, Visit
from safehold.casework.signoff import (
    sign_off_authorised,
    sign_off_editable,
    sign_off_for,
    sign_off_open,
    sign_off_ready,
)
from safehold.casework.signoff_kinds import visit_title
from safehold.casework.work import work_cancel, work_complete_for, work_raise
from safehold.core.concurrency import EditConflict, save_if_unchanged
from safehold.people.chronology import record_event

from .codes import (
    NO_FACTORS,
    AssessmentFactor,
    ClosureReason,
    EarlyHelpEndReason,
    PPOutcome,
    PrimaryNeed,
    ReferralSource,
)
from .models import Assessment, CINEpisode, CINPlan, EarlyHelpEpisode, PlanReview, PreProceedings
from .selectors import assessment_work
from .signoff_kinds import assessment_title, plan_review_title

REREFERRAL_WINDOW_DAYS = 365  # measures.md: a re-referral is a referral within 12 months of the previous one


def is_rereferral(person, referral_date: dt.date) -> bool:
    """Was there an earlier referral for this child in the 12 months before `referral_date`?"""
    return CINEpisode.objects.filter(
        person=person, referral_date__lt=referral_date,
        referral_date__gte=referral_date - dt.timedelta(days=REREFERRAL_WINDOW_DAYS),
    ).exists()


@transaction.atomic
def referral_open(*, by, person, referral_date: dt.date, source: str, contact=None, primary_need: str = "",
                  raise_assessment: bool = True) -> CINEpisode:
    """Open an episode of need from a referral (census CINdetails). Raises the ASSESSMENT work,
    due 45 working days from the referral date (timescales.md ASSESSMENT)."""
    if not (has_perm(by, Perm.CASEWORK_RECORD) or has_perm(by, Perm.CONTACT_DECIDE)):
        raise PermissionDenied("Your role cannot open a referral")
    errors: dict[str, list[str]] = {}
    if referral_date is None:
        errors["referral_date"] = ["Enter the referral date"]
    elif referral_date > timezone.localdate():
        errors["referral_date"] = ["The referral date must be today or in the past"]
    if source not in ReferralSource.values:
        errors["referral_source"] = ["Choose where the referral came from"]
    if primary_need and primary_need not in PrimaryNeed.values:
        errors["primary_need"] = ["Choose the child's primary need from the list"]
    if person.kind != person.Kind.CHILD:
        errors["person"] = ["Only a child (or unborn child) can be referred"]
    open_episode = CINEpisode.objects.select_for_update().filter(person=person, closure_date__isnull=True).first()
    if open_episode:
        errors["referral_date"] = [
            f"{person.full_name} already has an open referral from {open_episode.referral_date:%d/%m/%Y}: "
            "record the new concern in that episode"]
    elif referral_date is not None:
        # Rule 8820: episodes must not overlap (a referral may start on the day the last one closed).
        overlapping = CINEpisode.objects.filter(person=person, referral_date__lte=referral_date,
                                                closure_date__gt=referral_date).first()
        if overlapping:
            errors["referral_date"] = [
                f"The referral date falls inside the episode from {d(overlapping.referral_date)} to "
                f"{d(overlapping.closure_date)}: it must be on or after {d(overlapping.closure_date)}"]
    if errors:
        raise ValidationError(errors)
    episode = CINEpisode.objects.create(
        person=person, referral_date=referral_date, referral_source=source, primary_need=primary_need,
        contact_id=getattr(contact, "pk", None), is_rereferral=is_rereferral(person, referral_date), recorded_by=by,
    )
    audit_change(actor=by, action="cin_episode.open", instance=episode, person_id=person.pk)
    summary = f"Referral received from {episode.get_referral_source_display()}"
    if episode.is_rereferral:
        summary += " (re-referral within 12 months)"
    record_event(person=person, event_type="referral", occurred=referral_date, summary=summary, source=episode,
                 recorded_by=by)
    if raise_assessment:
        work_raise(person=person, rule_code="ASSESSMENT", start=referral_date, source=episode,
                   title="Child and family assessment authorised")
    return episode


# --- Shared helpers ----------------------------------------------------------------------------------

DRAFT_MAX_CHARS = 200_000
DRAFT_AUDIT_MAX_CHARS = 50_000  # the most of one save's change the audit keeps, each side (a whole draft fits)
DRAFT_AUDIT_WORD_CHARS = 40  # a change is widened to whole words, by at most this many characters each end
VISIT_KINDS = (Visit.Kind.ASSESSMENT, Visit.Kind.CIN, Visit.Kind.EARLY_HELP)


def d(day: dt.date) -> str:
    """A date as people write it in messages: 3/2/2026."""
    return f"{day.day}/{day.month}/{day.year}"


def long_date(day: dt.date) -> str:
    """A date in words: 3 February 2026."""
    return f"{day.day} {day:%B %Y}"


def _require(user, perm: Perm) -> None:
    if not has_perm(user, perm):
        raise PermissionDenied(f"Your role cannot do this ({perm.value})")


def _add(errors: dict[str, list[str]], field: str, message: str) -> None:
    errors.setdefault(field, []).append(message)


def _raise(errors: dict[str, list[str]]) -> None:
    if errors:
        raise ValidationError(errors)


def _check_day(errors: dict, field: str, when: dt.date | None, what: str, *, required: bool = True) -> bool:
    """Present (if required) and not in the future. True if there is a date to check further."""
    if when is None:
        if required:
            _add(errors, field, f"Enter {what[0].lower()}{what[1:]}")
        return False
    if when > timezone.localdate():
        _add(errors, field, f"{what} must be today or in the past")
        return False
    return True


def _check_in_episode(errors: dict, field: str, when: dt.date | None, episode: CINEpisode, what: str,
                      *, required: bool = True) -> None:
    """On or after the referral (rules 1103/2889/4015) and not after closure (rule 8565)."""
    if not _check_day(errors, field, when, what, required=required):
        return
    if when < episode.referral_date:
        _add(errors, field, f"{what} must be on or after the referral date ({d(episode.referral_date)})")
    if episode.closure_date and when > episode.closure_date:
        _add(errors, field, f"{what} must be on or before the date the episode closed ({d(episode.closure_date)})")


def _locked_episode(episode: CINEpisode) -> CINEpisode:
    return CINEpisode.objects.select_for_update(of=("self",)).select_related("person").get(pk=episode.pk)


def _require_open_episode(errors: dict, field: str, episode: CINEpisode, *, activity: bool = True) -> None:
    if not episode.is_open:
        _add(errors, field, f"This episode of need closed on {d(episode.closure_date)}: open a new referral instead")
    elif activity and episode.referral_nfa:
        # Rules 8831/4000: no assessment, plan or other activity on a referral with no further action.
        _add(errors, field, "This referral led to no further action, so no work can be recorded in it")


def _cp_models():
    """The child protection app's plan and enquiry models (imported here, not at the top: the
    child protection app imports Family Help)."""
    from safehold.child_protection.models import CPPlan, Section47Enquiry

    return CPPlan, Section47Enquiry


# --- The episode of need --------------------------------------------------------------------------------

@transaction.atomic
def episode_update_primary_need(*, by, episode: CINEpisode, primary_need: str,
                                expected_version: int | None = None) -> CINEpisode:
    """Record or change the child's primary need (census PrimaryNeedCode, rule 8650)."""
    _require(by, Perm.CASEWORK_RECORD)
    episode = _locked_episode(episode)
    errors: dict[str, list[str]] = {}
    _require_open_episode(errors, "primary_need", episode, activity=False)
    if primary_need not in PrimaryNeed.values:
        _add(errors, "primary_need", "Choose the child's primary need from the list")
    _raise(errors)
    if primary_need == episode.primary_need:
        return episode
    before = snapshot(episode, ["primary_need"])
    episode.primary_need = primary_need
    save_if_unchanged(episode, expected_version=episode.version if expected_version is None else expected_version,
                      fields=["primary_need"])
    audit_change(actor=by, action="cin_episode.primary_need", instance=episode, before=before,
                 after=snapshot(episode, ["primary_need"]), person_id=episode.person_id)
    return episode


def episode_open_work(episode: CINEpisode) -> list[str]:
    """What is still open in the episode, in words (rules 8867, 4004, 8868; pre-proceedings)."""
    found = []
    for a in Assessment.objects.filter(episode=episode, authorised_date__isnull=True):
        found.append(f"The assessment started on {d(a.start_date)} has not been authorised: a closed episode must "
                     "have completed assessments (CIN census rule 8867)")
    for p in CINPlan.objects.filter(episode=episode, end_date__isnull=True):
        found.append(f"The child in need plan from {d(p.start_date)} is still open: end it first")
    from safehold.child_protection.selectors import episode_close_blockers

    found.extend(episode_close_blockers(episode))
    pp = PreProceedings.objects.filter(episode=episode, step_decision_date__isnull=True).first()
    if pp:
        found.append(f"Pre-proceedings started on {d(pp.pp_start_date)} have no decision to step up or down yet")
    return found


def _last_activity(episode: CINEpisode) -> tuple[dt.date, str] | None:
    """The latest dated piece of work in the episode (rule 8565: no activity after closure)."""
    dates: list[tuple[dt.date, str]] = []
    for a in Assessment.objects.filter(episode=episode):
        dates.append((a.start_date, "the assessment started"))
        if a.authorised_date:
            dates.append((a.authorised_date, "the assessment was authorised"))
    plans = list(CINPlan.objects.filter(episode=episode))
    for p in plans:
        dates.append((p.end_date or p.start_date, "the child in need plan ended" if p.end_date else
                      "the child in need plan started"))
    for r in PlanReview.objects.filter(cin_plan__episode=episode):
        dates.append((r.review_date, "the last plan review"))
    contexts = [(Assessment._meta.label_lower, str(a.pk)) for a in Assessment.objects.filter(episode=episode)]
    contexts += [(CINPlan._meta.label_lower, str(p.pk)) for p in plans]
    for ctype, cid in contexts:
        last = Visit.objects.filter(context_type=ctype, context_id=cid).aggregate(m=Max("visited_on"))["m"]
        if last:
            dates.append((last, "the last visit"))
    pp = PreProceedings.objects.filter(episode=episode).first()
    if pp:
        for field in PP_DATE_FIELDS:
            value = getattr(pp, field)
            if value:
                dates.append((value, PP_LABELS[field][0].lower() + PP_LABELS[field][1:]))
    return max(dates, key=lambda x: x[0]) if dates else None


def _closure_problems(episode: CINEpisode, reason: str, *, person) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if reason not in ClosureReason.values:
        _add(errors, "reason", "Choose the reason for closing the episode")
    for message in episode_open_work(episode):
        _add(errors, "__all__", message)
    if reason in ("RC8", "RC9"):
        label = "RC8 (no further action)" if reason == "RC8" else "RC9 (referred to early help)"
        if not Assessment.objects.filter(episode=episode).exists():
            # Rule 8825Q: RC8/RC9 mean "closed after assessment".
            _add(errors, "reason", f"{label} closes a case after assessment, and this episode has no assessment "
                                   "(CIN census rule 8825Q)")
        CPPlan, Section47 = _cp_models()
        if (CINPlan.objects.filter(episode=episode).exists() or CPPlan.objects.filter(episode=episode).exists()
                or Section47.objects.filter(episode=episode).exists()):
            # Rule 2990: no plan or section 47 activity on an RC8/RC9 case.
            _add(errors, "reason", f"{label} cannot close an episode that had a child in need plan, a section 47 "
                                   "enquiry or a child protection plan (CIN census rule 2990): choose another reason")
    if reason == "RC2" and not person.death_date:
        # Rule 8585Q: RC2 (died) needs the date of death.
        _add(errors, "reason", "Record the child's date of death on their details before closing with RC2 (died)")
    return errors


@transaction.atomic
def episode_request_closure(*, by, episode: CINEpisode, reason: str, note: str = "") -> CINEpisode:
    """A worker asks a manager to close the episode; nothing closes until a manager signs it off."""
    _require(by, Perm.CASEWORK_RECORD)
    episode = _locked_episode(episode)
    errors: dict[str, list[str]] = {}
    _require_open_episode(errors, "reason", episode, activity=False)
    if not errors:
        errors = _closure_problems(episode, reason, person=episode.person)
    if not (note or "").strip():
        _add(errors, "note", "Say why the episode can close")
    _raise(errors)
    before = snapshot(episode, ["closure_requested_reason", "closure_request_note"])
    CINEpisode.objects.filter(pk=episode.pk).update(
        closure_requested_by=by, closure_requested_at=timezone.now(), closure_requested_reason=reason,
        closure_request_note=note.strip(), updated_at=timezone.now())
    episode.refresh_from_db()
    audit_change(actor=by, action="cin_episode.request_closure", instance=episode, before=before,
                 after=snapshot(episode, ["closure_requested_reason", "closure_request_note"]),
                 person_id=episode.person_id)
    record_event(person=episode.person, event_type="closure", occurred=timezone.localdate(),
                 summary=f"Closure requested by {by}: {reason} {ClosureReason(reason).label}; awaiting a manager's "
                         "sign-off", source=episode, recorded_by=by)
    return episode


@transaction.atomic
def episode_close(*, by, episode: CINEpisode, closure_date: dt.date, reason: str, expected_version: int,
                  primary_need: str = "", note: str = "") -> CINEpisode:
    """A manager signs off the closure of an episode of need (census CINclosureDate, ReasonForClosure).
    Refused while an assessment, a CIN plan, a CP plan or a section 47 enquiry is still open. Cancels
    the episode's open statutory work."""
    _require(by, Perm.CASEWORK_SIGN_OFF)
    episode = _locked_episode(episode)
    person = episode.person
    errors: dict[str, list[str]] = {}
    if not episode.is_open:
        _add(errors, "closure_date", f"This episode already closed on {d(episode.closure_date)}")
        _raise(errors)
    if _check_day(errors, "closure_date", closure_date, "The closure date"):
        if closure_date < episode.referral_date:  # rule 8630
            _add(errors, "closure_date", f"The closure date must be on or after the referral date "
                                         f"({d(episode.referral_date)})")
        last = _last_activity(episode)
        if last and closure_date < last[0]:  # rule 8565
            _add(errors, "closure_date", f"The closure date must be on or after the last recorded work "
                                         f"({last[1]} on {d(last[0])})")
    for field, messages in _closure_problems(episode, reason, person=person).items():
        for message in messages:
            _add(errors, field, message)
    primary_need = primary_need or episode.primary_need
    if primary_need and primary_need not in PrimaryNeed.values:
        _add(errors, "primary_need", "Choose the child's primary need from the list")
    elif not primary_need and not episode.referral_nfa:
        # Rule 8610: a primary need is required when the referral led to further action.
        _add(errors, "primary_need", "Choose the child's primary need: the census needs it for every referral "
                                     "that led to further action (rule 8610)")
    _raise(errors)
    fields = ["closure_date", "closure_reason", "closure_signed_off_by", "closure_signed_off_at", "primary_need"]
    before = snapshot(episode, fields)
    episode.closure_date, episode.closure_reason = closure_date, reason
    episode.closure_signed_off_by, episode.closure_signed_off_at = by, timezone.now()
    episode.primary_need = primary_need
    save_if_unchanged(episode, expected_version=expected_version, fields=fields)
    cancelled = work_cancel(source=episode, reason="The episode of need closed")
    audit_change(actor=by, action="cin_episode.close", instance=episode, before=before,
                 after=snapshot(episode, fields), person_id=person.pk, reason=(note or "").strip())
    summary = f"Episode of need closed: {reason} {ClosureReason(reason).label}. Signed off by {by}"
    if cancelled:
        summary += f"; {cancelled} piece{'s' if cancelled > 1 else ''} of statutory work no longer needed"
    record_event(person=person, event_type="closure", occurred=closure_date, summary=summary, source=episode,
                 recorded_by=by)
    return episode


# --- Assessments -----------------------------------------------------------------------------------------

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
    audit_change(actor=by, action="assessment.start", instance=assessment, person_id=episode.person_id)
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
    audit_change(actor=by, action="assessment.draft_save", instance=current, before=before,
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
    """(factors as a list of codes, error messages) for AssessmentFactors (cin-census.md 2.2, 2.3)."""
    factors = [str(f).strip() for f in (factors or []) if str(f).strip()]
    problems = []
    if not factors:  # rules 8614/8897Q: required when the assessment is completed
        problems.append("Choose the factors identified at assessment, or 21 'No factors identified'")
    unknown = [f for f in factors if f not in AssessmentFactor.values]
    if unknown:
        problems.append(f"These are not census factor codes: {', '.join(unknown)}")
    if len(set(factors)) != len(factors):  # rule 8898
        problems.append("Each factor can be chosen only once")
    if NO_FACTORS in factors and len(set(factors)) > 1:  # rule 8869
        problems.append("21 'No factors identified' must be used on its own: remove it or the other factors")
    return factors, problems


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
        if authorised_date < assessment.start_date:  # rule 8608
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
    audit_change(actor=by, action="assessment.authorise", instance=assessment, before=before,
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


# --- The Family Help lead practitioner (casework.Allocation, families-first.md section 6) ---------------

def _lead_allocate(*, by, person, lead, on: dt.date) -> None:
    """The lead practitioner holds the case as the family's single point of contact."""
    team = lead.team
    if team is None:
        holder = Allocation.objects.filter(person=person, ended_on__isnull=True).select_related("team").first()
        team = holder.team if holder else None
    if team is None:
        return
    current = Allocation.objects.select_for_update().filter(
        person=person, role=Allocation.Role.LEAD_PRACTITIONER, ended_on__isnull=True).first()
    if current and current.worker_id == lead.pk:
        return
    if current:
        before = snapshot(current, ["ended_on", "end_reason"])
        current.ended_on = max(current.started_on, on - dt.timedelta(days=1))
        current.end_reason = "A new Family Help lead practitioner"
        current.save(update_fields=["ended_on", "end_reason", "updated_at"])
        audit_change(actor=by, action="allocation.end", instance=current, before=before,
                     after=snapshot(current, ["ended_on", "end_reason"]), person_id=person.pk)
    allocation = Allocation.objects.create(person=person, team=team, worker=lead, started_on=on,
                                           role=Allocation.Role.LEAD_PRACTITIONER)
    audit_change(actor=by, action="allocation.start", instance=allocation, person_id=person.pk)


def _lead_release(*, by, person, lead, on: dt.date, reason: str) -> None:
    """End the lead practitioner's allocation unless they still lead another open plan for the child."""
    still_leading = (CINPlan.objects.filter(person=person, lead_practitioner=lead, end_date__isnull=True).exists()
                     or EarlyHelpEpisode.objects.filter(person=person, lead_practitioner=lead,
                                                        end_date__isnull=True).exists())
    if still_leading:
        return
    current = Allocation.objects.select_for_update().filter(
        person=person, role=Allocation.Role.LEAD_PRACTITIONER, worker=lead, ended_on__isnull=True).first()
    if current is None:
        return
    before = snapshot(current, ["ended_on", "end_reason"])
    current.ended_on = max(current.started_on, on)
    current.end_reason = reason
    current.save(update_fields=["ended_on", "end_reason", "updated_at"])
    audit_change(actor=by, action="allocation.end", instance=current, before=before,
                 after=snapshot(current, ["ended_on", "end_reason"]), person_id=person.pk)


# --- Child in need plans --------------------------------------------------------------------------------

@transaction.atomic
def cin_plan_start(*, by, episode: CINEpisode, start_date: dt.date, lead_practitioner) -> CINPlan:
    """Start a child in need plan (census CINPlanStartDate) with its Family Help lead practitioner."""
    _require(by, Perm.CASEWORK_RECORD)
    episode = _locked_episode(episode)
    person = episode.person
    errors: dict[str, list[str]] = {}
    _require_open_episode(errors, "start_date", episode)
    _check_in_episode(errors, "start_date", start_date, episode, "The plan start date")  # rule 4015
    if lead_practitioner is None:
        _add(errors, "lead_practitioner", "Choose the lead practitioner")
    current = CINPlan.objects.select_for_update().filter(person=person, end_date__isnull=True).first()
    if current:  # rule 4004
        _add(errors, "start_date", f"The child in need plan from {d(current.start_date)} is still open: end it first")
    elif start_date:
        overlap = CINPlan.objects.filter(person=person, start_date__lte=start_date, end_date__gte=start_date).first()
        if overlap:  # rule 4014
            _add(errors, "start_date", f"A plan starting on {d(start_date)} would overlap the plan from "
                                       f"{d(overlap.start_date)} to {d(overlap.end_date)}: start it after "
                                       f"{d(overlap.end_date)}")
    CPPlan, _ = _cp_models()
    open_cp = list(CPPlan.objects.filter(person=person, end_date__isnull=True))
    if open_cp:  # rules 4001/4003
        _add(errors, "start_date", f"{person.full_name} has a child protection plan from {d(open_cp[0].start_date)}: "
                                   "a child in need plan cannot be open at the same time")
    _raise(errors)
    plan = CINPlan.objects.create(episode=episode, person=person, start_date=start_date,
                                  lead_practitioner=lead_practitioner, recorded_by=by)
    audit_change(actor=by, action="cin_plan.start", instance=plan, person_id=person.pk)
    _lead_allocate(by=by, person=person, lead=lead_practitioner, on=start_date)
    record_event(person=person, event_type="cin_plan", occurred=start_date,
                 summary=f"Child in need plan started; lead practitioner {lead_practitioner}", source=plan,
                 recorded_by=by)
    return plan


def _last_plan_activity(plan) -> tuple[dt.date, str] | None:
    dates: list[tuple[dt.date, str]] = []
    last_review = plan.reviews.aggregate(m=Max("review_date"))["m"]
    if last_review:
        dates.append((last_review, "the last review"))
    last_visit = Visit.objects.filter(context_type=plan._meta.label_lower, context_id=str(plan.pk)).aggregate(
        m=Max("visited_on"))["m"]
    if last_visit:
        dates.append((last_visit, "the last visit"))
    return max(dates, key=lambda x: x[0]) if dates else None


def _check_end(errors: dict, field: str, plan, end_date: dt.date | None, what: str) -> None:
    if not plan.is_open:
        _add(errors, field, f"This {what} already ended on {d(plan.end_date)}")
        return
    if not _check_day(errors, field, end_date, "The end date"):
        return
    if end_date < plan.start_date:
        _add(errors, field, f"The end date must be on or after the {what} started ({d(plan.start_date)})")
    last = _last_plan_activity(plan)
    if last and end_date < last[0]:
        _add(errors, field, f"The end date must be on or after {last[1]} ({d(last[0])})")


@transaction.atomic
def cin_plan_end(*, by, plan: CINPlan, end_date: dt.date, expected_version: int, end_reason: str = "") -> CINPlan:
    """End a child in need plan (census CINPlanEndDate)."""
    _require(by, Perm.CASEWORK_RECORD)
    plan = CINPlan.objects.select_for_update(of=("self",)).select_related("person", "episode").get(pk=plan.pk)
    errors: dict[str, list[str]] = {}
    _check_end(errors, "end_date", plan, end_date, "plan")
    if not (end_reason or "").strip():
        _add(errors, "end_reason", "Say why the plan is ending")
    _raise(errors)
    before = snapshot(plan, ["end_date", "end_reason"])
    plan.end_date, plan.end_reason = end_date, end_reason.strip()
    save_if_unchanged(plan, expected_version=expected_version, fields=["end_date", "end_reason"])
    audit_change(actor=by, action="cin_plan.end", instance=plan, before=before,
                 after=snapshot(plan, ["end_date", "end_reason"]), person_id=plan.person_id)
    work_cancel(source=plan, reason="The child in need plan ended")
    _lead_release(by=by, person=plan.person, lead=plan.lead_practitioner, on=end_date,
                  reason="The child in need plan ended")
    record_event(person=plan.person, event_type="cin_plan", occurred=end_date,
                 summary=f"Child in need plan ended: {plan.end_reason}", source=plan, recorded_by=by)
    return plan


# --- Targeted early help ----------------------------------------------------------------------------------

@transaction.atomic
def early_help_open(*, by, person, start_date: dt.date, reason: str, lead_practitioner,
                    lead_practitioner_role: str = "", lead_practitioner_agency: str = "",
                    organisation: str = "") -> EarlyHelpEpisode:
    """Start targeted early help (Family Help below the s17 threshold) with a lead practitioner
    (ssd_early_help_episodes; families-first.md section 6)."""
    _require(by, Perm.CASEWORK_RECORD)
    errors: dict[str, list[str]] = {}
    if person.kind != person.Kind.CHILD:
        _add(errors, "start_date", "Only a child (or unborn child) can have Family Help")
    if _check_day(errors, "start_date", start_date, "The start date"):
        overlap = EarlyHelpEpisode.objects.filter(person=person, end_date__gte=start_date).first()
        if overlap:
            _add(errors, "start_date", f"The start date must be after the last early help episode ended "
                                       f"({d(overlap.end_date)})")
    current = EarlyHelpEpisode.objects.select_for_update().filter(person=person, end_date__isnull=True).first()
    if current:
        _add(errors, "start_date", f"{person.full_name} already has early help from {d(current.start_date)}")
    if not (reason or "").strip():
        _add(errors, "reason", "Say why the family is getting help")
    if lead_practitioner is None:
        _add(errors, "lead_practitioner", "Choose the lead practitioner")
    _raise(errors)
    role = (lead_practitioner_role or "").strip() or lead_practitioner.job_title or \
        lead_practitioner.get_role_display()
    agency = (lead_practitioner_agency or "").strip() or lead_practitioner.get_agency_display()
    episode = EarlyHelpEpisode.objects.create(
        person=person, start_date=start_date, reason=reason.strip(), organisation=(organisation or "").strip(),
        lead_practitioner=lead_practitioner, lead_practitioner_role=role[:120], lead_practitioner_agency=agency[:120],
        recorded_by=by)
    audit_change(actor=by, action="early_help.open", instance=episode, person_id=person.pk)
    _lead_allocate(by=by, person=person, lead=lead_practitioner, on=start_date)
    record_event(person=person, event_type="early_help", occurred=start_date,
                 summary=f"Family Help (targeted early help) started; lead practitioner {lead_practitioner} "
                         f"({role}, {agency})", source=episode, recorded_by=by)
    return episode


@transaction.atomic
def early_help_close(*, by, episode: EarlyHelpEpisode, end_date: dt.date, end_reason: str, expected_version: int,
                     end_note: str = "") -> EarlyHelpEpisode:
    _require(by, Perm.CASEWORK_RECORD)
    episode = EarlyHelpEpisode.objects.select_for_update(of=("self",)).select_related("person").get(pk=episode.pk)
    errors: dict[str, list[str]] = {}
    _check_end(errors, "end_date", episode, end_date, "early help")
    if end_reason not in EarlyHelpEndReason.values:
        _add(errors, "end_reason", "Choose why the early help ended")
    _raise(errors)
    fields = ["end_date", "end_reason", "end_note"]
    before = snapshot(episode, fields)
    episode.end_date, episode.end_reason, episode.end_note = end_date, end_reason, (end_note or "").strip()
    save_if_unchanged(episode, expected_version=expected_version, fields=fields)
    audit_change(actor=by, action="early_help.close", instance=episode, before=before, after=snapshot(episode, fields),
                 person_id=episode.person_id)
    _lead_release(by=by, person=episode.person, lead=episode.lead_practitioner, on=end_date,
                  reason="Family Help (early help) ended")
    record_event(person=episode.person, event_type="early_help", occurred=end_date,
                 summary=f"Family Help (targeted early help) ended: {episode.get_end_reason_display()}",
                 source=episode, recorded_by=by)
    return episode


# --- Plan reviews ---------------------------------------------------------------------------------------

@transaction.atomic
def plan_review_record(*, by, plan: CINPlan | EarlyHelpEpisode, review_date: dt.date, outcome: str) -> PlanReview:
    """Review a child in need plan or an early help plan."""
    _require(by, Perm.CASEWORK_RECORD)
    if not isinstance(plan, (CINPlan, EarlyHelpEpisode)):
        raise TypeError("plan must be a CINPlan or an EarlyHelpEpisode")
    what = "plan" if isinstance(plan, CINPlan) else "early help"
    plan = type(plan).objects.select_for_update(of=("self",)).select_related("person").get(pk=plan.pk)
    errors: dict[str, list[str]] = {}
    if _check_day(errors, "review_date", review_date, "The review date"):
        if review_date < plan.start_date:
            _add(errors, "review_date", f"The review date must be on or after the {what} started "
                                        f"({d(plan.start_date)})")
        if plan.end_date and review_date > plan.end_date:
            _add(errors, "review_date", f"The review date must be on or before the {what} ended ({d(plan.end_date)})")
    if not (outcome or "").strip():
        _add(errors, "outcome", "Say what the review decided")
    _raise(errors)
    review = PlanReview.objects.create(
        person=plan.person, review_date=review_date, outcome=outcome.strip(), recorded_by=by,
        cin_plan=plan if isinstance(plan, CINPlan) else None,
        early_help=plan if isinstance(plan, EarlyHelpEpisode) else None)
    audit_change(actor=by, action="plan_review.record", instance=review, person_id=plan.person_id)
    sign_off_open(by=by, record=review, kind="plan_review", person=plan.person, title=plan_review_title(review))
    label = "Child in need plan" if isinstance(plan, CINPlan) else "Family Help (early help) plan"
    record_event(person=plan.person, event_type="plan_review", occurred=review_date,
                 summary=f"{label} reviewed: {review.outcome}", source=review, recorded_by=by)
    return review


# --- Visits -----------------------------------------------------------------------------------------------

def _visit_context(person, kind: str, context, errors: dict):
    """The assessment, CIN plan or early help episode a visit belongs to."""
    expected = {Visit.Kind.ASSESSMENT: Assessment, Visit.Kind.CIN: CINPlan, Visit.Kind.EARLY_HELP: EarlyHelpEpisode}
    model = expected.get(kind)
    if model is None:
        _add(errors, "kind", "Choose the kind of visit")
        return None
    if context is not None:
        if not isinstance(context, model) or context.person_id != person.pk:
            _add(errors, "kind", "This visit does not belong to this child's work")
            return None
        return context
    if kind == Visit.Kind.ASSESSMENT:
        found = (Assessment.objects.filter(person=person, authorised_date__isnull=True).first()
                 or Assessment.objects.filter(person=person, episode__closure_date__isnull=True).first())
        missing = "There is no assessment in the open episode to visit for: start one first"
    elif kind == Visit.Kind.CIN:
        found = CINPlan.objects.filter(person=person, end_date__isnull=True).first()
        missing = "There is no open child in need plan: start one first"
    else:
        found = EarlyHelpEpisode.objects.filter(person=person, end_date__isnull=True).first()
        missing = "There is no open Family Help (early help) episode: start one first"
    if found is None:
        _add(errors, "kind", missing)
    return found


@transaction.atomic
def visit_record(*, by, person, kind: str, visited_on: dt.date, child_seen: bool | None, child_seen_alone: bool,
                 childs_words: str = "", notes: str = "", context=None, visited_by=None) -> Visit:
    """Record a Family Help visit (casework.Visit: assessment, child in need or early help): who
    visited, when, whether the child was seen and seen alone, and the child's words (Annex A lists 4
    and 6)."""
    _require(by, Perm.CASEWORK_RECORD)
    errors: dict[str, list[str]] = {}
    context = _visit_context(person, kind, context, errors)
    if _check_day(errors, "visited_on", visited_on, "The date of the visit") and context is not None:
        start = context.start_date
        end = context.authorised_date if isinstance(context, Assessment) else context.end_date
        what = {Assessment: "the assessment", CINPlan: "the plan", EarlyHelpEpisode: "the early help"}[type(context)]
        if visited_on < start:
            _add(errors, "visited_on", f"The date of the visit must be on or after {what} started ({d(start)})")
        if end and visited_on > end:
            ended = "was authorised" if isinstance(context, Assessment) else "ended"
            _add(errors, "visited_on", f"The date of the visit must be on or before {what} {ended} ({d(end)})")
    if child_seen is None:
        _add(errors, "child_seen", "Say whether the child was seen")
    if child_seen_alone and not child_seen:
        _add(errors, "child_seen_alone", "The child cannot have been seen alone if they were not seen")
    _raise(errors)
    visited_by = visited_by or by
    visit = Visit.objects.create(
        person=person, kind=kind, visited_on=visited_on, visited_by=visited_by, child_seen=bool(child_seen),
        child_seen_alone=bool(child_seen_alone), childs_words=(childs_words or "").strip(), notes=(notes or "").strip(),
        context_type=context._meta.label_lower, context_id=str(context.pk), recorded_by=by)
    audit_change(actor=by, action="visit.record", instance=visit, person_id=person.pk)
    sign_off_open(by=by, record=visit, kind="visit", person=person, title=visit_title(visit))
    if not child_seen:
        seen = "child not seen"
    elif child_seen_alone:
        seen = "child seen alone"
    else:
        seen = "child seen, not alone"
    summary = f"{visit.get_kind_display()} by {visited_by}: {seen}"
    if visit.childs_words:
        summary += " (child's words recorded)"
    record_event(person=person, event_type="visit", occurred=visited_on, summary=summary, source=visit,
                 recorded_by=by)
    return visit


# --- Pre-proceedings and FGDM (census module 5, cin-census.md 2.4) --------------------------------------

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


def pre_proceedings_warnings(pp: PreProceedings) -> list[str]:
    """The census queries (Q rules) on module 5: expected, not refused."""
    warnings = []
    if pp.fgdm_meeting_offer and pp.fgdm_meeting_fac is None:  # rule 9010Q
        warnings.append("An FGDM meeting was offered: record whether it was facilitated (CIN census query 9010Q)")
    if pp.initial_pp_meeting_date and pp.review_meetings_count is None:  # rule 9015Q
        warnings.append("Record the number of review meetings after the first meeting (CIN census query 9015Q)")
    return warnings


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
    audit_change(actor=by, action="pre_proceedings.record", instance=pp, person_id=episode.person_id)
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
    audit_change(actor=by, action="pre_proceedings.update", instance=pp, before=before, after=snapshot(pp, PP_FIELDS),
                 person_id=pp.person_id)
    _pp_milestone_events(by=by, pp=pp, before=before)
    return pp

"""Family Help visits (casework.Visit: assessment, child in need or early help): who visited, when, whether the
child was seen and seen alone, and the child's words (Annex A lists 4 and 6)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from safehold.accounts.policy import Perm
from safehold.accounts.policy import require as _require
from safehold.audit.actions import AuditAction
from safehold.audit.services import audit_change
from safehold.casework.models import Visit
from safehold.casework.signoff import sign_off_open
from safehold.casework.signoff_kinds import visit_title
from safehold.core.validation import add_error as _add
from safehold.core.validation import check_day as _check_day
from safehold.core.validation import d
from safehold.core.validation import raise_if_errors as _raise
from safehold.people.chronology import record_event

from ..models import Assessment, CINPlan, EarlyHelpEpisode

VISIT_KINDS = (Visit.Kind.ASSESSMENT, Visit.Kind.CIN, Visit.Kind.EARLY_HELP)


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
    audit_change(actor=by, action=AuditAction.VISIT_RECORD, instance=visit, person_id=person.pk)
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

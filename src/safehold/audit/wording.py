"""The audit log in words a person reads (issue 14.9): the page someone opened ("Family Help: assessment edit",
not family_help:assessment_edit), what was done ("Assessment: authorised"), and the fields changed by their
labels ("Date authorised", not authorised_date). The log itself keeps the codes; only the reading changes."""

from __future__ import annotations

import functools

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist

from .actions import AuditAction

VERBS = {
    "record": "recorded", "start": "started", "end": "ended", "authorise": "authorised", "submit": "submitted for "
    "sign-off", "return": "returned for changes", "open": "opened", "close": "closed", "create": "created",
    "update": "changed", "edit": "changed", "correct": "corrected", "upload": "uploaded", "refused": "refused",
    "book": "booked", "held": "held", "cancel": "cancelled", "decline": "declined", "make": "made", "save": "saved",
    "draft_save": "draft saved", "decide": "decided", "revoke": "revoked", "restrict": "restricted", "merge": "merged",
    "review": "reviewed", "read": "read", "export": "exported", "download": "downloaded",
}
PAGES = {"people:detail": "Child's record", "detail": "Child's record", "people:history": "Record history",
         "people:chronology_print": "Chronology (print)"}


def _words(code: str) -> str:
    return code.replace("_", " ").strip()


@functools.cache
def page_name(view: str) -> str:
    """A page's name from the view name the access log keeps."""
    if view in PAGES:
        return PAGES[view]
    if view.startswith("document:"):
        return f"Document {view.split(':', 1)[1]}"
    if ":" in view:
        label, name = view.split(":", 1)
        try:
            app = apps.get_app_config(label).verbose_name
        except LookupError:
            app = _words(label).capitalize()
        return f"{app}: {_words(name)}"
    return _words(view).capitalize()


@functools.cache
def action_name(action: str) -> str:
    """ "assessment.authorise" -> "Assessment: authorised": the action's label (audit.actions). A code that
    is not an AuditAction (an old row's) is worded from its parts, as every action was before the labels."""
    try:
        return str(AuditAction(action).label)
    except ValueError:
        return code_words(action)


def code_words(action: str) -> str:
    """An action's words from its code alone: "the subject: its verb" (VERBS), else the code's words."""
    subject, _, verb = action.partition(".")
    if not verb:
        return _words(action).capitalize()
    return f"{_words(subject).capitalize()}: {VERBS.get(verb, _words(verb))}"


@functools.cache
def field_name(object_type: str, field: str) -> str:
    """The field's label on its model (its verbose name), else its words."""
    try:
        found = apps.get_model(object_type)._meta.get_field(field)
    except (LookupError, ValueError, FieldDoesNotExist):
        return _words(field).capitalize()
    # A reverse relation (a change recorded under a related name) has no label of its own.
    return str(getattr(found, "verbose_name", None) or _words(field)).capitalize()

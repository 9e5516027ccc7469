"""web.submit: the one helper recording pages share (issue 17.2)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from safehold.core.concurrency import EditConflict
from safehold.web.forms import GovukForm
from safehold.web.submit import explained, submit, submitted


class NoteForm(GovukForm):
    version = forms.IntegerField()
    subject = forms.CharField()
    text = forms.CharField(required=False)


def _post(data: dict | None = None):
    request = RequestFactory().post("/", data or {})
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


def _flashed(request) -> list[str]:
    return [str(m) for m in get_messages(request)]


def _conflict(version: int = 4) -> EditConflict:
    return EditConflict(SimpleNamespace(version=version), {"subject": ("Theirs", "Mine")})


def test_success_calls_the_service_with_the_cleaned_data_and_flashes():
    request = _post({"version": "3", "subject": "Visit"})
    form = NoteForm(request.POST)
    called = []
    done = submit(request, form, lambda d: called.append(d) or "the note", success="Note saved")
    assert done and done.ok and done.result == "the note" and done.form is form
    assert called == [{"version": 3, "subject": "Visit", "text": ""}]
    assert _flashed(request) == ["Note saved"]


def test_the_message_can_be_made_from_the_result():
    request = _post({"version": "3", "subject": "Visit"})
    done = submit(request, NoteForm(request.POST), lambda d: 7, success=lambda n: f"Note {n} saved")
    assert done.result == 7 and _flashed(request) == ["Note 7 saved"]


def test_a_get_or_an_invalid_form_calls_nothing():
    get = RequestFactory().get("/")
    form = NoteForm(None)
    assert not submit(get, form, pytest.fail)
    request = _post({"version": "x"})
    form = NoteForm(request.POST)
    done = submit(request, form, pytest.fail, success="never")
    assert not done and done.form is form and form.errors and _flashed(request) == []


def test_a_service_validation_error_lands_on_the_fields():
    request = _post({"version": "3", "subject": "Visit"})
    form = NoteForm(request.POST)

    def refuse(_d):
        raise ValidationError({"subject": "Subject is too vague", "occurred_on": "Not a field here"})

    done = submit(request, form, refuse, success="never")
    assert not done and done.form is form and isinstance(done.error, ValidationError)
    assert form.errors["subject"] == ["Subject is too vague"]
    assert form.non_field_errors() == ["Not a field here"]
    assert _flashed(request) == []


def test_field_map_renames_the_services_fields():
    request = _post({"version": "3", "subject": "Visit"})
    form = NoteForm(request.POST)

    def refuse(_d):
        raise ValidationError({"body": "Enter the note"})

    submit(request, form, refuse, field_map={"body": "text"})
    assert form.errors["text"] == ["Enter the note"]


def test_an_edit_conflict_shows_the_conflict_form():
    request = _post({"version": "3", "subject": "Visit"})
    form = NoteForm(request.POST)
    conflict = _conflict(version=4)

    def stale(_d):
        raise conflict

    def refreshed(exc: EditConflict):
        data = request.POST.copy()
        data["version"] = exc.current.version
        shown = NoteForm(data)
        shown.is_valid()
        shown.add_error(None, "Someone else changed this note")
        return shown

    done = submit(request, form, stale, success="never", on_conflict=refreshed)
    assert not done and done.conflict is conflict and done.form is not form
    assert done.form.cleaned_data["version"] == 4 and done.form.cleaned_data["subject"] == "Visit"
    assert done.form.non_field_errors() == ["Someone else changed this note"]
    assert _flashed(request) == []


def test_explained_keeps_the_form_as_entered():
    request = _post({"version": "3", "subject": "Visit"})
    form = NoteForm(request.POST)

    def stale(_d):
        raise _conflict()

    done = submit(request, form, stale, on_conflict=explained(form, "Reload the page"))
    assert done.form is form and form.non_field_errors() == ["Reload the page"]


def test_without_on_conflict_the_conflict_is_not_caught():
    request = _post({"version": "3", "subject": "Visit"})

    def stale(_d):
        raise _conflict()

    with pytest.raises(EditConflict):
        submit(request, NoteForm(request.POST), stale)


def test_submitted_is_the_yes_or_no_shorthand():
    request = _post({"version": "3", "subject": "Visit"})
    assert submitted(request, NoteForm(request.POST), lambda d: None, "Saved") is True
    assert submitted(request, NoteForm(request.POST), lambda d: "Saved, and told the manager", "Saved") is True
    assert _flashed(request) == ["Saved", "Saved, and told the manager"]

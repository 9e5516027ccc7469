"""The shape every recording page shares, in one place (issue 17.2).

On a valid POST, `action(cleaned_data)` makes the one service call. A ValidationError it raises lands on
the form's fields (`GovukForm.add_service_errors`); an EditConflict (someone saved the record after this
page was opened) becomes the form `on_conflict(conflict)` builds, which shows the conflict and carries
the record's new version; otherwise the page flashes `success` and the caller redirects.

    done = submit(request, form, lambda d: services.plan_end(..., expected_version=d["version"]),
                  success="Plan ended", on_conflict=lambda exc: _conflict(PlanEndForm, request, exc, "plan"))
    if done:
        return redirect(...)
    form = done.form  # the form to show again: the one as entered, with errors, or the conflict form
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from django.contrib import messages
from django.core.exceptions import ValidationError

from safehold.core.concurrency import EditConflict


@dataclass
class Submitted:
    """What a submission came to: `ok` (the service succeeded: redirect), its `result`, and the `form`
    to show again when not ok (the conflict form after an EditConflict, named in `conflict`; the form
    as entered with the service's `error` on its fields after a ValidationError)."""

    ok: bool
    form: Any
    result: Any = None
    conflict: EditConflict | None = None
    error: ValidationError | None = None

    def __bool__(self) -> bool:
        return self.ok


def submit(request, form, action: Callable[[dict], Any], *, success: str | Callable[[Any], str] | None = None,
           on_conflict: Callable[[EditConflict], Any] | None = None,
           field_map: dict[str, str] | None = None) -> Submitted:
    """Call `action(form.cleaned_data)` for a valid POST. `success` is the message flashed when it succeeds
    (a callable is given the action's result); None flashes nothing. `field_map` renames the fields a
    service's ValidationError names where the form splits a model field. Without `on_conflict` an
    EditConflict is not caught."""
    if request.method != "POST" or not form.is_valid():
        return Submitted(False, form)
    try:
        result = action(form.cleaned_data)
    except EditConflict as exc:
        if on_conflict is None:
            raise
        return Submitted(False, on_conflict(exc), conflict=exc)
    except ValidationError as exc:
        if field_map and hasattr(exc, "error_dict"):
            exc = ValidationError({field_map.get(f, f): e for f, e in exc.error_dict.items()})
        form.add_service_errors(exc)
        return Submitted(False, form, error=exc)
    message = success(result) if callable(success) else success
    if message:
        messages.success(request, message)
    return Submitted(True, form, result)


def submitted(request, form, action, success: str, *, field_map: dict[str, str] | None = None) -> bool:
    """`submit` for pages with no conflict to show: True when the caller should redirect. The message is
    `success`, or the text `action` returns."""
    return submit(request, form, action, field_map=field_map,
                  success=lambda result: result if isinstance(result, str) and result else success).ok


def explained(form, message: str) -> Callable[[EditConflict], Any]:
    """An `on_conflict` that keeps `form` as entered and says, above it, why nothing was saved."""

    def shown(_conflict: EditConflict):
        form.add_error(None, message)
        return form

    return shown

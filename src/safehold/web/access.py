"""View helpers that apply accounts.policy: function-level checks and opening a person's record."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from safehold.accounts.policy import Perm, has_perm
from safehold.people.selectors import RecordNotOpen, person_get_for_view


def forbidden(request, message: str = "Your role does not give you access to this page."):
    return render(request, "web/forbidden.html", {"message": message}, status=403)


def require_perm(*perms: Perm):
    """Log in required, and every one of `perms` (re-read from the role on each request)."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(request, *args, **kwargs):
            if not all(has_perm(request.user, p) for p in perms):
                return forbidden(request)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def open_person(request, pk: int, view: str):
    """(person, None) if the user may open the record now, else (None, a refusal page response)."""
    try:
        person, _decision = person_get_for_view(fetched_by=request.user, pk=pk, view=view)
    except RecordNotOpen as refused:
        return None, render(
            request, "people/not_open.html", {"person": refused.person, "decision": refused.decision}, status=403
        )
    return person, None

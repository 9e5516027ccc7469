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


def require_any_perm(*perms: Perm):
    """Log in required, and at least one of `perms` (re-read from the role on each request)."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(request, *args, **kwargs):
            if not any(has_perm(request.user, p) for p in perms):
                return forbidden(request)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def person_url_guard(request, pk: int, *, allow: Perm | None = None):
    """On a person's URL, a role that may not view records gets 404 (learns nothing, and the
    attempt is logged), unless it holds `allow` (the administrator manages restrictions)."""
    if not has_perm(request.user, Perm.PERSON_VIEW) and not (allow and has_perm(request.user, allow)):
        from django.http import Http404

        from safehold.audit.services import audit_access
        from safehold.people.models import Person

        if request.user.is_authenticated and Person.objects.filter(pk=pk).exists():
            audit_access(user=request.user, person_id=pk, view=request.resolver_match.url_name,
                         basis="no_permission")
        raise Http404("No such record")


def open_person(request, pk: int, view: str):
    """(person, None) if the user may open the record now, else (None, a refusal page response)."""
    try:
        person, _decision = person_get_for_view(fetched_by=request.user, pk=pk, view=view)
    except RecordNotOpen as refused:
        return None, render(
            request, "people/not_open.html", {"person": refused.person, "decision": refused.decision}, status=403
        )
    return person, None


def open_for(request, pk: int, view_name: str, allowed: bool = True):
    """A person's record for a recording page: 404 for roles with no record access (person_url_guard),
    403 when the role may not do this (`allowed`), else open_person's (person, refusal)."""
    person_url_guard(request, pk)
    if not allowed:
        return None, forbidden(request)
    return open_person(request, pk, view_name)

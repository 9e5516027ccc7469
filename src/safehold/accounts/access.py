"""View helpers that apply accounts.policy's function-level checks: the permission decorators and the
403 page. Views import them through `web.access` (the apps below people import them from here)."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from safehold.accounts.policy import Perm, has_perm


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

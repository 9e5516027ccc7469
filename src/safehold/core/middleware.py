"""Request-wide safety: no caching of personal data, an absolute session lifetime, request context."""

from __future__ import annotations

import contextvars
import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import redirect

# The client address of the current request, for the audit log (security.md B4.6).
SESSION_RENEW_SECONDS = 60
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
LAST_CHANGE_KEY = "safehold_changed_at"

GetResponse = Callable[[HttpRequest], HttpResponseBase]

current_ip: contextvars.ContextVar[str | None] = contextvars.ContextVar("current_ip", default=None)


class NoStoreMiddleware:
    """Authenticated pages hold personal data: never cache them (ASVS 14.3.2)."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if getattr(request, "user", None) is not None and request.user.is_authenticated:
            response["Cache-Control"] = "no-store"
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


def client_ip(request: HttpRequest) -> str | None:
    """The client's address as the audit records it (REMOTE_ADDR: behind a proxy, the proxy must set it
    from the forwarded header it trusts, e.g. gunicorn's --forwarded-allow-ips). The sign-in throttle
    (django-axes) counts failures by the same address."""
    return request.META.get("REMOTE_ADDR")


class RequestContextMiddleware:
    """Records the client address for audit, and ends sessions older than the absolute limit."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        token = current_ip.set(client_ip(request))
        try:
            if request.user.is_authenticated:
                started = request.session.get("safehold_login_at")
                now = time.time()
                if started is None:
                    request.session["safehold_login_at"] = now
                elif now - started > settings.SAFEHOLD_SESSION_ABSOLUTE_SECONDS:
                    logout(request)
                    return redirect(settings.LOGIN_URL)
                # Activity renews the idle limit. Writing the session row on every request costs a
                # transaction per page, so renew at most once a minute: the idle limit is then
                # between 29 and 30 minutes, never longer.
                renewed = request.session.get("safehold_renewed_at")
                if renewed is None or now - renewed >= SESSION_RENEW_SECONDS:
                    request.session["safehold_renewed_at"] = now
            response = self.get_response(request)
            if request.method not in SAFE_METHODS and getattr(request, "user", None) is not None \
                    and request.user.is_authenticated and request.session.session_key:
                # Pages that may show a few seconds' old summary (the team worklist) are rebuilt after
                # the user's own changes: this marks when they last changed anything. Only for a signed-in
                # browser session: an API client with a token gets no session.
                request.session[LAST_CHANGE_KEY] = time.time()
            return response
        finally:
            current_ip.reset(token)

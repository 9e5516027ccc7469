"""The two-step gate (issue 15.4). A signed-in user who has not entered a code this session reaches only
the code page, the set-up page, sign-out and the health check, when they have an authenticator app set up
(always), or have none and two-step verification is required (SAFEHOLD_REQUIRE_2FA). Every other page,
the administration site included, sends them to the code page (or to set the app up) and back after.

After django-otp's OTPMiddleware (request.user.is_verified()) and core's RequestContextMiddleware (the
absolute session limit applies first). An API request with a bearer token carries no session: the token
is its own credential (front_door.apis).
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.shortcuts import redirect
from django.urls import reverse

from .selectors import two_step_device
from .services import SESSION_HAS_DEVICE, two_step_required

OPEN_WHILE_UNVERIFIED = frozenset({"two_step_verify", "two_step_setup", "logout", "healthz"})


def session_has_device(request) -> bool:
    """Whether the user has an app set up, from the session (set at sign-in), else from the database."""
    has = request.session.get(SESSION_HAS_DEVICE)
    if has is None:
        has = two_step_device(request.user) is not None
        request.session[SESSION_HAS_DEVICE] = has
    return has


def two_step_pending(request) -> str | None:
    """"verify" (enter a code), "enrol" (set an app up) or None (nothing stands in the way)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    is_verified = getattr(user, "is_verified", None)
    if is_verified is not None and is_verified():
        return None
    if session_has_device(request):
        return "verify"
    return "enrol" if two_step_required() else None


class TwoStepMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        step = two_step_pending(request)
        if step is None:
            return None
        request.safehold_two_step_pending = step  # base.html hides the navigation while a step is pending
        match = request.resolver_match
        if match is not None and match.view_name in OPEN_WHILE_UNVERIFIED:
            return None
        target = reverse("two_step_verify" if step == "verify" else "two_step_setup")
        if request.method == "GET":
            target += "?" + urlencode({"next": request.get_full_path()})
        return redirect(target)

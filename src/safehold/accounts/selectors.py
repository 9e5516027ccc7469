"""Reading accounts: two-step verification devices (issue 15.4)."""

from __future__ import annotations

from django_otp.plugins.otp_totp.models import TOTPDevice


def two_step_device(user, *, confirmed: bool = True) -> TOTPDevice | None:
    """The user's authenticator app (a confirmed TOTP device), or the one being set up
    (`confirmed=False`). One each: setting up a new one replaces the old."""
    if not getattr(user, "pk", None):
        return None
    return TOTPDevice.objects.filter(user=user, confirmed=confirmed).order_by("-pk").first()


def two_step_devices_by_user() -> dict[int, TOTPDevice]:
    """user id -> confirmed device, for the administrator's list of accounts."""
    return {d.user_id: d for d in TOTPDevice.objects.filter(confirmed=True).order_by("pk")}

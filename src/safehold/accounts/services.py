"""Two-step verification (issue 15.4; ASVS 2.7, 2.8): a six-digit code from an authenticator app (TOTP,
RFC 6238, through django-otp) after the password.

Setting an app up, removing it and an administrator's reset are audited; so is every code entered at
sign-in, right or wrong, like a sign-in. Wrong codes are throttled per device by django-otp: after n wrong
codes in a row the next is not even checked for 2^(n-1) seconds (1, 2, 4 ... eight and a half minutes
after the tenth, four and a half hours after the fifteenth), whichever session or address they come
from; a right code resets the count. A code is accepted once: it cannot be replayed within its 30 seconds.
"""

from __future__ import annotations

from base64 import b32encode
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY, verify_token
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from safehold.audit.actions import AuditAction
from safehold.audit.services import audit_change, audit_sign_in_event

from .policy import Perm, has_perm
from .selectors import two_step_device
from .signals import staff_mapped

# Whether the signed-in user has an app set up, kept in the session so that a page costs no query to
# decide whether to ask for a code (set at sign-in; corrected by the code page if it has gone stale).
SESSION_HAS_DEVICE = "safehold_two_step_device"
WRONG_CODE = "The code is wrong or has expired: enter the code your app shows now"


def two_step_required() -> bool:
    """Every role must use two-step verification (the production settings' default)."""
    return bool(settings.SAFEHOLD_REQUIRE_2FA)


def _wait_text(seconds: float) -> str:
    seconds = max(1, int(seconds + 0.999))
    if seconds < 120:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    return f"{(seconds + 59) // 60} minutes"


def two_step_code_check(*, user, device: TOTPDevice, token: str) -> tuple[TOTPDevice | None, str]:
    """(the device, "") when `token` is the device's current code, never used before; else (None, what to
    tell the user). A wrong code counts towards the device's throttle; while throttled, no code is checked.
    The caller audits the outcome."""
    allowed, info = device.verify_is_allowed()
    if not allowed:
        locked_until = (info or {}).get("locked_until")
        wait = (locked_until - timezone.now()).total_seconds() if locked_until else 1
        return None, f"Too many wrong codes: wait {_wait_text(wait)}, then enter the code your app shows now"
    token = "".join((token or "").split())
    if not (len(token) == device.digits and token.isdigit()):
        # Counted like a wrong code: a bad shape must not be a way round the throttle.
        device.throttle_increment(commit=True)
        return None, WRONG_CODE
    verified = verify_token(user, device.persistent_id, token)
    return (verified, "") if verified is not None else (None, WRONG_CODE)


def two_step_enrolment_start(*, user) -> TOTPDevice:
    """The app being set up: a new secret, kept (unconfirmed, so not yet asked for) until the user proves
    their app holds it by entering a code. Reused while they try, so the QR code stays the same."""
    if two_step_device(user) is not None:
        raise ValidationError("Two-step verification is already set up for your account")
    device = two_step_device(user, confirmed=False)
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
    return device


def two_step_setup_details(device: TOTPDevice) -> dict[str, str]:
    """What the set-up page shows: the otpauth:// address as a QR code (an SVG image, no script) and the
    secret as text in groups of four, for typing in or for a screen reader."""
    import qrcode  # noqa: PLC0415
    import qrcode.image.svg  # noqa: PLC0415

    secret = b32encode(device.bin_key).decode().rstrip("=")
    url = device.config_url
    svg = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathFillImage, border=2).to_string(encoding="unicode")
    return {
        "secret": " ".join(secret[i:i + 4] for i in range(0, len(secret), 4)),
        # Read out one character at a time, a pause after each group of four.
        "secret_spoken": ", ".join(" ".join(secret[i:i + 4]) for i in range(0, len(secret), 4)),
        "qr_data_uri": "data:image/svg+xml;charset=utf-8," + quote(svg),
        "issuer": settings.OTP_TOTP_ISSUER,
        "account": device.user.get_username(),
    }


def _mark_verified(request, device: TOTPDevice) -> None:
    otp_login(request, device)
    request.session[SESSION_HAS_DEVICE] = True
    # A new session key once the second step is passed (ASVS 3.2.1): a key learnt before it is worth nothing.
    request.session.cycle_key()


def two_step_enrolment_confirm(*, user, device: TOTPDevice, token: str, request) -> TOTPDevice:
    """Turn the app on with a code it shows now: the session counts as verified, any other app the user
    had is removed, and the change is audited. A wrong code is audited and refused."""
    if device.user_id != user.pk or device.confirmed:
        raise ValidationError({"token": ["Start setting up your app again"]})
    verified, error = two_step_code_check(user=user, device=device, token=token)
    if verified is None:
        audit_sign_in_event(action=AuditAction.AUTH_TWO_STEP_FAILED, user=user, reason=f"Setting up the app: {error}")
        raise ValidationError({"token": [error]})
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).exclude(pk=verified.pk).delete()
        verified.confirmed = True
        verified.save(update_fields=["confirmed"])
        audit_change(actor=user, action=AuditAction.TWO_STEP_ENROL, instance=user, before={"two_step": False},
                     after={"two_step": True}, reason="Authenticator app set up")
    _mark_verified(request, verified)
    return verified


def two_step_verify(*, user, device: TOTPDevice, token: str, request) -> TOTPDevice:
    """The code at sign-in. Right: the session is verified (audited as the second step of the sign-in).
    Wrong or throttled: audited like a failed sign-in, and refused."""
    verified, error = two_step_code_check(user=user, device=device, token=token)
    if verified is None:
        audit_sign_in_event(action=AuditAction.AUTH_TWO_STEP_FAILED, user=user, reason=error)
        raise ValidationError({"token": [error]})
    audit_sign_in_event(action=AuditAction.AUTH_TWO_STEP_VERIFIED, user=user)
    _mark_verified(request, verified)
    return verified


def two_step_remove(*, user, token: str, request) -> None:
    """The user turns their app off, proving they hold it with a current code (a stolen session alone
    cannot). Where two-step verification is required they must set a new one up before going on."""
    device = two_step_device(user)
    if device is None:
        raise ValidationError("Two-step verification is not set up for your account")
    verified, error = two_step_code_check(user=user, device=device, token=token)
    if verified is None:
        audit_sign_in_event(action=AuditAction.AUTH_TWO_STEP_FAILED, user=user, reason=f"Removing the app: {error}")
        raise ValidationError({"token": [error]})
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        audit_change(actor=user, action=AuditAction.TWO_STEP_REMOVE, instance=user, before={"two_step": True},
                     after={"two_step": False}, reason="Authenticator app removed by its owner")
    request.session.pop(DEVICE_ID_SESSION_KEY, None)
    request.session[SESSION_HAS_DEVICE] = False


@transaction.atomic
def two_step_reset(*, by, user, reason: str = "") -> int:
    """An administrator removes a user's app (a lost or replaced phone). The user sets a new one up at
    their next sign-in (at once, where it is required); a session verified with the old app is asked
    again on its next page. Audited with who did it and why. Returns how many devices were removed."""
    if not has_perm(by, Perm.USERS_MANAGE):
        raise ValidationError("Only a system administrator can reset two-step verification")
    if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        raise ValidationError(f"{user} has no authenticator app set up")
    removed, _ = TOTPDevice.objects.filter(user=user).delete()
    audit_change(actor=by, action=AuditAction.TWO_STEP_RESET, instance=user, before={"two_step": True},
                 after={"two_step": False}, reason=reason.strip() or "Reset by a system administrator")
    return removed


def map_imported_staff(*, by, imported, account) -> int:
    """An administrator says which real account an imported staff record (a social worker a return named,
    brought in without a login) is: the child allocations it holds move to the account, the account takes
    the Social Work England number if it has none, and the imported record points at the account (a later
    import of the same SW_ID then uses the account). Audited. Returns how many allocations moved."""
    if not has_perm(by, Perm.USERS_MANAGE):
        raise ValidationError("Only a system administrator can map imported staff to accounts")
    with transaction.atomic():
        imported = type(imported).objects.select_for_update().get(pk=imported.pk)
        if not imported.imported or imported.mapped_to_id:
            raise ValidationError(f"{imported} is not an imported staff record waiting to be mapped")
        if account.imported or not account.is_active or account.pk == imported.pk:
            raise ValidationError(f"{account} is not an active account of a member of staff")
        moved = sum(n for _receiver, n in staff_mapped.send(sender=type(imported), imported=imported, account=account))
        if not account.swe_registration and imported.swe_registration:
            before = {"swe_registration": account.swe_registration}
            account.swe_registration = imported.swe_registration
            account.save(update_fields=["swe_registration"])
            audit_change(actor=by, action=AuditAction.STAFF_SWE_FROM_IMPORT, instance=account, before=before,
                         after={"swe_registration": account.swe_registration},
                         reason=f"Taken from the imported staff record {imported.username}")
        imported.mapped_to = account
        imported.save(update_fields=["mapped_to"])
        audit_change(actor=by, action=AuditAction.STAFF_IMPORTED_MAPPED, instance=imported, before={"mapped_to": None},
                     after={"mapped_to": account.username, "allocations_moved": moved},
                     reason=f"Imported social worker {imported.swe_registration} is {account.username}")
    return moved

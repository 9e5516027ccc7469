"""Two-step verification (issue 15.4): a code from an authenticator app after the password, required for
every role where SAFEHOLD_REQUIRE_2FA is on (production) and optional where it is off (the demo, tests).

Codes are computed as the user's app would, from the device's key (django_otp.oath.totp), with the clock
held still (time-machine) so a test never straddles a 30-second step."""

from __future__ import annotations

import datetime as dt
import os
import subprocess  # nosec B404: runs this project's own Python, fixed arguments
import sys
from urllib.parse import unquote

import pytest
import time_machine
from django.db import transaction
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from safehold.accounts import checks, services
from safehold.audit.models import AuditEvent

from .test_permission_matrix import URL_NAMES, url_for

PASSWORD = "correct horse battery"
START = dt.datetime(2026, 3, 2, 9, 0, 5, tzinfo=dt.timezone.utc)


def code(device: TOTPDevice, steps_ahead: int = 0) -> str:
    """The code the user's app shows now (or `steps_ahead` 30-second steps later)."""
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=steps_ahead):06d}"


def wrong(device: TOTPDevice) -> str:
    right = {code(device, d) for d in (-1, 0, 1)}
    return next(c for c in ("000000", "111111", "222222", "333333") if c not in right)


def sign_in(client, user, ip="10.0.0.5"):
    return client.post(reverse("login"), {"username": user.username, "password": PASSWORD}, REMOTE_ADDR=ip)


def app_for(user) -> TOTPDevice:
    """An authenticator app already set up for `user`."""
    return TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)


def verified(client, user) -> TOTPDevice:
    """`client` signed in as `user` with both steps."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or app_for(user)
    sign_in(client, user)
    assert client.post(reverse("two_step_verify"), {"token": code(device)}).status_code == 302
    return device


def actions(user) -> list[str]:
    return list(AuditEvent.objects.filter(object_type="accounts.user", object_id=str(user.pk))
                .exclude(action__in=["auth.sign_in", "auth.sign_out"]).order_by("id").values_list("action", flat=True))


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


# --- Required in production, optional in the demo -----------------------------------------------------

def _production_value(env: dict[str, str]) -> str:
    run_env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SAFEHOLD_"))}
    run_env.update({"DJANGO_SETTINGS_MODULE": "safehold.config.settings.production", "DJANGO_SECRET_KEY": "x" * 50,
                    "DJANGO_ALLOWED_HOSTS": "safehold.example.org", "SAFEHOLD_DATA_DIR": "/tmp", **env})
    return subprocess.run(  # nosec B603
        [sys.executable, "-c", "import django; django.setup(); from django.conf import settings; "
                               "print(settings.SAFEHOLD_REQUIRE_2FA)"],
        env=run_env, capture_output=True, text=True, check=True).stdout.strip()


def test_required_under_the_production_settings_unless_turned_off(settings):
    assert settings.SAFEHOLD_REQUIRE_2FA is False  # the test settings, whatever the environment
    assert _production_value({}) == "True"
    assert _production_value({"SAFEHOLD_REQUIRE_2FA": "0"}) == "False"


def test_check_deploy_warns_when_production_does_not_require_it(settings):
    settings.DEBUG, settings.SAFEHOLD_REQUIRE_2FA = False, False
    assert [w.id for w in checks.two_step_required(None)] == ["safehold.W2FA"]
    settings.SAFEHOLD_REQUIRE_2FA = True
    assert checks.two_step_required(None) == []


def test_optional_a_user_without_an_app_signs_in_with_the_password_alone(client, users):
    user = users["social_worker"]
    response = sign_in(client, user)
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert client.get(reverse("home")).status_code == 200
    page = client.get(reverse("two_step")).content.decode()
    assert 'govuk-tag--grey">Off<' in page and reverse("two_step_setup") in page


# --- Setting an app up ---------------------------------------------------------------------------------

def test_setting_up_shows_the_qr_code_and_key_and_confirms_only_with_a_right_code(client, users, clock):
    user = users["team_manager"]
    client.force_login(user)
    assert reverse("two_step") in client.get(reverse("home")).content.decode()  # beside "Change password"
    page = client.get(reverse("two_step_setup")).content.decode()
    device = TOTPDevice.objects.get(user=user)
    assert not device.confirmed
    # The QR code is an SVG image in a data: URL (no script; CSP allows data: images) holding the otpauth
    # address; the key is there as text for typing in and for screen readers, one character at a time.
    start = page.index('src="data:image/svg+xml;charset=utf-8,') + len('src="data:image/svg+xml;charset=utf-8,')
    svg = unquote(page[start:page.index('"', start)])
    assert svg.startswith("<svg") and "<script" not in svg
    details = services.two_step_setup_details(device)
    assert len(details["secret"].replace(" ", "")) == 32  # 160 bits, base32
    assert details["secret"] in page and details["secret_spoken"] in page
    assert 'autocomplete="one-time-code"' in page and 'inputmode="numeric"' in page

    response = client.post(reverse("two_step_setup"), {"token": wrong(device)})
    assert "The code is wrong or has expired" in response.content.decode()
    assert 'class="govuk-error-summary"' in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed
    assert actions(user) == ["auth.two_step_failed"]

    clock.shift(5)  # past the one-second wait after a wrong code
    response = client.post(reverse("two_step_setup"), {"token": code(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert actions(user) == ["auth.two_step_failed", "two_step.enrol"]
    enrol = AuditEvent.objects.get(action="two_step.enrol")
    assert enrol.actor_id == user.pk and enrol.changes == {"two_step": [False, True]}
    assert device.key not in str(enrol.changes)  # the secret is never in the audit
    # The session that set the app up is verified: pages open without another code.
    assert client.get(reverse("home")).status_code == 200
    assert 'govuk-tag--green">On<' in client.get(reverse("two_step")).content.decode()


def test_a_badly_typed_code_gets_the_govuk_message(client, users):
    client.force_login(users["social_worker"])
    for typed, message in [("", "Enter the 6-digit code from your authenticator app"),
                           ("12a456", "The code must only include numbers 0 to 9"),
                           ("12345", "The code must be 6 numbers")]:
        assert message in client.post(reverse("two_step_setup"), {"token": typed}).content.decode()
    # Spaces and dashes copied with a code are dropped.
    from safehold.accounts.forms import clean_code

    assert clean_code(" 123-456 ") == "123456"


# --- Signing in with a code ----------------------------------------------------------------------------

def test_optional_once_set_up_the_code_is_asked_at_every_sign_in(client, users, clock):
    user = users["social_worker"]
    device = app_for(user)
    response = sign_in(client, user)
    assert response["Location"] == reverse("home")
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("two_step_verify") + "?next=%2F"
    page = client.get(response["Location"]).content.decode()
    assert "Enter the code from your authenticator app" in page
    assert "Find a person" not in page and "Change password" not in page  # no navigation until verified

    response = client.post(response["Location"], {"token": wrong(device)})
    assert response.status_code == 200 and "The code is wrong or has expired" in response.content.decode()
    failed = AuditEvent.objects.get(action="auth.two_step_failed")
    assert failed.actor_id == user.pk and failed.ip == "127.0.0.1"
    assert failed.changes == {"username": [None, user.username]}
    assert client.get(reverse("people:search")).status_code == 302  # still not in

    clock.shift(5)
    response = client.post(reverse("two_step_verify") + "?next=/people/", {"token": code(device)})
    assert response.status_code == 302 and response["Location"] == "/people/"
    assert client.get(reverse("people:search")).status_code == 200
    assert actions(user) == ["auth.two_step_failed", "auth.two_step_verified"]
    device.refresh_from_db()
    assert device.throttling_failure_count == 0 and device.last_used_at is not None


def test_next_never_leaves_the_site(client, users, clock):
    user = users["social_worker"]
    device = app_for(user)
    sign_in(client, user)
    response = client.post(reverse("two_step_verify") + "?next=https://evil.example/", {"token": code(device)})
    assert response["Location"] == reverse("home")


def test_a_code_is_accepted_once(client, users, clock):
    user = users["social_worker"]
    device = app_for(user)
    sign_in(client, user)
    token = code(device)
    assert client.post(reverse("two_step_verify"), {"token": token}).status_code == 302
    client.post(reverse("logout"))
    sign_in(client, user)
    response = client.post(reverse("two_step_verify"), {"token": token})  # replayed within its 30 seconds
    assert response.status_code == 200 and "wrong or has expired" in response.content.decode()


def test_wrong_codes_are_throttled_and_each_attempt_audited(client, users, clock):
    user = users["social_worker"]
    device = app_for(user)
    sign_in(client, user)
    for _ in range(3):
        client.post(reverse("two_step_verify"), {"token": wrong(device)})
        clock.shift(10)
    device.refresh_from_db()
    assert device.throttling_failure_count == 3
    # The third wrong code makes the next wait 4 seconds: the right code now is not even checked.
    client.post(reverse("two_step_verify"), {"token": wrong(device)})  # the fourth: 8 seconds
    response = client.post(reverse("two_step_verify"), {"token": code(device)})
    body = response.content.decode()
    assert response.status_code == 200 and "Too many wrong codes: wait 8 seconds" in body
    assert client.get(reverse("home")).status_code == 302
    # Another session (another computer) is held up by the same wait: it is the app that is throttled.
    other = client.__class__()
    sign_in(other, user, ip="10.9.9.9")
    assert "Too many wrong codes" in other.post(reverse("two_step_verify"), {"token": code(device)}).content.decode()
    failed = AuditEvent.objects.filter(action="auth.two_step_failed", actor=user)
    assert failed.count() == 6
    assert failed.filter(reason__startswith="Too many wrong codes").count() == 2

    clock.shift(9)
    assert client.post(reverse("two_step_verify"), {"token": code(device)}).status_code == 302
    assert client.get(reverse("home")).status_code == 200


# --- The gate: required but not verified ---------------------------------------------------------------

OPEN = {"healthz": 200, "logout": 405}


@pytest.mark.parametrize("has_app, required, step", [(False, True, "two_step_setup"), (True, False, "two_step_verify"),
                                                     (True, True, "two_step_verify")])
def test_an_unverified_user_reaches_no_other_page(has_app, required, step, client, users, child, settings):
    settings.SAFEHOLD_REQUIRE_2FA = required
    user = users["team_manager"]
    if has_app:
        app_for(user)
    sign_in(client, user)
    target = reverse(step)
    for name in URL_NAMES:
        with transaction.atomic():  # each app's table makes what its URL needs: undone before the next
            child.refresh_from_db()  # ... in memory too
            response = client.get(url_for(name, child, None, users))
            transaction.set_rollback(True)
        expected = OPEN.get(name, 200 if name == step else 302)
        assert response.status_code == expected, f"GET {name}: {response.status_code}"
        if expected == 302:
            assert response["Location"].startswith(target), f"GET {name} went to {response['Location']}"
    # Writes too, and the administration site.
    response = client.post(reverse("people:create"), {"forename": "New"})
    assert response.status_code == 302 and response["Location"] == target
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302 and response["Location"].startswith(target)
    # Signing out works.
    assert client.post(reverse("logout")).status_code == 302
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("role", ["social_worker", "partner", "admin", "leader", "analyst"])
def test_required_every_role_sets_an_app_up_at_sign_in_before_anything_else(role, client, users, settings, clock):
    settings.SAFEHOLD_REQUIRE_2FA = True
    user = users[role]
    sign_in(client, user)
    response = client.get(reverse("home"))
    assert response["Location"] == reverse("two_step_setup") + "?next=%2F"
    assert "Set up two-step verification" in client.get(response["Location"]).content.decode()
    device = TOTPDevice.objects.get(user=user)
    response = client.post(reverse("two_step_setup") + "?next=%2F", {"token": code(device)})
    assert response["Location"] == "/"
    assert client.get(reverse("home")).status_code == 200


# --- Turning it off, and an administrator's reset ------------------------------------------------------

def test_a_user_turns_it_off_only_with_a_current_code(client, users, clock):
    user = users["social_worker"]
    device = verified(client, user)
    clock.shift(60)
    response = client.post(reverse("two_step_remove"), {"token": wrong(device)})
    assert "wrong or has expired" in response.content.decode()
    assert TOTPDevice.objects.filter(user=user).exists()
    clock.shift(5)
    assert client.post(reverse("two_step_remove"), {"token": code(device)}).status_code == 302
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert actions(user)[-1] == "two_step.remove"
    client.post(reverse("logout"))
    assert sign_in(client, user).status_code == 302
    assert client.get(reverse("home")).status_code == 200  # no code asked any more


def test_an_administrator_resets_a_users_app_from_the_users_page(client, users, settings, clock):
    settings.SAFEHOLD_REQUIRE_2FA = True
    worker, admin = users["social_worker"], users["admin"]
    worker_client = client.__class__()
    verified(worker_client, worker)
    assert worker_client.get(reverse("home")).status_code == 200

    # Only an administrator: anyone else is refused and nothing changes.
    manager_client = client.__class__()
    verified(manager_client, users["team_manager"])
    response = manager_client.post(reverse("accounts_two_step_reset"), {"user": worker.pk})
    assert response.status_code == 403 and TOTPDevice.objects.filter(user=worker).exists()

    verified(client, admin)
    page = client.get(reverse("accounts_users")).content.decode()
    assert "Reset<span class=\"govuk-visually-hidden\"> two-step verification for" in page
    response = client.post(reverse("accounts_two_step_reset"), {"user": worker.pk})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=worker).exists()
    reset = AuditEvent.objects.get(action="two_step.reset")
    assert reset.actor_id == admin.pk and reset.object_id == str(worker.pk)
    assert reset.changes == {"two_step": [True, False]}
    # The worker's session, verified with the old app, is stopped on its next page and must set one up.
    response = worker_client.get(reverse("home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("two_step_verify"))
    response = worker_client.get(response["Location"])
    assert response["Location"].startswith(reverse("two_step_setup"))


def test_the_administration_site_resets_and_deletes_with_an_audit(client, users):
    worker, admin = users["social_worker"], users["admin"]
    admin.is_staff = admin.is_superuser = True
    admin.save()
    app_for(worker)
    client.force_login(admin)  # two-step verification optional here, and the administrator has no app
    response = client.post(reverse("admin:accounts_user_changelist"),
                           {"action": "reset_two_step", "_selected_action": [worker.pk]})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=worker).exists()
    assert AuditEvent.objects.filter(action="two_step.reset", actor=admin, object_id=str(worker.pk)).count() == 1

    device = app_for(worker)
    # No secret key is shown, and no app can be added or edited there.
    page = client.get(reverse("admin:otp_totp_totpdevice_change", args=[device.pk])).content.decode()
    assert device.key not in page
    assert client.get(reverse("admin:otp_totp_totpdevice_add")).status_code == 403
    response = client.post(reverse("admin:otp_totp_totpdevice_delete", args=[device.pk]), {"post": "yes"})
    assert response.status_code == 302 and not TOTPDevice.objects.filter(pk=device.pk).exists()
    assert AuditEvent.objects.filter(action="two_step.reset", actor=admin, object_id=str(worker.pk)).count() == 2


# --- Break-glass asks for the code too ---------------------------------------------------------------

def test_break_glass_asks_a_user_with_an_app_for_a_code_as_well(client, users, other_child, clock):
    user = users["social_worker"]
    device = verified(client, user)
    clock.shift(60)
    url = reverse("people:break_glass", args=[other_child.pk])
    page = client.get(url).content.decode()
    assert "Code from your authenticator app" in page and 'autocomplete="one-time-code"' in page
    data = {"reason_code": "safeguarding", "reason_text": "Police called about the child tonight",
            "password": PASSWORD}
    response = client.post(url, data)  # no code
    assert "Enter the 6-digit code from your authenticator app" in response.content.decode()
    response = client.post(url, {**data, "token": wrong(device)})
    assert "wrong or has expired" in response.content.decode()
    refused = AuditEvent.objects.get(action="break_glass.refused", person_id=other_child.pk)
    assert refused.reason.startswith("Two-step code refused")
    assert client.get(reverse("people:detail", args=[other_child.pk])).status_code == 403
    clock.shift(5)
    response = client.post(url, {**data, "token": code(device)})
    assert response.status_code == 302
    assert client.get(reverse("people:detail", args=[other_child.pk])).status_code == 200


def test_break_glass_without_an_app_asks_only_for_the_password(client, users, other_child):
    client.force_login(users["social_worker"])
    url = reverse("people:break_glass", args=[other_child.pk])
    assert "Code from your authenticator app" not in client.get(url).content.decode()
    response = client.post(url, {"reason_code": "safeguarding", "reason_text": "Police called about the child tonight",
                                 "password": PASSWORD})
    assert response.status_code == 302

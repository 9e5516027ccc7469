"""Signing in (issue 15.4): throttling and lockout per account and per address, sign-in events in the
audit, password rules and change, and the same throttle on break-glass re-authentication."""

from __future__ import annotations

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from safehold.audit.models import AuditEvent

PASSWORD = "correct horse battery"


def sign_in(client, username, password, ip="10.0.0.5"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_five_wrong_passwords_lock_the_account_even_for_the_right_one(client, users, settings):
    settings.AXES_FAILURE_LIMIT = 5
    user = users["social_worker"]
    for _ in range(5):
        response = sign_in(client, user.username, "wrong password here")
    assert response.status_code == 429 and "Too many failed attempts" in response.content.decode()
    response = sign_in(client, user.username, PASSWORD)
    assert response.status_code == 429  # the right password does not get in while locked
    assert "_auth_user_id" not in client.session
    # Another address cannot use the account either: it is the account that is locked.
    assert sign_in(client, user.username, PASSWORD, ip="10.0.0.77").status_code == 429


def test_one_address_trying_many_accounts_is_locked(client, users, settings):
    settings.AXES_FAILURE_LIMIT = 5
    for role in ("social_worker", "team_manager", "iro", "analyst", "leader"):
        sign_in(client, users[role].username, "wrong password here", ip="10.9.9.9")
    assert sign_in(client, users["front_door"].username, PASSWORD, ip="10.9.9.9").status_code == 429
    assert sign_in(client, users["front_door"].username, PASSWORD, ip="10.1.1.1").status_code == 302


def test_a_right_password_resets_the_count(client, users, settings):
    settings.AXES_FAILURE_LIMIT = 3
    user = users["social_worker"]
    sign_in(client, user.username, "wrong password here")
    sign_in(client, user.username, "wrong password here")
    assert sign_in(client, user.username, PASSWORD).status_code == 302
    client.logout()
    sign_in(client, user.username, "wrong password here")
    assert sign_in(client, user.username, PASSWORD).status_code == 302


def test_sign_in_sign_out_and_failures_are_in_the_audit(client, users):
    user = users["team_manager"]
    sign_in(client, user.username, "wrong password here")
    sign_in(client, "nobody_at_all", "wrong password here")
    sign_in(client, user.username, PASSWORD)
    client.post(reverse("logout"))
    events = list(AuditEvent.objects.filter(action__startswith="auth.").order_by("id"))
    assert [e.action for e in events] == ["auth.sign_in_failed", "auth.sign_in_failed", "auth.sign_in",
                                          "auth.sign_out"]
    assert events[1].changes == {"username": [None, "nobody_at_all"]} and events[1].actor_id is None
    assert events[2].actor_id == user.pk and events[2].ip == "10.0.0.5"
    assert not any(PASSWORD in str(e.changes) or "wrong password" in str(e.changes) for e in events)


@pytest.mark.parametrize("password, why", [
    ("aaaaaaaaaaaa", "6 different characters"), ("short1!", "at least 12"), ("123456789012", "entirely numeric"),
    ("password1234", "too common"),
])
def test_weak_passwords_are_refused(password, why, users):
    with pytest.raises(ValidationError) as exc:
        validate_password(password, users["social_worker"])
    assert any(why in m for m in exc.value.messages)


def test_a_user_changes_their_password(client, users, login):
    user = users["social_worker"]
    client = login(user)
    url = reverse("password_change")
    response = client.post(url, {"old_password": PASSWORD, "new_password1": "aaaaaaaaaaaa",
                                 "new_password2": "aaaaaaaaaaaa"})
    assert "6 different characters" in response.content.decode()
    response = client.post(url, {"old_password": PASSWORD, "new_password1": "lantern otter velvet 42",
                                 "new_password2": "lantern otter velvet 42"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("lantern otter velvet 42")


def test_break_glass_failures_are_audited_and_throttled(client, users, other_child, settings):
    settings.AXES_FAILURE_LIMIT = 3
    user = users["social_worker"]
    client.force_login(user)
    url = reverse("people:break_glass", args=[other_child.pk])
    data = {"reason_code": "safeguarding", "reason_text": "Police called about the child tonight",
            "password": "not my password"}
    for _ in range(2):
        response = client.post(url, data, REMOTE_ADDR="10.2.2.2")
        assert "Enter your password to confirm it is you" in response.content.decode()
    assert AuditEvent.objects.filter(action="break_glass.refused", actor=user, person_id=other_child.pk).count() == 2
    response = client.post(url, data, REMOTE_ADDR="10.2.2.2")
    assert response.status_code == 429  # the third failure locks, as a sign-in would
    response = client.post(url, {**data, "password": PASSWORD}, REMOTE_ADDR="10.2.2.2")
    assert response.status_code == 429
    assert client.get(reverse("people:detail", args=[other_child.pk])).status_code == 403

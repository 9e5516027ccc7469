"""Response headers and session limits (security.md B2: ASVS 14.3.2, 7.3.1, 7.3.2), and the
Content-Security-Policy, Permissions-Policy and production settings of issue 15.10."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from conftest import PASSWORD


@pytest.fixture
def pages(child, other_child):
    return {
        "home": reverse("home"),
        "record": reverse("people:detail", args=[child.pk]),
        "chronology": reverse("people:chronology_print", args=[child.pk]),
        "search": reverse("people:search") + "?name=Amelia",
        "edit": reverse("people:edit", args=[child.pk]),
        "refused": reverse("people:detail", args=[other_child.pk]),
        "forbidden": reverse("audit:index"),
        "missing": reverse("people:detail", args=[999999]),
    }


@pytest.mark.parametrize("page", ["home", "record", "chronology", "search", "edit", "refused", "forbidden", "missing"])
def test_authenticated_pages_are_never_cached_and_never_framed(page, pages, users, login):
    response = login(users["social_worker"]).get(pages[page])
    assert response.status_code in (200, 403, 404)
    assert response["Cache-Control"] == "no-store"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_htmx_fragments_are_not_cached_either(child, users, login):
    response = login(users["social_worker"]).get(reverse("people:detail", args=[child.pk]),
                                                 {"fragment": "chronology"}, headers={"HX-Request": "true"})
    assert response["Cache-Control"] == "no-store"


def test_sign_in_page_cannot_be_framed(client, db):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert response["X-Frame-Options"] == "DENY"


def test_signing_in_sets_an_http_only_session_cookie_and_a_new_session_key(client, users):
    client.get(reverse("login"))
    before = client.cookies.get("sessionid")
    response = client.post(reverse("login"), {"username": "social_worker_user", "password": PASSWORD})
    assert response.status_code == 302
    cookie = client.cookies["sessionid"]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    assert before is None or before.value != cookie.value


def test_wrong_password_is_refused_with_an_error(client, users):
    response = client.post(reverse("login"), {"username": "social_worker_user", "password": "wrong password!"})
    assert response.status_code == 200
    assert "Enter a correct username and password" in response.content.decode()
    assert "_auth_user_id" not in client.session


def _sign_in(client):
    client.post(reverse("login"), {"username": "social_worker_user", "password": PASSWORD})
    assert client.get(reverse("home")).status_code == 200


def test_session_ends_after_thirty_idle_minutes(client, users):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        _sign_in(client)
    with time_machine.travel(start + dt.timedelta(minutes=29), tick=False):
        assert client.get(reverse("home")).status_code == 200  # activity renews the idle limit
    with time_machine.travel(start + dt.timedelta(minutes=29 + 31), tick=False):
        response = client.get(reverse("home"))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_session_ends_after_ten_hours_even_when_active(client, users):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        _sign_in(client)
    for minutes in range(25, 10 * 60, 25):  # a request every 25 minutes all day
        with time_machine.travel(start + dt.timedelta(minutes=minutes), tick=False):
            assert client.get(reverse("home")).status_code == 200, f"signed out after {minutes} minutes"
    with time_machine.travel(start + dt.timedelta(hours=10, minutes=5), tick=False):
        response = client.get(reverse("home"))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


# --- Content-Security-Policy, Permissions-Policy, production settings (issue 15.10) -----------------


def test_every_page_has_a_content_security_policy_with_no_inline_script(client, users, login):
    response = login(users["social_worker"]).get(reverse("home"))
    policy = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["script-src"] == "'self'" and directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'" and directives["object-src"] == "'none'"
    body = response.content.decode()
    # No inline script or event handler anywhere on the page (the policy would block it).
    for chunk in body.split("<script")[1:]:
        assert chunk.lstrip().startswith(("src=", "type=\"module\" src=")), chunk[:80]
    assert "onclick=" not in body


def test_a_permissions_policy_switches_off_unused_features(client):
    response = client.get(reverse("login"))
    assert "camera=()" in response["Permissions-Policy"] and "geolocation=()" in response["Permissions-Policy"]


def test_production_settings_refuse_debug():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "safehold.config.settings.production", "DJANGO_DEBUG": "1"}
    result = subprocess.run([sys.executable, "-c", "import django; django.setup()"], env=env, capture_output=True,
                            text=True)
    assert result.returncode != 0 and "DJANGO_DEBUG=1 is refused" in result.stderr

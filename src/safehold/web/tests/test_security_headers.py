"""Security headers and settings (issue 15.10): a Content-Security-Policy with no inline script, a
Permissions-Policy, and production settings that refuse debug mode."""

import os
import subprocess
import sys

from django.urls import reverse


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

"""Two-step verification in a real browser (issue 15.4): with it required, a worker signs in, is sent to set
up an authenticator app, types the setup key the page shows into "their app" (the codes are computed here
from that key, as an app would), turns it on, signs out, and signs in again with the password and a code,
getting a wrong code refused on the way. The pages pass axe's WCAG 2.2 AA checks."""

from base64 import b32decode

import pytest
from axe_playwright_python.sync_playwright import Axe
from django_otp.oath import totp
from playwright.sync_api import expect

from safehold.accounts.models import Role
from safehold.accounts.tests.factories import UserFactory
from safehold.audit.models import AuditEvent

pytestmark = pytest.mark.django_db(transaction=True)
WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}}


def _violations(page) -> list[str]:
    results = Axe().run(page, options=WCAG_AA)
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])} elements)" for v in results.response["violations"]]


def _password_step(page, username: str):
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Sign in").click()


def test_a_worker_sets_up_an_app_and_signs_in_with_a_code(page, team, settings):
    settings.SAFEHOLD_REQUIRE_2FA = True
    worker = UserFactory(username="sam", first_name="Sam", last_name="Okafor", role=Role.SOCIAL_WORKER, team=team)

    _password_step(page, "sam")
    expect(page.get_by_role("heading", name="Set up two-step verification")).to_be_visible()
    expect(page.get_by_role("link", name="Find a person")).to_have_count(0)  # nothing else until it is done
    qr = page.get_by_role("img", name="QR code for your authenticator app")
    expect(qr).to_be_visible()
    assert page.evaluate("img => img.complete && img.naturalWidth > 0", qr.element_handle())  # CSP let it load
    assert _violations(page) == []

    # "The app": the setup key as the page shows it, typed in.
    shown = page.locator("#setup-key code").inner_text().replace(" ", "")
    key = b32decode(shown + "=" * (-len(shown) % 8))
    code = page.get_by_label("Code", exact=True)
    assert code.get_attribute("autocomplete") == "one-time-code" and code.get_attribute("inputmode") == "numeric"
    code.fill(f"{totp(key):06d}")
    page.get_by_role("button", name="Turn on two-step verification").click()
    expect(page.get_by_role("heading", name="Hello, Sam")).to_be_visible()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Two-step verification is on")

    page.get_by_role("link", name="Two-step verification").click()
    expect(page.locator("main .govuk-tag")).to_have_text("On")
    page.get_by_role("button", name="Sign out").click()

    # Signing in again: the password, then the code.
    _password_step(page, "sam")
    expect(page.get_by_role("heading", name="Enter the code from your authenticator app")).to_be_visible()
    page.get_by_label("Code", exact=True).fill("12345")
    page.get_by_role("button", name="Continue").click()
    assert page.title().startswith("Error: ")
    expect(page.locator(".govuk-error-summary")).to_contain_text("The code must be 6 numbers")
    assert page.evaluate("document.activeElement.classList.contains('govuk-error-summary')")
    assert _violations(page) == []
    page.goto("/people/")  # every other page sends back to the code
    expect(page.get_by_role("heading", name="Enter the code from your authenticator app")).to_be_visible()

    # The next 30-second step's code (the one used to set up cannot be used twice).
    page.get_by_label("Code", exact=True).fill(f"{totp(key, drift=1):06d}")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Find a child or adult")).to_be_visible()  # back where they were going
    actions = list(AuditEvent.objects.filter(actor=worker).order_by("id").values_list("action", flat=True))
    assert actions == ["auth.sign_in", "two_step.enrol", "auth.sign_out", "auth.sign_in", "auth.two_step_verified"]

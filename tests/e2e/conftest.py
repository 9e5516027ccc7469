"""End-to-end tests in a real browser: Playwright driving Debian's chromium (never a downloaded one).

Without /usr/bin/chromium these tests skip, unless SAFEHOLD_REQUIRE_BROWSER=1 (set by .ci/run),
where a missing browser fails the run instead of hiding it.
"""

import os
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("SAFEHOLD_CHROMIUM", "/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/e2e" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        if os.environ.get("SAFEHOLD_REQUIRE_BROWSER") == "1":
            pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium)")
        pytest.skip("Debian chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=live_server.url)
    context.set_default_timeout(15_000)
    pg = context.new_page()
    yield pg
    context.close()


@pytest.fixture
def sign_in(page):
    def _sign_in(username: str, password: str = "correct horse battery"):
        page.goto("/accounts/login/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url("**/")
        return page

    return _sign_in


@pytest.fixture
def shoot(page):
    """Save a full-page screenshot into docs/screenshots (the README's tour uses them)."""

    def _shoot(name: str):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)

    return _shoot


@pytest.fixture
def improvement_facts(db):
    """The judgement areas, cycle rules and audit tool of migration improvement/0002. A transactional test
    empties every table when it ends, these too: put them back (the migration's own function, idempotent)."""
    import importlib

    from django.apps import apps

    importlib.import_module("safehold.improvement.migrations.0002_judgement_areas_cycle_rules_audit_tool").forwards(
        apps, None)

"""Test settings: fast password hashing, tasks run immediately, SQLite unless DATABASE_URL is set."""

from .base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": None}  # noqa: F405
WHITENOISE_AUTOREFRESH = True
# Tests see every change at once; the reuse of the team overview has its own test (worklists).
SAFEHOLD_TEAM_OVERVIEW_SECONDS = 0
SAFEHOLD_MEASURE_SECONDS = 0
# Two-step verification is off whatever the environment says; its own tests turn it on (accounts).
SAFEHOLD_REQUIRE_2FA = False
# Every audit row's `after` carries the keys its action's schema names (audit.actions.ACTION_PAYLOAD).
SAFEHOLD_AUDIT_CHECK_PAYLOAD = True
# Documents: no virus scanner on a test machine (the EICAR signature is still refused; casefile tests).
SAFEHOLD_VIRUS_SCAN = "off"
# Documents written by tests go to a temporary folder, never the checkout's var/.
import tempfile  # noqa: E402

SAFEHOLD_DOCUMENTS_DIR = Path(tempfile.mkdtemp(prefix="safehold-test-documents-"))  # noqa: F405

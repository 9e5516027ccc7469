"""Production: the base settings with debug off; everything else comes from the environment."""

import os

os.environ.setdefault("DJANGO_DEBUG", "0")

from .base import *  # noqa: F403
from .base import DEBUG

if DEBUG:  # issue 15.10: a production server never shows Django's debug pages (they print settings and data)
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("DJANGO_DEBUG=1 is refused under the production settings")

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = False
# Two-step verification for every role (issue 15.4). SAFEHOLD_REQUIRE_2FA=0 turns it off (only behind a
# sign-on that already asks for a second factor); `check --deploy` then warns (accounts.checks).
SAFEHOLD_REQUIRE_2FA = os.environ.get("SAFEHOLD_REQUIRE_2FA", "1") == "1"
# The application refuses to run as a PostgreSQL superuser, as the owner of the audit tables, or as a role
# that may rewrite them (issue 15.9, audit.checks): `check --deploy` reports it and the WSGI application
# will not start. SAFEHOLD_REFUSE_PRIVILEGED_DB=0 only for a throwaway database (benchmarks).
SAFEHOLD_REFUSE_PRIVILEGED_DB = os.environ.get("SAFEHOLD_REFUSE_PRIVILEGED_DB", "1") != "0"

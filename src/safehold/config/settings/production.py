"""Production: the base settings with debug off; everything else comes from the environment."""

import os

os.environ.setdefault("DJANGO_DEBUG", "0")

from .base import *  # noqa: E402,F403
from .base import DEBUG

if DEBUG:  # issue 15.10: a production server never shows Django's debug pages (they print settings and data)
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("DJANGO_DEBUG=1 is refused under the production settings")

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = False

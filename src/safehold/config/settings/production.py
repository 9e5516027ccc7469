"""Production: the base settings with debug off; everything else comes from the environment."""

import os

os.environ.setdefault("DJANGO_DEBUG", "0")

from .base import *  # noqa: E402,F403

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = False

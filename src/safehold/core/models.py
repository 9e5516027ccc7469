"""Shared model bases: timestamps and the version counter used for optimistic locking."""

from django.db import models


class TimeStampedModel(models.Model):
    """Keeps when a row was recorded and last changed (design-notes: "time is data")."""

    created_at = models.DateTimeField(auto_now_add=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True, editable=False)

    class Meta:
        abstract = True


class VersionedModel(TimeStampedModel):
    """An editable aggregate. `version` goes up by one on every saved change.

    Forms carry the version they were loaded with; `core.concurrency.save_if_unchanged` refuses a
    save whose version is stale, so a second editor never overwrites the first (security.md B5).
    """

    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True

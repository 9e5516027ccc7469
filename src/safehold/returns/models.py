"""A run of a statutory return: who asked for which return and year, its progress while it runs in the
background, the file it produced and the DfE validator's findings."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from safehold.core.models import TimeStampedModel


class ReturnRun(TimeStampedModel):
    class Kind(models.TextChoices):
        CIN = "cin", "Children in need census"
        SSDA903 = "ssda903", "SSDA903 (children looked after)"
        ANNEX_A = "annex_a", "Ofsted Annex A lists"

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Running"
        DONE = "done", "Finished"
        FAILED = "failed", "Failed"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    period_end = models.DateField("Year ending")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)  # percent
    step = models.CharField(max_length=200, blank=True)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    finished_at = models.DateTimeField(null=True, blank=True)
    row_counts = models.JSONField(default=dict, blank=True)  # rows per table
    issues = models.JSONField(default=list, blank=True)  # the validator's findings
    validated = models.BooleanField(default=False)
    validation_note = models.CharField(max_length=300, blank=True)
    error = models.TextField(blank=True)
    file = models.BinaryField(null=True, blank=True, editable=False)  # the return as a zip
    # When the file was deleted under SAFEHOLD_RETURN_FILE_DAYS (returns.services.run_files_expire).
    file_expired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        if self.kind == self.Kind.ANNEX_A:
            return f"{self.get_kind_display()} as at {self.period_end:%d/%m/%Y}"
        return f"{self.get_kind_display()} for the year ending {self.period_end:%d/%m/%Y}"

    # What the download is, by kind: file name suffix, content type, and how the page describes it.
    FILES = {
        "cin": (".xml", "application/xml", "the census XML"),
        "ssda903": (".zip", "application/zip", "zip of CSV tables"),
        "annex_a": (".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    "Excel workbook"),
    }

    @property
    def download_name(self) -> str:
        return f"{self.kind}-{self.period_end:%Y-%m-%d}{self.FILES[self.kind][0]}"

    @property
    def content_type(self) -> str:
        return self.FILES[self.kind][1]

    @property
    def file_description(self) -> str:
        return self.FILES[self.kind][2]

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

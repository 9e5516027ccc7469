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


class RecordFinding(models.Model):
    """A DfE rule the child's record breaks now, found as work is recorded or by the nightly check of the
    whole county (issue 16.2, 16.5): the same rules as the return, run on the child's slice of it. A finding is
    open until the record no longer breaks the rule; `resolved_at` keeps when, so the data quality page can
    draw the trend."""

    class Collection(models.TextChoices):
        CIN = "cin", "Children in need census"
        SSDA903 = "ssda903", "SSDA903"

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="record_findings")
    collection = models.CharField(max_length=10, choices=Collection.choices)
    year = models.PositiveSmallIntegerField(help_text="Collection start year: 2026 is 2026-27")
    code = models.CharField(max_length=16)
    severity = models.CharField(max_length=5)  # error | query
    table = models.CharField(max_length=40)
    row = models.IntegerField(help_text="The row among this child's rows of the table (0 is the first)")
    fields = models.JSONField(default=list)
    message = models.CharField(max_length=400, help_text="What to do, in the worker's words")
    dfe_message = models.CharField(max_length=400)
    detail = models.CharField(max_length=120, blank=True, help_text="Which record: e.g. the assessment's start date")
    key_date = models.DateField(null=True, blank=True, help_text="The date that names the row's record (an "
                                "assessment's start, an episode's referral): how the page that fixes it is found")
    found_at = models.DateTimeField()
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["person", "resolved_at"], name="finding_person_open"),
                   models.Index(fields=["resolved_at", "found_at"], name="finding_open_found")]

    def __str__(self) -> str:
        return f"{self.collection} {self.code} for {self.person_id}"

    @property
    def key(self) -> tuple:
        return (self.collection, self.year, self.code, self.table, self.row)


class ChildCheck(models.Model):
    """What the last check of one child's slice of a return read (returns/record.py): a digest of each of the
    slice's tables, the day it was read as at, and the tables each rule read. The check after a save reruns only
    the rules that read a table the save changed (or the day, on a new day); the others would find the same
    again. `rules` is a digest of the rules' code: a new release checks the child afresh."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    collection = models.CharField(max_length=10, choices=RecordFinding.Collection.choices)
    year = models.PositiveSmallIntegerField()
    as_at = models.DateField()
    rules = models.CharField(max_length=64)
    tables = models.JSONField(default=dict)  # {table: digest of its rows}
    reads = models.JSONField(default=dict)  # {rule code: [tables it read]}
    checked_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person", "collection", "year"], name="child_check_once")]

    def __str__(self) -> str:
        return f"{self.collection} {self.year} check of {self.person_id}"

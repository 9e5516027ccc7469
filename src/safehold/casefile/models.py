"""The case file (issue 14.6): what a practitioner writes and keeps on a child's record between the statutory
events: case notes (typed, from templates the council edits) and documents (uploaded, checked for size, type
and viruses, stored outside the web root, every view audited)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.db import models, transaction

from safehold.core.models import TimeStampedModel, VersionedModel


class NoteKind(models.TextChoices):
    VISIT = "visit", "Home or school visit"
    PHONE = "phone", "Phone call"
    DIRECT_WORK = "direct_work", "Direct work with the child"
    MEETING = "meeting", "Meeting"
    CORRESPONDENCE = "correspondence", "Email or letter"
    MULTI_AGENCY = "multi_agency", "Contact with another agency"
    MANAGEMENT = "management", "Management note"
    OTHER = "other", "Other"


class CaseNoteTemplate(TimeStampedModel):
    """A heading structure a council gives its workers for a kind of note (e.g. direct work: what we did, what
    the child said, what it tells us, next steps). Edited on the templates page; a note keeps its own text."""

    name = models.CharField(max_length=120, unique=True)
    kind = models.CharField(max_length=20, choices=NoteKind.choices)
    body = models.TextField(help_text="The text the note starts with: headings and prompts")
    is_active = models.BooleanField(default=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")

    class Meta:
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.name


class CaseNote(VersionedModel):
    """A note on a child's record: what happened, when, and what it means. Its author may correct it (the
    change is audited with the text before and after); it never disappears."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="case_notes")
    kind = models.CharField(max_length=20, choices=NoteKind.choices)
    occurred_on = models.DateField("Date it happened")
    subject = models.CharField(max_length=200)
    text = models.TextField()
    template = models.ForeignKey(CaseNoteTemplate, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-occurred_on", "-id"]
        indexes = [models.Index(fields=["person", "occurred_on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.subject}"


class Document(TimeStampedModel):
    """A file kept on a child's record (a report, a letter, a court order, a photograph of the child's drawing).
    The bytes live under SAFEHOLD_DOCUMENTS_DIR, outside the web root, named by their checksum; the page that
    serves them checks access and audits every view."""

    class Kind(models.TextChoices):
        REPORT = "report", "Report (e.g. a partner agency's report)"
        LETTER = "letter", "Letter"
        COURT = "court", "Court document"
        PLAN = "plan", "Plan or agreement"
        CHILDS_WORK = "childs_work", "The child's own work"
        OTHER = "other", "Other"

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)  # as Safehold read it from the bytes, not as the browser said
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    storage_name = models.CharField(max_length=64, unique=True)  # a random name: nothing about the child
    # The event it belongs to, if any (e.g. family_help.assessment 12), as StatutoryWork.source_type/id.
    event_type = models.CharField(max_length=60, blank=True)
    event_id = models.CharField(max_length=40, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    scanned_with = models.CharField(max_length=40)  # "clamd" or "none (SAFEHOLD_VIRUS_SCAN=off)"

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title


def _forget_file(sender, instance: Document, **kwargs) -> None:
    """A document row deleted (a record disposed of under the retention rules, or merged away) takes its file
    with it, once the deletion commits: no orphaned copy of a child's document stays on disk."""
    def unlink():
        (Path(settings.SAFEHOLD_DOCUMENTS_DIR) / instance.storage_name).unlink(missing_ok=True)

    transaction.on_commit(unlink)


models.signals.post_delete.connect(_forget_file, sender=Document, dispatch_uid="casefile.document.forget_file")


class LetterTemplate(TimeStampedModel):
    """A letter to a family a council sends often (an invitation to a conference, the outcome of an assessment),
    with placeholders filled from the record: {child_name}, {child_first_name}, {recipient_name}, {worker_name},
    {worker_role}, {team}, {council}, {date}. Kept by managers beside the note templates."""

    name = models.CharField(max_length=120, unique=True)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    is_active = models.BooleanField(default=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

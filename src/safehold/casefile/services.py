"""Writing the case file: case notes (recorded and corrected by their author), the council's note templates, and
documents (checked, stored outside the web root, audited when read)."""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from safehold.accounts.policy import Perm
from safehold.accounts.policy import require as _require
from safehold.audit.actions import AuditAction
from safehold.audit.services import audit_access, audit_change, snapshot
from safehold.core.concurrency import save_if_unchanged
from safehold.people.chronology import record_event

from .models import CaseNote, CaseNoteTemplate, Document, LetterTemplate, NoteKind
from .uploads import UploadRefused, check_size, scan, sniff

NOTE_MAX = 50_000


def _check_note(*, kind: str, occurred_on, subject: str, text: str) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if kind not in NoteKind.values:
        errors["kind"] = ["Choose the kind of note"]
    if occurred_on is None:
        errors["occurred_on"] = ["Enter the date it happened"]
    elif occurred_on > timezone.localdate():
        errors["occurred_on"] = ["The date it happened must be today or in the past"]
    if not (subject or "").strip():
        errors["subject"] = ["Enter a subject: a few words on what the note is about"]
    if not (text or "").strip():
        errors["text"] = ["Write the note"]
    elif len(text) > NOTE_MAX:
        errors["text"] = [f"A note is at most {NOTE_MAX:,} characters: split it into two"]
    return errors


@transaction.atomic
def note_record(*, by, person, kind: str, occurred_on: dt.date, subject: str, text: str,
                template: CaseNoteTemplate | None = None) -> CaseNote:
    _require(by, Perm.CASEWORK_RECORD)
    errors = _check_note(kind=kind, occurred_on=occurred_on, subject=subject, text=text)
    if errors:
        raise ValidationError(errors)
    note = CaseNote.objects.create(person=person, kind=kind, occurred_on=occurred_on, subject=subject.strip(),
                                   text=text.replace("\r\n", "\n").strip(), template=template, recorded_by=by)
    audit_change(actor=by, action=AuditAction.CASE_NOTE_RECORD, instance=note, person_id=person.pk)
    record_event(person=person, event_type="case_note", occurred=occurred_on, source=note, recorded_by=by,
                 summary=f"{note.get_kind_display()}: {note.subject}")
    return note


@transaction.atomic
def note_correct(*, by, note: CaseNote, expected_version: int, kind: str, occurred_on: dt.date, subject: str,
                 text: str, reason: str) -> CaseNote:
    """The author corrects their note, saying why; the audit keeps what it said before."""
    _require(by, Perm.CASEWORK_RECORD)
    if note.recorded_by_id != by.pk:
        raise PermissionDenied("Only the note's author corrects it; add a new note instead")
    errors = _check_note(kind=kind, occurred_on=occurred_on, subject=subject, text=text)
    if not (reason or "").strip():
        errors["reason"] = ["Say why the note is corrected"]
    if errors:
        raise ValidationError(errors)
    fields = ["kind", "occurred_on", "subject", "text"]
    before = snapshot(note, fields)
    note.kind, note.occurred_on, note.subject = kind, occurred_on, subject.strip()
    note.text = text.replace("\r\n", "\n").strip()
    save_if_unchanged(note, expected_version=expected_version, fields=fields)
    audit_change(actor=by, action=AuditAction.CASE_NOTE_CORRECT, instance=note, before=before, after=snapshot(note, fields),
                 person_id=note.person_id, reason=reason.strip())
    return note


@transaction.atomic
def template_save(*, by, template: CaseNoteTemplate | None, name: str, kind: str, body: str,
                  is_active: bool = True) -> CaseNoteTemplate:
    """Managers keep the council's note templates."""
    _require(by, Perm.CASEWORK_SIGN_OFF)
    errors: dict[str, list[str]] = {}
    if not (name or "").strip():
        errors["name"] = ["Enter the template's name"]
    elif CaseNoteTemplate.objects.filter(name__iexact=name.strip()).exclude(pk=getattr(template, "pk", None)).exists():
        errors["name"] = ["Another template has this name"]
    if kind not in NoteKind.values:
        errors["kind"] = ["Choose the kind of note it is for"]
    if not (body or "").strip():
        errors["body"] = ["Write the template's headings and prompts"]
    if errors:
        raise ValidationError(errors)
    fields = ["name", "kind", "body", "is_active"]
    before = snapshot(template, fields) if template else None
    template = template or CaseNoteTemplate()
    template.name, template.kind, template.body = name.strip(), kind, body.replace("\r\n", "\n").strip()
    template.is_active, template.updated_by = is_active, by
    template.save()
    audit_change(actor=by, action=AuditAction.CASE_NOTE_TEMPLATE_SAVE, instance=template, before=before,
                 after=snapshot(template, fields))
    return template


# --- Documents ---------------------------------------------------------------------------------------------

def documents_dir() -> Path:
    path = Path(settings.SAFEHOLD_DOCUMENTS_DIR)
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def document_upload(*, by, person, title: str, kind: str, upload, event_type: str = "",
                    event_id: str = "") -> Document:
    """Check and keep a file. The bytes are written (to a random name, outside the web root) before the row, and
    removed again if the row is not saved, so no file is half-kept and no row points at nothing."""
    _require(by, Perm.CASEWORK_RECORD)
    errors: dict[str, list[str]] = {}
    if not (title or "").strip():
        errors["title"] = ["Enter a title for the document"]
    if kind not in Document.Kind.values:
        errors["kind"] = ["Choose what kind of document it is"]
    if upload is None:
        errors["upload"] = ["Choose a file to upload"]
    if errors:
        raise ValidationError(errors)
    try:
        check_size(upload.size)
        data = upload.read()
        content_type = sniff(data, upload.name)
        scanner = scan(data)
    except UploadRefused as refused:
        audit_change(actor=by, action=AuditAction.DOCUMENT_REFUSED, instance=person, person_id=person.pk,
                     after={"name": upload.name[:200], "size": upload.size}, reason=str(refused))
        raise ValidationError({"upload": [str(refused)]}) from refused
    storage_name = uuid.uuid4().hex
    path = documents_dir() / storage_name
    path.write_bytes(data)
    path.chmod(0o600)
    try:
        with transaction.atomic():
            document = Document.objects.create(
                person=person, title=title.strip(), kind=kind, original_name=Path(upload.name).name[:255],
                content_type=content_type, size=len(data), sha256=hashlib.sha256(data).hexdigest(),
                storage_name=storage_name, event_type=event_type, event_id=str(event_id or ""), uploaded_by=by,
                scanned_with=scanner)
            audit_change(actor=by, action=AuditAction.DOCUMENT_UPLOAD, instance=document, person_id=person.pk)
            record_event(person=person, event_type="document", occurred=timezone.localdate(), source=document,
                         recorded_by=by, summary=f"Document added: {document.title} ({document.get_kind_display()})")
    except Exception:
        path.unlink(missing_ok=True)
        raise
    return document


def document_read(*, by, document: Document, basis: str) -> bytes:
    """The document's bytes for someone who has opened the child's record; the read is audited, and a file whose
    checksum no longer matches is not served."""
    data = (documents_dir() / document.storage_name).read_bytes()
    if hashlib.sha256(data).hexdigest() != document.sha256:
        raise ValidationError("The stored file does not match its checksum: it was not served. Tell the system "
                              "administrator.")
    audit_access(user=by, person_id=document.person_id, view=f"document:{document.pk}", basis=basis)
    return data


@transaction.atomic
def letter_template_save(*, by, template, name: str, subject: str, body: str, is_active: bool = True):
    _require(by, Perm.CASEWORK_SIGN_OFF)
    errors: dict[str, list[str]] = {}
    if not (name or "").strip():
        errors["name"] = ["Enter the template's name"]
    elif LetterTemplate.objects.filter(name__iexact=name.strip()).exclude(pk=getattr(template, "pk", None)).exists():
        errors["name"] = ["Another letter template has this name"]
    if not (subject or "").strip():
        errors["subject"] = ["Enter the subject"]
    if not (body or "").strip():
        errors["body"] = ["Write the letter"]
    if errors:
        raise ValidationError(errors)
    fields = ["name", "subject", "body", "is_active"]
    before = snapshot(template, fields) if template else None
    template = template or LetterTemplate()
    template.name, template.subject = name.strip(), subject.strip()
    template.body, template.is_active, template.updated_by = body.replace("\r\n", "\n").strip(), is_active, by
    template.save()
    audit_change(actor=by, action=AuditAction.LETTER_TEMPLATE_SAVE, instance=template, before=before,
                 after=snapshot(template, fields))
    return template

"""Reading the case file: a child's notes a page at a time (by kind), their documents, the templates."""

from __future__ import annotations

from django.core.paginator import Paginator

from .models import CaseNote, CaseNoteTemplate, Document, NoteKind

PAGE_SIZE = 25


def notes_of(person, *, kind: str = "", page=1):
    qs = CaseNote.objects.filter(person=person).select_related("recorded_by")
    if kind in NoteKind.values:
        qs = qs.filter(kind=kind)
    return Paginator(qs, PAGE_SIZE).get_page(page)


def recent_notes(person, limit: int = 5) -> list[CaseNote]:
    return list(CaseNote.objects.filter(person=person).select_related("recorded_by")[:limit])


def documents_of(person) -> list[Document]:
    return list(Document.objects.filter(person=person).select_related("uploaded_by"))


def active_templates():
    return CaseNoteTemplate.objects.filter(is_active=True)

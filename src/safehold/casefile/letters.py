"""Letters to families from the council's templates (issue 14.7). The worker chooses a template and the person it
goes to; the placeholders are filled from the record; the worker reads and may change the words; the letter is
made as a PDF marked OFFICIAL-SENSITIVE and kept on the child's record as a document (so it is audited, counted
and disposed of with the record like any other)."""

from __future__ import annotations

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.utils import timezone

from .models import Document, LetterTemplate
from .printing import MARKING
from .services import document_upload

PLACEHOLDER = re.compile(r"\{(\w+)\}")
PLACEHOLDERS = ("child_name", "child_first_name", "recipient_name", "worker_name", "worker_role", "team", "council",
                "date")


def values_for(*, person, recipient_name: str, worker) -> dict[str, str]:
    return {"child_name": f"{person.forename} {person.surname}", "child_first_name": person.forename,
            "recipient_name": recipient_name, "worker_name": worker.get_full_name() or worker.username,
            "worker_role": getattr(worker, "job_title", "") or worker.get_role_display(),
            "team": str(worker.team or ""), "council": settings.SAFEHOLD_LA_NAME,
            "date": f"{timezone.localdate():%-d %B %Y}"}


def fill(text: str, values: dict[str, str]) -> str:
    """Replace each {placeholder} it knows; leave anything else as written (never str.format: no attribute access)."""
    return PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), text)


def letter_make(*, by, person, template: LetterTemplate, recipient_name: str, recipient_address: str,
                body: str) -> Document:
    """The letter as a PDF, kept on the record as a document of kind "letter"."""
    from weasyprint import HTML  # noqa: PLC0415

    errors: dict[str, list[str]] = {}
    if not (recipient_name or "").strip():
        errors["recipient_name"] = ["Enter who the letter is to"]
    if not (recipient_address or "").strip():
        errors["recipient_address"] = ["Enter the address it goes to"]
    if not (body or "").strip():
        errors["body"] = ["Write the letter"]
    left = sorted(set(PLACEHOLDER.findall(body or "")) & set(PLACEHOLDERS))
    if left:
        errors.setdefault("body", []).append(f"Fill in or remove: {', '.join('{' + p + '}' for p in left)}")
    if errors:
        raise ValidationError(errors)
    html = render_to_string("casefile/letter_print.html", {
        "marking": MARKING, "council": settings.SAFEHOLD_LA_NAME, "subject": fill(template.subject, values_for(
            person=person, recipient_name=recipient_name, worker=by)),
        "recipient_name": recipient_name.strip(), "recipient_address": recipient_address.strip(),
        "body": body.replace("\r\n", "\n").strip(), "date": timezone.localdate(), "worker": by})
    pdf = HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(pdf_variant="pdf/ua-1", custom_metadata=True)
    name = f"letter-{timezone.localdate():%Y-%m-%d}-{re.sub(r'[^a-z0-9]+', '-', template.name.lower()).strip('-')}.pdf"
    return document_upload(by=by, person=person, title=f"Letter to {recipient_name.strip()}: {template.name}",
                           kind=Document.Kind.LETTER, upload=SimpleUploadedFile(name, pdf))

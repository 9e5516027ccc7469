"""The case file rows of the permission matrix (issue 14.6). Notes and documents are read by whoever may open
the child's record (the opening is audited); written by practitioners and managers (CASEWORK_RECORD); a note is
corrected by its author only; the council's note templates are kept by managers (CASEWORK_SIGN_OFF)."""

from safehold.accounts.tests.matrix import row as _row

#                    SW   TM   SM   IRO  FD   AN   PA   AD   LE   QA
_OPEN = _row(        200, 200, 200, 200, 200, 200, 404, 404, 200, 200)
_WRITE = _row(       200, 200, 200, 403, 200, 403, 404, 404, 403, 403)
_AUTHOR = _row(      200, 403, 403, 403, 403, 403, 404, 404, 403, 403)
_MANAGERS = _row(    403, 200, 200, 403, 403, 403, 403, 403, 403, 403)

EXPECTED = {
    "casefile:notes": _OPEN,
    "casefile:note_new": _WRITE,
    "casefile:note_edit": _AUTHOR,
    "casefile:documents": _OPEN,
    "casefile:document": _OPEN,
    "casefile:print": _OPEN,
    "casefile:templates": _MANAGERS,
    "casefile:template_new": _MANAGERS,
    "casefile:template_edit": _MANAGERS,
    "casefile:letter_new": _WRITE,
    "casefile:letter_template_new": _MANAGERS,
    "casefile:letter_template_edit": _MANAGERS,
}


def url_kwargs(name, *, child, users) -> dict:
    import datetime as dt

    from safehold.casefile.models import CaseNote, CaseNoteTemplate

    if name == "casefile:note_edit":
        note = CaseNote.objects.filter(person=child).first() or CaseNote.objects.create(
            person=child, kind="phone", occurred_on=dt.date(2026, 1, 5), subject="Call with school",
            text="Attendance is improving", recorded_by=users["social_worker"])
        return {"pk": child.pk, "note_id": note.pk}
    if name == "casefile:document":
        return {"pk": child.pk, "document_id": stored_document(child, users).pk}
    if name == "casefile:print":
        from safehold.family_help.models import Assessment
        from safehold.family_help.tests.helpers import started_assessment

        assessment = Assessment.objects.filter(person=child).first() or started_assessment(child, users["social_worker"])
        return {"pk": child.pk, "kind": "assessment", "record_id": assessment.pk}
    if name == "casefile:template_edit":
        template = CaseNoteTemplate.objects.get_or_create(name="Direct work", defaults={
            "kind": "direct_work", "body": "What we did:\nWhat the child said:"})[0]
        return {"template_id": template.pk}
    if name == "casefile:letter_template_edit":
        from safehold.casefile.models import LetterTemplate

        template = LetterTemplate.objects.get_or_create(name="Visit", defaults={
            "subject": "A visit", "body": "Dear {recipient_name},"})[0]
        return {"template_id": template.pk}
    if name in ("casefile:templates", "casefile:template_new", "casefile:letter_template_new"):
        return {}
    return {"pk": child.pk}


def stored_document(child, users):
    """A small text document on `child`'s record, stored as the upload service stores it."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from safehold.casefile.models import Document
    from safehold.casefile.services import document_upload

    return Document.objects.filter(person=child).first() or document_upload(
        by=users["social_worker"], person=child, title="School report", kind="report",
        upload=SimpleUploadedFile("school-report.txt", b"Attendance 94%. Settled in class.\n"))

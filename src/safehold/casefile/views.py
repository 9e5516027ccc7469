"""Case notes and documents pages. Reading a child's notes or documents needs the record open (and is audited
there); writing needs CASEWORK_RECORD; templates are kept by managers."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header

from safehold.accounts.policy import Perm, has_perm
from safehold.audit.actions import AuditAction
from safehold.audit.services import audit_change
from safehold.people.models import Address, Relationship
from safehold.people.selectors import relationships_of
from safehold.web.access import forbidden, open_for, require_perm
from safehold.web.submit import explained, submit, submitted

from . import letters, selectors, services
from .forms import (
    CaseNoteCorrectForm,
    CaseNoteForm,
    DocumentForm,
    LetterForm,
    LetterTemplateForm,
    TemplateForm,
)
from .models import CaseNote, CaseNoteTemplate, Document, LetterTemplate, NoteKind
from .printing import printable, render_pdf


@login_required
def notes(request, pk: int):
    person, refused = open_for(request, pk, "casefile:notes")
    if refused:
        return refused
    kind = request.GET.get("kind", "")
    return render(request, "casefile/notes.html", {
        "person": person, "page_obj": selectors.notes_of(person, kind=kind, page=request.GET.get("page", 1)),
        "kind": kind if kind in NoteKind.values else "", "kinds": NoteKind.choices,
        "can_record": has_perm(request.user, Perm.CASEWORK_RECORD), "user_id": request.user.pk})


@login_required
def note_new(request, pk: int):
    person, refused = open_for(request, pk, "casefile:note_new", has_perm(request.user, Perm.CASEWORK_RECORD))
    if refused:
        return refused
    templates = list(selectors.active_templates())
    chosen = next((t for t in templates if str(t.pk) == request.GET.get("template", "")), None)

    initial = {"occurred_on": timezone.localdate()}
    if chosen:
        initial.update(kind=chosen.kind, text=chosen.body)
    form = CaseNoteForm(request.POST or None, initial=initial)
    if submitted(request, form, lambda d: services.note_record(
            by=request.user, person=person, kind=d["kind"], occurred_on=d["occurred_on"], subject=d["subject"],
            text=d["text"], template=chosen), "Case note saved"):
        return redirect("casefile:notes", pk=person.pk)
    return render(request, "casefile/note_form.html", {
        "person": person, "form": form, "templates": templates, "chosen": chosen,
        "page_title": "Write a case note", "submit_label": "Save the note"})


@login_required
def note_edit(request, pk: int, note_id: int):
    person, refused = open_for(request, pk, "casefile:note_edit", has_perm(request.user, Perm.CASEWORK_RECORD))
    if refused:
        return refused
    note = get_object_or_404(CaseNote, pk=note_id, person=person)
    if note.recorded_by_id != request.user.pk:
        return forbidden(request, "Only the note's author corrects it. Add a new note to say what has changed.")
    form = CaseNoteCorrectForm(request.POST or None, initial={
        "kind": note.kind, "occurred_on": note.occurred_on, "subject": note.subject, "text": note.text,
        "version": note.version})
    if submit(request, form, lambda d: services.note_correct(
            by=request.user, note=note, expected_version=d["version"], kind=d["kind"], occurred_on=d["occurred_on"],
            subject=d["subject"], text=d["text"], reason=d["reason"]), success="Case note corrected",
            on_conflict=explained(form, "You changed this note in another window after opening this page: reload it")):
        return redirect("casefile:notes", pk=person.pk)
    return render(request, "casefile/note_form.html", {
        "person": person, "form": form, "page_title": "Correct a case note", "submit_label": "Save the correction"})


@require_perm(Perm.CASEWORK_SIGN_OFF)
def templates(request):
    return render(request, "casefile/templates.html", {"templates": CaseNoteTemplate.objects.all(),
                                                       "letters": LetterTemplate.objects.all()})


@require_perm(Perm.CASEWORK_SIGN_OFF)
def template_edit(request, template_id: int | None = None):
    return _edit_template(request, CaseNoteTemplate, TemplateForm, services.template_save, template_id,
                          ("name", "kind", "body", "is_active"), "note template", "Template saved")


def _edit_template(request, model, form_class, save, template_id, fields, what: str, done: str):
    """Add or edit one of the council's templates (a case note's or a letter's): the same page for both."""
    template = get_object_or_404(model, pk=template_id) if template_id else None
    initial = {f: getattr(template, f) for f in fields} if template else {"is_active": True}
    form = form_class(request.POST or None, initial=initial)
    if submitted(request, form, lambda d: save(by=request.user, template=template, **{f: d[f] for f in fields}),
                 done):
        return redirect("casefile:templates")
    return render(request, "web/form_page.html", {
        "form": form, "page_title": f"Edit a {what}" if template else f"Add a {what}",
        "submit_label": "Save the template"})


@login_required
def documents(request, pk: int):
    can_record = has_perm(request.user, Perm.CASEWORK_RECORD)
    person, refused = open_for(request, pk, "casefile:documents")
    if refused:
        return refused
    form = DocumentForm(request.POST or None, request.FILES or None) if can_record else None
    if request.method == "POST":
        if not can_record:
            return forbidden(request)
        if submitted(request, form, lambda d: services.document_upload(
                by=request.user, person=person, title=d["title"], kind=d["kind"], upload=d["upload"]),
                "Document kept: it was checked and is stored outside the web server"):
            return redirect("casefile:documents", pk=person.pk)
    return render(request, "casefile/documents.html", {
        "person": person, "documents": selectors.documents_of(person), "form": form})


@login_required
def document(request, pk: int, document_id: int):
    person, refused = open_for(request, pk, "casefile:document")
    if refused:
        return refused
    doc = get_object_or_404(Document, pk=document_id, person=person)
    try:
        data = services.document_read(by=request.user, document=doc, basis="document")
    except (ValidationError, FileNotFoundError):
        return HttpResponse("This document cannot be served: the stored file is missing or has changed. Tell the "
                            "system administrator.", status=410, content_type="text/plain; charset=utf-8")
    response = HttpResponse(data, content_type=doc.content_type)
    # Always a download, never shown in the browser's page (a file cannot run as part of Safehold).

    response["Content-Disposition"] = content_disposition_header(True, doc.original_name)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def print_record(request, pk: int, kind: str, record_id: int):
    """A record as a PDF marked OFFICIAL-SENSITIVE (issue 14.7); the read is audited like any view of the record."""
    person, refused = open_for(request, pk, "casefile:print")
    if refused:
        return refused
    found = printable(kind)
    record = found.records(person).filter(pk=record_id).first() if found else None
    if record is None:
        raise Http404("Nothing to print")
    try:
        pdf = render_pdf(person=person, printable=found, record=record, by=request.user)
    except OSError:
        return HttpResponse("PDFs cannot be made on this server: install the system libraries in docs/operations.md "
                            "('PDF reports').", status=503, content_type="text/plain; charset=utf-8")
    audit_change(actor=request.user, action=AuditAction.RECORD_PRINT, instance=record, person_id=person.pk,
                 after={"kind": kind}, reason="Printed as PDF (OFFICIAL-SENSITIVE)")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{kind}-{person.person_id}-{record.pk}.pdf"'
    return response


@require_perm(Perm.CASEWORK_SIGN_OFF)
def letter_template_edit(request, template_id: int | None = None):
    return _edit_template(request, LetterTemplate, LetterTemplateForm, services.letter_template_save, template_id,
                          ("name", "subject", "body", "is_active"), "letter template", "Letter template saved")


@login_required
def letter_new(request, pk: int):
    """Choose a letter template, then who it goes to; read and change the words; the PDF is kept on the record."""
    person, refused = open_for(request, pk, "casefile:letter_new", has_perm(request.user, Perm.CASEWORK_RECORD))
    if refused:
        return refused
    templates = list(LetterTemplate.objects.filter(is_active=True))
    chosen = next((t for t in templates if str(t.pk) == request.GET.get("template", "")), None)
    if chosen is None:
        return render(request, "casefile/letter_choose.html", {"person": person, "templates": templates})
    recipients = _recipients(person)
    who = next((r for r in recipients if str(r["pk"]) == request.GET.get("to", "")), None)
    name = who["name"] if who else ""
    initial = {"recipient_name": name, "recipient_address": who["address"] if who else "",
               "body": letters.fill(chosen.body, letters.values_for(person=person, recipient_name=name or
                                                                    "{recipient_name}", worker=request.user))}
    form = LetterForm(request.POST or None, initial=initial)
    if submitted(request, form, lambda d: letters.letter_make(
            by=request.user, person=person, template=chosen, recipient_name=d["recipient_name"],
            recipient_address=d["recipient_address"], body=d["body"]),
            "Letter made and kept on the record: download it from the documents"):
        return redirect("casefile:documents", pk=person.pk)
    return render(request, "casefile/letter_form.html", {"person": person, "form": form, "chosen": chosen,
                                                         "recipients": recipients, "who": who})


def _recipients(person) -> list[dict]:
    """The child's family on the record now (people.selectors.relationships_of), with their current address (one
    query for all of them). Not an alleged perpetrator: a worker writing to one types the name, having decided to."""
    family = [r for r in relationships_of(person) if r.current and r.relationship.person_id == person.pk
              and r.relationship.type != Relationship.Type.ALLEGED_PERPETRATOR]
    addresses: dict[int, Address] = {}
    for a in Address.objects.filter(person_id__in=[r.person.pk for r in family], end_date__isnull=True).order_by(
            "person_id", "-start_date"):
        addresses.setdefault(a.person_id, a)
    out = []
    for r in family:
        a = addresses.get(r.person.pk)
        out.append({"pk": r.person.pk, "name": f"{r.person.forename} {r.person.surname}", "relationship": r.label,
                    "address": "\n".join(x for x in ([a.line1, a.town, a.postcode] if a else []) if x)})
    return out

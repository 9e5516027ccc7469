"""The case file (issue 14.6): case notes from the council's templates, corrected only by their author with the
reason audited; documents checked for size, type and viruses before they are kept outside the web root, served
only to someone who may open the record, every read audited, and nothing half-kept when a check fails."""

from __future__ import annotations

import datetime as dt
import io
import socket
import threading
import zipfile

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from safehold.audit.models import AccessEvent, AuditEvent
from safehold.casefile import services
from safehold.casefile.models import CaseNote, CaseNoteTemplate, Document
from safehold.casefile.uploads import EICAR, UploadRefused, scan, sniff
from safehold.core.concurrency import EditConflict
from safehold.people.models import ChronologyEntry

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _note(child, sw, **kwargs):
    values = {"kind": "direct_work", "occurred_on": dt.date(2026, 1, 5), "subject": "Life story work",
              "text": "We made a map of the places Amelia has lived."}
    return services.note_record(by=sw, person=child, **{**values, **kwargs})


def test_a_note_is_on_the_record_and_in_the_chronology(child, sw):
    note = _note(child, sw)
    assert ChronologyEntry.objects.filter(person=child, event_type="case_note",
                                          summary="Direct work with the child: Life story work").exists()
    assert note.recorded_by == sw


def test_a_note_needs_its_fields_and_no_future_date(child, sw):
    with pytest.raises(ValidationError) as exc:
        _note(child, sw, subject=" ", text="", occurred_on=dt.date.today() + dt.timedelta(days=1))
    assert set(exc.value.message_dict) == {"subject", "text", "occurred_on"}
    assert not CaseNote.objects.exists()


def test_only_the_author_corrects_a_note_saying_why(child, sw, users):
    note = _note(child, sw)
    with pytest.raises(PermissionDenied):
        services.note_correct(by=users["team_manager"], note=note, expected_version=1, kind="direct_work",
                              occurred_on=note.occurred_on, subject="x", text="y", reason="Tidy")
    with pytest.raises(ValidationError) as exc:
        services.note_correct(by=sw, note=note, expected_version=1, kind="direct_work", occurred_on=note.occurred_on,
                              subject=note.subject, text="Corrected", reason="")
    assert "reason" in exc.value.message_dict
    services.note_correct(by=sw, note=note, expected_version=1, kind="direct_work", occurred_on=note.occurred_on,
                          subject=note.subject, text="We made a map of the four places she has lived.",
                          reason="She lived in four places, not three")
    change = AuditEvent.objects.get(action="case_note.correct")
    assert change.changes["text"][0] == "We made a map of the places Amelia has lived."
    assert change.reason == "She lived in four places, not three"
    with pytest.raises(EditConflict):  # a second window still on version 1
        services.note_correct(by=sw, note=CaseNote.objects.get(pk=note.pk), expected_version=1, kind="direct_work",
                              occurred_on=note.occurred_on, subject=note.subject, text="Other", reason="Again")


def test_a_note_starts_from_a_template(child, sw, users, login):
    template = services.template_save(by=users["team_manager"], template=None, name="Direct work", kind="direct_work",
                                      body="What we did:\nWhat the child said:\nWhat it tells us:")
    page = login(sw).get(reverse("casefile:note_new", args=[child.pk]) + f"?template={template.pk}").content.decode()
    assert "What the child said:" in page and "(in use)" in page


def test_templates_are_kept_by_managers(sw, users):
    starters = CaseNoteTemplate.objects.count()  # migration casefile/0002's starter templates
    with pytest.raises(PermissionDenied):
        services.template_save(by=sw, template=None, name="Call log", kind="phone", body="Who called:")
    services.template_save(by=users["team_manager"], template=None, name="Call log", kind="phone", body="Who:")
    with pytest.raises(ValidationError, match="Another template"):
        services.template_save(by=users["service_manager"], template=None, name="call LOG", kind="phone", body="x")
    assert CaseNoteTemplate.objects.count() == starters + 1


# --- Documents ---------------------------------------------------------------------------------------------

def _upload(child, sw, name="report.pdf", data=PDF, **kwargs):
    return services.document_upload(by=sw, person=child, title=kwargs.pop("title", "Health visitor report"),
                                    kind=kwargs.pop("kind", "report"), upload=SimpleUploadedFile(name, data), **kwargs)


def test_a_document_is_kept_outside_the_web_root_and_read_with_an_audit(child, sw, settings, login):
    document = _upload(child, sw)
    stored = settings.SAFEHOLD_DOCUMENTS_DIR / document.storage_name
    assert stored.read_bytes() == PDF and str(settings.STATIC_ROOT) not in str(stored)
    assert document.content_type == "application/pdf" and document.storage_name not in ("report.pdf",)
    response = login(sw).get(reverse("casefile:document", args=[child.pk, document.pk]))
    assert response.status_code == 200 and response.content == PDF
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert AccessEvent.objects.filter(user=sw, person_id=child.pk, view=f"document:{document.pk}").exists()


def test_someone_who_may_not_open_the_record_cannot_read_it(child, other_child, sw, login, other_team):
    from safehold.accounts.tests.factories import UserFactory

    document = _upload(child, sw)
    stranger = UserFactory(role="social_worker", team=other_team)
    assert login(stranger).get(reverse("casefile:document", args=[child.pk, document.pk])).status_code == 403
    # Nor through another child's address.
    assert login(sw).get(reverse("casefile:document", args=[other_child.pk, document.pk])).status_code == 403


@pytest.mark.parametrize("name, data, message", [
    ("virus.txt", b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$" + EICAR + b"!$H+H*", "found a virus"),
    ("program.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00", "PDF, Word"),
    ("report.png", PDF, "does not match what it contains"),
    ("empty.txt", b"", "The file is empty"),
    ("page.html", b"<script>alert(1)</script>", "does not match"),
])
def test_a_bad_file_is_refused_with_the_reason_and_nothing_is_kept(child, sw, settings, name, data, message):
    before = set(settings.SAFEHOLD_DOCUMENTS_DIR.iterdir())
    with pytest.raises(ValidationError) as exc:
        _upload(child, sw, name=name, data=data)
    assert message in exc.value.message_dict["upload"][0]
    assert not Document.objects.exists()
    assert set(settings.SAFEHOLD_DOCUMENTS_DIR.iterdir()) == before
    assert AuditEvent.objects.filter(action="document.refused", person_id=child.pk).exists()


@override_settings(SAFEHOLD_DOCUMENT_MAX_MB=1)
def test_a_file_over_the_size_limit_is_refused(child, sw):
    with pytest.raises(ValidationError, match="at most 1 MB"):
        _upload(child, sw, name="big.txt", data=b"a" * (2**20 + 1))


def test_a_word_document_is_recognised_from_its_contents():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", "<w:document/>")
    assert sniff(buffer.getvalue(), "letter.docx").endswith("wordprocessingml.document")
    with pytest.raises(UploadRefused):
        sniff(buffer.getvalue(), "letter.pdf")


class _FakeClamd:
    """A ClamAV daemon on a local socket answering INSTREAM with `verdict`."""

    def __init__(self, tmp_path, verdict: bytes):
        self.path = str(tmp_path / "clamd.sock")
        self.server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.server.bind(self.path)
        self.server.listen(1)
        self.received = b""
        threading.Thread(target=self._serve, args=(verdict,), daemon=True).start()

    def _serve(self, verdict: bytes):
        conn, _ = self.server.accept()
        with conn:
            while not self.received.endswith(b"\0\0\0\0"):
                self.received += conn.recv(65536)
            conn.sendall(b"stream: " + verdict + b"\0")


def test_clamd_is_asked_and_its_verdict_decides(tmp_path, settings):
    settings.SAFEHOLD_VIRUS_SCAN = "clamd"
    (tmp_path / "ok").mkdir()
    clean = _FakeClamd(tmp_path / "ok", b"OK")
    settings.SAFEHOLD_CLAMD_ADDRESS = clean.path
    assert scan(PDF) == "clamd"
    assert clean.received.startswith(b"zINSTREAM\0") and PDF in clean.received
    (tmp_path / "bad").mkdir()
    settings.SAFEHOLD_CLAMD_ADDRESS = _FakeClamd(tmp_path / "bad", b"Win.Test.Bad FOUND").path
    with pytest.raises(UploadRefused, match="found a virus \\(Win.Test.Bad\\)"):
        scan(PDF)


def test_an_unreachable_scanner_refuses_the_upload(tmp_path, settings):
    settings.SAFEHOLD_VIRUS_SCAN = "clamd"
    settings.SAFEHOLD_CLAMD_ADDRESS = str(tmp_path / "nobody-listens.sock")
    with pytest.raises(UploadRefused, match="could not be reached"):
        scan(PDF)


def test_the_upload_page_shows_the_refusal_by_the_field(child, sw, login):
    client = login(sw)
    response = client.post(reverse("casefile:documents", args=[child.pk]),
                           {"title": "Report", "kind": "report",
                            "upload": SimpleUploadedFile("report.png", PDF)})
    page = response.content.decode()
    assert "There is a problem" in page and 'href="#id_upload"' in page and "does not match" in page
    response = client.post(reverse("casefile:documents", args=[child.pk]),
                           {"title": "Report", "kind": "report", "upload": SimpleUploadedFile("report.pdf", PDF)})
    assert response.status_code == 302 and Document.objects.filter(person=child).count() == 1


def test_disposing_of_a_record_removes_its_documents_files(child, sw, settings, django_capture_on_commit_callbacks):
    document = _upload(child, sw)
    stored = settings.SAFEHOLD_DOCUMENTS_DIR / document.storage_name
    with django_capture_on_commit_callbacks(execute=True):
        child.delete()
    assert not stored.exists()


def test_the_templates_page_lists_both_kinds_once_under_its_own_title(users, login):
    page = login(users["team_manager"]).get(reverse("casefile:templates")).content.decode()
    assert "<title>Templates – Safehold</title>" in page
    assert page.count('id="templates"') == 1 and page.count('id="letter-templates"') == 1
    assert "Home visit" in page and "Outcome of the assessment" in page  # the starters of migrations 0002, 0004

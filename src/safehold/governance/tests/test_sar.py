"""Subject access requests (issue 15, information governance): the request is logged with its due date,
the bundle holds everything on the record about the person, other people in it are marked for redaction,
a restricted third party is never named, and the PDF has the same sections."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from safehold.audit.models import AccessEvent, AuditEvent
from safehold.casework.tests.factories import VisitFactory
from safehold.governance import services
from safehold.governance.bundle import THIRD_PARTY, WITHHELD
from safehold.governance.models import SubjectAccessRequest
from safehold.people.chronology import record_event
from safehold.people.models import Address, Person, PersonName, Relationship
from safehold.people.tests.factories import PersonFactory

RESTRICTED = ("Zephyrine", "Quillfeather")


@pytest.fixture
def family(child, users):
    """Amelia (the subject) with an address, a former name, her mother, her brother Jacob, and a half-sister
    whose record is restricted; a visit and a chronology entry that name them; a referral to Family Help."""
    from safehold.family_help.tests.helpers import open_referral

    sw = users["social_worker"]
    Address.objects.create(person=child, line1="14 Orchard Way", town="Northfield", postcode="NF1 4GH",
                           start_date=dt.date(2019, 3, 1))
    PersonName.objects.create(person=child, kind="former", forename="Amelia", surname="Pryce", search_name="amelia pryce",
                              surname_key="P620")
    mother = PersonFactory(kind="adult", forename="Sarah", surname="Hartley", person_id="A0000010",
                           dob=dt.date(1988, 4, 2))
    brother = PersonFactory(forename="Jacob", surname="Hartley", person_id="C0000011", dob=dt.date(2017, 9, 9),
                            sex="M")
    sister = PersonFactory(forename=RESTRICTED[0], surname=RESTRICTED[1], person_id="C0000012",
                           dob=dt.date(2019, 1, 1), is_restricted=True, restriction_reason="Adopted elsewhere")
    Relationship.objects.create(person=child, related=mother, type="mother", parental_responsibility=True)
    Relationship.objects.create(person=child, related=brother, type="sibling")
    Relationship.objects.create(person=sister, related=child, type="half_sibling")
    VisitFactory(person=child, visited_on=dt.date(2025, 2, 10), visited_by=sw,
                 childs_words="I like it when Jacob walks me to school",
                 notes=f"Amelia talked about {RESTRICTED[0]} and about Sarah Hartley's new job.")
    record_event(person=child, event_type="address_change", occurred=dt.date(2025, 3, 1),
                 summary=f"Moved with Jacob Hartley; {RESTRICTED[0]} {RESTRICTED[1]} stayed", recorded_by=sw)
    open_referral(child, sw)
    return {"child": child, "mother": mother, "brother": brother, "sister": sister, "worker": sw}


def _request(client, child, received=dt.date(2026, 1, 31)):
    return client.post(reverse("governance:sar_new"), {
        "person_id": child.person_id, "requester_name": "Amelia Hartley", "requester_kind": "subject",
        "received_on_day": received.day, "received_on_month": received.month, "received_on_year": received.year,
        "identity_checked": "Passport and a council tax bill seen in person",
    })


@pytest.mark.parametrize(("received", "due"), [
    (dt.date(2026, 9, 3), dt.date(2026, 10, 5)),  # 3 October 2026 is a Saturday: Monday 5th
    (dt.date(2026, 3, 10), dt.date(2026, 4, 10)),  # the corresponding date, a Friday
    (dt.date(2026, 1, 31), dt.date(2026, 3, 2)),  # no 31 February: the 28th, a Saturday, so Monday 2 March
    (dt.date(2026, 11, 25), dt.date(2026, 12, 29)),  # Christmas Day, then the weekend and Boxing Day's substitute
])
def test_the_reply_is_due_one_calendar_month_later_on_a_working_day(received, due):
    assert services.sar_due_on(received) == due


def test_recording_a_request_logs_it_with_its_due_date(family, users, login):
    child = family["child"]
    response = _request(login(users["admin"]), child)
    sar = SubjectAccessRequest.objects.get(person=child)
    assert response.status_code == 302 and response["Location"] == reverse("governance:sar_detail", args=[sar.pk])
    assert (sar.received_on, sar.due_on, sar.requester_kind) == (dt.date(2026, 1, 31), dt.date(2026, 3, 2), "subject")
    event = AuditEvent.objects.get(action="sar.record")
    assert (event.person_id, event.actor, event.object_id) == (child.pk, users["admin"], str(sar.pk))


def test_a_request_needs_a_known_person_and_a_past_date(family, users, login):
    client = login(users["admin"])
    body = client.post(reverse("governance:sar_new"), {
        "person_id": "C9999999", "requester_name": "", "requester_kind": "subject",
        "received_on_day": "1", "received_on_month": "1", "received_on_year": "2099", "identity_checked": "x",
    }).content.decode()
    assert "No record has that person ID" in body or "Enter who asked" in body
    response = _request(client, family["child"], received=dt.date.today() + dt.timedelta(days=2))
    assert "The date received must be today or in the past" in response.content.decode()
    assert not SubjectAccessRequest.objects.exists()


def test_the_bundle_holds_the_persons_data_and_marks_third_parties(family, users, login):
    client = login(users["admin"])
    _request(client, family["child"])
    sar = SubjectAccessRequest.objects.get()
    body = client.get(reverse("governance:sar_detail", args=[sar.pk])).content.decode()
    # The person: identity, former name, address, relationships, chronology, and other apps' records.
    assert "Everything held about Amelia Hartley" in body
    assert "C0000001" in body and "Pryce" in body and "14 Orchard Way" in body and "NF1 4GH" in body
    assert "Moved with" in body
    assert "Child in need visit" in body and "I like it when" in body  # casework
    assert "<h3 class=\"govuk-heading-m\">Family Help</h3>" in body and "Episode of need" in body  # family help
    # Family members are third parties: marked beside their names, in fields and in free text.
    assert f"Sarah Hartley <strong class=\"sh-third-party\">{THIRD_PARTY}</strong>" in body
    assert f"Jacob Hartley <strong class=\"sh-third-party\">{THIRD_PARTY}</strong>" in body
    assert f"when Jacob <strong class=\"sh-third-party\">{THIRD_PARTY}</strong> walks me" in body
    # The subject is not marked, nor the social worker who visited (a professional).
    from django.utils.html import escape

    worker = escape(family["worker"].get_full_name())  # as the page writes it ("O'Sullivan" is O&#x27;Sullivan)
    assert worker in body and f"{worker} <strong" not in body
    assert "Amelia Hartley <strong" not in body


def test_another_child_in_the_family_is_marked(family, users, login):
    client = login(users["admin"])
    _request(client, family["child"])
    content = services.sar_bundle(by=users["admin"], sar=SubjectAccessRequest.objects.get())
    sibling_rows = [r for r in content["relationships"] if r["label"] == "Sibling"]
    assert len(sibling_rows) == 1 and "Jacob Hartley" in sibling_rows[0]["who"] and THIRD_PARTY in sibling_rows[0]["who"]
    assert content["third_parties"] == 2  # the mother and the brother


def test_a_restricted_third_party_is_never_named(family, users, login):
    client = login(users["admin"])
    _request(client, family["child"])
    sar = SubjectAccessRequest.objects.get()
    body = client.get(reverse("governance:sar_detail", args=[sar.pk])).content.decode()
    assert not any(part in body for part in RESTRICTED)
    assert "C0000012" not in body
    assert body.count(WITHHELD) >= 3  # the relationship, the visit notes and the chronology
    half = [r for r in services.sar_bundle(by=users["admin"], sar=sar)["relationships"] if r["label"] == "Half-sibling"]
    assert half and WITHHELD in half[0]["who"]


def test_the_pdf_has_the_sections_and_each_download_is_audited(family, users, login):
    from pypdf import PdfReader

    client = login(users["admin"])
    _request(client, family["child"])
    sar = SubjectAccessRequest.objects.get()
    response = client.get(reverse("governance:sar_pdf", args=[sar.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "Hartley" not in response["Content-Disposition"] and "C0000001" in response["Content-Disposition"]
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)
    for section in ("1. The record", "2. Other names", "3. Addresses", "4. Relationships", "5. Chronology",
                    "6. Records held by each service"):
        assert section in text, section
    assert "Amelia Hartley" in text and "14 Orchard Way" in text
    assert "Jacob Hartley [third party: consider redaction]" in text
    assert "[restricted third party: name withheld]" in text and not any(part in text for part in RESTRICTED)
    assert reader.trailer["/Root"].get("/MarkInfo", {}).get("/Marked")  # tagged (PDF/UA)
    client.get(reverse("governance:sar_pdf", args=[sar.pk]))
    downloads = AuditEvent.objects.filter(action="sar.download", object_id=str(sar.pk))
    assert downloads.count() == 2 and {e.person_id for e in downloads} == {family["child"].pk}
    # Each opening of the bundle is a view of the record, under its own basis.
    views = AccessEvent.objects.filter(person_id=family["child"].pk, basis="subject_access")
    assert views.count() == 2 and all(v.allowed for v in views)


def test_opening_the_bundle_is_logged_on_the_record(family, users, login):
    client = login(users["admin"])
    _request(client, family["child"])
    sar = SubjectAccessRequest.objects.get()
    client.get(reverse("governance:sar_detail", args=[sar.pk]))
    event = AccessEvent.objects.get(person_id=family["child"].pk)
    assert (event.user, event.basis, event.view) == (users["admin"], "subject_access", "subject access bundle")


def test_a_restricted_subject_gets_their_bundle_but_the_register_masks_them(family, users, login):
    child = family["child"]
    Person.objects.filter(pk=child.pk).update(is_restricted=True)
    client = login(users["admin"])
    _request(client, child)
    register = client.get(reverse("governance:index")).content.decode()
    assert "Restricted record" in register and "Hartley" not in register.split('id="sar-register"')[1]
    sar = SubjectAccessRequest.objects.get()
    assert "Everything held about Amelia Hartley" in client.get(
        reverse("governance:sar_detail", args=[sar.pk])).content.decode()


def test_only_the_permission_may_produce_a_bundle(family, users):
    sar = SubjectAccessRequest.objects.create(
        person=family["child"], requester_name="Amelia Hartley", requester_kind="subject",
        received_on=dt.date(2026, 1, 5), due_on=dt.date(2026, 2, 5), identity_checked="Seen", recorded_by=users["admin"])
    for role in ("social_worker", "service_manager", "leader"):
        with pytest.raises(PermissionDenied):
            services.sar_bundle(by=users[role], sar=sar)
    assert not AccessEvent.objects.filter(basis="subject_access").exists()


def test_marking_a_request_sent(family, users, login):
    client = login(users["admin"])
    _request(client, family["child"])
    sar = SubjectAccessRequest.objects.get()
    client.post(reverse("governance:sar_detail", args=[sar.pk]),
                {"sent_on_day": "20", "sent_on_month": "2", "sent_on_year": "2026"})
    sar.refresh_from_db()
    assert (sar.status, sar.sent_on) == ("sent", dt.date(2026, 2, 20))
    assert AuditEvent.objects.filter(action="sar.sent", person_id=family["child"].pk).count() == 1


def test_every_app_of_a_looked_after_child_is_in_the_bundle(child, users):
    """Records reached through other records (a placement through its period of care) are found too."""
    from safehold.children_in_care.tests.helpers import looked_after

    looked_after(child, users["social_worker"])
    sar = SubjectAccessRequest.objects.create(
        person=child, requester_name="Amelia Hartley", requester_kind="subject", received_on=dt.date(2026, 1, 5),
        due_on=dt.date(2026, 2, 5), identity_checked="Seen", recorded_by=users["admin"])
    content = services.sar_bundle(by=users["admin"], sar=sar)
    kinds = {(s.label, k.label) for s in content["services"] for k in s.kinds}
    assert ("Children in care", "Periods of care") in kinds
    assert any(label == "Children in care" and "lacement" in kind for label, kind in kinds)
    assert any(label == "Casework" for label, _kind in kinds)
    assert "Looked after since 6 Jan 2025" in content["involvement"]  # the record page's involvement registry

"""Documents people print (issue 14.7): a record as a tagged PDF marked OFFICIAL-SENSITIVE on every page, listed on
the child's record, printed only by someone who may open the record, and the printing audited."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from safehold.audit.models import AuditEvent
from safehold.family_help import services as fh
from safehold.family_help.tests.helpers import authorised_assessment

pytestmark = pytest.mark.django_db


def _pages(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def test_the_assessment_prints_marked_on_every_page(child, users, login):
    assessment = authorised_assessment(child, users["team_manager"], on=dt.date(2025, 2, 3))
    fh.Assessment.objects.filter(pk=assessment.pk).update(summary="Amelia is thriving at school. " * 300)
    client = login(users["social_worker"])
    record = client.get(reverse("people:detail", args=[child.pk])).content.decode()
    url = reverse("casefile:print", args=[child.pk, "assessment", assessment.pk])
    assert url in record  # the record lists what it can print
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pages = _pages(response.content)
    assert len(pages) > 1 and all(p.count("OFFICIAL-SENSITIVE") >= 2 for p in pages)
    assert "Child and family assessment" in pages[0] and "C0000001" in pages[0] and "16A" in pages[0]
    assert AuditEvent.objects.filter(action="record.print", person_id=child.pk, actor=users["social_worker"]).exists()


def test_nobody_prints_a_record_they_may_not_open(child, users, login, other_team):
    from safehold.accounts.tests.factories import UserFactory

    assessment = authorised_assessment(child, users["team_manager"], on=dt.date(2025, 2, 3))
    stranger = UserFactory(role="social_worker", team=other_team)
    assert login(stranger).get(reverse("casefile:print", args=[child.pk, "assessment", assessment.pk])).status_code == 403
    assert login(users["social_worker"]).get(
        reverse("casefile:print", args=[child.pk, "nothing", assessment.pk])).status_code == 404
    assert not AuditEvent.objects.filter(action="record.print").exists()


def test_a_letter_from_a_template_is_filled_made_and_kept(child, users, login):
    from safehold.casefile.letters import fill
    from safehold.casefile.models import Document, LetterTemplate
    from safehold.people.models import Address, Relationship
    from safehold.people.tests.factories import PersonFactory

    mother = PersonFactory(forename="Grace", surname="Hartley", kind="adult", dob=dt.date(1990, 5, 1))
    Relationship.objects.create(person=child, related=mother, type="mother")
    Address.objects.create(person=mother, line1="1 Mill Lane", town="Northfield", postcode="NF1 2AB")
    template = LetterTemplate.objects.get(name="Outcome of the assessment")  # a starter (migration casefile/0004)
    client = login(users["social_worker"])
    url = reverse("casefile:letter_new", args=[child.pk])
    page = client.get(url, {"template": template.pk, "to": mother.pk}).content.decode()
    assert "Dear Grace Hartley," in page and "Amelia&#x27;s needs" in page and "1 Mill Lane" in page
    body = page.split('name="body"')[1].split(">", 1)[1].split("</textarea>")[0]
    response = client.post(url + f"?template={template.pk}&to={mother.pk}",
                           {"recipient_name": "Grace Hartley", "recipient_address": "1 Mill Lane\nNorthfield",
                            "body": "Dear {recipient_name}, still to fill"})
    assert "Fill in or remove: {recipient_name}" in response.content.decode()
    response = client.post(url + f"?template={template.pk}&to={mother.pk}",
                           {"recipient_name": "Grace Hartley", "recipient_address": "1 Mill Lane\nNorthfield",
                            "body": "Dear Grace Hartley,\n\nThe assessment is finished."})
    assert response.status_code == 302
    letter = Document.objects.get(person=child, kind="letter")
    assert letter.content_type == "application/pdf" and letter.title.startswith("Letter to Grace Hartley")
    assert body  # the form carried the filled template
    assert fill("{child_name.__class__} {unknown} {date}", {"child_name": "x", "date": "1 May"}) == \
        "{child_name.__class__} {unknown} 1 May"

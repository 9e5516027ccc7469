"""Front door pages: record, check, decide, link; the partner form and list; the record panel."""

import datetime as dt

import time_machine
from django.urls import reverse

from safehold.family_help.models import CINEpisode
from safehold.family_help.tests.factories import CINEpisodeFactory
from safehold.people.models import Person
from safehold.people.tests.factories import PersonFactory, RelationshipFactory

from .. import services
from ..models import Contact
from .conftest import at
from .factories import ContactFactory, UnlinkedContactFactory

RATIONALE = "Bruising seen by school with an inconsistent explanation; needs a Family Help assessment."


def _contact_post(**overrides):
    data = {"received_at_day": "19", "received_at_month": "12", "received_at_year": "2025",
            "received_time": "09:15", "source": "2A", "source_detail": "Head teacher, Northfield Primary",
            "concern": "Child said she was frightened to go home", "consent": "given", "siblings_note": ""}
    data.update(overrides)
    return data


def test_record_a_contact_for_a_child(friday, login, fd, child):
    client = login(fd)
    url = reverse("front_door:contact_new") + f"?person={child.pk}"
    page = client.get(url)
    assert page.status_code == 200 and "Amelia Hartley" in page.content.decode()
    response = client.post(url, _contact_post())
    contact = Contact.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("front_door:contact_detail", args=[contact.pk])
    assert contact.person == child and contact.received_at == at(2025, 12, 19, 9, 15)
    assert contact.source == "2A" and contact.consent == "given"


def test_record_a_contact_shows_errors_on_the_fields_and_saves_nothing(friday, login, fd, child):
    client = login(fd)
    url = reverse("front_door:contact_new") + f"?person={child.pk}"
    body = client.post(url, _contact_post(concern="", received_time="25:99", consent="")).content.decode()
    assert "There is a problem" in body
    assert "Enter the concern" in body
    assert "Enter the time the contact was received, like 14:30" in body
    assert "Choose the consent position" in body
    body = client.post(url, _contact_post(received_at_day="20", received_time="09:00")).content.decode()
    assert "must be now or in the past" in body
    assert not Contact.objects.exists()


def test_record_a_contact_starts_by_finding_the_child(login, users, child):
    client = login(users["social_worker"])
    body = client.post(reverse("front_door:contact_new"), {"name": "Amelia Hartley"}, follow=True).content.decode()
    assert f"?person={child.pk}" in body
    assert client.get(reverse("front_door:contact_new") + "?person=abc").status_code == 404


def test_a_partner_is_told_nothing_about_a_child_through_the_contact_form(login, users, child):
    client = login(users["partner"])
    real = client.get(reverse("front_door:contact_new") + f"?person={child.pk}")
    fake = client.get(reverse("front_door:contact_new") + "?person=999999")
    assert real.status_code == fake.status_code == 404
    assert "Hartley" not in real.content.decode()


def test_contact_page_shows_previous_involvement_of_child_and_siblings(login, fd, child):
    brother = PersonFactory(forename="Leo", surname="Hartley", dob=dt.date(2012, 2, 2))
    RelationshipFactory(person=child, related=brother, type="sibling")
    CINEpisodeFactory(person=brother, referral_date=dt.date(2023, 5, 2), closure_date=dt.date(2023, 8, 1),
                      closure_reason="RC8", recorded_by=fd)
    contact = ContactFactory(person=child, recorded_by=fd)
    body = login(fd).get(reverse("front_door:contact_detail", args=[contact.pk])).content.decode()
    assert "Previous involvement" in body
    assert "Leo Hartley" in body and "Referral from Police" in body and "Closed 1 Aug 2023" in body
    assert "Record the decision" in body
    assert 'id="rereferral-notice"' not in body


def test_contact_page_flags_a_re_referral(login, fd, child):
    CINEpisodeFactory(person=child, referral_date=dt.date.today() - dt.timedelta(days=100),
                      closure_date=dt.date.today() - dt.timedelta(days=20), closure_reason="RC7", recorded_by=fd)
    contact = ContactFactory(person=child, recorded_by=fd)
    body = login(fd).get(reverse("front_door:contact_detail", args=[contact.pk])).content.decode()
    assert 'id="rereferral-notice"' in body and "referred in the last 12 months" in body


def test_decide_from_the_contact_page(login, fd, child):
    contact = ContactFactory(person=child, recorded_by=fd)
    client = login(fd)
    response = client.post(reverse("front_door:contact_decide", args=[contact.pk]),
                           {"decision": "assessment", "rationale": RATIONALE, "version": contact.version})
    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.decision == "assessment" and contact.cin_episode_id == CINEpisode.objects.get(person=child).pk
    body = client.get(response["Location"]).content.decode()
    assert "Decision recorded: Referral for a Family Help assessment" in body
    assert RATIONALE in body and "Record the decision" not in body


def test_decide_errors_are_shown_on_the_fields(login, fd, child):
    contact = ContactFactory(person=child, recorded_by=fd)
    client = login(fd)
    url = reverse("front_door:contact_decide", args=[contact.pk])
    assert client.get(url).status_code == 200
    body = client.post(url, {"decision": "", "rationale": "", "version": contact.version}).content.decode()
    assert "Choose the decision" in body and "Enter the rationale for the decision" in body
    body = client.post(url, {"decision": "nfa", "rationale": "No.", "version": contact.version}).content.decode()
    assert "in at least a sentence" in body and 'href="#id_rationale"' in body
    contact.refresh_from_db()
    assert contact.decision == ""


def test_decide_after_someone_else_changed_the_contact(login, fd, users, child):
    contact = ContactFactory(person=child, recorded_by=fd)
    Contact.objects.filter(pk=contact.pk).update(version=3)
    body = login(fd).post(reverse("front_door:contact_decide", args=[contact.pk]),
                          {"decision": "nfa", "rationale": RATIONALE, "version": 1}).content.decode()
    assert "Someone else changed this contact after you opened it" in body
    assert 'name="version" value="3"' in body
    contact.refresh_from_db()
    assert contact.decision == ""


def test_decide_twice_is_refused(login, fd, users, child):
    contact = ContactFactory(person=child, recorded_by=fd)
    services.contact_decide(by=users["team_manager"], contact=contact, expected_version=1, decision="nfa",
                            rationale=RATIONALE)
    body = login(fd).post(reverse("front_door:contact_decide", args=[contact.pk]),
                          {"decision": "universal", "rationale": RATIONALE, "version": 2}).content.decode()
    assert "already decided" in body


def test_a_social_worker_records_but_cannot_decide(login, users, child):
    contact = ContactFactory(person=child, recorded_by=users["social_worker"])
    client = login(users["social_worker"])
    body = client.get(reverse("front_door:contact_detail", args=[contact.pk])).content.decode()
    assert "Record the decision" not in body
    response = client.post(reverse("front_door:contact_decide", args=[contact.pk]),
                           {"decision": "nfa", "rationale": RATIONALE, "version": 1})
    assert response.status_code == 403


def test_a_contact_about_a_child_outside_scope_is_refused(login, users, other_child):
    contact = ContactFactory(person=other_child, concern="A concern only the front door should read")
    response = login(users["social_worker"]).get(reverse("front_door:contact_detail", args=[contact.pk]))
    body = response.content.decode()
    assert response.status_code == 403 and "outside your access" in body
    assert "A concern only the front door should read" not in body


def test_partner_gets_404_for_staff_contact_pages_whether_or_not_they_exist(login, users, child):
    contact = ContactFactory(person=child)
    unlinked = UnlinkedContactFactory()
    client = login(users["partner"])
    for name in ("front_door:contact_detail", "front_door:contact_decide", "front_door:contact_link"):
        for pk in (contact.pk, unlinked.pk, 999999):
            response = client.get(reverse(name, args=[pk]))
            assert response.status_code == 404
            assert "Hartley" not in response.content.decode()


def test_link_an_unmatched_contact_by_search(login, fd, child):
    contact = UnlinkedContactFactory(subject_forename="Amelia", subject_surname="Hartly", subject_dob=child.dob)
    client = login(fd)
    url = reverse("front_door:contact_link", args=[contact.pk])
    body = client.get(url).content.decode()
    assert "Amelia Hartley" in body and "Link to Amelia Hartley" in body  # found despite the misspelling
    response = client.post(url, {"person": child.pk, "version": contact.version})
    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.person == child
    # Linked: the link page now leads to the contact.
    assert client.get(url)["Location"] == reverse("front_door:contact_detail", args=[contact.pk])


def test_link_errors_are_shown(login, fd, adult):
    contact = UnlinkedContactFactory()
    client = login(fd)
    url = reverse("front_door:contact_link", args=[contact.pk])
    body = client.post(url, {"person": adult.pk, "version": contact.version}).content.decode()
    assert "not an adult" in body
    body = client.post(url, {"person": "", "version": contact.version}).content.decode()
    assert "Choose the child the contact is about" in body
    body = client.post(url, {"person": adult.pk, "version": 99}).content.decode()
    assert "not an adult" in body
    contact.refresh_from_db()
    assert contact.person is None


def test_link_by_adding_a_new_child(login, fd):
    contact = UnlinkedContactFactory()
    response = login(fd).post(reverse("front_door:contact_link", args=[contact.pk]),
                              {"action": "create", "version": contact.version})
    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.person.full_name == "Maisie Thornbury"
    assert Person.objects.filter(forename="Maisie").count() == 1


def test_queue_lists_contacts_awaiting_and_decided(login, fd, child):
    ContactFactory(person=child, recorded_by=fd)
    UnlinkedContactFactory(subject_forename="Maisie", subject_surname="Thornbury")
    with time_machine.travel(at(2025, 12, 19, 10), tick=False):
        old = ContactFactory(person=PersonFactory(forename="Ruby", surname="Lane"), received_at=at(2025, 12, 18))
    body = login(fd).get(reverse("front_door:queue")).content.decode()
    assert "Amelia Hartley" in body and "Maisie Thornbury" in body and "Not linked to a record" in body
    assert "Link to a person" in body and "Overdue" in body
    assert body.index("Ruby Lane") < body.index("Amelia Hartley")  # oldest first
    assert old.pk


def test_child_record_panel_lists_contacts(login, users, child):
    contact = ContactFactory(person=child, recorded_by=users["front_door"], source="3A")
    body = login(users["social_worker"]).get(reverse("people:detail", args=[child.pk])).content.decode()
    assert 'id="panel-front_door"' in body and "Health – GP" in body and "Awaiting a decision" in body
    assert f"{reverse('front_door:contact_new')}?person={child.pk}" in body
    assert reverse("front_door:contact_detail", args=[contact.pk]) in body
    body = login(users["analyst"]).get(reverse("people:detail", args=[child.pk])).content.decode()
    assert "Health – GP" in body and reverse("front_door:contact_new") not in body


def test_chronology_filters_offer_the_front_door_events(login, users, child):
    body = login(users["social_worker"]).get(reverse("people:detail", args=[child.pk])).content.decode()
    assert "Contact received" in body and "Front door decision" in body


# --- Partner pages ----------------------------------------------------------------------------------

def _partner_post(**overrides):
    data = {"forename": "Maisie", "surname": "Thornbury", "dob_day": "14", "dob_month": "3", "dob_year": "2016",
            "postcode": "NF1 2AB", "source": "6", "source_detail": "", "concern": "Found alone at 2am",
            "consent": "not_needed", "siblings_note": ""}
    data.update(overrides)
    return data


def test_police_partner_submits_through_the_web_form(login, police):
    client = login(police)
    page = client.get(reverse("front_door:partner_contact_new")).content.decode()
    assert '<input type="hidden" name="source" value="6"' in page  # police: nothing to choose
    response = client.post(reverse("front_door:partner_contact_new"), _partner_post())
    assert response.status_code == 302
    contact = Contact.objects.get()
    assert contact.submitted_by == police and contact.source == "6" and contact.person is None
    body = client.get(response["Location"]).content.decode()
    assert f"FD{contact.pk:06d}" in body and "Awaiting a decision" in body and "Maisie Thornbury" in body


def test_partner_form_errors(login, police):
    body = login(police).post(reverse("front_door:partner_contact_new"),
                              _partner_post(forename="", concern="", postcode="ZZZ")).content.decode()
    assert "Enter the child&#x27;s first name" in body
    assert "Enter your concern" in body and "Enter a real postcode" in body
    assert not Contact.objects.exists()


def test_health_partner_chooses_among_health_sources(login, health):
    client = login(health)
    page = client.get(reverse("front_door:partner_contact_new")).content.decode()
    assert "Health – A&amp;E" in page and "Schools" not in page
    client.post(reverse("front_door:partner_contact_new"), _partner_post(source="3E"))
    assert Contact.objects.get().source == "3E"


def test_partner_sees_only_own_contacts_and_the_outcome_not_the_rationale(login, police, health, fd, child):
    mine = UnlinkedContactFactory(recorded_by=police, subject_forename="Amelia", subject_surname="Hartley")
    UnlinkedContactFactory(recorded_by=health, subject_forename="Other", subject_surname="Childname")
    services.contact_link(by=fd, contact=mine, expected_version=1, person=child)
    services.contact_decide(by=fd, contact=mine, expected_version=2, decision="family_help", rationale=RATIONALE)
    body = login(police).get(reverse("front_door:partner_contacts")).content.decode()
    assert "Family Help (targeted early help)" in body
    assert "Childname" not in body
    assert RATIONALE not in body and child.person_id not in body


def test_the_childs_disability_and_communication_needs_are_shown_where_the_decision_is_made(login, fd, child):
    from safehold.people.models import Disability

    Disability.objects.create(person=child, code="COMM")
    child.communication_needs = "Uses Makaton signs; give time to answer"
    child.save()
    contact = ContactFactory(person=child, recorded_by=fd)
    for name in ("front_door:contact_detail", "front_door:contact_decide"):
        body = login(fd).get(reverse(name, args=[contact.pk])).content.decode()
        assert 'id="child-needs"' in body and "Communication" in body and "Makaton" in body

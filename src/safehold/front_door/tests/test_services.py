"""Front door services: contacts, linking, the decision and its statutory work, partner submissions."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from safehold.audit.models import AuditEvent
from safehold.casework.models import StatutoryWork
from safehold.core.concurrency import EditConflict
from safehold.family_help.models import CINEpisode
from safehold.family_help.tests.factories import CINEpisodeFactory
from safehold.people.models import ChronologyEntry, Person
from safehold.people.tests.factories import PersonFactory

from .. import services
from ..models import Contact, Decision, PartnerApiToken
from .conftest import at
from .factories import ContactFactory, UnlinkedContactFactory

RATIONALE = "Single incident, parents engaged and the school reports no other worries about the child."


def _record(by, person, **overrides):
    kwargs = {"by": by, "person": person, "received_at": at(2025, 12, 19, 9, 30), "source": "6",
              "source_detail": "PC Example, Northshire Police", "concern": "Police attended a domestic incident",
              "consent": "not_needed", "siblings_note": ""}
    kwargs.update(overrides)
    return services.contact_record(**kwargs)


def _work(contact):
    return StatutoryWork.objects.get(source_type="front_door.contact", source_id=str(contact.pk),
                                     rule_code="CONTACT_DECISION")


# --- Recording a contact ----------------------------------------------------------------------------

def test_record_raises_the_decision_work_due_next_working_day(friday, fd, child):
    contact = _record(fd, child)
    assert contact.person == child and contact.recorded_by == fd and contact.submitted_by is None
    work = _work(contact)
    # timescales.md: received Friday 19 December 2025, 1 working day -> Monday 22 December.
    assert work.started_on == dt.date(2025, 12, 19)
    assert work.due_on == dt.date(2025, 12, 22)
    assert work.status == "open" and work.person == child
    entry = ChronologyEntry.objects.get(person=child, event_type="contact")
    assert entry.occurred_at == contact.received_at
    assert "Police" in entry.summary and "PC Example" in entry.summary
    assert AuditEvent.objects.filter(action="contact.record", object_id=str(contact.pk), person_id=child.pk).exists()


def test_received_on_a_saturday_is_due_the_monday(fd, child):
    with time_machine.travel(at(2025, 12, 20, 12), tick=False):
        contact = _record(fd, child, received_at=at(2025, 12, 20, 11))
    assert _work(contact).due_on == dt.date(2025, 12, 22)


@pytest.mark.parametrize("field, overrides, message", [
    ("received_at", {"received_at": at(2025, 12, 19, 11)}, "must be now or in the past"),
    ("concern", {"concern": "   "}, "Enter the concern"),
    ("source", {"source": "99"}, "Choose where the contact came from"),
    ("consent", {"consent": "maybe"}, "Choose the consent position"),
])
def test_record_refuses_bad_input_and_saves_nothing(friday, fd, child, field, overrides, message):
    with pytest.raises(ValidationError) as exc:
        _record(fd, child, **overrides)
    assert field in exc.value.message_dict
    assert message in " ".join(exc.value.message_dict[field])
    assert not Contact.objects.exists() and not StatutoryWork.objects.exists()


def test_record_is_about_a_child_not_an_adult(friday, fd, adult):
    with pytest.raises(ValidationError) as exc:
        _record(fd, adult)
    assert "not an adult" in exc.value.message_dict["person"][0]


def test_record_needs_a_contact_permission(friday, users, child):
    for role in ("iro", "analyst", "admin", "leader"):
        with pytest.raises(PermissionDenied):
            _record(users[role], child)
    # Social workers record contacts; only the front door and managers decide.
    assert _record(users["social_worker"], child).pk


def test_a_partner_recording_is_marked_as_submitted_by_them(friday, police, child):
    contact = _record(police, child)
    assert contact.submitted_by == police


# --- The decision -----------------------------------------------------------------------------------

def test_decision_on_time_completes_the_work(friday, fd, child):
    contact = _record(fd, child)
    with time_machine.travel(at(2025, 12, 22, 16), tick=False):
        services.contact_decide(by=fd, contact=contact, expected_version=contact.version,
                                decision=Decision.INFORMATION_ADVICE, rationale=RATIONALE)
    contact.refresh_from_db()
    assert contact.decision == "information_advice" and contact.decided_by == fd
    assert contact.decision_rationale == RATIONALE
    assert contact.decided_at == at(2025, 12, 22, 16)
    assert contact.cin_episode_id is None and contact.version == 2
    work = _work(contact)
    assert work.status == "done" and work.completed_on == dt.date(2025, 12, 22) and work.on_time is True
    assert work.completion_type == "front_door.contact"
    entry = ChronologyEntry.objects.get(person=child, event_type="contact_decision")
    assert entry.summary == "Front door decision: Information and advice"
    assert AuditEvent.objects.filter(action="contact.decide", object_id=str(contact.pk)).exists()
    assert not CINEpisode.objects.exists()


def test_decision_after_the_due_date_is_late(friday, fd, child):
    contact = _record(fd, child)
    with time_machine.travel(at(2025, 12, 23, 9), tick=False):
        services.contact_decide(by=fd, contact=contact, expected_version=1, decision=Decision.NFA,
                                rationale=RATIONALE)
    work = _work(contact)
    assert work.status == "done" and work.on_time is False


@pytest.mark.parametrize("rationale, message", [
    ("", "Enter the rationale for the decision"),
    ("NFA", "at least a sentence"),
    ("Nothingtoseeherereallyatall", "at least a sentence"),
])
def test_decision_needs_a_rationale_of_a_sentence(friday, fd, child, rationale, message):
    contact = _record(fd, child)
    with pytest.raises(ValidationError) as exc:
        services.contact_decide(by=fd, contact=contact, expected_version=1, decision=Decision.NFA, rationale=rationale)
    assert message in exc.value.message_dict["rationale"][0]
    contact.refresh_from_db()
    assert contact.decision == "" and contact.version == 1
    assert _work(contact).status == "open"


def test_decision_must_be_one_of_the_six(friday, fd, child):
    contact = _record(fd, child)
    with pytest.raises(ValidationError) as exc:
        services.contact_decide(by=fd, contact=contact, expected_version=1, decision="s47", rationale=RATIONALE)
    assert exc.value.message_dict["decision"] == ["Choose the decision"]
    assert [c.label for c in Decision] == [
        "No further action", "Information and advice", "Universal services", "Family Help (targeted early help)",
        "Referral for a Family Help assessment", "Immediate strategy discussion"]


def test_cannot_decide_twice(friday, fd, users, child):
    contact = _record(fd, child)
    services.contact_decide(by=fd, contact=contact, expected_version=1, decision=Decision.NFA, rationale=RATIONALE)
    with pytest.raises(ValidationError) as exc:
        services.contact_decide(by=users["team_manager"], contact=contact, expected_version=2,
                                decision=Decision.UNIVERSAL, rationale=RATIONALE)
    assert "already decided: no further action" in exc.value.message_dict["decision"][0]
    contact.refresh_from_db()
    assert contact.decision == "nfa" and contact.decided_by == fd


def test_decision_cannot_be_before_receipt(friday, fd, child):
    contact = _record(fd, child)
    with pytest.raises(ValidationError) as exc:
        services.contact_decide(by=fd, contact=contact, expected_version=1, decision=Decision.NFA,
                                rationale=RATIONALE, at=at(2025, 12, 19, 9, 0))
    assert "cannot be before the contact was received (19/12/2025 09:30)" in exc.value.message_dict["decision"][0]


def test_only_front_door_and_managers_decide(friday, users, child):
    contact = _record(users["social_worker"], child)
    for role in ("social_worker", "iro", "analyst", "partner", "admin", "leader"):
        with pytest.raises(PermissionDenied):
            services.contact_decide(by=users[role], contact=contact, expected_version=1, decision=Decision.NFA,
                                    rationale=RATIONALE)
    for role in ("team_manager",):
        services.contact_decide(by=users[role], contact=contact, expected_version=1, decision=Decision.NFA,
                                rationale=RATIONALE)


def test_referral_for_assessment_opens_an_episode_of_need(friday, fd, child):
    contact = _record(fd, child, source="2A")
    with time_machine.travel(at(2025, 12, 22, 11), tick=False):
        services.contact_decide(by=fd, contact=contact, expected_version=1, decision=Decision.ASSESSMENT,
                                rationale=RATIONALE)
    contact.refresh_from_db()
    episode = CINEpisode.objects.get(person=child)
    assert contact.cin_episode_id == episode.pk
    assert episode.referral_date == dt.date(2025, 12, 22)  # the decision's date
    assert episode.referral_source == "2A" and episode.contact_id == contact.pk
    # family_help.referral_open raised the assessment clock (timescales.md ASSESSMENT).
    assert StatutoryWork.objects.filter(person=child, rule_code="ASSESSMENT", status="open").exists()


def test_referral_joins_the_childs_open_episode(friday, fd, child):
    open_episode = CINEpisodeFactory(person=child, referral_date=dt.date(2025, 11, 3), referral_source="3A",
                                     recorded_by=fd)
    contact = _record(fd, child)
    services.contact_decide(by=fd, contact=contact, expected_version=1, decision=Decision.ASSESSMENT,
                            rationale=RATIONALE)
    contact.refresh_from_db()
    assert contact.cin_episode_id == open_episode.pk
    assert CINEpisode.objects.filter(person=child).count() == 1
    assert "joined the open referral of 03/11/2025" in ChronologyEntry.objects.get(
        person=child, event_type="contact_decision").summary


def test_immediate_strategy_discussion_opens_a_referral_and_notes_the_discussion_is_needed(friday, fd, child):
    contact = _record(fd, child)
    services.contact_decide(by=fd, contact=contact, expected_version=1, decision=Decision.STRATEGY,
                            rationale=RATIONALE)
    contact.refresh_from_db()
    assert contact.cin_episode_id == CINEpisode.objects.get(person=child).pk
    summaries = list(ChronologyEntry.objects.filter(person=child, event_type="contact_decision")
                     .values_list("summary", flat=True))
    assert "Front door decision: Immediate strategy discussion" in summaries
    assert any(s.startswith("Strategy discussion needed") for s in summaries)


@pytest.mark.parametrize("decision", [Decision.NFA, Decision.INFORMATION_ADVICE, Decision.UNIVERSAL,
                                      Decision.FAMILY_HELP])
def test_other_decisions_open_no_referral(friday, fd, child, decision):
    contact = _record(fd, child)
    services.contact_decide(by=fd, contact=contact, expected_version=1, decision=decision, rationale=RATIONALE)
    assert not CINEpisode.objects.exists()


def test_a_stale_version_is_a_conflict_and_nothing_is_saved(friday, fd, child):
    contact = _record(fd, child)
    Contact.objects.filter(pk=contact.pk).update(version=2)  # someone else saved in between
    with pytest.raises(EditConflict):
        services.contact_decide(by=fd, contact=contact, expected_version=1, decision=Decision.ASSESSMENT,
                                rationale=RATIONALE)
    contact.refresh_from_db()
    assert contact.decision == ""
    assert not CINEpisode.objects.exists()  # the referral was rolled back with the decision
    assert _work(contact).status == "open"


def test_an_unlinked_contact_cannot_be_decided(friday, fd):
    contact = UnlinkedContactFactory(recorded_by=fd)
    with pytest.raises(ValidationError) as exc:
        services.contact_decide(by=fd, contact=contact, expected_version=1, decision=Decision.NFA, rationale=RATIONALE)
    assert "Link this contact to a child" in exc.value.message_dict["decision"][0]


# --- Partner submissions ----------------------------------------------------------------------------

def _submit(by, **overrides):
    kwargs = {"by": by, "forename": "Amelia", "surname": "Hartley", "dob": dt.date(2015, 6, 1), "postcode": "nf12ab",
              "concern": "Amelia arrived at school with bruising to her arm", "consent": "given"}
    kwargs.update(overrides)
    return services.contact_submit_by_partner(**kwargs)


def test_partner_contact_matching_one_child_exactly_is_linked(friday, police, child):
    contact = _submit(police)
    assert contact.person == child
    assert contact.submitted_by == police and contact.recorded_by == police
    assert contact.source == "6"  # police
    assert contact.source_detail == "Pat Constable, Northshire Police"
    assert contact.subject_postcode == "NF1 2AB" and contact.received_at == at(2025, 12, 19, 10)
    assert _work(contact).due_on == dt.date(2025, 12, 22)
    assert ChronologyEntry.objects.filter(person=child, event_type="contact").exists()


def test_partner_contact_without_a_close_match_waits_to_be_linked(friday, police, child):
    for overrides in ({"dob": dt.date(2015, 6, 2)}, {"dob": None}, {"forename": "Olivia", "surname": "Brennan"}):
        contact = _submit(police, **overrides)
        assert contact.person is None
    assert not StatutoryWork.objects.exists()
    assert not ChronologyEntry.objects.filter(event_type="contact").exists()


def test_partner_contact_matching_two_children_is_not_guessed(friday, police, child):
    PersonFactory(forename="Amelia", surname="Hartley", dob=child.dob)
    assert _submit(police).person is None


def test_partner_contact_never_matches_an_adult(friday, police):
    PersonFactory(kind=Person.Kind.ADULT, forename="Amelia", surname="Hartley", dob=dt.date(2015, 6, 1))
    assert _submit(police).person is None


def test_partner_source_comes_from_the_agency(friday, police, health, school, users):
    assert _submit(health).source == "3D"
    assert _submit(health, source="3E").source == "3E"  # health may choose A&E, GP ...
    assert _submit(school).source == "2A"
    assert services.partner_sources(users["partner"])[0] == "8"  # an agency without a mapping: other
    with pytest.raises(ValidationError) as exc:
        _submit(police, source="2A")
    assert "sources for your agency: 6" in exc.value.message_dict["source"][0]


@pytest.mark.parametrize("field, overrides", [
    ("forename", {"forename": " "}),
    ("surname", {"surname": ""}),
    ("dob", {"dob": dt.date(2026, 1, 1)}),
    ("postcode", {"postcode": "not a postcode"}),
    ("concern", {"concern": ""}),
    ("consent", {"consent": ""}),
])
def test_partner_submission_errors(friday, police, field, overrides):
    with pytest.raises(ValidationError) as exc:
        _submit(police, **overrides)
    assert field in exc.value.message_dict
    assert not Contact.objects.exists()


def test_only_partners_submit(friday, users):
    for role in ("social_worker", "front_door", "admin"):
        with pytest.raises(PermissionDenied):
            _submit(users[role])


# --- Linking an unmatched contact -------------------------------------------------------------------

def test_link_starts_the_clock_from_receipt(fd, child):
    with time_machine.travel(at(2025, 12, 19, 10), tick=False):
        contact = UnlinkedContactFactory(recorded_by=fd, received_at=at(2025, 12, 19, 9))
    with time_machine.travel(at(2025, 12, 23, 10), tick=False):
        services.contact_link(by=fd, contact=contact, expected_version=1, person=child)
    contact.refresh_from_db()
    assert contact.person == child and contact.version == 2
    work = _work(contact)
    assert work.started_on == dt.date(2025, 12, 19) and work.due_on == dt.date(2025, 12, 22)
    entry = ChronologyEntry.objects.get(person=child, event_type="contact")
    assert entry.occurred_on == dt.date(2025, 12, 19)
    assert AuditEvent.objects.filter(action="contact.link", object_id=str(contact.pk), person_id=child.pk).exists()


def test_link_checks_the_child_and_access(friday, fd, users, adult, restricted_child):
    contact = UnlinkedContactFactory(recorded_by=fd)
    with pytest.raises(ValidationError) as exc:
        services.contact_link(by=fd, contact=contact, expected_version=1, person=adult)
    assert "not an adult" in exc.value.message_dict["person"][0]
    with pytest.raises(ValidationError) as exc:
        services.contact_link(by=fd, contact=contact, expected_version=1, person=restricted_child)
    assert "You cannot open this child's record" in exc.value.message_dict["person"][0]
    with pytest.raises(PermissionDenied):
        services.contact_link(by=users["social_worker"], contact=contact, expected_version=1,
                              person=restricted_child)
    contact.refresh_from_db()
    assert contact.person is None


def test_link_only_once_and_with_the_current_version(friday, fd, child, other_child):
    contact = UnlinkedContactFactory(recorded_by=fd)
    Contact.objects.filter(pk=contact.pk).update(version=5)
    with pytest.raises(EditConflict):
        services.contact_link(by=fd, contact=contact, expected_version=1, person=child)
    services.contact_link(by=fd, contact=contact, expected_version=5, person=child)
    with pytest.raises(ValidationError) as exc:
        services.contact_link(by=fd, contact=contact, expected_version=6, person=other_child)
    assert "already linked to C0000001" in exc.value.message_dict["person"][0]


def test_link_to_a_new_person_puts_the_child_on_the_record(friday, fd):
    contact = UnlinkedContactFactory(recorded_by=fd)
    services.contact_link_new_person(by=fd, contact=contact, expected_version=1)
    contact.refresh_from_db()
    person = contact.person
    assert (person.forename, person.surname, person.dob, person.kind) == ("Maisie", "Thornbury",
                                                                          dt.date(2016, 3, 14), "child")
    assert person.recorded_by == fd
    assert _work(contact).status == "open"


# --- API tokens -------------------------------------------------------------------------------------

def test_tokens_store_only_a_hash_and_can_be_revoked(police, users):
    raw = services.partner_token_create(user=police)
    token = PartnerApiToken.objects.get(user=police)
    assert raw not in token.token_hash and token.token_hash == services.hash_token(raw)
    assert services.partner_token_user(raw) == police
    with pytest.raises(services.TokenRefused, match="wrong"):
        services.partner_token_user(raw + "x")
    assert services.partner_tokens_revoke(user=police) == 1
    with pytest.raises(services.TokenRefused, match="revoked"):
        services.partner_token_user(raw)
    with pytest.raises(ValidationError):
        services.partner_token_create(user=users["front_door"])


def test_a_token_of_an_inactive_user_does_not_work(police):
    raw = services.partner_token_create(user=police)
    police.is_active = False
    police.save()
    with pytest.raises(services.TokenRefused):
        services.partner_token_user(raw)


def test_db_refuses_a_decision_without_rationale(fd, child):
    from django.db import IntegrityError, transaction

    contact = ContactFactory(person=child, recorded_by=fd)
    with pytest.raises(IntegrityError), transaction.atomic():
        Contact.objects.filter(pk=contact.pk).update(decision="nfa", decided_by=fd, decided_at=contact.received_at)
    with pytest.raises(IntegrityError), transaction.atomic():
        Contact.objects.filter(pk=contact.pk).update(cin_episode_id=1)

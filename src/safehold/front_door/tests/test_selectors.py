"""The previous-involvement check, the front door queue and a partner's own contacts."""

import datetime as dt

import time_machine

from safehold.audit.models import AccessEvent
from safehold.casework.tests.factories import AllocationFactory
from safehold.child_protection.tests.helpers import plan_for
from safehold.family_help.tests.factories import CINEpisodeFactory
from safehold.people.tests.factories import PersonFactory, RelationshipFactory

from .. import selectors, services
from .conftest import at
from .factories import ContactFactory, UnlinkedContactFactory

RATIONALE = "Concern is low level and the family already have support from the school nurse."


def _family(child):
    brother = PersonFactory(forename="Leo", surname="Hartley", dob=dt.date(2012, 2, 2))
    half_sister = PersonFactory(forename="Ivy", surname="Moss", dob=dt.date(2019, 9, 9))
    cousin = PersonFactory(forename="Sam", surname="Hartley", dob=dt.date(2014, 4, 4))
    RelationshipFactory(person=child, related=brother, type="sibling")
    RelationshipFactory(person=half_sister, related=child, type="half_sibling")  # recorded the other way round
    RelationshipFactory(person=child, related=cousin, type="other_relative")
    return brother, half_sister, cousin


def test_previous_involvement_covers_the_child_and_siblings(fd, child):
    brother, half_sister, cousin = _family(child)
    current = ContactFactory(person=child, recorded_by=fd)
    earlier = ContactFactory(person=child, recorded_by=fd, received_at=at(2025, 3, 1))
    Earlier = type(earlier)
    Earlier.objects.filter(pk=earlier.pk).update(decision="nfa", decision_rationale=RATIONALE, decided_by=fd,
                                                 decided_at=at(2025, 3, 2))
    brothers_contact = ContactFactory(person=brother, recorded_by=fd, received_at=at(2024, 5, 1))
    episode = CINEpisodeFactory(person=brother, referral_date=dt.date(2024, 5, 2), closure_date=dt.date(2024, 8, 1),
                                closure_reason="RC8", recorded_by=fd)
    ContactFactory(person=cousin, recorded_by=fd)

    rows = selectors.previous_involvement(child, exclude_contact=current)
    assert [(r.person, r.relation) for r in rows] == [(child, "This child"), (brother, "Sibling"),
                                                      (half_sister, "Half-sibling")]
    this, bro, half = rows
    assert [c.pk for c in this.contacts] == [earlier.pk]  # the contact being checked is not "previous"
    assert this.contacts[0].get_decision_display() == "No further action"
    assert [c.pk for c in bro.contacts] == [brothers_contact.pk] and bro.referrals == [episode]
    assert half.is_empty and not this.referrals


def test_previous_involvement_includes_child_protection_plans(fd, users, child):
    """A sibling's child protection plan (made through the conference, as a worker would) shows on the
    sibling's row, not the child's."""
    brother, _half, _cousin = _family(child)
    AllocationFactory(person=brother, team=users["team_manager"].team)
    plan = plan_for(brother, users["team_manager"])
    rows = selectors.previous_involvement(child)
    assert [p.pk for p in rows[1].plans] == [plan.pk] and rows[1].person == brother
    assert not rows[0].plans


def test_a_sibling_the_user_cannot_open_is_masked_and_each_sibling_shown_is_logged(users, child):
    brother, half_sister, _cousin = _family(child)
    half_sister.is_restricted = True
    half_sister.save()
    ContactFactory(person=half_sister, recorded_by=users["front_door"])
    rows = selectors.previous_involvement(child, fetched_by=users["front_door"])
    half = next(r for r in rows if r.person == half_sister)
    assert half.masked and half.is_empty  # its history is not read at all
    assert not next(r for r in rows if r.person == brother).masked
    logged = set(AccessEvent.objects.filter(user=users["front_door"], view="front_door_previous_involvement")
                 .values_list("person_id", "basis"))
    assert logged == {(brother.pk, "scope"), (half_sister.pk, "restricted")}


def test_queue_is_oldest_first_with_due_dates_from_the_work_rows(fd, child, other_child):
    with time_machine.travel(at(2025, 12, 22, 9), tick=False):
        newer = services.contact_record(by=fd, person=child, received_at=at(2025, 12, 22, 8), source="3A",
                                        source_detail="", concern="GP worried about weight loss", consent="given")
        older = services.contact_record(by=fd, person=other_child, received_at=at(2025, 12, 18, 15), source="2A",
                                        source_detail="", concern="Not collected from school", consent="given")
        unlinked = UnlinkedContactFactory(recorded_by=fd, received_at=at(2025, 12, 19, 9))
        decided = services.contact_record(by=fd, person=child, received_at=at(2025, 12, 17, 8), source="6",
                                          source_detail="", concern="Police welfare check", consent="given")
        services.contact_decide(by=fd, contact=decided, expected_version=1, decision="nfa", rationale=RATIONALE)
        queue = selectors.contacts_awaiting_decision(fetched_by=fd)
        recent = selectors.contacts_recently_decided(fetched_by=fd)
    assert [c.pk for c in queue] == [older.pk, unlinked.pk, newer.pk]
    assert [c.due_on for c in queue] == [dt.date(2025, 12, 19), dt.date(2025, 12, 22), dt.date(2025, 12, 23)]
    assert [c.is_overdue for c in queue] == [True, False, False]
    assert [c.pk for c in recent] == [decided.pk]


def test_queue_keeps_to_the_users_scope_and_masks_restricted_children(users, child, other_child):
    fd, tm = users["front_door"], users["team_manager"]
    mine = ContactFactory(person=child, recorded_by=fd)
    theirs = ContactFactory(person=other_child, recorded_by=fd)
    unlinked = UnlinkedContactFactory(recorded_by=fd)
    secret = PersonFactory(is_restricted=True)
    AllocationFactory(person=secret, team=child.allocations.get().team)
    hidden = ContactFactory(person=secret, recorded_by=fd)
    tm_queue = {c.pk: c for c in selectors.contacts_awaiting_decision(fetched_by=tm)}
    assert set(tm_queue) == {mine.pk, unlinked.pk, hidden.pk}  # the other team's child is not in scope
    assert tm_queue[hidden.pk].can_open is False and tm_queue[mine.pk].can_open is True
    fd_queue = {c.pk for c in selectors.contacts_awaiting_decision(fetched_by=fd)}
    assert theirs.pk in fd_queue  # the front door sees the whole county


def test_a_partner_sees_only_its_own_contacts(police, health, child):
    mine = UnlinkedContactFactory(recorded_by=police)
    UnlinkedContactFactory(recorded_by=health)
    ContactFactory(person=child)
    assert list(selectors.contacts_submitted_by(police)) == [mine]

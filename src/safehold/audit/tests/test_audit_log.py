"""The audit log: every view of a record is logged, every change is recorded, and neither can be
rewritten (security.md B4.6, B4.7, B7.2, B7.4)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from safehold.accounts.tests.factories import RecordAccessGrantFactory
from safehold.audit.models import AccessEvent, AuditEvent
from safehold.audit.services import audit_access, audit_change
from safehold.people import services
from safehold.people.models import Person
from safehold.people.tests.factories import PersonFactory

ON_SQLITE = connection.vendor == "sqlite"


def detail(person):
    return reverse("people:detail", args=[person.pk])


# --- Access log --------------------------------------------------------------------------------------

def test_viewing_a_record_writes_exactly_one_access_event(child, users, login):
    user = users["social_worker"]
    client = login(user)
    before = timezone.now()
    response = client.get(detail(child))
    assert response.status_code == 200
    event = AccessEvent.objects.get()
    assert event.user == user
    assert event.person_id == child.pk
    assert event.view == "record"
    assert event.basis == "scope"
    assert event.break_glass_id is None
    assert event.ip == "127.0.0.1"
    assert before <= event.at <= timezone.now()


def test_each_view_is_logged_separately_and_names_the_page(child, users, login):
    client = login(users["team_manager"])
    client.get(detail(child))
    client.get(detail(child))
    client.get(reverse("people:chronology_print", args=[child.pk]))
    client.get(reverse("people:history", args=[child.pk]))
    assert list(AccessEvent.objects.order_by("id").values_list("view", flat=True)) == [
        "record", "record", "chronology", "history",
    ]


@pytest.mark.parametrize("fixture, basis", [("restricted_child", "restricted"), ("other_child", "out_of_scope")])
def test_a_refused_view_is_logged_with_the_reason(fixture, basis, request, users, login):
    person = request.getfixturevalue(fixture)
    response = login(users["social_worker"]).get(detail(person))
    assert response.status_code == 403
    event = AccessEvent.objects.get()
    assert (event.user, event.person_id, event.view, event.basis) == (users["social_worker"], person.pk, "record", basis)
    assert not event.allowed


def test_pages_that_do_not_open_a_record_write_no_access_event(child, users, login):
    client = login(users["social_worker"])
    client.get(reverse("home"))
    assert "1 person found" in client.post(reverse("people:search"), {"name": "Amelia"}, follow=True).content.decode()
    assert not AccessEvent.objects.exists()


def test_a_partner_probing_a_record_is_logged(child, users, login):
    login(users["partner"]).get(detail(child))
    assert AccessEvent.objects.filter(user=users["partner"], person_id=child.pk, basis="no_permission").exists()


def test_no_audit_no_view(child, users, login, monkeypatch):
    """If the access log cannot be written, the record is not shown (security.md B4.6)."""

    def broken(**kwargs):
        raise DatabaseError("audit table unavailable")

    monkeypatch.setattr("safehold.people.selectors.audit_access", broken)
    client = login(users["social_worker"])
    client.raise_request_exception = False
    response = client.get(detail(child))
    assert response.status_code == 500
    assert b"Hartley" not in response.content


# --- Change log --------------------------------------------------------------------------------------

def test_person_create_writes_an_audit_event(users):
    person = services.person_create(by=users["front_door"], data={
        "forename": "Noah", "surname": "Whitfield", "dob": dt.date(2018, 3, 4), "sex": "M", "ethnicity": "WBRI",
    })
    event = AuditEvent.objects.get(action="person.create")
    assert event.actor == users["front_door"]
    assert event.person_id == person.pk
    assert (event.object_type, event.object_id) == ("people.person", str(person.pk))
    assert event.changes["forename"] == [None, "Noah"]
    assert event.changes["dob"] == [None, "2018-03-04"]


def test_person_update_records_before_and_after_of_changed_fields_only(child, users):
    services.person_update(by=users["social_worker"], person=child, expected_version=child.version,
                           data={"forename": "Amelie", "first_language": "Welsh"}, reason="Spelling corrected")
    event = AuditEvent.objects.get(action="person.update")
    assert event.actor == users["social_worker"]
    assert event.person_id == child.pk
    assert event.changes == {"forename": ["Amelia", "Amelie"], "first_language": ["", "Welsh"]}
    assert event.reason == "Spelling corrected"


# --- Append-only -------------------------------------------------------------------------------------

@pytest.fixture
def audit_rows(child, users):
    change = audit_change(actor=users["social_worker"], action="person.update", instance=child,
                          before={"forename": "Amy"}, after={"forename": "Amelia"}, person_id=child.pk)
    access = audit_access(user=users["social_worker"], person_id=child.pk, view="record", basis="scope")
    return change, access


@pytest.mark.parametrize("which", [0, 1], ids=["AuditEvent", "AccessEvent"])
def test_saving_an_existing_audit_row_is_refused(which, audit_rows):
    row = audit_rows[which]
    if which == 0:
        row.reason = "tidied up"
    else:
        row.basis = "grant"
    with pytest.raises(PermissionError):
        row.save()
    row.refresh_from_db()
    if which == 0:
        assert row.reason == ""
    else:
        assert row.basis == "scope"


@pytest.mark.parametrize("which", [0, 1], ids=["AuditEvent", "AccessEvent"])
def test_deleting_an_audit_row_is_refused(which, audit_rows):
    row = audit_rows[which]
    with pytest.raises(PermissionError):
        row.delete()
    assert type(row).objects.filter(pk=row.pk).exists()


@pytest.mark.parametrize("table", ["audit_accessevent", "audit_auditevent"])
def test_raw_sql_update_of_the_audit_tables_fails(table, audit_rows):
    with pytest.raises((IntegrityError, DatabaseError)):
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(f"UPDATE {table} SET person_id = person_id + 1")
    assert AccessEvent.objects.get().person_id == audit_rows[1].person_id
    assert AuditEvent.objects.get().person_id == audit_rows[0].person_id


@pytest.mark.skipif(ON_SQLITE, reason="SQLite keeps DELETE for the test runner (audit migration 0002)")
@pytest.mark.parametrize("table", ["audit_accessevent", "audit_auditevent"])
def test_raw_sql_delete_of_the_audit_tables_fails_on_postgresql(table, audit_rows):
    with pytest.raises((IntegrityError, DatabaseError)):
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(f"DELETE FROM {table}")
    assert AccessEvent.objects.count() == 1 and AuditEvent.objects.count() == 1


def test_queryset_update_of_the_audit_tables_fails(audit_rows):
    with pytest.raises((IntegrityError, DatabaseError, PermissionError)):
        with transaction.atomic():
            AccessEvent.objects.update(basis="grant")
    assert AccessEvent.objects.get().basis == "scope"


def test_queryset_delete_of_the_audit_tables_fails(audit_rows):
    with pytest.raises((PermissionError, DatabaseError)):
        with transaction.atomic():
            AccessEvent.objects.all().delete()
    assert AccessEvent.objects.count() == 1


# --- The audit page ----------------------------------------------------------------------------------

@pytest.fixture
def some_views(child, other_child, users, login):
    login(users["social_worker"]).get(detail(child))
    login(users["front_door"]).get(detail(other_child))
    login(users["social_worker"]).get(detail(other_child))  # refused: out of scope
    return child, other_child


def _table(body: str, table_id: str) -> str:
    assert f'id="{table_id}"' in body, f"no table #{table_id} on the page"
    return body.split(f'id="{table_id}"', 1)[1].split("</table>", 1)[0]


@pytest.mark.parametrize("role", ["admin", "service_manager"])
def test_audit_page_answers_who_looked_at_this_childs_record(role, some_views, users, login):
    child, _other = some_views
    response = login(users[role]).get(reverse("audit:index"), {"person_id": child.person_id})
    assert response.status_code == 200
    views = _table(response.content.decode(), "record-views")
    assert "social_worker_user" in views
    assert "front_door_user" not in views
    assert "Role and team" in views


def test_audit_page_answers_what_did_this_user_look_at(some_views, users, login):
    child, other = some_views
    response = login(users["admin"]).get(reverse("audit:index"), {"username": "social_worker_user"})
    assert response.status_code == 200
    views = _table(response.content.decode(), "user-views")
    assert child.person_id in views
    assert other.person_id in views
    assert "Refused: outside role and team" in views

    response = login(users["admin"]).get(reverse("audit:index"), {"username": "front_door_user"})
    views = _table(response.content.decode(), "user-views")
    assert other.person_id in views and child.person_id not in views


def test_audit_page_shows_changes_to_a_record_the_reader_may_open(child, users, login):
    services.person_update(by=users["social_worker"], person=child, expected_version=child.version,
                           data={"forename": "Amelie"})
    body = login(users["service_manager"]).get(reverse("audit:index"),
                                               {"person_id": child.person_id}).content.decode()
    changes = _table(body, "changes")
    assert "Person: changed" in changes  # in words (issue 14.9), not person.update
    assert "<strong>First name</strong>: Amelia → Amelie" in changes


def _move_house(child, users):
    services.address_add(by=users["social_worker"], person=child, line1="14 Quayside Mews", town="Kings Lynn",
                         postcode="PE30 1AB", start_date=dt.date(2026, 1, 5))


@pytest.mark.parametrize("role", ["service_manager", "admin"])
def test_audit_page_hides_the_values_of_changes_to_a_record_the_reader_may_not_open(role, child, users, login):
    """Issue 15.1: a service manager refused a restricted child's record must not read its new
    address on the audit page; the information governance officer (no record access) sees that the
    address changed, when and by whom, but not to what."""
    _move_house(child, users)
    child.is_restricted = True
    child.save()
    reader = users[role]
    body = login(reader).get(reverse("audit:index"), {"person_id": child.person_id}).content.decode()
    changes = _table(body, "changes")
    assert "address" in changes  # the change is listed
    assert "Values hidden" in changes
    assert "Quayside" not in body and "PE30 1AB" not in body
    # The same through "what did this user change"
    body = login(reader).get(reverse("audit:index"), {"username": "social_worker_user"}).content.decode()
    assert "Values hidden" in _table(body, "changes")
    assert "Quayside" not in body


def test_audit_page_shows_values_once_the_reader_holds_a_grant(child, users, login):

    _move_house(child, users)
    child.is_restricted = True
    child.save()
    RecordAccessGrantFactory(person=child, user=users["service_manager"], granted_by=users["admin"],
                                     reason="Service manager overseeing this child's plan")
    body = login(users["service_manager"]).get(reverse("audit:index"),
                                               {"person_id": child.person_id}).content.decode()
    assert "Quayside" in _table(body, "changes")


@pytest.mark.parametrize("query", [{"person_id": "C0000001"}, {"username": "social_worker_user"}])
def test_every_read_of_the_audit_log_is_itself_logged(query, child, users, login):
    reader = users["admin"]
    login(reader).get(reverse("audit:index"), query)
    read = AuditEvent.objects.get(action="audit.read")
    assert read.actor_id == reader.pk
    assert read.changes == {k: [None, v] for k, v in query.items()}
    if "person_id" in query:
        assert read.person_id == child.pk
        # ... and shows under "who looked at this record", as an administration read (no values)
        view = AccessEvent.objects.get(user=reader, person_id=child.pk)
        assert (view.view, view.basis) == ("audit log", "administration")
    else:
        assert read.person_id is None


def test_audit_page_with_an_unknown_person_id_gives_an_error_on_the_field(users, login):
    response = login(users["admin"]).get(reverse("audit:index"), {"person_id": "NOSUCH1"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "No person on the record has this person ID" in body
    assert 'href="#id_person_id"' in body


@pytest.mark.parametrize("role", ["analyst", "social_worker", "team_manager", "leader", "partner"])
def test_audit_page_is_refused_to_other_roles(role, some_views, users, login):
    child, _other = some_views
    response = login(users[role]).get(reverse("audit:index"), {"person_id": child.person_id})
    assert response.status_code == 403
    assert "social_worker_user" not in response.content.decode()


def test_merged_records_history_is_one_history(child, users, login):
    duplicate = PersonFactory(forename="Amelia", surname="Hartly", person_id="C0000099")
    login(users["front_door"]).get(detail(duplicate))
    services.person_merge(by=users["team_manager"], keep=child, duplicate=duplicate, reason="Same child")
    body = login(users["admin"]).get(reverse("audit:index"), {"person_id": child.person_id}).content.decode()
    assert "front_door_user" in _table(body, "record-views")
    assert Person.objects.get(pk=duplicate.pk).merged_into_id == child.pk


def test_a_partners_contact_is_hidden_on_the_audit_page_once_linked_to_a_child_the_reader_may_not_open(
        restricted_child, users, login):
    """Issue 15.1: a partner's contact is audited with the child's details before it is linked; linked to a
    restricted child, those details are hidden from a reader who may not open the child's record."""
    from safehold.front_door import services as front_door

    partner = users["partner"]
    contact = front_door.contact_submit_by_partner(by=partner, forename="Zephyrine", surname="Quillfeather",
                                                   dob=None, postcode="", concern="Bruises seen at nursery",
                                                   consent="not_needed")
    reader = users["service_manager"]
    # Unlinked, the contact is for whoever decides contacts (the service manager may; the administrator not).
    assert "Quillfeather" in login(reader).get(reverse("audit:index"), {"username": partner.username}).content.decode()
    body = login(users["admin"]).get(reverse("audit:index"), {"username": partner.username}).content.decode()
    assert "Quillfeather" not in body and "Values hidden" in body
    contact.person = restricted_child
    contact.save(update_fields=["person"])
    body = login(reader).get(reverse("audit:index"), {"username": partner.username}).content.decode()
    assert "Quillfeather" not in body and "Bruises seen" not in body and "Values hidden" in body
    body = login(users["front_door"]).get(reverse("audit:index"), {"username": partner.username})
    assert body.status_code == 403  # the front door does not read the audit log at all

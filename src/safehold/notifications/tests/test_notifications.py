"""People are told (issue 14.3): an allocation, a case arriving in a team's queue, a break-glass opening of a
record you hold; the inbox is the recipient's alone, opening one marks it read and goes to the work, the
header counts what is unread, and an email (when turned on) names no child."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from safehold.accounts.tests.factories import UserFactory
from safehold.casework.services import allocation_change, allocation_receive
from safehold.casework.tests.factories import AllocationFactory
from safehold.notifications.models import Notification
from safehold.notifications.services import notify
from safehold.people.services import break_glass_open

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery"


def inbox_of(user):
    return list(Notification.objects.filter(recipient=user))


def test_an_allocation_tells_the_worker(child, users, team):
    sw, tm = users["social_worker"], users["team_manager"]
    allocation_change(by=tm, person=child, team=team, worker=sw, started_on=dt.date(2026, 1, 5))
    (note,) = inbox_of(sw)
    assert note.kind == "allocation" and note.actor == tm
    assert note.title == "C0000001 is allocated to you: allocated worker from 5 January 2026"
    assert note.url == reverse("people:detail", args=[child.pk])
    assert inbox_of(tm) == []  # nobody is told what they did themselves


def test_a_case_arriving_in_a_team_queue_tells_its_managers(db, users, team):
    from safehold.people.tests.factories import PersonFactory

    newcomer = PersonFactory(person_id="C0000077")
    allocation_receive(by=users["front_door"], person=newcomer, team=team, on=dt.date(2026, 1, 5),
                       reason="Front door decision: assessment")
    (note,) = inbox_of(users["team_manager"])
    assert note.kind == "case_arrived" and "waiting for a worker" in note.title
    assert note.url == reverse("worklists:team") + f"?team={team.pk}"


def test_break_glass_tells_the_workers_who_hold_the_case(other_child, users, other_team):
    holder = UserFactory(role="social_worker", team=other_team)
    AllocationFactory(person=other_child, team=other_team, worker=holder, role="lead_practitioner")
    sw = users["social_worker"]
    break_glass_open(user=sw, person=other_child, reason_code="out_of_hours",
                     reason_text="Police called about the child tonight", password=PASSWORD, minutes=60)
    (note,) = inbox_of(holder)
    assert note.kind == "break_glass" and str(sw) in note.title and "C0000002" in note.title


def test_the_inbox_is_the_recipients_alone_and_opening_marks_read(child, users, login, client):
    sw, tm = users["social_worker"], users["team_manager"]
    (note,) = notify(recipients=[sw], kind="allocation", title="C0000001 is allocated to you", person=child,
                     url=reverse("people:detail", args=[child.pk]), actor=tm)
    page = login(sw).get(reverse("notifications:inbox")).content.decode()
    assert "1 unread notification." in page and "Amelia Hartley" in page
    assert 'id="unread-count">1' in page  # the header counts it on every page
    # Someone else cannot open or mark it, nor learn it exists.
    assert login(tm).post(reverse("notifications:open", args=[note.pk])).status_code == 404
    note.refresh_from_db()
    assert note.read_at is None
    response = login(sw).post(reverse("notifications:open", args=[note.pk]))
    assert response.status_code == 302 and response["Location"] == note.url
    note.refresh_from_db()
    assert note.read_at is not None
    assert 'id="unread-count"' not in client.get(reverse("notifications:inbox")).content.decode()


def test_a_child_the_reader_can_no_longer_open_is_not_named(other_child, users, login):
    sw = users["social_worker"]
    notify(recipients=[sw], kind="allocation", title="C0000002 is allocated to you", person=other_child,
           url=reverse("people:detail", args=[other_child.pk]))
    page = login(sw).get(reverse("notifications:inbox")).content.decode()
    assert "C0000002" in page and "Oliver" not in page


def test_mark_all_read(users, login):
    sw = users["social_worker"]
    for n in range(3):
        notify(recipients=[sw], kind="allocation", title=f"Case {n}", url="/")
    login(sw).post(reverse("notifications:mark_all_read"))
    assert not Notification.objects.filter(recipient=sw, read_at__isnull=True).exists()


def test_a_reminder_key_tells_each_person_once(users):
    sw = users["social_worker"]
    for _ in range(2):
        notify(recipients=[sw], kind="meeting_due", title="ICPC due", url="/", key="work:1:due")
    assert len(inbox_of(sw)) == 1


def test_links_stay_inside_safehold(users):
    with pytest.raises(ValueError):
        notify(recipients=[users["social_worker"]], kind="allocation", title="x", url="//evil.example/")
    with pytest.raises(ValueError):
        notify(recipients=[users["social_worker"]], kind="allocation", title="x", url="https://evil.example/")
    with pytest.raises(ValueError):
        notify(recipients=[users["social_worker"]], kind="allocation", title="x", url="/\\evil.example/")


@override_settings(SAFEHOLD_NOTIFY_EMAIL=True, EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
def test_email_after_commit_names_no_child(child, users, team, django_capture_on_commit_callbacks):
    sw, tm = users["social_worker"], users["team_manager"]
    sw.email = "sam@example.org"
    sw.save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=True):
        allocation_change(by=tm, person=child, team=team, worker=sw, started_on=dt.date(2026, 1, 5))
    (message,) = mail.outbox
    assert message.to == ["sam@example.org"] and message.subject == "Safehold: Case allocated"
    assert "C0000001" not in message.body and "Amelia" not in message.body and "Hartley" not in message.body
    assert Notification.objects.get(recipient=sw).emailed_at is not None


def test_the_inbox_reads_a_fixed_number_of_queries(child, other_child, users, login):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    sw = users["social_worker"]
    client = login(sw)
    client.get(reverse("home"))

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("notifications:inbox")).status_code == 200
        return len(ctx.captured_queries)

    notify(recipients=[sw], kind="allocation", title="One", url="/", person=child)
    one = count()
    for n in range(8):
        notify(recipients=[sw], kind="allocation", title=f"More {n}", url="/", person=other_child if n % 2 else child)
    assert count() == one

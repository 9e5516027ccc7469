"""The chair's worklist (issue 14.4): the conferences and reviews of the children a chair is allocated to,
due and overdue, with the social worker who arranges each; those with no chair yet; and a daily reminder
that tells each chair once."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from safehold.accounts.tests.factories import TeamFactory, UserFactory
from safehold.casework.models import Allocation
from safehold.casework.tests.factories import AllocationFactory
from safehold.casework.work import work_raise
from safehold.notifications.models import Notification
from safehold.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 1, 15)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(dt.datetime(2026, 1, 15, 10, 0), tick=False):
        yield


def _child(team, sw, **names):
    kid = PersonFactory(**names)
    alloc = AllocationFactory(person=kid, team=team, worker=sw, started_on=dt.date(2025, 6, 1))
    return kid, alloc


@pytest.fixture
def meetings(users, team):
    sw, iro = users["social_worker"], users["iro"]
    reviewing = TeamFactory(name="Independent reviewing", kind="reviewing")
    mine, a1 = _child(team, sw, forename="Ava", surname="Moss")
    AllocationFactory(person=mine, team=reviewing, worker=iro, role=Allocation.Role.IRO, started_on=dt.date(2025, 6, 1))
    other_iro = UserFactory(role="iro", team=reviewing)
    theirs, a2 = _child(team, sw, forename="Ben", surname="Lowe")
    AllocationFactory(person=theirs, team=reviewing, worker=other_iro, role=Allocation.Role.IRO,
                      started_on=dt.date(2025, 6, 1))
    nobody, a3 = _child(team, sw, forename="Cal", surname="Reed")
    return {
        "overdue_review": work_raise(person=mine, rule_code="CLA_REVIEW_NEXT", start=dt.date(2025, 6, 1), source=a1,
                                     title="Looked-after review"),
        "icpc_soon": work_raise(person=mine, rule_code="ICPC", start=TODAY - dt.timedelta(days=14), source=a1,
                                title="Initial child protection conference"),
        "visit": work_raise(person=mine, rule_code="CP_VISIT", start=TODAY, source=a1, title="Child protection visit"),
        "theirs": work_raise(person=theirs, rule_code="RCPC_FIRST", start=TODAY, source=a2, title="Review conference"),
        "unchaired": work_raise(person=nobody, rule_code="ICPC", start=TODAY, source=a3,
                                title="Initial child protection conference"),
        "other_iro": other_iro,
    }


def test_the_chair_sees_the_meetings_of_their_children_and_who_arranges_them(users, meetings, login):
    page = login(users["iro"]).get(reverse("worklists:chair")).content.decode()
    table = page.split('id="chair-table"')[1].split("</table>")[0]
    assert "Ava Moss" in table and "Looked-after review" in table and "Initial child protection conference" in table
    assert "Child protection visit" not in table  # the social worker's work, not the chair's
    assert "Ben Lowe" not in table  # another chair's child
    assert str(users["social_worker"]) in table
    assert 'id="count-overdue">1<' in page and 'id="count-open">2<' in page
    unchaired = page.split('id="unchaired"')[1].split("</table>")[0]
    assert "Cal Reed" in unchaired and "Ava Moss" not in unchaired


def test_a_social_worker_has_no_chair_page(users, login):
    assert login(users["social_worker"]).get(reverse("worklists:chair")).status_code == 403


def test_the_daily_reminder_tells_each_chair_once(users, meetings, capsys):
    call_command("notifications", "remind", "--days", "10")
    call_command("notifications", "remind", "--days", "10")
    mine = Notification.objects.filter(recipient=users["iro"], kind="meeting_due").order_by("title")
    # The overdue review and the ICPC due within 10 days; each told once although the command ran twice.
    assert [n.title.split(" for ")[0] for n in mine] == ["Initial child protection conference", "Looked-after review"]
    assert "was due by" in mine[1].title
    # The other chair's review conference is due in more than 10 days: not yet.
    assert not Notification.objects.filter(recipient=meetings["other_iro"]).exists()
    assert "0 reminders sent" in capsys.readouterr().out.splitlines()[-1]


def test_the_chair_page_reads_a_fixed_number_of_queries(users, meetings, login, django_assert_max_num_queries):
    client = login(users["iro"])
    client.get(reverse("home"))
    with django_assert_max_num_queries(16):
        client.get(reverse("worklists:chair"))

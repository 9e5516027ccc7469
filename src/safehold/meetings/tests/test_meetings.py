"""Meetings planned, not only recorded (issue 14.5): booked ahead with a chair and invitees by agency (the chair is
told), shown as late when booked after the date it is due; recorded as held with who came and the minutes;
cancelled with a reason. Booking never stops a due date: only the meeting held and its outcome recorded does."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from safehold.casework.models import Allocation, StatutoryWork
from safehold.casework.work import work_raise
from safehold.meetings import services
from safehold.meetings.models import Invitee, Meeting
from safehold.notifications.models import Notification
from safehold.web.tests.helpers import date_fields

pytestmark = pytest.mark.django_db
INVITED = [{"name": "DC Jones", "agency": "police", "role": "Public protection"},
           {"name": "Ms Patel", "agency": "education", "role": "Designated safeguarding lead"},
           {"name": "Mrs Hartley", "agency": "family", "role": "Mother"}]


def _book(child, sw, chair, days=5, kind="icpc", **kwargs):
    return services.meeting_book(by=sw, person=child, kind=kind, venue="Northfield Family Hub, room 2",
                                 scheduled_at=timezone.now() + dt.timedelta(days=days), chair=chair,
                                 invitees=kwargs.pop("invitees", INVITED), **kwargs)


def test_booking_tells_the_chair_and_stops_no_clock(child, sw, users):
    holder = Allocation.objects.get(person=child)
    work = work_raise(person=child, rule_code="ICPC", start=timezone.localdate(), source=holder,
                      title="Initial child protection conference")
    meeting = _book(child, sw, users["iro"])
    assert [i.agency for i in meeting.invitees.all()] == ["police", "education", "family"]
    (note,) = Notification.objects.filter(recipient=users["iro"], kind="meeting_booked")
    assert note.url == reverse("meetings:detail", args=[meeting.pk])
    work.refresh_from_db()
    assert work.status == StatutoryWork.Status.OPEN  # a booking is not a meeting held


def test_a_conference_needs_a_chair_who_chairs_and_someone_invited(child, sw, users):
    with pytest.raises(ValidationError) as exc:
        _book(child, sw, users["social_worker"], invitees=[])
    assert exc.value.message_dict["chair"] == [f"{users['social_worker']} does not chair conferences or reviews"]
    assert exc.value.message_dict["invitees"] == ["Invite at least one person, with their agency"]
    with pytest.raises(ValidationError, match="booked ahead"):
        _book(child, sw, users["iro"], days=-2)
    assert not Meeting.objects.exists()


def test_a_booking_after_the_due_date_is_shown_as_late(child, sw, users, login):
    holder = Allocation.objects.get(person=child)
    work = work_raise(person=child, rule_code="ICPC", start=timezone.localdate() - dt.timedelta(days=20),
                      source=holder, title="Initial child protection conference")
    meeting = _book(child, sw, users["iro"], days=10)
    page = login(sw).get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert 'id="meeting-late"' in page and f"{work.due_on:%-d %B %Y}" in page


def test_recording_it_held_needs_everyone_accounted_for(child, sw, users, login):
    meeting = _book(child, sw, users["iro"], days=0)
    ids = [i.pk for i in meeting.invitees.all()]
    with pytest.raises(ValidationError) as exc:
        services.meeting_record_held(by=sw, meeting=meeting, expected_version=1, held_on=timezone.localdate(),
                                     attendance={ids[0]: "attended"}, reports=set(), minutes="")
    assert exc.value.message_dict["attendance"] == ["Say whether Ms Patel attended", "Say whether Mrs Hartley attended"]
    meeting = services.meeting_record_held(
        by=sw, meeting=meeting, expected_version=1, held_on=timezone.localdate(), reports={ids[1]},
        attendance={ids[0]: "attended", ids[1]: "apologies", ids[2]: "attended"},
        minutes="Agreed a child protection plan under the category of neglect.")
    assert meeting.status == "held"
    assert Invitee.objects.get(pk=ids[1]).report_received
    with pytest.raises(ValidationError, match="already held"):
        services.meeting_cancel(by=sw, meeting=meeting, expected_version=meeting.version, reason="Too late")


def test_the_pages_book_record_and_show_it_to_the_chair(child, sw, users, login):
    client = login(sw)
    day = timezone.localdate() + dt.timedelta(days=7)
    data = {"kind": "cla_review", **date_fields("day", day), "time": "14:30", "venue": "County Hall",
            "chair": users["iro"].pk, "invitee_1_name": "Mr Brown", "invitee_1_agency": "health",
            "invitee_1_role": "School nurse", "invitee_2_name": "Jo", "invitee_2_agency": ""}
    page = client.post(reverse("meetings:book", args=[child.pk]), data).content.decode()
    assert "Invitee 2 (Jo): choose their agency" in page and not Meeting.objects.exists()
    response = client.post(reverse("meetings:book", args=[child.pk]), {**data, "invitee_2_name": ""})
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and timezone.localtime(meeting.scheduled_at).hour == 14
    chair_page = login(users["iro"]).get(reverse("worklists:chair")).content.decode()
    assert "Looked-after review" in chair_page.split('id="booked"')[1].split("</table>")[0]
    record = login(sw).get(reverse("people:detail", args=[child.pk])).content.decode()
    assert "Looked-after review" in record.split('id="panel-meetings"')[1]

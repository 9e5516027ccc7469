"""The meetings rows of the permission matrix (issue 14.5): practitioners, managers and chairs book and record
meetings for a child whose record they may open; anyone who may open the record reads a meeting."""

from safehold.accounts.tests.matrix import row as _row

#                     SW   TM   SM   IRO  FD   AN   PA   AD   LE   QA
EXPECTED = {
    "meetings:book": _row(200, 200, 200, 200, 200, 403, 404, 404, 403, 403),
    "meetings:detail": _row(200, 200, 200, 200, 200, 200, 404, 404, 200, 200),
}


def url_kwargs(name, *, child, users) -> dict:

    from safehold.meetings.models import Meeting
    from safehold.meetings.tests.factories import InviteeFactory

    if name == "meetings:detail":
        meeting = Meeting.objects.filter(person=child).first()
        if meeting is None:
            meeting = InviteeFactory(meeting__person=child, meeting__booked_by=users["social_worker"]).meeting
        return {"meeting_id": meeting.pk}
    return {"pk": child.pk}

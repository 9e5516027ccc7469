"""Meeting pages: book one for a child, read it, record it held or cancel it. Access follows the child's record."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render

from safehold.accounts.policy import Perm, has_perm
from safehold.web.access import forbidden, open_for
from safehold.web.submit import explained, submit

from . import selectors, services
from .forms import MeetingBookForm, MeetingCancelForm, MeetingHeldForm
from .models import Meeting


def _may_arrange(user) -> bool:
    return has_perm(user, Perm.CASEWORK_RECORD) or has_perm(user, Perm.CONFERENCE_RECORD)


@login_required
def book(request, pk: int):
    person, refused = open_for(request, pk, "meetings:book", _may_arrange(request.user))
    if refused:
        return refused
    form = MeetingBookForm(request.POST or None, initial={"kind": request.GET.get("kind", "")})
    done = submit(request, form, lambda d: services.meeting_book(
        by=request.user, person=person, kind=d["kind"], scheduled_at=form.scheduled_at(), venue=d["venue"],
        chair=d["chair"], invitees=form.invitees()), success="Meeting booked: the chair has been told",
        field_map={"scheduled_at": "day", "invitees": "invitee_1_name"})
    if done:
        return redirect("meetings:detail", meeting_id=done.result.pk)
    return render(request, "meetings/book.html", {"person": person, "form": form})


@login_required
def detail(request, meeting_id: int):
    meeting = get_object_or_404(Meeting.objects.select_related("chair", "booked_by"), pk=meeting_id)
    person, refused = open_for(request, meeting.person_id, "meetings:detail")
    if refused:
        return refused
    invitees = list(meeting.invitees.all())
    action = request.POST.get("action") if request.method == "POST" else None
    can_arrange = _may_arrange(request.user)
    held = MeetingHeldForm(request.POST if action == "held" else None, invitees=invitees,
                           initial={"version": meeting.version}, prefix="held")
    cancel = MeetingCancelForm(request.POST if action == "cancel" else None, initial={"version": meeting.version},
                               prefix="cancel")
    form = held if action == "held" else cancel
    if action and not can_arrange:
        return forbidden(request)
    if action in ("held", "cancel"):

        def record(c):
            if action == "held":
                services.meeting_record_held(by=request.user, meeting=meeting, expected_version=c["version"],
                                             held_on=c["held_on"], attendance=held.attendance(), reports=held.reports(),
                                             minutes=c["minutes"])
            else:
                services.meeting_cancel(by=request.user, meeting=meeting, expected_version=c["version"],
                                        reason=c["cancel_reason"])

        done = submit(request, form, record, on_conflict=explained(
            form, "Someone changed this meeting after you opened the page: read where it stands now"),
            success="Meeting recorded as held" if action == "held" else "Meeting cancelled: the chair has been told")
        if done:
            return redirect("meetings:detail", meeting_id=meeting.pk)
        if done.conflict or done.error:
            meeting.refresh_from_db()
    return render(request, "meetings/detail.html", {
        "meeting": meeting, "person": person, "invitees": invitees, "held_form": held, "cancel_form": cancel,
        "form": form if action else held, "can_arrange": can_arrange, "late": selectors.booked_late(meeting),
        "work": selectors.due_work_for(meeting)})

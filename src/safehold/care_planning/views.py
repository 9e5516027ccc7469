"""Care planning views: check access (web.access, accounts.policy), call one service, go back to the record."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from safehold.accounts.policy import Perm, has_perm
from safehold.children_in_care.models import CareEpisode
from safehold.web.access import open_for
from safehold.web.submit import explained, submit, submitted

from . import outcomes, services
from .forms import (
    AnnualOutcomesForm,
    CarePlanForm,
    DentalCheckForm,
    EducationPlanForm,
    HealthAssessmentForm,
    IROContactForm,
    MissingEpisodeForm,
    MissingUpdateForm,
    ReviewForm,
    VisitForm,
    combine,
    yes_no,
)
from .models import AnnualOutcomes, MissingEpisode

# Services name model fields; the forms split a date and time into two inputs.
_FIELD_FOR = {"started_at": "started_on", "ended_at": "ended_on", "interview_offered_at": "offered_on",
              "interview_accepted": "accepted", "interview_held_on": "held_on"}


def _open(request, pk: int, view: str, perm: Perm):
    return open_for(request, pk, f"care_planning:{view}", has_perm(request.user, perm))


def _page(request, person, form, *, title: str, submit: str, intro: str = ""):
    return render(request, "care_planning/form.html",
                  {"person": person, "form": form, "page_title": title, "submit_label": submit, "intro": intro})


def _record(request, pk: int, *, view: str, perm: Perm, form_class, call, title: str, submit: str, done: str,
            intro: str = ""):
    """The shape every "record an event" page shares: open the record, validate, call the service."""
    person, refused = _open(request, pk, view, perm)
    if refused:
        return refused
    initial = {name: request.user for name in ("chaired_by", "iro") if request.user.role == "iro"}
    form = form_class(request.POST or None, initial=initial)
    if submitted(request, form, lambda c: call(person, c), done, field_map=_FIELD_FOR):
        return redirect("people:detail", pk=person.pk)
    return _page(request, person, form, title=title, submit=submit, intro=intro)


@login_required
def review_new(request, pk: int):
    def call(person, c):
        review = services.review_record(by=request.user, person=person, review_date=c["review_date"],
                                        participation=c["participation"], chaired_by=c["chaired_by"],
                                        care_plan_endorsed=bool(yes_no(c["care_plan_endorsed"])),
                                        recommendations=c["recommendations"])
        return f"Review {review.sequence} recorded"
    return _record(request, pk, view="review_new", perm=Perm.CONFERENCE_RECORD, form_class=ReviewForm, call=call,
                   title="Record a looked after review", submit="Save the review", done="Review recorded",
                   intro="The first review is due within 20 working days of the child becoming looked after, the "
                         "second within 3 months of the first, then at least every 6 months.")


@login_required
def care_plan_new(request, pk: int):
    def call(person, c):
        services.care_plan_record(by=request.user, person=person, agreed_on=c["agreed_on"],
                                  permanence_plan=c["permanence_plan"], summary=c["summary"])
    return _record(request, pk, view="care_plan_new", perm=Perm.CASEWORK_RECORD, form_class=CarePlanForm, call=call,
                   title="Record the care plan", submit="Save the care plan", done="Care plan recorded",
                   intro="The care plan sets out the permanence plan, which is due by the second review.")


@login_required
def visit_new(request, pk: int):
    def call(person, c):
        seen = yes_no(c["child_seen"])
        services.visit_record(by=request.user, person=person, visited_on=c["visited_on"], child_seen=seen,
                              child_seen_alone=bool(yes_no(c["child_seen_alone"])), childs_words=c["childs_words"],
                              notes=c["notes"])
        return None if seen else "Visit recorded. The child was not seen, so a visit is still due"
    return _record(request, pk, view="visit_new", perm=Perm.CASEWORK_RECORD, form_class=VisitForm, call=call,
                   title="Record a statutory visit", submit="Save the visit", done="Visit recorded",
                   intro="A visit is due within a week of every new placement, then at least every 6 weeks in the "
                         "first year (3 months after that if the placement is meant to last until 18).")


@login_required
def health_assessment_new(request, pk: int):
    def call(person, c):
        a = services.health_assessment_record(by=request.user, person=person, assessed_on=c["assessed_on"])
        return f"{a.get_kind_display()} recorded"
    return _record(request, pk, view="health_assessment_new", perm=Perm.CASEWORK_RECORD,
                   form_class=HealthAssessmentForm, call=call, title="Record a health assessment",
                   submit="Save the health assessment", done="Health assessment recorded",
                   intro="The first assessment in a period of care is the initial one; reviews follow every 6 months "
                         "for a child under 5 and every 12 months from 5.")


@login_required
def dental_check_new(request, pk: int):
    def call(person, c):
        services.dental_check_record(by=request.user, person=person, checked_on=c["checked_on"])
    return _record(request, pk, view="dental_check_new", perm=Perm.CASEWORK_RECORD, form_class=DentalCheckForm,
                   call=call, title="Record a dental check", submit="Save the dental check",
                   done="Dental check recorded")


@login_required
def education_plan_new(request, pk: int):
    def call(person, c):
        services.education_plan_record(by=request.user, person=person, held_on=c["held_on"], school=c["school"],
                                       summary=c["summary"])
    return _record(request, pk, view="education_plan_new", perm=Perm.CASEWORK_RECORD, form_class=EducationPlanForm,
                   call=call, title="Record a personal education plan", submit="Save the plan",
                   done="Personal education plan recorded",
                   intro="A personal education plan is due within 20 working days of becoming looked after and is "
                         "reviewed each term.")


@login_required
def iro_contact_new(request, pk: int):
    def call(person, c):
        services.iro_contact_record(by=request.user, person=person, contact_on=c["contact_on"], method=c["method"],
                                    notes=c["notes"], iro=c["iro"])
    return _record(request, pk, view="iro_contact_new", perm=Perm.CONFERENCE_RECORD, form_class=IROContactForm,
                   call=call, title="Record an IRO contact with the child", submit="Save the contact",
                   done="IRO contact recorded")


@login_required
def missing_new(request, pk: int):
    def call(person, c):
        ended = combine(c.get("ended_on"), c.get("ended_time"))
        services.missing_episode_record(by=request.user, person=person, kind=c["kind"],
                                        started_at=combine(c["started_on"], c["started_time"]), ended_at=ended)
        return ("Missing episode recorded. A return home interview must be offered within 72 hours of the return"
                if ended else "Missing episode recorded. Record the return as soon as the child is back")
    return _record(request, pk, view="missing_new", perm=Perm.CASEWORK_RECORD, form_class=MissingEpisodeForm,
                   call=call, title="Record a missing episode", submit="Save the episode",
                   done="Missing episode recorded")


@login_required
def missing_edit(request, pk: int, episode_id: int):
    person, refused = _open(request, pk, "missing_edit", Perm.CASEWORK_RECORD)
    if refused:
        return refused
    episode = get_object_or_404(MissingEpisode, pk=episode_id, person=person)

    def parts(value):
        local = timezone.localtime(value) if value else None
        return (local.date(), local.strftime("%H:%M")) if local else (None, "")

    ended_on, ended_time = parts(episode.ended_at)
    offered_on, offered_time = parts(episode.interview_offered_at)
    initial = {"version": episode.version, "ended_on": ended_on, "ended_time": ended_time, "offered_on": offered_on,
               "offered_time": offered_time,
               "accepted": {True: "yes", False: "no"}.get(episode.interview_accepted, ""),
               "held_on": episode.interview_held_on, "notes": episode.interview_notes}
    form = MissingUpdateForm(request.POST or None, initial=initial)
    if submit(request, form, lambda c: services.missing_episode_update(
            by=request.user, episode=episode, expected_version=c["version"] or episode.version,
            ended_at=combine(c["ended_on"], c["ended_time"]),
            interview_offered_at=combine(c["offered_on"], c["offered_time"]),
            interview_accepted=yes_no(c["accepted"]), interview_held_on=c["held_on"], interview_notes=c["notes"]),
            success="Missing episode updated", field_map=_FIELD_FOR,
            on_conflict=explained(form, "Someone else changed this episode after you opened it. Nothing you "
                                        "entered has been saved. Check the record, then save again.")):
        return redirect("people:detail", pk=person.pk)
    started = timezone.localtime(episode.started_at)
    return _page(request, person, form, title="Return and return home interview", submit="Save",
                 intro=f"{episode.get_kind_display()} from {started:%d/%m/%Y %H:%M}. A return home interview must be "
                       "offered within 72 hours of the child's return.")


@login_required
def outcomes_edit(request, pk: int, year: int):
    """The child's SSDA903 OC2 answers for the year ending 31 March `year`."""
    person, refused = _open(request, pk, "outcomes_edit", Perm.CASEWORK_RECORD)
    if refused:
        return refused
    if not 2000 <= year <= 2100:
        raise Http404("No such collection year")
    year_ending = dt.date(year, 3, 31)
    record = AnnualOutcomes.objects.filter(person=person, year_ending=year_ending).first()
    fields = [f for f in AnnualOutcomesForm.base_fields if f != "version"]
    initial = {"version": record.version, **{f: getattr(record, f) for f in fields}} if record else {}
    applies = outcomes.applies(person.dob, year_ending) if person.dob else None
    form = AnnualOutcomesForm(request.POST or None, initial=initial, applies=applies)
    # A form opened before any answers existed carries no version: if someone saved in the
    # meantime, version 0 makes that a conflict rather than an overwrite.
    if submit(request, form, lambda c: services.outcomes_update(
            by=request.user, person=person, year_ending=year_ending,
            expected_version=c["version"] if c["version"] is not None else 0, **{f: c.get(f) for f in fields}),
            success=f"Outcomes for the year to 31 March {year} saved", field_map=_FIELD_FOR,
            on_conflict=explained(form, "Someone else changed these outcomes after you opened them. Nothing you "
                                        "entered has been saved. Check the record, then save again.")):
        return redirect("people:detail", pk=person.pk)
    intro = ("The SSDA903 asks these for every child looked after continuously for 12 months at 31 March (OC2). "
             "The health assessment and the dental check are read from the record.")
    if year_ending <= timezone.localdate() and not outcomes.continuously_looked_after(
            list(CareEpisode.objects.filter(person=person)), year_ending):
        intro += (f" {person} was not looked after for the whole of this year, so these answers will not be in "
                  "that year's return.")
    return _page(request, person, form, title=f"Outcomes for the year to 31 March {year}", submit="Save",
                 intro=intro)

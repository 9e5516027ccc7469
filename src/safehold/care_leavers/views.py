"""Care leaver views: check access (web.access, accounts.policy), call one service, redirect."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone

from safehold.accounts.models import Team, User
from safehold.accounts.policy import Perm, has_perm
from safehold.web.access import forbidden, open_for
from safehold.web.submit import submit, submitted

from . import selectors, services
from .codes import accom_code
from .forms import (
    AccommodationForm,
    CheckInForm,
    ContactForm,
    EligibilityForm,
    PathwayPlanForm,
    PathwayPlanReviewForm,
    PersonalAdviserForm,
)


def _open(request, pk: int, view: str, allowed: bool = True):
    return open_for(request, pk, f"care_leavers:{view}", allowed)


def _recorder(request, pk: int, view: str):
    return _open(request, pk, view, has_perm(request.user, Perm.CASEWORK_RECORD))


def _form_page(request, person, form, *, title: str, submit: str, intro: str = ""):
    return render(request, "care_leavers/form.html", {"person": person, "form": form, "page_title": title,
                                                      "submit_label": submit, "intro": intro})


def _back(person):
    return redirect("people:detail", pk=person.pk)


def _today(*fields) -> dict:
    return {f: timezone.localdate() for f in fields}


def _not_a_care_leaver(request, person):
    messages.success(request, f"{person.full_name} has no care leaver category yet: record it first")
    return _back(person)


@login_required
def eligibility_set(request, pk: int):
    person, refused = _recorder(request, pk, "eligibility_set")
    if refused:
        return refused
    today = timezone.localdate()
    status = selectors.current_status(person)
    suggestion = services.suggested_category(person, today)
    initial = {"start_date": today, "eligibility": (suggestion.eligibility if suggestion else
                                                     status.eligibility if status else ""),
               "support_requested_to_25": bool(status and status.support_requested_to_25)}
    if status and (not suggestion or suggestion.eligibility == status.eligibility):
        initial.update(eligibility=status.eligibility, start_date=status.start_date)
    form = EligibilityForm(request.POST or None, initial=initial)
    if submit(request, form, lambda c: services.eligibility_set(
            by=request.user, person=person, eligibility=c["eligibility"], start_date=c["start_date"],
            reason=c["reason"], support_requested_to_25=c["support_requested_to_25"]),
            success="Care leaver category saved"):
        return _back(person)
    intro = (f"Suggested from the periods of care: {suggestion.label}. {suggestion.reason}." if suggestion
             else "The periods of care suggest no care leaver category today.")
    if status:
        intro += f" Recorded now: {status.get_eligibility_display()} since {services.d(status.start_date)}" + (
            "" if status.confirmed else ", not yet confirmed") + "."
    return _form_page(request, person, form, title="Care leaver category", submit="Save the category", intro=intro)


@login_required
def personal_adviser_assign(request, pk: int):
    person, refused = _open(request, pk, "personal_adviser_assign", has_perm(request.user, Perm.CASE_ALLOCATE))
    if refused:
        return refused
    current = selectors.personal_adviser(person)
    form = PersonalAdviserForm(request.POST or None, initial=_today("started_on"))
    if submit(request, form, lambda c: services.personal_adviser_assign(
            by=request.user, person=person, worker=c["worker"], team=c["team"], started_on=c["started_on"],
            reason=c["reason"]), success="Personal adviser assigned"):
        return _back(person)
    intro = (f"Personal adviser now: {current.worker} ({current.team}), since {services.d(current.started_on)}."
             if current else "No personal adviser is allocated.")
    return _form_page(request, person, form, title="Assign a personal adviser", submit="Assign", intro=intro)


@login_required
def pathway_plan(request, pk: int):
    """Record the pathway plan, or, once there is one, a review of it."""
    person, refused = _recorder(request, pk, "pathway_plan")
    if refused:
        return refused
    if selectors.current_status(person) is None:
        return _not_a_care_leaver(request, person)
    plan = selectors.pathway_plan(person)
    if plan is None:
        form = PathwayPlanForm(request.POST or None, initial=_today("start_date"))
    else:
        form = PathwayPlanReviewForm(request.POST or None, initial=_today("review_date"))
    def save(c):
        if plan is None:
            services.pathway_plan_start(by=request.user, person=person, start_date=c["start_date"],
                                        summary=c["summary"], young_person_views=c["young_person_views"])
        else:
            services.pathway_plan_review_record(by=request.user, person=person, review_date=c["review_date"],
                                                summary=c["summary"], young_person_views=c["young_person_views"])

    if submitted(request, form, save, "Pathway plan saved" if plan is None else "Pathway plan review recorded"):
        return _back(person)
    if plan is None:
        return _form_page(request, person, form, title="Record the pathway plan", submit="Save the plan",
                          intro="The plan must be reviewed at least every 6 months.")
    last = selectors.last_review(person)
    due = selectors.open_work(person, "PATHWAY_PLAN_REVIEW")
    intro = f"Pathway plan made {services.d(plan.start_date)}"
    intro += f"; last reviewed {services.d(last.review_date)}" if last else "; not yet reviewed"
    intro += f"; review due {services.d(due.due_on)}." if due else "."
    return _form_page(request, person, form, title="Record a pathway plan review", submit="Record the review",
                      intro=intro)


@login_required
def contact_record(request, pk: int):
    person, refused = _recorder(request, pk, "contact_record")
    if refused:
        return refused
    if selectors.current_status(person) is None:
        return _not_a_care_leaver(request, person)
    form = ContactForm(request.POST or None, initial={**_today("contact_date"), "by_personal_adviser": True})
    if submitted(request, form, lambda c: services.contact_record(
            by=request.user, person=person, contact_date=c["contact_date"], method=c["method"],
            in_accommodation=c["in_accommodation"], by_personal_adviser=c["by_personal_adviser"],
            notes=c["notes"]), "Contact recorded"):
        return _back(person)
    due = selectors.open_work(person, "PA_CONTACT")
    return _form_page(request, person, form, title="Record a keeping in touch contact", submit="Record the contact",
                      intro="The personal adviser keeps in touch at least every 2 months, and visits within 7 days "
                            "of a move." + (f" Next contact due {services.d(due.due_on)}." if due else ""))


@login_required
def accommodation_change(request, pk: int):
    person, refused = _recorder(request, pk, "accommodation_change")
    if refused:
        return refused
    if selectors.current_status(person) is None:
        return _not_a_care_leaver(request, person)
    current = selectors.current_accommodation(person)
    form = AccommodationForm(request.POST or None, initial=_today("start_date"))
    if submitted(request, form, lambda c: services.accommodation_change(
            by=request.user, person=person, start_date=c["start_date"], accommodation=c["accommodation"],
            accom_suitable=c["accom_suitable"], address=c["address"], postcode=c["postcode"]),
            "Accommodation recorded"):
        return _back(person)
    intro = (f"Now: {current.get_accommodation_display()} ({current.code}) since {services.d(current.start_date)}."
             if current else "No accommodation recorded yet.")
    return _form_page(request, person, form, title="Record a change of accommodation", submit="Record the move",
                      intro=intro + " The personal adviser must visit the new home within 7 days.")


@login_required
def check_in_record(request, pk: int):
    person, refused = _recorder(request, pk, "check_in_record")
    if refused:
        return refused
    if selectors.current_status(person) is None:
        return _not_a_care_leaver(request, person)
    today = timezone.localdate()
    rows = [r for r in selectors.check_ins(person, on=today) if r["check_in"] is None and r["opens"] <= today]
    if not rows:
        nxt = selectors.next_check_in(selectors.check_ins(person, on=today))
        when = (f": the {services.ordinal(nxt['age'])} birthday check-in opens on {services.d(nxt['opens'])}"
                if nxt else "")
        messages.success(request, "No birthday check-in is due" + when)
        return _back(person)
    ages = [(r["age"], f"{services.ordinal(r['age'])} birthday, {services.d(r['birthday'])}") for r in rows]
    initial = {"recorded_on": today, "age": request.GET.get("age") or rows[0]["age"]}
    home = selectors.current_accommodation(person)
    if home:
        initial["accommodation"] = accom_code(home.accommodation, home.accom_suitable)
    form = CheckInForm(request.POST or None, initial=initial, ages=ages,
                       window_months=selectors.check_in_window_months())
    if submitted(request, form, lambda c: services.check_in_record(
            by=request.user, person=person, age=c["age"], in_touch=c["in_touch"], activity=c["activity"],
            accommodation=c["accommodation"], recorded_on=c["recorded_on"]), "Birthday check-in recorded"):
        return _back(person)
    return _form_page(request, person, form, title="Record a birthday check-in", submit="Record the check-in",
                      intro="The items of the SSDA903 care leavers return (OC3), around the birthday.")


@login_required
def caseload(request):
    if not has_perm(request.user, Perm.PERSON_VIEW):
        return forbidden(request)
    teams = Team.objects.exclude(kind="partner").order_by("name")
    team_param = request.GET.get("team")
    team = None
    if team_param is None and request.user.team_id:
        team = request.user.team
    elif team_param and team_param.isdigit():
        team = teams.filter(pk=int(team_param)).first()
    advisers = selectors.advisers_for(fetched_by=request.user)
    adviser_param = request.GET.get("adviser") or ""
    adviser = (User.objects.filter(pk=int(adviser_param)).first() if adviser_param.isdigit() else None)
    page_obj, rows = selectors.caseload(fetched_by=request.user, team=team, adviser=adviser,
                                        page=request.GET.get("page", 1))
    query = "&".join(f"{k}={request.GET[k]}" for k in ("team", "adviser") if request.GET.get(k, "").isdigit())
    return render(request, "care_leavers/caseload.html", {
        "rows": rows, "page_obj": page_obj, "query": query, "teams": teams, "team": team, "advisers": advisers,
        "adviser": adviser,
        "today": timezone.localdate(), "page_title": "Care leavers"})

"""Children in care views: check access (web.access, accounts.policy), call one service, redirect."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from safehold.accounts.policy import Perm, has_perm
from safehold.core.concurrency import EditConflict
from safehold.family_help.models import CINEpisode
from safehold.people.selectors import mask_restricted
from safehold.web.access import forbidden, open_for, open_person
from safehold.web.submit import submit

from . import placement_requests, selectors, services
from .forms import (
    ActionForm,
    AdoptionForm,
    AuthorisationForm,
    DoLOForm,
    LegalStatusForm,
    PeriodEndForm,
    PeriodStartForm,
    PlacementChangeForm,
    PlacementRequestAuthoriseForm,
    PlacementRequestDeclineForm,
    ProviderForm,
    UASCForm,
)
from .models import (
    AdoptionMilestones,
    DeprivationOfLibertyOrder,
    PlacementRequest,
    Provider,
    UASCStatus,
    UnregisteredPlacementAuthorisation,
)
from .placement_requests import waiting_requests

CONFLICT = ("Someone else changed this {what} after you opened it. Nothing you entered has been saved. Check the "
            "record, then save again.")


def _can_place(user) -> bool:
    return has_perm(user, Perm.CASEWORK_RECORD) or has_perm(user, Perm.PLACEMENT_AUTHORISE_UNREGISTERED)


def _open(request, pk: int, view: str, allowed: bool = True):
    return open_for(request, pk, f"children_in_care:{view}", allowed)


def _form_page(request, person, form, *, title: str, submit: str, intro: str = "", items=None, **extra):
    return render(request, "children_in_care/form.html",
                  {"person": person, "form": form, "page_title": title, "submit_label": submit, "intro": intro,
                   "items": items or [], **extra})


def _conflict(form, request, conflict: EditConflict, what: str):
    data = request.POST.copy()
    data[form.add_prefix("version")] = conflict.current.version
    form = type(form)(data, **getattr(form, "_kwargs", {}))
    form.is_valid()
    form.add_error(None, CONFLICT.format(what=what))
    return form


def _today(*fields) -> dict:
    return {f: timezone.localdate() for f in fields}


def _back(person):
    return redirect("people:detail", pk=person.pk)


GUARD_INTRO = ("Placements in a setting that must be registered with Ofsted (children's homes, supported "
               "accommodation) are refused if the provider is not registered, and a child under 16 cannot be "
               "placed in supported accommodation or other arrangements. Only a director can authorise such a "
               "placement.")


# --- Asking a director (issue 14.2) -------------------------------------------------------------------------

def _can_ask_director(request, authorise: bool) -> bool:
    return not authorise and has_perm(request.user, Perm.CASEWORK_RECORD)


def _director_field(form) -> None:
    """The worker's reasons, offered once the guard has refused the placement."""
    form.fields["director_request_reason"] = forms.CharField(
        label="Why this placement, and what else was tried (for the director)", required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="A director decides. Nothing is placed until they authorise it.")


def _ask_director(request, person, form, kind: str):
    """Keep the refused placement as a request to the directors; the redirect, or None with the errors on the form."""
    try:
        made = placement_requests.placement_request_make(
            by=request.user, person=person, kind=kind, cleaned=form.cleaned_data,
            reason=request.POST.get("director_request_reason", ""))
    except ValidationError as exc:
        form.add_service_errors(exc)
        return None
    messages.success(request, "Sent to the directors: nothing is placed until one of them authorises it")
    return redirect("children_in_care:placement_request", request_id=made.pk)


def _asking_director(request, person, form, kind: str, authorise: bool):
    """(asking, response): is this POST the "Ask a director" button, and if the request was made, the redirect.
    When asking, the reasons field is on the form and any error is on it."""
    asking = request.method == "POST" and bool(request.POST.get("ask_director")) and \
        _can_ask_director(request, authorise)
    if not asking:
        return False, None
    _director_field(form)
    return True, (_ask_director(request, person, form, kind) if form.is_valid() else None)


def _refused_by_guard(request, form, exc, authorise: bool) -> bool:
    """After a refusal: offer "Ask a director" when it was the guard that refused and the worker may ask."""
    if _can_ask_director(request, authorise) and isinstance(exc, services.UnregisteredPlacementRefused):
        _director_field(form)
        return True
    return False


# --- Periods, legal status, placements ---------------------------------------------------------------

@login_required
def period_start(request, pk: int):
    person, refused = _open(request, pk, "period_start", _can_place(request.user))
    if refused:
        return refused
    if selectors.open_period(person):
        messages.success(request, f"{person.full_name} is already looked after")
        return _back(person)
    authorise = has_perm(request.user, Perm.PLACEMENT_AUTHORISE_UNREGISTERED)
    # A child in care with no episode of need open would be missing from the CIN census: the form asks
    # where the referral came from and the service opens one (the start date decides in the service).
    needs_referral = has_perm(request.user, Perm.CASEWORK_RECORD) and \
        not CINEpisode.objects.filter(person=person, closure_date__isnull=True).exists()
    form = PeriodStartForm(request.POST or None, initial=_today("start_date"), authorise=authorise,
                           needs_referral=needs_referral)
    asking, response = _asking_director(request, person, form, "period_start", authorise)
    if response:
        return response
    ask_director = asking
    if not asking:
        done = submit(request, form, lambda c: services.period_start(
            by=request.user, person=person, start_date=c["start_date"], legal_status=c["legal_status"],
            category_of_need=c["category_of_need"], placement_type=c["placement_type"], provider=c["provider"],
            intended_until_18=c["intended_until_18"], weekly_visits=c["weekly_visits"],
            authorisation=form.authorisation(), previous_permanence=c["previous_permanence"],
            previous_permanence_la=c["previous_permanence_la"],
            previous_permanence_date=c["previous_permanence_date"], referral_source=c.get("referral_source", "")),
            success=lambda _r: f"{person.full_name} is looked after from "
                               f"{services.d(form.cleaned_data['start_date'])}")
        if done:
            return _back(person)
        if done.error is not None:
            ask_director = _refused_by_guard(request, form, done.error, authorise)
    return _form_page(request, person, form, title="Record that the child became looked after",
                      submit="Record the period of care", intro=GUARD_INTRO, authorise=authorise,
                      ask_director=ask_director)


@login_required
def legal_status_change(request, pk: int):
    person, refused = _open(request, pk, "legal_status_change", has_perm(request.user, Perm.CASEWORK_RECORD))
    if refused:
        return refused
    episode = selectors.current_episode(person)
    if episode is None:
        messages.success(request, f"{person.full_name} is not looked after")
        return _back(person)
    form = LegalStatusForm(request.POST or None, initial=_today("start_date"))
    if submit(request, form, lambda c: services.legal_status_change(
            by=request.user, person=person, start_date=c["start_date"], legal_status=c["legal_status"]),
            success="Legal status changed"):
        return _back(person)
    return _form_page(request, person, form, title="Change of legal status", submit="Record the change",
                      intro=f"Current legal status: {episode.legal_status} {episode.get_legal_status_display()}, "
                            f"since {services.d(episode.start_date)}.")


@login_required
def placement_change(request, pk: int):
    person, refused = _open(request, pk, "placement_change", _can_place(request.user))
    if refused:
        return refused
    current = selectors.current_placement(person)
    if current is None:
        messages.success(request, f"{person.full_name} is not looked after")
        return _back(person)
    authorise = has_perm(request.user, Perm.PLACEMENT_AUTHORISE_UNREGISTERED)
    form = PlacementChangeForm(request.POST or None, authorise=authorise,
                               initial={"version": current.version, **_today("start_date")})
    form._kwargs = {"authorise": authorise}
    asking, response = _asking_director(request, person, form, "placement_change", authorise)
    if response:
        return response
    ask_director = asking
    if not asking:
        done = submit(request, form, lambda c: services.placement_change(
            by=request.user, person=person, start_date=c["start_date"], placement_type=c["placement_type"],
            provider=c["provider"], change_reason=c["change_reason"], same_carer=c["same_carer"],
            legal_status=c["legal_status"], intended_until_18=c["intended_until_18"],
            weekly_visits=c["weekly_visits"], authorisation=form.authorisation(), expected_version=c["version"]),
            success="Placement changed", on_conflict=lambda conflict: _conflict(form, request, conflict, "placement"))
        if done:
            return _back(person)
        if done.error is not None:
            ask_director = _refused_by_guard(request, form, done.error, authorise)
        form = done.form
    return _form_page(request, person, form, title="Change of placement", submit="Record the move",
                      intro=f"Current placement: {current}. " + GUARD_INTRO, authorise=authorise,
                      ask_director=ask_director)


@login_required
def period_end(request, pk: int):
    person, refused = _open(request, pk, "period_end", has_perm(request.user, Perm.CASEWORK_RECORD))
    if refused:
        return refused
    period = selectors.open_period(person)
    if period is None:
        messages.success(request, f"{person.full_name} is not looked after")
        return _back(person)
    form = PeriodEndForm(request.POST or None, initial={"version": period.version, **_today("end_date")})
    done = submit(request, form, lambda c: services.period_end(
        by=request.user, person=person, end_date=c["end_date"], reason=c["reason"], expected_version=c["version"]),
        success="Left care recorded", on_conflict=lambda conflict: _conflict(form, request, conflict, "period of care"))
    if done:
        return _back(person)
    form = done.form
    return _form_page(request, person, form, title="Record that the child left care", submit="Record leaving care",
                      intro=f"Looked after since {services.d(period.start_date)}.")


# --- DoLO, UASC, adoption ----------------------------------------------------------------------------

@login_required
def dolo_edit(request, pk: int, dolo_id: int | None = None):
    view = "dolo_edit" if dolo_id else "dolo_new"
    person, refused = _open(request, pk, view, has_perm(request.user, Perm.CASEWORK_RECORD))
    if refused:
        return refused
    order = get_object_or_404(DeprivationOfLibertyOrder, pk=dolo_id, person=person) if dolo_id else None
    initial = ({"version": order.version, "start_date": order.start_date, "end_date": order.end_date,
                "court": order.court, "review_date": order.review_date} if order else {})
    form = DoLOForm(request.POST or None, initial=initial)

    def save(c):
        if order:
            services.dolo_update(by=request.user, order=order, expected_version=c["version"] or order.version,
                                 start_date=c["start_date"], end_date=c["end_date"], court=c["court"],
                                 review_date=c["review_date"])
        else:
            services.dolo_record(by=request.user, person=person, start_date=c["start_date"],
                                 end_date=c["end_date"], court=c["court"], review_date=c["review_date"])

    done = submit(request, form, save, success="Deprivation of liberty order saved",
                  on_conflict=lambda conflict: _conflict(form, request, conflict, "order"))
    if done:
        return _back(person)
    form = done.form
    return _form_page(request, person, form, title="Deprivation of liberty order", submit="Save the order",
                      intro="A child under a deprivation of liberty order must not be placed in a secure children's "
                            "home (K1), with parents (P1), a young offender institution (R5) or supported "
                            "accommodation (K3) (903 rule 710).")


@login_required
def uasc_edit(request, pk: int):
    person, refused = _open(request, pk, "uasc_edit", has_perm(request.user, Perm.CASEWORK_RECORD))
    if refused:
        return refused
    status = UASCStatus.objects.filter(person=person).first()
    initial = {"version": status.version, "is_uasc": status.is_uasc, "ceased_on": status.ceased_on} if status else {}
    form = UASCForm(request.POST or None, initial=initial)
    done = submit(request, form, lambda c: services.uasc_update(
        by=request.user, person=person, is_uasc=c["is_uasc"], ceased_on=c["ceased_on"],
        expected_version=c["version"]), success="UASC status saved",
        on_conflict=lambda conflict: _conflict(form, request, conflict, "UASC status"))
    if done:
        return _back(person)
    form = done.form
    return _form_page(request, person, form, title="Unaccompanied asylum-seeking child", submit="Save")


@login_required
def adoption_edit(request, pk: int):
    person, refused = _open(request, pk, "adoption_edit", has_perm(request.user, Perm.CASEWORK_RECORD))
    if refused:
        return refused
    record = AdoptionMilestones.objects.filter(person=person).first()
    fields = [f for f in AdoptionForm.base_fields if f != "version"]
    initial = {"version": record.version, **{f: getattr(record, f) for f in fields}} if record else {}
    form = AdoptionForm(request.POST or None, initial=initial)
    done = submit(request, form, lambda c: services.adoption_update(
        by=request.user, person=person, expected_version=c["version"], **{f: c[f] for f in fields}),
        success="Adoption milestones saved",
        on_conflict=lambda conflict: _conflict(form, request, conflict, "adoption record"))
    if done:
        return _back(person)
    form = done.form
    return _form_page(request, person, form, title="Adoption milestones", submit="Save",
                      intro="Each date must be on or after the one before it.")


# --- The provider register ---------------------------------------------------------------------------

@login_required
def provider_list(request):
    if not has_perm(request.user, Perm.PERSON_VIEW):
        return forbidden(request)
    providers = Provider.objects.all()
    return render(request, "children_in_care/provider_list.html", {
        "providers": providers, "can_manage": has_perm(request.user, Perm.PROVIDER_MANAGE)})


@login_required
def provider_edit(request, provider_id: int | None = None):
    if not has_perm(request.user, Perm.PROVIDER_MANAGE):
        return forbidden(request)
    provider = get_object_or_404(Provider, pk=provider_id) if provider_id else None
    fields = [f for f in ProviderForm.base_fields if f != "version"]
    initial = ({"version": provider.version, **{f: getattr(provider, f) for f in fields}} if provider
               else {"is_active": True})
    form = ProviderForm(request.POST or None, initial=initial)

    def save(c):
        values = {f: c[f] for f in fields}
        if provider:
            services.provider_update(by=request.user, provider=provider,
                                     expected_version=c["version"] or provider.version, **values)
        else:
            services.provider_create(by=request.user, **values)

    done = submit(request, form, save, success="Provider saved",
                  on_conflict=lambda conflict: _conflict(form, request, conflict, "provider"))
    if done:
        return redirect("children_in_care:provider_list")
    form = done.form
    return render(request, "children_in_care/form.html", {
        "form": form, "page_title": f"Edit {provider.name}" if provider else "Add a provider",
        "submit_label": "Save the provider", "back_url": "children_in_care:provider_list"})


# --- The unregistered placements register ---------------------------------------------------------------

@login_required
def unregistered_register(request):
    if not has_perm(request.user, Perm.PLACEMENT_REGISTER_VIEW):
        return forbidden(request)
    today = timezone.localdate()
    rows = [{"auth": a, "days": (today - a.placement.start_date).days, "overdue": a.target_end_date < today}
            for a in selectors.unregistered_placements(on=today, fetched_by=request.user)]

    waiting = list(waiting_requests())
    mask_restricted([r.person for r in waiting], request.user)
    return render(request, "children_in_care/unregistered_register.html", {
        "rows": rows, "today": today, "waiting": waiting,
        "can_edit": has_perm(request.user, Perm.CASEWORK_SIGN_OFF)
        or has_perm(request.user, Perm.PLACEMENT_AUTHORISE_UNREGISTERED)})


@login_required
def authorisation_edit(request, authorisation_id: int):
    if not (has_perm(request.user, Perm.CASEWORK_SIGN_OFF)
            or has_perm(request.user, Perm.PLACEMENT_AUTHORISE_UNREGISTERED)):
        return forbidden(request)
    auth = get_object_or_404(UnregisteredPlacementAuthorisation.objects.select_related("placement"),
                             pk=authorisation_id)
    person, refused = open_person(request, auth.person_id, "children_in_care:authorisation_edit")
    if refused:
        return refused
    form = AuthorisationForm(None, initial={
        "version": auth.version, "ofsted_notified_on": auth.ofsted_notified_on,
        "registration_application": auth.registration_application, "plan_to_end": auth.plan_to_end,
        "target_end_date": auth.target_end_date})
    action_form = ActionForm()
    if request.method == "POST" and request.POST.get("form") == "action":
        action_form = ActionForm(request.POST)
        if submit(request, action_form, lambda c: services.authorisation_action_add(
                by=request.user, authorisation=auth, action=c["action"], owner=c["owner"], due_date=c["due_date"]),
                success="Action added"):
            return redirect("children_in_care:authorisation_edit", authorisation_id=auth.pk)
    elif request.method == "POST":
        form = AuthorisationForm(request.POST)
        done = submit(request, form, lambda c: services.authorisation_update(
            by=request.user, authorisation=auth, expected_version=c["version"],
            ofsted_notified_on=c["ofsted_notified_on"], registration_application=c["registration_application"],
            plan_to_end=c["plan_to_end"], target_end_date=c["target_end_date"]),
            success="Authorisation updated",
            on_conflict=lambda conflict: _conflict(form, request, conflict, "authorisation"))
        if done:
            return redirect("children_in_care:unregistered_register")
        form = done.form
    return render(request, "children_in_care/authorisation_edit.html", {
        "person": person, "auth": auth, "form": form, "action_form": action_form,
        "actions": auth.actions.all(), "page_title": "Unregistered placement",
        "days": (timezone.localdate() - auth.placement.start_date).days})


@login_required
def placement_request(request, request_id: int):
    """A request to the directors (issue 14.2): the proposal, the guard's findings and the worker's reasons;
    a director authorises (the placement is made) or declines it. The worker who asked reads the decision."""
    req = get_object_or_404(PlacementRequest.objects.select_related("person", "requested_by", "decided_by"),
                            pk=request_id)
    is_director = has_perm(request.user, Perm.PLACEMENT_AUTHORISE_UNREGISTERED)
    person, refused = open_for(request, req.person_id, "children_in_care:placement_request",
                               is_director or has_perm(request.user, Perm.CASEWORK_RECORD)
                               or has_perm(request.user, Perm.CASEWORK_SIGN_OFF))
    if refused:
        return refused
    action = request.POST.get("action") if request.method == "POST" else None
    initial = {"version": req.version, "authorisation_reason": req.reason}
    authorise_form = PlacementRequestAuthoriseForm(request.POST if action == "authorise" else None, initial=initial,
                                                   prefix="authorise")
    decline_form = PlacementRequestDeclineForm(request.POST if action == "decline" else None,
                                               initial={"version": req.version}, prefix="decline")
    if action and not is_director:
        return forbidden(request, "Only a director (the DCS or an assistant director) decides this request.")
    form = authorise_form if action == "authorise" else decline_form
    if action in ("authorise", "decline") and form.is_valid():
        try:
            if action == "authorise":
                placement_requests.placement_request_authorise(
                    by=request.user, request=req, expected_version=form.cleaned_data["version"],
                    authorisation=form.authorisation())
                messages.success(request, "Authorised: the placement is made and is on the register of unregistered "
                                          "placements. Ofsted must be told.")
            else:
                placement_requests.placement_request_decline(
                    by=request.user, request=req, expected_version=form.cleaned_data["version"],
                    reason=form.cleaned_data["decline_reason"])
                messages.success(request, "Declined: the worker has been told")
            return redirect("children_in_care:placement_request", request_id=req.pk)
        except EditConflict:
            form.add_error(None, "Someone decided this request after you opened it: read where it stands now.")
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):  # the placing service's own fields belong to the proposal
                known = set(form.fields)
                for field, errors in exc.message_dict.items():
                    for error in errors:
                        form.add_error(field if field in known else None, error)
            else:
                form.add_error(None, exc)
        req.refresh_from_db()
    return render(request, "children_in_care/placement_request.html", {
        "req": req, "person": person, "summary": placement_requests.describe(req), "is_director": is_director,
        "authorise_form": authorise_form, "decline_form": decline_form,
        "form": form if action else authorise_form,  # the error summary reads `form`
    })

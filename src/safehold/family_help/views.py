"""Family Help views: check access (web.access, accounts.policy), call one service, redirect."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from safehold.accounts.policy import Perm, has_perm
from safehold.casework.models import Visit
from safehold.casework.signoff import sign_off_for, sign_off_ready
from safehold.core.concurrency import EditConflict
from safehold.web.access import forbidden, open_person, person_url_guard
from safehold.web.submit import submit

from . import selectors, services
from .forms import (
    AssessmentAuthoriseForm,
    AssessmentDraftForm,
    AssessmentStartForm,
    CINPlanEndForm,
    CINPlanForm,
    ClosureRequestForm,
    EarlyHelpCloseForm,
    EarlyHelpForm,
    EpisodeCloseForm,
    PlanReviewForm,
    PreProceedingsForm,
    ReferralForm,
    VisitForm,
    casework_users,
    lead_practitioners,
    to_yes_no,
    yes_no,
)
from .models import Assessment, CINEpisode, CINPlan, EarlyHelpEpisode, PreProceedings
from .services import PP_FIELDS

SESSION_ENDED = ("Your session has ended. What you wrote is kept on this device: sign in again and it will be "
                 "restored.")


def _open(request, pk: int, view: str, perm: Perm | None = None):
    """The child's record for `view`: 404 for roles with no record access, 403 without `perm`."""
    person_url_guard(request, pk)
    if perm is not None and not has_perm(request.user, perm):
        return None, forbidden(request)
    return open_person(request, pk, f"family_help:{view}")


def _context(person, **extra) -> dict:
    """Every page where practice is recorded shows the child's disability and communication needs."""
    return {"person": person, "disabilities": list(person.disabilities.all()), **extra}


def _form_page(request, person, form, *, title: str, submit: str, intro: str = "", items=None, status: int = 200,
               **extra):
    return render(request, "family_help/form.html",
                  _context(person, form=form, page_title=title, submit_label=submit, intro=intro, items=items or [],
                           **extra), status=status)


def _conflict(form_class, request, conflict: EditConflict, what: str, **kwargs):
    """The form as entered, carrying the record's new version, with the conflict explained: saving
    again is a deliberate choice made after looking, never an overwrite."""
    data = request.POST.copy()
    data["version"] = conflict.current.version
    form = form_class(data, **kwargs)
    form.is_valid()
    form.add_error(None, f"Someone else changed this {what} after you opened it. Nothing you entered has been "
                         "saved. Check the record, then save again.")
    return form


def _today_initial(*fields) -> dict:
    return {f: timezone.localdate() for f in fields}


def _me_if_in(queryset, user):
    return user.pk if queryset.filter(pk=user.pk).exists() else None


# --- The episode of need ---------------------------------------------------------------------------------

@login_required
def episode_detail(request, pk: int, episode_id: int):
    person, refused = _open(request, pk, "episode_detail")
    if refused:
        return refused
    episode = get_object_or_404(CINEpisode.objects.select_related("closure_signed_off_by", "closure_requested_by"),
                                pk=episode_id, person=person)
    return render(request, "family_help/episode_detail.html", _context(
        person, episode=episode, today=timezone.localdate(), **selectors.episode_detail(episode),
        can_record=has_perm(request.user, Perm.CASEWORK_RECORD),
        can_sign_off=has_perm(request.user, Perm.CASEWORK_SIGN_OFF)))


@login_required
def referral_new(request, pk: int):
    person_url_guard(request, pk)
    if not (has_perm(request.user, Perm.CASEWORK_RECORD) or has_perm(request.user, Perm.CONTACT_DECIDE)):
        return forbidden(request)
    person, refused = open_person(request, pk, "family_help:referral_new")
    if refused:
        return refused
    form = ReferralForm(request.POST or None, initial=_today_initial("referral_date"))
    def recorded(episode) -> str:
        work = selectors.assessment_work(episode)
        message = "Referral recorded"
        if episode.is_rereferral:
            message += " (a re-referral within 12 months)"
        if work:
            message += f". The assessment is due to be authorised by {services.d(work.due_on)}"
        return message

    done = submit(request, form, lambda d: services.referral_open(
        by=request.user, person=person, referral_date=d["referral_date"], source=d["referral_source"],
        primary_need=d["primary_need"]), success=recorded)
    if done:
        return redirect("family_help:episode_detail", pk=person.pk, episode_id=done.result.pk)
    return _form_page(request, person, form, title="Record a referral", submit="Record the referral",
                      intro="This opens an episode of need. The assessment is due within 45 working days of the "
                            "referral date.")


@login_required
def episode_close(request, pk: int, episode_id: int):
    """A manager signs off the closure; a worker asks a manager to close."""
    person, refused = _open(request, pk, "episode_close", Perm.CASEWORK_RECORD)
    if refused:
        return refused
    episode = get_object_or_404(CINEpisode, pk=episode_id, person=person)
    if not episode.is_open:
        messages.success(request, f"This episode closed on {services.d(episode.closure_date)}")
        return redirect("family_help:episode_detail", pk=person.pk, episode_id=episode.pk)
    sign_off = has_perm(request.user, Perm.CASEWORK_SIGN_OFF)
    open_work = services.episode_open_work(episode)
    if sign_off:
        form = EpisodeCloseForm(request.POST or None, initial={
            "version": episode.version, "closure_date": timezone.localdate(),
            "reason": episode.closure_requested_reason or None})
    else:
        form = ClosureRequestForm(request.POST or None, initial={"reason": episode.closure_requested_reason or None})
    def close(d):
        if sign_off:
            services.episode_close(by=request.user, episode=episode, closure_date=d["closure_date"],
                                   reason=d["reason"], expected_version=d["version"],
                                   primary_need=d["primary_need"], note=d["note"])
        else:
            services.episode_request_closure(by=request.user, episode=episode, reason=d["reason"], note=d["note"])

    done = submit(request, form, close,
                  success="Episode closed and signed off" if sign_off
                  else "Closure requested: a manager will check and sign it off",
                  on_conflict=lambda exc: _conflict(EpisodeCloseForm, request, exc, "episode"))
    if done:
        return redirect("family_help:episode_detail", pk=person.pk, episode_id=episode.pk)
    form = done.form
    intro = (f"Referral of {services.long_date(episode.referral_date)}. Closing needs a reason and a manager's sign-off. "
             "Every assessment must be authorised and every plan ended first.")
    if sign_off and episode.closure_requested_at:
        intro += (f" {episode.closure_requested_by} asked for closure ({episode.closure_requested_reason}): "
                  f"{episode.closure_request_note}")
    return _form_page(request, person, form, title="Close the episode" if sign_off else "Ask for the episode to close",
                      submit="Sign off and close" if sign_off else "Ask a manager to close", intro=intro,
                      items=open_work, items_heading="Still open")


# --- Assessments -----------------------------------------------------------------------------------------

@login_required
def assessment_new(request, pk: int, episode_id: int):
    person, refused = _open(request, pk, "assessment_new", Perm.CASEWORK_RECORD)
    if refused:
        return refused
    episode = get_object_or_404(CINEpisode, pk=episode_id, person=person)
    form = AssessmentStartForm(request.POST or None, initial={
        "start_date": timezone.localdate(), "lead_worker": _me_if_in(casework_users(), request.user)})
    done = submit(request, form, lambda d: services.assessment_start(
        by=request.user, episode=episode, start_date=d["start_date"], lead_worker=d["lead_worker"]),
        success="Assessment started")
    if done:
        return redirect("family_help:assessment_edit", pk=person.pk, assessment_id=done.result.pk)
    work = selectors.assessment_work(episode)
    intro = f"For the referral of {services.long_date(episode.referral_date)}."
    if work:
        intro += f" The assessment is due to be authorised by {services.long_date(work.due_on)}."
    return _form_page(request, person, form, title="Start an assessment", submit="Start the assessment", intro=intro)


def _draft_version(request) -> tuple[int, bool]:
    """The draft version the writer's page carries, and whether they chose to save their text over a
    newer draft they have been shown (`overwrite_version`, the version they saw). A page that sends no
    version is treated as stale (-1): it is told, never allowed to overwrite."""
    for name in ("overwrite_version", "draft_version"):
        raw = request.POST.get(name, "").strip()
        if raw.isdigit():
            return int(raw), name == "overwrite_version"
    return -1, False


def _draft_conflict(request, person, current: Assessment) -> dict:
    """What the writer whose save was refused is shown: who saved the draft, when, and their text."""
    saved_by = current.draft_saved_by
    return {"person": person, "theirs": current, "saved_by": saved_by, "by_me": saved_by == request.user,
            "saved": timezone.localtime(current.draft_saved_at) if current.draft_saved_at else None,
            "autosave_url": reverse("family_help:assessment_autosave", args=[person.pk, current.pk]),
            "edit_url": reverse("family_help:assessment_edit", args=[person.pk, current.pk])}


def _draft_conflict_message(conflict: dict) -> str:
    when = f" at {conflict['saved']:%H:%M:%S}" if conflict["saved"] else ""
    if conflict["by_me"]:
        return (f"You saved a different version of this draft{when}, in another window or on another device. "
                "Your text here has not been saved.")
    return f"{conflict['saved_by'] or 'Someone else'} changed this draft{when}. Your text has not been saved."


@login_required
def assessment_edit(request, pk: int, assessment_id: int):
    person, refused = _open(request, pk, "assessment_edit", Perm.CASEWORK_RECORD)
    if refused:
        return refused
    assessment = get_object_or_404(Assessment.objects.select_related("episode", "lead_worker", "draft_saved_by"),
                                   pk=assessment_id, person=person)
    form = AssessmentDraftForm(request.POST or None, initial={"draft_text": assessment.draft_text})
    draft_version, conflict = assessment.draft_version, None
    if request.method == "POST" and form.is_valid():
        # Without JavaScript the worker saves the draft with the button.
        draft_version, overwriting = _draft_version(request)
        try:
            services.assessment_save_draft(by=request.user, assessment=assessment, expected_version=draft_version,
                                           text=form.cleaned_data["draft_text"], overwriting=overwriting)
        except EditConflict as exc:
            # Their text stays in the box; the page still carries the version they started from, so only
            # "Save my text over theirs" (which sends the version they have now seen) replaces the other text.
            conflict = _draft_conflict(request, person, exc.current)
            conflict["message"] = _draft_conflict_message(conflict)
            form.add_error("draft_text", conflict["message"] + " Compare it with theirs below.")
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, "Draft saved")
            return redirect("family_help:assessment_edit", pk=person.pk, assessment_id=assessment.pk)
    saved_ms = int(assessment.draft_saved_at.timestamp() * 1000) if assessment.draft_saved_at else 0
    return render(request, "family_help/assessment_edit.html", _context(
        person, assessment=assessment, episode=assessment.episode, form=form, saved_ms=saved_ms,
        draft_version=draft_version, conflict=conflict,
        work=selectors.assessment_work(assessment.episode), session_ended=SESSION_ENDED,
        login_url=f"{reverse(settings.LOGIN_URL)}?next={request.path}",
        storage_key=f"safehold-draft:{request.user.pk}:assessment:{assessment.pk}",
        can_sign_off=has_perm(request.user, Perm.CASEWORK_SIGN_OFF), sign_off=sign_off_for(assessment)))


def assessment_autosave(request, pk: int, assessment_id: int):
    """The htmx autosave (POST). An ended session answers 401, not a redirect to the sign-in page,
    so the page can tell the worker that what they wrote is kept on their device."""
    if not request.user.is_authenticated:
        if request.method == "POST":
            return HttpResponse(SESSION_ENDED, status=401, content_type="text/plain; charset=utf-8")
        return redirect_to_login(request.get_full_path())
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    person, refused = _open(request, pk, "assessment_autosave", Perm.CASEWORK_RECORD)
    if refused:
        return refused
    assessment = get_object_or_404(Assessment, pk=assessment_id, person=person)
    version, overwriting = _draft_version(request)
    try:
        assessment = services.assessment_save_draft(by=request.user, assessment=assessment, expected_version=version,
                                                    text=request.POST.get("draft_text", ""), overwriting=overwriting)
    except EditConflict as exc:
        # Someone saved the draft since this page did: nothing is written, and the writer is told in the
        # page's status region who and when, with their text, while their own stays in the box.
        conflict = _draft_conflict(request, person, exc.current)
        conflict["message"], conflict["on_device"] = _draft_conflict_message(conflict), True
        response = render(request, "family_help/_draft_conflict.html", conflict, status=409)
        response["X-Draft-Conflict"] = str(exc.current.draft_version)
        return response
    except ValidationError as exc:
        return HttpResponse(" ".join(exc.messages), status=409, content_type="text/plain; charset=utf-8")
    saved = timezone.localtime(assessment.draft_saved_at) if assessment.draft_saved_at else None
    response = render(request, "family_help/_draft_status.html",
                      {"saved": saved, "draft_version": assessment.draft_version})
    response["X-Draft-Saved-At"] = str(int(saved.timestamp() * 1000)) if saved else "0"
    response["X-Draft-Version"] = str(assessment.draft_version)
    return response


@login_required
def assessment_authorise(request, pk: int, assessment_id: int):
    person, refused = _open(request, pk, "assessment_authorise", Perm.CASEWORK_SIGN_OFF)
    if refused:
        return refused
    assessment = get_object_or_404(Assessment.objects.select_related("episode", "lead_worker"), pk=assessment_id,
                                   person=person)
    episode = assessment.episode
    if not assessment.is_open:
        messages.success(request, f"This assessment was authorised on {services.d(assessment.authorised_date)}")
        return redirect("family_help:episode_detail", pk=person.pk, episode_id=episode.pk)
    form = AssessmentAuthoriseForm(request.POST or None, initial={
        "version": assessment.version, "draft_version": assessment.draft_version,
        "authorised_date": timezone.localdate(), "summary": assessment.draft_text})

    def refreshed(exc: EditConflict):
        if "draft_text" not in exc.changed_fields:
            return _conflict(AssessmentAuthoriseForm, request, exc, "assessment")
        # The draft changed after this page was opened: the manager sees the new draft, and
        # authorising again (now carrying its version) is a choice made after reading it.
        current = exc.current
        data = request.POST.copy()
        data["draft_version"] = current.draft_version
        form = AssessmentAuthoriseForm(data)
        form.is_valid()
        when = f" at {timezone.localtime(current.draft_saved_at):%H:%M}" if current.draft_saved_at else ""
        form.add_error(None, f"{current.draft_saved_by or 'Someone'} changed the draft{when}, after you "
                             "opened this page. Nothing has been authorised. Read the latest draft below, "
                             "check the analysis and summary against it, then authorise again.")
        return form

    def authorised(_result) -> str:
        work = selectors.assessment_work(episode)
        message = "Assessment authorised"
        if work and work.status == work.Status.DONE:
            message += (" within 45 working days" if work.on_time
                        else f", late: it was due by {services.d(work.due_on)}")
        return message

    done = submit(request, form, lambda d: services.assessment_authorise(
        by=request.user, assessment=assessment, expected_version=d["version"],
        authorised_date=d["authorised_date"], factors=d["factors"], summary=d["summary"],
        primary_need=d["primary_need"], expected_draft_version=d["draft_version"]),
        success=authorised, on_conflict=refreshed)
    if done:
        return redirect("family_help:episode_detail", pk=person.pk, episode_id=episode.pk)
    form = done.form
    conflict = done.conflict
    latest_draft = conflict.current.draft_text if conflict and "draft_text" in conflict.changed_fields else ""
    work = selectors.assessment_work(episode)
    intro = f"Started on {services.long_date(assessment.start_date)} by {assessment.lead_worker}."
    if work:
        intro += f" Due to be authorised by {services.long_date(work.due_on)}."
    if episode.primary_need:
        intro += f" Primary need recorded: {episode.primary_need} {episode.get_primary_need_display()}."

    writing = sign_off_ready(assessment, by=request.user)
    writing = writing or services.draft_being_written(assessment, by=request.user)
    return _form_page(request, person, form, title="Authorise the assessment", submit="Authorise", intro=intro,
                      items=[writing] if writing and not form.non_field_errors() else [],
                      items_heading="Not ready to authorise",
                      latest_draft=latest_draft)


# --- Child in need plans and reviews ---------------------------------------------------------------------

@login_required
def cin_plan_new(request, pk: int, episode_id: int):
    person, refused = _open(request, pk, "cin_plan_new", Perm.CASEWORK_RECORD)
    if refused:
        return refused
    episode = get_object_or_404(CINEpisode, pk=episode_id, person=person)
    form = CINPlanForm(request.POST or None, initial={
        "start_date": timezone.localdate(), "lead_practitioner": _me_if_in(lead_practitioners(), request.user)})
    if submit(request, form, lambda d: services.cin_plan_start(
            by=request.user, episode=episode, start_date=d["start_date"], lead_practitioner=d["lead_practitioner"]),
            success="Child in need plan started"):
        return redirect("family_help:episode_detail", pk=person.pk, episode_id=episode.pk)
    return _form_page(request, person, form, title="Start a child in need plan", submit="Start the plan",
                      intro=f"For the referral of {services.long_date(episode.referral_date)}.")


@login_required
def cin_plan_end(request, pk: int, plan_id: int):
    person, refused = _open(request, pk, "cin_plan_end", Perm.CASEWORK_RECORD)
    if refused:
        return refused
    plan = get_object_or_404(CINPlan, pk=plan_id, person=person)
    if not plan.is_open:
        messages.success(request, f"This plan ended on {services.d(plan.end_date)}")
        return redirect("family_help:episode_detail", pk=person.pk, episode_id=plan.episode_id)
    form = CINPlanEndForm(request.POST or None, initial={"version": plan.version, "end_date": timezone.localdate()})
    done = submit(request, form, lambda d: services.cin_plan_end(
        by=request.user, plan=plan, end_date=d["end_date"], end_reason=d["end_reason"],
        expected_version=d["version"]), success="Child in need plan ended",
        on_conflict=lambda exc: _conflict(CINPlanEndForm, request, exc, "plan"))
    if done:
        return redirect("family_help:episode_detail", pk=person.pk, episode_id=plan.episode_id)
    form = done.form
    return _form_page(request, person, form, title="End the child in need plan", submit="End the plan",
                      intro=f"The plan started on {services.long_date(plan.start_date)}.")


PLAN_KINDS = {"cin": CINPlan, "early-help": EarlyHelpEpisode}


@login_required
def plan_review_new(request, pk: int, kind: str, plan_id: int):
    person, refused = _open(request, pk, "plan_review_new", Perm.CASEWORK_RECORD)
    if refused:
        return refused
    model = PLAN_KINDS.get(kind)
    if model is None:
        raise Http404("No such plan")
    plan = get_object_or_404(model, pk=plan_id, person=person)
    form = PlanReviewForm(request.POST or None, initial=_today_initial("review_date"))
    if submit(request, form, lambda d: services.plan_review_record(
            by=request.user, plan=plan, review_date=d["review_date"], outcome=d["outcome"]),
            success="Review recorded"):
        if isinstance(plan, CINPlan):
            return redirect("family_help:episode_detail", pk=person.pk, episode_id=plan.episode_id)
        return redirect("people:detail", pk=person.pk)
    what = "child in need plan" if isinstance(plan, CINPlan) else "Family Help (early help) plan"
    return _form_page(request, person, form, title=f"Review the {what}", submit="Save the review",
                      intro=f"The {what} started on {services.long_date(plan.start_date)}.")


# --- Visits ------------------------------------------------------------------------------------------------

@login_required
def visit_new(request, pk: int):
    person, refused = _open(request, pk, "visit_new", Perm.CASEWORK_RECORD)
    if refused:
        return refused
    kind = request.GET.get("kind")
    if kind not in (Visit.Kind.ASSESSMENT, Visit.Kind.CIN, Visit.Kind.EARLY_HELP):
        kind = (Visit.Kind.CIN if selectors.open_cin_plan(person) else Visit.Kind.ASSESSMENT
                if selectors.open_assessment(person) else Visit.Kind.EARLY_HELP
                if selectors.open_early_help(person) else None)
    form = VisitForm(request.POST or None, initial={
        "kind": kind, "visited_on": timezone.localdate(),
        "visited_by": _me_if_in(lead_practitioners(partners=True), request.user)})
    done = submit(request, form, lambda d: services.visit_record(
        by=request.user, person=person, kind=d["kind"], visited_on=d["visited_on"],
        child_seen=yes_no(d["child_seen"]), child_seen_alone=bool(yes_no(d["child_seen_alone"])),
        childs_words=d["childs_words"], notes=d["notes"], visited_by=d["visited_by"]), success="Visit recorded")
    if done:
        episode = selectors.open_episode(person)
        if done.result.kind != Visit.Kind.EARLY_HELP and episode:
            return redirect("family_help:episode_detail", pk=person.pk, episode_id=episode.pk)
        return redirect("people:detail", pk=person.pk)
    return _form_page(request, person, form, title="Record a visit", submit="Save the visit",
                      intro=f"Record who visited, whether you saw {person.forename} and whether alone, and what they "
                            "told you in their own words.")


# --- Targeted early help ----------------------------------------------------------------------------------

@login_required
def early_help_new(request, pk: int):
    person, refused = _open(request, pk, "early_help_new", Perm.CASEWORK_RECORD)
    if refused:
        return refused
    form = EarlyHelpForm(request.POST or None, initial={
        "start_date": timezone.localdate(),
        "lead_practitioner": _me_if_in(lead_practitioners(partners=True), request.user)})
    if submit(request, form, lambda d: services.early_help_open(
            by=request.user, person=person, start_date=d["start_date"], reason=d["reason"],
            lead_practitioner=d["lead_practitioner"], lead_practitioner_role=d["lead_practitioner_role"],
            lead_practitioner_agency=d["lead_practitioner_agency"], organisation=d["organisation"]),
            success="Family Help (early help) started"):
        return redirect("people:detail", pk=person.pk)
    return _form_page(request, person, form, title="Start Family Help (targeted early help)", submit="Start",
                      intro="Targeted early help below the child in need threshold, with a lead practitioner as the "
                            "family's single point of contact.")


@login_required
def early_help_close(request, pk: int, early_help_id: int):
    person, refused = _open(request, pk, "early_help_close", Perm.CASEWORK_RECORD)
    if refused:
        return refused
    episode = get_object_or_404(EarlyHelpEpisode, pk=early_help_id, person=person)
    if not episode.is_open:
        messages.success(request, f"This early help ended on {services.d(episode.end_date)}")
        return redirect("people:detail", pk=person.pk)
    form = EarlyHelpCloseForm(request.POST or None, initial={"version": episode.version,
                                                             "end_date": timezone.localdate()})
    done = submit(request, form, lambda d: services.early_help_close(
        by=request.user, episode=episode, end_date=d["end_date"], end_reason=d["end_reason"],
        end_note=d["end_note"], expected_version=d["version"]), success="Family Help (early help) ended",
        on_conflict=lambda exc: _conflict(EarlyHelpCloseForm, request, exc, "early help"))
    if done:
        return redirect("people:detail", pk=person.pk)
    form = done.form
    return _form_page(request, person, form, title="End Family Help (targeted early help)", submit="End the help",
                      intro=f"Started on {services.long_date(episode.start_date)}; lead practitioner "
                            f"{episode.lead_practitioner}.")


# --- Pre-proceedings and FGDM -------------------------------------------------------------------------------

def _pp_initial(pp: PreProceedings | None) -> dict:
    if pp is None:
        return {}

    initial = {f: getattr(pp, f) for f in PP_FIELDS}
    initial["version"] = pp.version
    initial["fgdm_meeting_offer"] = to_yes_no(pp.fgdm_meeting_offer)
    initial["fgdm_meeting_fac"] = to_yes_no(pp.fgdm_meeting_fac)
    return initial


@login_required
def pre_proceedings_edit(request, pk: int, episode_id: int):
    person, refused = _open(request, pk, "pre_proceedings_edit", Perm.CASEWORK_RECORD)
    if refused:
        return refused
    episode = get_object_or_404(CINEpisode, pk=episode_id, person=person)
    pp = PreProceedings.objects.filter(episode=episode).first()
    form = PreProceedingsForm(request.POST or None, initial=_pp_initial(pp))

    def record(d):
        if pp is None:
            services.pre_proceedings_record(by=request.user, episode=episode, data=form.service_data())
        else:
            services.pre_proceedings_update(by=request.user, pre_proceedings=pp, expected_version=d["version"] or 0,
                                            data=form.service_data())

    done = submit(request, form, record, success="Pre-proceedings recorded",
                  on_conflict=lambda exc: _conflict(PreProceedingsForm, request, exc, "pre-proceedings record"))
    if done:
        return redirect("family_help:episode_detail", pk=person.pk, episode_id=episode.pk)
    form = done.form
    warnings = selectors.pre_proceedings_warnings(pp) if pp else []
    return _form_page(request, person, form, title="Pre-proceedings and family group decision making",
                      submit="Save", items=warnings, items_heading="Still to record",
                      intro="The milestones of the Public Law Outline pre-proceedings stage and the family group "
                            "decision making offer (CIN census module 5, from 2026-27). Record each as it is reached.")

"""Child protection views: check access (web.access, accounts.policy), call one service, redirect."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from safehold.accounts.policy import Perm, has_perm
from safehold.core.concurrency import EditConflict
from safehold.family_help.models import CINEpisode
from safehold.web.access import forbidden, open_person, person_url_guard
from safehold.web.submit import explained, submit

from . import selectors, services
from .forms import (
    ContingencyForm,
    CoreGroupForm,
    CPVisitForm,
    InitialConferenceForm,
    PlanActionForm,
    PlanEndForm,
    PlanOutcomeForm,
    ReviewConferenceForm,
    Section47CompleteForm,
    StrategyDiscussionForm,
    casework_users,
    conference_chairs,
)
from .models import CPPlan, PlanAction, PlanOutcome, Section47Enquiry, StrategyDiscussion


def _open(request, pk: int, view: str, perm: Perm | None = None):
    """The child's record for `view`: 404 for roles with no record access, 403 without `perm`."""
    person_url_guard(request, pk)
    if perm is not None and not has_perm(request.user, perm):
        return None, forbidden(request)
    return open_person(request, pk, f"child_protection:{view}")


def _refreshed(form_class, request, conflict: EditConflict, what: str):
    """The form as entered, carrying the record's new version, with the conflict explained: saving
    again is a deliberate choice made after looking, never an overwrite."""
    data = request.POST.copy()
    data["version"] = conflict.current.version
    form = form_class(data)
    form.is_valid()
    form.add_error(None, f"Someone else changed this {what} after you opened it. Nothing you entered has been "
                         "saved. Check the record, then save again.")
    return form


@login_required
def strategy_new(request, pk: int):
    person, refused = _open(request, pk, "strategy_new", Perm.CASEWORK_RECORD)
    if refused:
        return refused
    episode = CINEpisode.objects.filter(person=person, closure_date__isnull=True).first()
    if episode is None:
        return render(request, "child_protection/no_episode.html", {"person": person})
    initial = {"chaired_by": request.user.pk if casework_users().filter(pk=request.user.pk).exists() else None}
    form = StrategyDiscussionForm(request.POST or None, initial=initial)

    def recorded(discussion) -> str:
        message = "Strategy discussion recorded"
        if hasattr(discussion, "enquiry"):
            message += (f". Section 47 enquiry started: the initial conference is due by "
                        f"{services.d(discussion.enquiry.initial_cpc_target)}")
        warnings = services.strategy_warnings(discussion)
        if warnings:
            message += ". " + " ".join(warnings)
        return message

    done = submit(request, form, lambda d: services.strategy_discussion_record(
        by=request.user, episode=episode, held_at=form.held_at(), decision=d["decision"],
        rationale=d["rationale"], chaired_by=d["chaired_by"], participants=form.participants(),
        s47_start_date=d["s47_start_date"]), success=recorded)
    if done:
        return redirect("child_protection:strategy_detail", pk=person.pk, discussion_id=done.result.pk)
    return render(request, "child_protection/strategy_form.html",
                  {"form": form, "person": person, "episode": episode, "disabilities": list(person.disabilities.all())})


@login_required
def strategy_detail(request, pk: int, discussion_id: int):
    person, refused = _open(request, pk, "strategy_detail")
    if refused:
        return refused
    discussion = get_object_or_404(StrategyDiscussion.objects.select_related("chaired_by", "recorded_by"),
                                   pk=discussion_id, person=person)
    enquiry = Section47Enquiry.objects.filter(strategy_discussion=discussion).first()
    return render(request, "child_protection/strategy_detail.html", {
        "person": person, "discussion": discussion, "participants": list(discussion.participants.all()),
        "warnings": services.strategy_warnings(discussion), "enquiry": enquiry,
        "icpc_overdue": selectors.icpc_overdue(enquiry) if enquiry else False,
        "can_record": has_perm(request.user, Perm.CASEWORK_RECORD),
        "can_conference": has_perm(request.user, Perm.CONFERENCE_RECORD),
    })


@login_required
def s47_complete(request, pk: int, enquiry_id: int):
    person, refused = _open(request, pk, "s47_complete", Perm.CASEWORK_RECORD)
    if refused:
        return refused
    enquiry = get_object_or_404(Section47Enquiry.objects.select_related("strategy_discussion"), pk=enquiry_id,
                                person=person)
    form = Section47CompleteForm(request.POST or None, initial={"version": enquiry.version})
    done = submit(request, form, lambda d: services.section47_complete(
        by=request.user, enquiry=enquiry, end_date=d["end_date"], outcome=d["outcome"],
        conference_needed=form.conference_needed_value(), expected_version=d["version"], findings=d["findings"]),
        success="Outcome of the section 47 enquiry recorded",
        on_conflict=lambda exc: _refreshed(Section47CompleteForm, request, exc, "section 47 enquiry"))
    if done:
        return redirect("people:detail", pk=person.pk)
    form = done.form
    return render(request, "child_protection/s47_complete.html", {"form": form, "person": person, "enquiry": enquiry})


@login_required
def conference_new(request, pk: int):
    """Record the conference the child is due: a review of the open plan, else the initial
    conference of the section 47 enquiry awaiting one."""
    person, refused = _open(request, pk, "conference_new", Perm.CONFERENCE_RECORD)
    if refused:
        return refused
    plan = selectors.current_plan(person)
    enquiry = None if plan else selectors.open_enquiry(person)
    initial = {"chaired_by": request.user.pk if conference_chairs().filter(pk=request.user.pk).exists() else None}
    context = {"person": person, "plan": plan, "enquiry": enquiry, "disabilities": list(person.disabilities.all())}
    if plan is not None:
        form = ReviewConferenceForm(request.POST or None, initial=initial)
        context["kind"] = "review"
        context["summary"] = selectors.plan_summary(plan)
    elif enquiry is not None and enquiry.is_completed:
        form = InitialConferenceForm(request.POST or None, initial=initial)
        context["kind"] = "initial"
    else:
        # Nothing to confer on yet: say what comes first.
        return render(request, "child_protection/no_conference.html", context)
    context["form"] = form

    def record(d):
        if plan is not None:
            services.conference_review_record(
                by=request.user, plan=plan, held_on=d["held_on"], chaired_by=d["chaired_by"], outcome=d["outcome"],
                category=d["category"], end_reason=d["end_reason"], notes=d["notes"])
        else:
            services.conference_initial_record(
                by=request.user, enquiry=enquiry, held_on=d["held_on"], chaired_by=d["chaired_by"],
                outcome=d["outcome"], category=d["category"], lead_practitioner=d["lead_practitioner"],
                notes=d["notes"])

    if submit(request, form, record,
              success="Review conference recorded" if plan else "Initial conference recorded"):
        return redirect("people:detail", pk=person.pk)
    return render(request, "child_protection/conference_form.html", context)


def _plan_for(person, plan_id: int) -> CPPlan:
    return get_object_or_404(CPPlan.objects.select_related("lead_practitioner", "initial_conference"),
                             pk=plan_id, person=person)


@login_required
def plan_detail(request, pk: int, plan_id: int):
    person, refused = _open(request, pk, "plan_detail")
    if refused:
        return refused
    plan = _plan_for(person, plan_id)
    return render(request, "child_protection/plan_detail.html", {
        "person": person, "plan": plan, "summary": selectors.plan_summary(plan),
        "today": timezone.localdate(),
        "can_record": has_perm(request.user, Perm.CASEWORK_RECORD),
        "can_conference": has_perm(request.user, Perm.CONFERENCE_RECORD),
    })


@login_required
def core_group_new(request, pk: int, plan_id: int):
    person, refused = _open(request, pk, "core_group_new", Perm.CASEWORK_RECORD)
    if refused:
        return refused
    plan = _plan_for(person, plan_id)
    form = CoreGroupForm(request.POST or None)
    if submit(request, form, lambda d: services.core_group_record(
            by=request.user, plan=plan, held_on=d["held_on"], attendees=d["attendees"], notes=d["notes"]),
            success="Core group meeting recorded"):
        return redirect("child_protection:plan_detail", pk=person.pk, plan_id=plan.pk)
    return render(request, "child_protection/core_group_form.html", {"form": form, "person": person, "plan": plan})


@login_required
def cp_visit_new(request, pk: int, plan_id: int):
    person, refused = _open(request, pk, "cp_visit_new", Perm.CASEWORK_RECORD)
    if refused:
        return refused
    plan = _plan_for(person, plan_id)
    form = CPVisitForm(request.POST or None)

    def record(d):
        seen, alone = form.flags()
        services.cp_visit_record(by=request.user, plan=plan, visited_on=d["visited_on"], child_seen=seen,
                                 child_seen_alone=alone, childs_words=d["childs_words"], notes=d["notes"])
        return seen

    if submit(request, form, record, success=lambda seen: "Visit recorded" if seen else
              "Visit recorded. The child was not seen, so a visit is still due"):
        return redirect("child_protection:plan_detail", pk=person.pk, plan_id=plan.pk)
    return render(request, "child_protection/visit_form.html",
                  {"form": form, "person": person, "plan": plan, "disabilities": list(person.disabilities.all())})


@login_required
def plan_end(request, pk: int, plan_id: int):
    person, refused = _open(request, pk, "plan_end", Perm.CONFERENCE_RECORD)
    if refused:
        return refused
    plan = _plan_for(person, plan_id)
    form = PlanEndForm(request.POST or None, initial={"version": plan.version})
    done = submit(request, form, lambda d: services.cp_plan_end(
        by=request.user, plan=plan, end_date=d["end_date"], end_reason=d["end_reason"],
        latest_category=d["latest_category"], expected_version=d["version"]), success="Child protection plan ended",
        on_conflict=lambda exc: _refreshed(PlanEndForm, request, exc, "plan"))
    if done:
        return redirect("people:detail", pk=person.pk)
    form = done.form
    return render(request, "child_protection/plan_end.html", {"form": form, "person": person, "plan": plan})


@login_required
def plan_content(request, pk: int, plan_id: int):
    """The plan's outcomes, the actions towards each with who does them by when, and the contingency plan
    (issue 14.6). One page, three forms; each POST names the one it sends."""
    person, refused = _open(request, pk, "plan_content", Perm.CASEWORK_RECORD)
    if refused:
        return refused
    plan = _plan_for(person, plan_id)
    which = request.POST.get("form") if request.method == "POST" else None
    outcome_form = PlanOutcomeForm(request.POST if which == "outcome" else None, prefix="outcome")
    action_form = PlanActionForm(request.POST if which == "action" else None, prefix="action")
    contingency_form = ContingencyForm(request.POST if which == "contingency" else None, prefix="contingency",
                                       initial={"version": plan.version, "contingency": plan.contingency})
    form = {"outcome": outcome_form, "action": action_form, "contingency": contingency_form}.get(which)
    if which == "done":
        action = get_object_or_404(PlanAction.objects.select_related("outcome__plan"), pk=request.POST.get("action_id"),
                                   outcome__plan=plan)
        services.plan_action_done(by=request.user, action=action, done_on=timezone.localdate())
        messages.success(request, "Action marked done")
        return redirect("child_protection:plan_content", pk=person.pk, plan_id=plan.pk)

    def save(c):
        if which == "outcome":
            services.plan_outcome_add(by=request.user, plan=plan, outcome=c["outcome"])
        elif which == "action":
            outcome = get_object_or_404(PlanOutcome, pk=c["outcome_id"], plan=plan)
            services.plan_action_add(by=request.user, outcome=outcome, action=c["action"], owner=c["owner"],
                                     owner_agency=c["owner_agency"], due_on=c["due_on"])
        else:
            services.plan_contingency_save(by=request.user, plan=plan, text=c["contingency"],
                                           expected_version=c["version"])

    if form is not None and submit(request, form, save, on_conflict=explained(
            form, "Someone changed the contingency plan after you opened this page: read theirs first"), success={
            "outcome": "Outcome added", "action": "Action added", "contingency": "Contingency plan saved"}.get(which)):
        return redirect("child_protection:plan_content", pk=person.pk, plan_id=plan.pk)
    outcomes = list(plan.outcomes.prefetch_related("actions"))
    return render(request, "child_protection/plan_content.html", {
        "person": person, "plan": plan, "outcomes": outcomes, "outcome_form": outcome_form,
        "action_form": action_form, "contingency_form": contingency_form, "form": form or outcome_form,
        "today": timezone.localdate(), "editable": plan.end_date is None})

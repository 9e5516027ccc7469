"""Oversight views: record management oversight on a child's case, mark its actions done, and record
and read a worker's supervision. Thin: check access, call a service or selector, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from safehold.accounts.models import User
from safehold.accounts.policy import Perm, Scope, has_perm, scope_of
from safehold.casework.models import Allocation
from safehold.people.models import Person
from safehold.web.access import forbidden, open_person, person_url_guard, require_perm
from safehold.web.submit import submit

from . import selectors
from .forms import OversightForm, SupervisionForm
from .models import DecisionPoint, OversightAction, Supervision
from .services import (
    ACTION_OWNER_ROLES,
    manages,
    oversight_action_complete,
    oversight_record,
    supervision_record,
)


def _owners_for(user, person):
    """Who can own an action: the manager, the child's workers and the teams holding the case."""
    held = Allocation.objects.filter(person=person, ended_on__isnull=True)
    teams = set(held.values_list("team_id", flat=True))
    if user.team_id:
        teams.add(user.team_id)
    return (User.objects.filter(is_active=True, role__in=ACTION_OWNER_ROLES)
            .filter(Q(team_id__in=teams) | Q(pk=user.pk) | Q(pk__in=held.values("worker_id")))
            .select_related("team").order_by("last_name", "first_name"))


@login_required
def record(request, pk: int):
    person_url_guard(request, pk)
    if not has_perm(request.user, Perm.OVERSIGHT_RECORD):
        return forbidden(request)
    person, refused = open_person(request, pk, "oversight_record")
    if refused:
        return refused
    chosen = request.GET.get("decision_point", "")
    initial = {"occurred_on": timezone.localdate(),
               "decision_point": chosen if chosen in DecisionPoint.values else ""}
    form = OversightForm(request.POST or None, initial=initial, owners=_owners_for(request.user, person))
    if submit(request, form, lambda d: oversight_record(
            by=request.user, person=person, decision_point=d["decision_point"], what_was_read=d["what_was_read"],
            decision=d["decision"], rationale=d["rationale"], actions=form.actions(), occurred_on=d["occurred_on"]),
            success="Management oversight recorded"):
        return redirect("people:detail", pk=person.pk)
    return render(request, "oversight/record.html", {
        "form": form, "person": person, "disabilities": list(person.disabilities.all()),
        "latest": selectors.oversight_of(person, limit=1), "open_actions": selectors.open_actions_of(person),
    })


@login_required
@require_POST
def action_complete(request, pk: int, action_id: int):
    person_url_guard(request, pk)
    person, refused = open_person(request, pk, "oversight_action_complete")
    if refused:
        return refused
    action = get_object_or_404(OversightAction, pk=action_id, oversight__person=person)
    try:
        oversight_action_complete(by=request.user, action=action)
    except PermissionDenied:
        return forbidden(request, "Only the action's owner or a manager can mark it done.")
    except ValidationError as exc:
        return render(request, "oversight/action_error.html",
                      {"person": person, "action": action, "errors": exc.messages}, status=400)
    messages.success(request, "Action marked as done")
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return redirect(target)
    return redirect("people:detail", pk=person.pk)


@require_perm(Perm.OVERSIGHT_RECORD)
def supervision_new(request, worker_id: int):
    worker = get_object_or_404(User.objects.select_related("team"), pk=worker_id, is_active=True)
    if not manages(request.user, worker):
        return forbidden(request, "You can record supervision only for workers in the team or service you manage.")
    cases = list(
        Person.objects.filter(pk__in=Allocation.objects.filter(worker=worker, ended_on__isnull=True).values("person_id"))
        .prefetch_related("disabilities").order_by("surname", "forename", "pk"))
    selectors.mask_restricted(cases, request.user)
    form = SupervisionForm(request.POST or None, cases=cases, initial={"held_on": timezone.localdate()})
    done = submit(request, form, lambda d: supervision_record(
        by=request.user, worker=worker, held_on=d["held_on"], notes=d["notes"], cases=form.cases()),
        success=f"Supervision of {worker} recorded")
    if done:
        return redirect("oversight:supervision_detail", supervision_id=done.result.pk)
    status = next((row for row in selectors.supervision_status(worker.team) if row["worker"].pk == worker.pk), None)
    return render(request, "oversight/supervision_form.html", {
        "form": form, "worker": worker, "status": status, "history": selectors.supervisions_of(worker),
    })


def may_read_supervision(user, supervision: Supervision) -> bool:
    if user.pk in (supervision.worker_id, supervision.supervisor_id):
        return True
    if manages(user, supervision.worker):
        return True
    # Senior leaders (county-wide, read only) see every team's supervision.
    return has_perm(user, Perm.WORKLIST_SERVICE) and scope_of(user) is Scope.ALL


@login_required
def supervision_detail(request, supervision_id: int):
    supervision = get_object_or_404(Supervision.objects.select_related("worker__team", "supervisor"),
                                    pk=supervision_id)
    if not may_read_supervision(request.user, supervision):
        return forbidden(request, "Only the worker, their supervisor and their managers can read this supervision.")
    cases = list(supervision.cases.select_related("person"))
    selectors.mask_restricted([c.person for c in cases], request.user)
    return render(request, "oversight/supervision_detail.html", {
        "supervision": supervision, "cases": cases,
        "can_record": manages(request.user, supervision.worker),
    })

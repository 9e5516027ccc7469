"""Casework views: allocation of a child's case."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from safehold.accounts.policy import Perm, has_perm
from safehold.core.concurrency import EditConflict
from safehold.web.access import forbidden, open_person, person_url_guard
from safehold.web.submit import submit

from . import signoff
from .forms import AllocationForm
from .models import Allocation, SignOff
from .selectors import allocating_teams, allocations_of, my_sign_offs, waiting_for_sign_off
from .services import allocation_change


@login_required
def allocate(request, pk: int):
    person_url_guard(request, pk)
    if not has_perm(request.user, Perm.CASE_ALLOCATE):
        return forbidden(request)
    person, refused = open_person(request, pk, "allocate")
    if refused:
        return refused
    form = AllocationForm(request.POST or None, teams=allocating_teams(request.user),
                          initial={"started_on": timezone.localdate(), "team": request.user.team_id,
                                   "role": request.GET.get("role") or Allocation.Role.ALLOCATED_WORKER})
    if submit(request, form, lambda d: allocation_change(
            by=request.user, person=person, team=d["team"], worker=d["worker"], started_on=d["started_on"],
            reason=d["reason"], sw_reason=d["sw_reason"], role=d["role"] or Allocation.Role.ALLOCATED_WORKER),
            success="Allocation recorded"):
        return redirect("people:detail", pk=person.pk)
    return render(request, "casework/allocate.html",
                  {"form": form, "person": person, "history": allocations_of(person)})


# --- Sign-off (issue 14.2) ---------------------------------------------------------------------------------

def _sign_off_page(request, sign_off, *, errors=None, reason=""):
    kind = signoff.kind_of(sign_off)
    record = signoff.record_of(sign_off)
    user = request.user
    is_manager = has_perm(user, Perm.CASEWORK_SIGN_OFF)
    context = {
        "sign_off": sign_off, "person": sign_off.person, "kind": kind, "summary": kind.summary(record),
        "record_url": kind.record_url(record), "steps": sign_off.steps.select_related("by"),
        "can_submit": has_perm(user, Perm.CASEWORK_RECORD) and sign_off.state in ("draft", "returned"),
        "can_decide": is_manager and sign_off.state == "submitted" and sign_off.submitted_by_id != user.pk,
        "authorise_url": kind.authorise_url(record) if kind.authorise_url else "",
        "errors": errors or {}, "reason": reason,
    }
    return render(request, "casework/sign_off.html", context, status=400 if errors else 200)


def _open_sign_off(request, sign_off_id: int, *, guard_only: bool = False):
    sign_off = get_object_or_404(SignOff.objects.select_related("person", "team", "submitted_by", "decided_by"),
                                 pk=sign_off_id)
    person_url_guard(request, sign_off.person_id)
    if guard_only:
        return sign_off, None
    _person, refused = open_person(request, sign_off.person_id, "sign_off")
    return sign_off, refused


@login_required
def sign_off(request, sign_off_id: int):
    if not (has_perm(request.user, Perm.CASEWORK_RECORD) or has_perm(request.user, Perm.CASEWORK_SIGN_OFF)):
        _open_sign_off(request, sign_off_id, guard_only=True)  # no record access at all: 404, logged
        return forbidden(request)
    sign_off, refused = _open_sign_off(request, sign_off_id)
    return refused or _sign_off_page(request, sign_off)


@login_required
def sign_off_act(request, sign_off_id: int, action: str):
    """POST: submit (the worker), return or authorise (a manager). A stale page changes nothing."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if action not in ("submit", "return", "authorise"):
        raise Http404("No such step")
    needed = Perm.CASEWORK_RECORD if action == "submit" else Perm.CASEWORK_SIGN_OFF
    if not has_perm(request.user, needed):
        return forbidden(request)
    sign_off, refused = _open_sign_off(request, sign_off_id)
    if refused:
        return refused
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = -1
    text = request.POST.get("reason", "")
    services = {"submit": lambda: signoff.sign_off_submit(by=request.user, sign_off=sign_off, expected_version=version,
                                                         note=text),
                "return": lambda: signoff.sign_off_return(by=request.user, sign_off=sign_off, expected_version=version,
                                                         reason=text),
                "authorise": lambda: signoff.sign_off_authorise(by=request.user, sign_off=sign_off,
                                                               expected_version=version, note=text)}
    try:
        services[action]()
    except EditConflict as conflict:
        sign_off.refresh_from_db()
        return _sign_off_page(request, sign_off, reason=text, errors={"state": [
            f"Nothing was changed: someone acted on this since you opened it. It is now "
            f"{conflict.current.get_state_display().lower()}."]})
    except ValidationError as exc:
        sign_off.refresh_from_db()
        return _sign_off_page(request, sign_off, errors=exc.message_dict, reason=text)
    done = {"submit": "Submitted for sign-off: your team's managers have been told",
            "return": "Returned to the worker with your reasons", "authorise": "Signed off"}
    messages.success(request, done[action])
    return redirect("casework:sign_off", sign_off_id=sign_off.pk)


@login_required
def sign_off_list(request):
    """The worker's own drafts, returns and submissions; and for a manager, what waits for their sign-off."""
    user = request.user
    can_record, can_sign = has_perm(user, Perm.CASEWORK_RECORD), has_perm(user, Perm.CASEWORK_SIGN_OFF)
    if not (can_record or can_sign):
        return forbidden(request)
    waiting, waiting_total = waiting_for_sign_off(user) if can_sign else ([], 0)
    return render(request, "casework/sign_off_list.html", {
        "waiting": waiting, "waiting_total": waiting_total, "can_sign": can_sign,
        "mine": my_sign_offs(user) if can_record else {},
    })

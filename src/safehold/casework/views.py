"""Casework views: allocation of a child's case."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone

from safehold.accounts.policy import Perm, has_perm
from safehold.web.access import forbidden, open_person, person_url_guard

from .forms import AllocationForm
from .models import Allocation
from .selectors import allocating_teams, allocations_of
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
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            allocation_change(by=request.user, person=person, team=d["team"], worker=d["worker"],
                              started_on=d["started_on"], reason=d["reason"], sw_reason=d["sw_reason"],
                              role=d["role"] or Allocation.Role.ALLOCATED_WORKER)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, "Allocation recorded")
            return redirect("people:detail", pk=person.pk)
    return render(request, "casework/allocate.html",
                  {"form": form, "person": person, "history": allocations_of(person)})

"""View helpers that open a person's record through accounts.policy (people.selectors decides and logs).
Views import them through `web.access`; people's own views import them from here."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render

from safehold.accounts.access import forbidden
from safehold.accounts.policy import Perm, has_perm
from safehold.audit.services import audit_access
from safehold.people.models import Person
from safehold.people.selectors import RecordNotOpen, person_get_for_view


def person_url_guard(request, pk: int, *, allow: Perm | None = None):
    """On a person's URL, a role that may not view records gets 404 (learns nothing, and the
    attempt is logged), unless it holds `allow` (the administrator manages restrictions)."""
    if not has_perm(request.user, Perm.PERSON_VIEW) and not (allow and has_perm(request.user, allow)):
        if request.user.is_authenticated and Person.objects.filter(pk=pk).exists():
            audit_access(user=request.user, person_id=pk, view=request.resolver_match.url_name,
                         basis="no_permission")
        raise Http404("No such record")


def open_person(request, pk: int, view: str):
    """(person, None) if the user may open the record now, else (None, a refusal page response)."""
    try:
        person, _decision = person_get_for_view(fetched_by=request.user, pk=pk, view=view)
    except RecordNotOpen as refused:
        return None, render(
            request, "people/not_open.html", {"person": refused.person, "decision": refused.decision}, status=403
        )
    return person, None


def open_for(request, pk: int, view_name: str, allowed: bool = True):
    """A person's record for a recording page: 404 for roles with no record access (person_url_guard),
    403 when the role may not do this (`allowed`), else open_person's (person, refusal)."""
    person_url_guard(request, pk)
    if not allowed:
        return None, forbidden(request)
    return open_person(request, pk, view_name)

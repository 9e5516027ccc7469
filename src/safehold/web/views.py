"""Home page: what each role needs first when they sign in."""

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from safehold.accounts.models import Role
from safehold.accounts.policy import Perm, has_perm
from safehold.casework.selectors import caseload_of, team_caseloads, unallocated_in_team
from safehold.governance.audit_log import break_glass_report
from safehold.people.forms import SearchForm


@login_required
def home(request):
    user = request.user
    context = {"search_form": SearchForm() if has_perm(user, Perm.PERSON_SEARCH) else None}
    links = [
        (Perm.CASEWORK_RECORD, "My work", "worklists:my_work", "everything due and overdue for you"),
        (Perm.CONTACT_DECIDE, "Front door", "front_door:queue", "contacts waiting for a decision"),
        (Perm.WORKLIST_TEAM, "My team", "worklists:team", "overdue work, caseloads, supervision and oversight"),
        (Perm.WORKLIST_SERVICE, "Service", "worklists:service", "every team rolled up"),
        (Perm.CONTACT_SUBMIT, "Contacts you made", "front_door:partner_contacts", "and what was decided"),
        (Perm.CONTACT_SUBMIT, "Tell us about a child", "front_door:partner_contact_new", "make a new contact"),
        (Perm.AUDIT_CONDUCT, "Case file audits", "improvement:my_audits", "audits to do, and audits of your cases"),
        (Perm.IMPROVEMENT_VIEW, "Inspection and improvement", "improvement:index",
         "the inspection cycle, the improvement plan, audits and the self-evaluation"),
    ]
    context["perms_links"] = [(label, reverse(name), hint) for perm, label, name, hint in links if has_perm(user, perm)]
    if user.role in (Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.FRONT_DOOR):
        context["caseload"] = caseload_of(user, fetched_by=user)
    if user.role == Role.TEAM_MANAGER and user.team_id:
        context["team_caseloads"] = team_caseloads(user.team)
        context["unallocated"] = unallocated_in_team(user.team, fetched_by=user)
        context["team_break_glass"] = break_glass_report(
            since=timezone.now() - dt.timedelta(days=14), team_id=user.team_id
        )
    return render(request, "web/home.html", context)


def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})

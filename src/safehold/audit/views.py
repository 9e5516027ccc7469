"""The audit pages an information governance officer uses.

The page applies the one access policy to what it shows (issue 15): a change to a person the reader
may not open is listed without its values, and every read of the log is itself logged."""

import datetime as dt

from django.contrib.auth import get_user_model
from django.shortcuts import render
from django.utils import timezone

from safehold.accounts.policy import Perm, decide_person_access
from safehold.people.models import Person
from safehold.web.access import require_perm

from . import selectors
from .forms import AuditQueryForm
from .services import audit_log_read


@require_perm(Perm.AUDIT_READ)
def index(request):
    form = AuditQueryForm(request.GET or None)
    context = {"form": form}
    reader = request.user
    if request.GET and form.is_valid():
        d = form.cleaned_data
        query = {"person_id": d["person_id"], "username": d["username"], "since": d["since"]}
        since = timezone.make_aware(dt.datetime.combine(d["since"], dt.time.min)) if d["since"] else None
        person = user = None
        if d["person_id"]:
            person = Person.objects.filter(person_id__iexact=d["person_id"].strip()).first()
            if person is None:
                form.add_error("person_id", "No person on the record has this person ID")
            else:
                context["person"] = person
                context["views"] = selectors.views_of_record(person.pk, since=since)
                context["changes"] = selectors.redact_for(selectors.record_history(person.pk), reader)
        if d["username"]:
            user = get_user_model().objects.filter(username=d["username"].strip()).first()
            if user is None:
                form.add_error("username", "No user has this username")
            else:
                views = list(selectors.views_by_user(user.pk, since=since))
                people = Person.objects.in_bulk([v.person_id for v in views])
                context["subject_user"] = user
                context["user_views"] = [(v, people.get(v.person_id)) for v in views]
                context["user_changes"] = selectors.redact_for(
                    selectors.changes_by_user(user.pk, since=since), reader)
        decision = decide_person_access(reader, person) if person else None
        audit_log_read(reader=reader, person_id=person.pk if person else None,
                       query=query,
                       values_shown=bool(decision and decision.allowed),
                       basis=decision.basis if decision else "administration")
    context["break_glass"] = selectors.break_glass_report(since=timezone.now() - dt.timedelta(days=30))
    return render(request, "audit/index.html", context)

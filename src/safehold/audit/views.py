"""The audit pages an information governance officer uses.

The page applies the one access policy to what it shows (issue 15): a change to a person the reader
may not open is listed without its values, and every read of the log is itself logged."""

import datetime as dt

from django.contrib.auth import get_user_model
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from safehold.accounts.access import require_perm
from safehold.accounts.policy import Perm, decide_person_access
from safehold.people.models import Person

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
    if request.GET.get("format") == "csv" and request.GET and form.is_valid() and not form.errors:
        return _csv(context)
    context["break_glass"] = selectors.break_glass_report(since=timezone.now() - dt.timedelta(days=30))
    context["csv_query"] = request.GET.urlencode() + "&format=csv" if request.GET and form.is_valid() else ""
    return render(request, "audit/index.html", context)


def _csv(context) -> HttpResponse:
    """The query's views and changes as CSV, in words (issue 14.9); values hidden where the page hides them. The
    read of the log that made it is already audited above."""
    import csv
    import io

    from safehold.core.spreadsheets import safe_cell

    from .wording import action_name, field_name, page_name

    rows = [["When", "Who", "Record", "What", "Detail", "Reason"]]
    for v in context.get("views", []):
        rows.append([f"{v.at:%Y-%m-%d %H:%M:%S}", str(v.user), context["person"].person_id,
                     f"Opened: {page_name(v.view)}", v.get_basis_display(), ""])
    for v, p in context.get("user_views", []):
        rows.append([f"{v.at:%Y-%m-%d %H:%M:%S}", str(context["subject_user"]), p.person_id if p else str(v.person_id),
                     f"Opened: {page_name(v.view)}", v.get_basis_display(), ""])
    for e in [*context.get("changes", []), *context.get("user_changes", [])]:
        if e.values_hidden:
            detail = "; ".join(field_name(e.object_type, f) for f in e.changes) + " (values hidden)"
        else:
            detail = "; ".join(f"{field_name(e.object_type, f)}: {pair[0]} -> {pair[1]}" if isinstance(pair, list)
                               and len(pair) == 2 else f"{field_name(e.object_type, f)}" for f, pair in e.changes.items())
        rows.append([f"{e.at:%Y-%m-%d %H:%M:%S}", str(e.actor or "System"), str(e.person_id or ""),
                     action_name(e.action), detail, e.reason])
    buffer = io.StringIO()
    csv.writer(buffer).writerows([[safe_cell(c) for c in row] for row in rows])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="audit.csv"'
    return response

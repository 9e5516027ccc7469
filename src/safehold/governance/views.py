"""Information governance pages: the audit log, the subject access register, a request's bundle (page and PDF), and the
retention review with its two sign-offs and legal holds. Views check the policy, call one service or
selector, and render."""

from __future__ import annotations

import csv
import datetime as dt
import io

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from safehold.accounts.policy import Perm, decide_person_access, has_perm
from safehold.audit import selectors as audit_selectors
from safehold.audit.services import audit_log_read
from safehold.audit.wording import action_name, field_name, page_name
from safehold.core.spreadsheets import safe_cell
from safehold.improvement.documents import PdfUnavailable
from safehold.people import selectors as people_selectors
from safehold.people.models import Person
from safehold.web.access import require_any_perm, require_perm
from safehold.web.submit import submitted

from . import audit_log, selectors, services
from .forms import AuditQueryForm, HoldForm, ReviewActionForm, SentForm, SubjectAccessRequestForm
from .models import LegalHold, RetentionReview, SubjectAccessRequest
from .tasks import retention_review


@require_any_perm(Perm.GOVERNANCE_SAR, Perm.GOVERNANCE_RETENTION)
def index(request):
    can_sar = has_perm(request.user, Perm.GOVERNANCE_SAR)
    return render(request, "governance/index.html", {
        "can_sar": can_sar,
        "can_retention": has_perm(request.user, Perm.GOVERNANCE_RETENTION),
        "sars": selectors.sar_list(fetched_by=request.user) if can_sar else [],
        "today": timezone.localdate(),
    })


@require_perm(Perm.GOVERNANCE_SAR)
def sar_new(request):
    form = SubjectAccessRequestForm(request.POST or None)
    made = {}

    def record(d):
        person = Person.objects.filter(person_id__iexact=d["person_id"].strip()).first()
        if person is None:
            raise ValidationError({"person_id": "No record has that person ID"})
        made["sar"] = services.sar_record(by=request.user, person=person, requester_name=d["requester_name"],
                                          requester_kind=d["requester_kind"], received_on=d["received_on"],
                                          identity_checked=d["identity_checked"])
        return f"Request recorded: due {made['sar'].due_on:%-d %B %Y}"

    if submitted(request, form, record, ""):
        return redirect("governance:sar_detail", sar_id=made["sar"].pk)
    return render(request, "governance/sar_new.html", {"form": form, "page_title": "Record a subject access request",
                                                       "submit_label": "Record the request"})


@require_perm(Perm.GOVERNANCE_SAR)
def sar_detail(request, sar_id: int):
    sar = get_object_or_404(SubjectAccessRequest.objects.select_related("person"), pk=sar_id)
    form = SentForm(request.POST or None)
    if submitted(request, form, lambda d: services.sar_mark_sent(by=request.user, sar=sar, sent_on=d["sent_on"]),
                 "Marked as sent"):
        return redirect("governance:sar_detail", sar_id=sar.pk)
    content = services.sar_bundle(by=request.user, sar=sar)
    return render(request, "governance/sar_detail.html", {**content, "form": form})


@require_perm(Perm.GOVERNANCE_SAR)
def sar_pdf(request, sar_id: int):
    sar = get_object_or_404(SubjectAccessRequest, pk=sar_id)
    try:
        pdf = services.sar_download(by=request.user, sar=sar)
    except PdfUnavailable as exc:
        return render(request, "improvement/pdf_unavailable.html", {"message": str(exc)}, status=503)
    response = HttpResponse(pdf, content_type="application/pdf")
    # The person ID, not the name, in the file name (ASVS 14.2.1: no personal data where it is logged).
    response["Content-Disposition"] = (f'attachment; filename="subject-access-{sar.person.person_id}-'
                                       f'{sar.received_on:%Y-%m-%d}.pdf"')
    response["Cache-Control"] = "no-store"
    return response


# --- Retention -----------------------------------------------------------------------------------------

def _retention_page(request, *, error_form=None, hold_form=None, status=200):
    return render(request, "governance/retention.html", {
        "reviews": selectors.open_reviews(fetched_by=request.user),
        "closed": selectors.closed_reviews(),
        "holds": selectors.active_holds(fetched_by=request.user),
        "moratorium": services.moratorium(),
        "form": error_form or hold_form,
        "hold_form": hold_form or HoldForm(),
        "rules": services.retention.rules(),
    }, status=status)


@require_perm(Perm.GOVERNANCE_RETENTION)
def retention(request):
    return _retention_page(request)


@login_required  # anonymous: sign in; signed in: POST only (405), then the permission
@require_POST
@require_perm(Perm.GOVERNANCE_RETENTION)
def retention_run(request):
    retention_review.enqueue()
    messages.success(request, "The retention review is running: records past their date appear below")
    return redirect("governance:retention")


def _review_action(request, review_id: int, action, success: str):
    review = get_object_or_404(RetentionReview, pk=review_id)
    form = ReviewActionForm(request.POST)
    if submitted(request, form, lambda _d: action(by=request.user, review=review), success):
        return redirect("governance:retention")
    return _retention_page(request, error_form=form)


@login_required  # anonymous: sign in; signed in: POST only (405), then the permission
@require_POST
@require_perm(Perm.GOVERNANCE_RETENTION)
def retention_propose(request, review_id: int):
    return _review_action(request, review_id, services.retention_propose,
                          "Disposal proposed: a second person must approve it")


@login_required  # anonymous: sign in; signed in: POST only (405), then the permission
@require_POST
@require_perm(Perm.GOVERNANCE_RETENTION)
def retention_approve(request, review_id: int):
    return _review_action(request, review_id, services.retention_approve,
                          "Disposal approved: the record was deleted and a tombstone kept in the audit")


@login_required  # anonymous: sign in; signed in: POST only (405), then the permission
@require_POST
@require_perm(Perm.GOVERNANCE_RETENTION)
def hold_place(request):
    form = HoldForm(request.POST)

    def place(d):
        person = Person.objects.filter(person_id__iexact=d["person_id"].strip(), merged_into__isnull=True).first()
        if person is None:
            raise ValidationError({"person_id": "No record has that person ID"})
        services.legal_hold_place(by=request.user, person=person, reason=d["reason"])

    if submitted(request, form, place, "Legal hold placed: the record will not be disposed of until it is lifted"):
        return redirect("governance:retention")
    return _retention_page(request, hold_form=form)


@login_required  # anonymous: sign in; signed in: POST only (405), then the permission
@require_POST
@require_perm(Perm.GOVERNANCE_RETENTION)
def hold_lift(request, hold_id: int):
    hold = get_object_or_404(LegalHold, pk=hold_id)
    form = ReviewActionForm(request.POST)
    if submitted(request, form, lambda _d: services.legal_hold_lift(by=request.user, hold=hold),
                 "Legal hold lifted: the next review will find the record if it is past its date"):
        return redirect("governance:retention")
    return _retention_page(request, error_form=form)


@require_perm(Perm.AUDIT_READ)
def audit_log_page(request):
    """The audit log (/audit/): who looked at a record, what a user looked at and changed, break-glass."""
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
                ids = people_selectors.merged_ids(person.pk)  # the record and the duplicates merged into it
                context["person"] = person
                context["views"] = audit_selectors.views_of_record(ids, since=since)
                context["changes"] = audit_log.redact_for(audit_selectors.record_history(ids), reader)
        if d["username"]:
            user = get_user_model().objects.filter(username=d["username"].strip()).first()
            if user is None:
                form.add_error("username", "No user has this username")
            else:
                views = list(audit_selectors.views_by_user(user.pk, since=since))
                people = Person.objects.in_bulk([v.person_id for v in views])
                context["subject_user"] = user
                context["user_views"] = [(v, people.get(v.person_id)) for v in views]
                context["user_changes"] = audit_log.redact_for(
                    audit_selectors.changes_by_user(user.pk, since=since), reader)
        decision = decide_person_access(reader, person) if person else None
        audit_log_read(reader=reader, person_id=person.pk if person else None,
                       query=query,
                       values_shown=bool(decision and decision.allowed),
                       basis=decision.basis if decision else "administration")
    if request.GET.get("format") == "csv" and request.GET and form.is_valid() and not form.errors:
        return _audit_csv(context)
    context["break_glass"] = audit_log.break_glass_report(since=timezone.now() - dt.timedelta(days=30))
    context["csv_query"] = request.GET.urlencode() + "&format=csv" if request.GET and form.is_valid() else ""
    return render(request, "governance/audit_log.html", context)


def _audit_csv(context) -> HttpResponse:
    """The query's views and changes as CSV, in words (issue 14.9); values hidden where the page hides them. The
    read of the log that made it is already audited above."""
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

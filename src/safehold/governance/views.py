"""Information governance pages: the subject access register, a request's bundle (page and PDF), and the
retention review with its two sign-offs and legal holds. Views check the policy, call one service or
selector, and render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from safehold.accounts.policy import Perm, has_perm
from safehold.people.models import Person
from safehold.web.access import require_any_perm, require_perm
from safehold.web.submit import submitted

from . import selectors, services
from .forms import HoldForm, ReviewActionForm, SentForm, SubjectAccessRequestForm
from .models import LegalHold, RetentionReview, SubjectAccessRequest


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
    from safehold.improvement.documents import PdfUnavailable

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
    from .tasks import retention_review

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

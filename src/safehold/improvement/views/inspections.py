"""The inspection pages (issue 13, items 1, 2 and 4): the overview with the inspection cycle and the
county's history of grades, one inspection and its findings, recording an inspection or an engagement
meeting, and the annual self-evaluation (list, page, PDF, editing an area and its evidence)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from safehold.accounts.policy import Perm, has_perm
from safehold.performance.definitions import get as measure_get
from safehold.performance.definitions import month_ends
from safehold.web.access import require_any_perm, require_perm
from safehold.web.submit import submitted

from .. import documents, selectors, services
from ..forms_inspections import (
    EngagementForm,
    EvidenceForm,
    InspectionForm,
    SelfEvaluationAreaForm,
    SelfEvaluationStartForm,
)
from ..models import Evidence, Finding, Inspection, JudgementArea, SelfEvaluation, SelfEvaluationArea

GRADE_LABELS = selectors.GRADE_LABELS


# --- The overview: the cycle and the history -----------------------------------------------------------


@require_perm(Perm.IMPROVEMENT_VIEW)
def index(request):
    inspections, history = selectors.inspection_history()
    cycle = selectors.cycle()
    # The self-evaluation is ready for the coming meeting when one was finalised since the last meeting (or
    # the last inspection).
    since = (cycle.last_engagement.held_on if cycle.last_engagement else
             cycle.last.on_site_to if cycle.last else None)
    sef = cycle.self_evaluation
    sef_ready = bool(sef and sef.finalised_at and (since is None or timezone.localdate(sef.finalised_at) >= since))
    return render(request, "improvement/inspections/index.html", {
        "cycle": cycle,
        "grade_label": GRADE_LABELS.get(cycle.grade, ""),
        "inspections": inspections,
        "history": [{"area": row.area, "cells": [{"grade": g, "label": GRADE_LABELS.get(g, "")} for g in row.cells]}
                    for row in history],
        "sef_days": settings.SAFEHOLD_SEF_DAYS_BEFORE_ENGAGEMENT, "sef_ready": sef_ready,
        "self_evaluations": SelfEvaluation.objects.all()[:3],
        "can_record": has_perm(request.user, Perm.INSPECTION_RECORD),
        "can_meet": has_perm(request.user, Perm.INSPECTION_RECORD) or has_perm(request.user,
                                                                              Perm.SELF_EVALUATION_EDIT),
    })


@require_perm(Perm.IMPROVEMENT_VIEW)
def inspection(request, pk: int):
    item = get_object_or_404(Inspection.objects.select_related("recorded_by"), pk=pk)
    findings = list(item.findings.all())
    grades = [{"area": g.area, "grade": g.grade, "label": GRADE_LABELS[g.grade]}
              for g in item.grades.select_related("area").order_by("area__order")]
    return render(request, "improvement/inspections/detail.html", {
        "inspection": item, "grades": grades,
        "strengths": [f for f in findings if f.kind == Finding.Kind.STRENGTH],
        "improvements": [f for f in findings if f.kind == Finding.Kind.AREA_FOR_IMPROVEMENT],
        "priorities": [f for f in findings if f.kind == Finding.Kind.PRIORITY_ACTION],
        "plans": list(item.plans.all()),
    })


@require_perm(Perm.INSPECTION_RECORD)
def inspection_new(request):
    areas = list(JudgementArea.objects.all())
    form = InspectionForm(request.POST or None, areas=areas)
    made = {}

    def record(_data):
        made["inspection"] = services.inspection_record(by=request.user, **form.service_kwargs())
        return f"{made['inspection']} recorded"

    if submitted(request, form, record, "Inspection recorded"):
        return redirect("improvement:inspection", pk=made["inspection"].pk)
    return render(request, "improvement/inspections/inspection_new.html", {"form": form},
                  status=400 if form.errors else 200)


@require_any_perm(Perm.INSPECTION_RECORD, Perm.SELF_EVALUATION_EDIT)
def engagement_new(request):
    form = EngagementForm(request.POST or None)
    if submitted(request, form, lambda d: services.engagement_record(by=request.user, held_on=d["held_on"],
                                                                     notes=d["notes"].strip()),
                 "Engagement meeting recorded"):
        return redirect("improvement:index")
    return render(request, "improvement/inspections/engagement_new.html", {"form": form},
                  status=400 if form.errors else 200)


# --- The self-evaluation -------------------------------------------------------------------------------


def _start_form(data=None) -> SelfEvaluationStartForm:
    today = timezone.localdate()
    return SelfEvaluationStartForm(data, initial={"year": today.year, "as_at": month_ends(today, 1)[-1]})


@require_perm(Perm.IMPROVEMENT_VIEW)
def self_evaluations(request):
    items = list(SelfEvaluation.objects.all())
    this_year = timezone.localdate().year
    return render(request, "improvement/inspections/self_evaluations.html", {
        "items": items, "form": _start_form(),
        "can_edit": has_perm(request.user, Perm.SELF_EVALUATION_EDIT),
        "has_this_year": any(s.year == this_year for s in items), "this_year": this_year,
        "cycle": selectors.cycle(),
    })


@require_perm(Perm.SELF_EVALUATION_EDIT)
def self_evaluation_new(request):
    form = _start_form(request.POST or None)
    made = {}

    def start(d):
        made["sef"] = services.self_evaluation_start(by=request.user, year=d["year"], as_at=d["as_at"])
        return f"Self-evaluation {d['year']} started from last year's"

    if submitted(request, form, start, "Self-evaluation started"):
        return redirect("improvement:self_evaluation", year=made["sef"].year)
    return render(request, "improvement/inspections/self_evaluation_new.html", {"form": form},
                  status=400 if form.errors else 200)


def _evidence_item(evidence: Evidence, sef: SelfEvaluation, absolute=None) -> dict:
    """One piece of evidence as the page and the PDF show it: what it is, its value and where it leads."""
    def link(url: str) -> str:
        return absolute(url) if absolute else url

    if evidence.measure_code:
        measure = measure_get(evidence.measure_code)
        return {"kind": "measure", "pk": evidence.pk, "note": evidence.note,
                "text": measure.name if measure else evidence.measure_code,
                "value": selectors.measure_display(evidence.measure_code, evidence.measure_value),
                "when": sef.as_at,
                "url": link(reverse("performance:detail", args=[evidence.measure_code])
                            + f"?as_at={sef.as_at.isoformat()}") if measure else ""}
    if evidence.audit_round_id:
        audit_round = evidence.audit_round
        return {"kind": "audit", "pk": evidence.pk, "note": evidence.note,
                "text": f"Case file audits: {audit_round.name} ({audit_round.get_theme_display().lower()}, "
                        f"{audit_round.sampled_on:%B %Y})",
                "url": link(reverse("improvement:audit_round", args=[audit_round.pk]))}
    action = evidence.action
    return {"kind": "action", "pk": evidence.pk, "note": evidence.note,
            "text": f"Action {action.number}: {action.text}", "status": action.get_status_display(),
            "url": link(reverse("improvement:plan", args=[action.area.plan_id]))}


def _rows(sef: SelfEvaluation, absolute=None) -> list[dict]:
    """Each area beside last year's and the last inspection's, with its evidence under each statement."""
    rows = []
    for row in selectors.self_evaluation_compare(sef):
        entry = row["entry"]
        evidence = list(entry.evidence.select_related("audit_round", "action__area"))
        statements = []
        for value, label in Evidence.Statement.choices:
            statements.append({"statement": value, "label": label,
                               "items": [_evidence_item(e, sef, absolute) for e in evidence if e.statement == value]})
        previous = row["previous"]
        rows.append({
            "entry": entry, "area": entry.area,
            "grade": entry.grade, "grade_label": GRADE_LABELS.get(entry.grade, ""),
            "previous": previous.grade if previous else "",
            "previous_label": GRADE_LABELS.get(previous.grade, "") if previous else "",
            "had_previous": previous is not None,
            "inspected": row["inspected"], "inspected_label": GRADE_LABELS.get(row["inspected"], ""),
            "moved": row["moved"],
            "statements": {s["statement"]: s for s in statements},
            "statement_list": statements,
        })
    return rows


def _sef_context(request, sef: SelfEvaluation) -> dict:
    previous = SelfEvaluation.objects.filter(year__lt=sef.year).order_by("-year").first()
    return {"sef": sef, "rows": _rows(sef), "previous": previous, "last": selectors.cycle(sef.as_at).last,
            "council": settings.SAFEHOLD_LA_NAME,
            "can_edit": has_perm(request.user, Perm.SELF_EVALUATION_EDIT) and sef.status == SelfEvaluation.Status.DRAFT}


@require_perm(Perm.IMPROVEMENT_VIEW)
def self_evaluation(request, year: int):
    sef = get_object_or_404(SelfEvaluation, year=year)
    return render(request, "improvement/inspections/self_evaluation.html", _sef_context(request, sef))


@login_required  # anonymous: sign in; signed in: POST only (405), then the permission
@require_POST
@require_perm(Perm.SELF_EVALUATION_EDIT)
def self_evaluation_finalise(request, year: int):
    sef = get_object_or_404(SelfEvaluation, year=year)
    try:
        services.self_evaluation_finalise(by=request.user, sef=sef)
    except ValidationError as exc:
        context = _sef_context(request, sef)
        context["errors"] = exc.messages
        return render(request, "improvement/inspections/self_evaluation.html", context, status=400)
    messages.success(request, f"Self-evaluation {year} is final")
    return redirect("improvement:self_evaluation", year=year)


@require_perm(Perm.IMPROVEMENT_VIEW)
def self_evaluation_pdf(request, year: int):
    sef = get_object_or_404(SelfEvaluation, year=year)
    try:
        pdf = documents.self_evaluation_pdf(sef, _rows(sef, absolute=request.build_absolute_uri))
    except documents.PdfUnavailable as exc:
        return render(request, "improvement/pdf_unavailable.html", {"message": str(exc)}, status=503)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="self-evaluation-{sef.year}.pdf"'
    return response


def _entry(year: int, pk: int) -> SelfEvaluationArea:
    return get_object_or_404(SelfEvaluationArea.objects.select_related("self_evaluation", "area"),
                             pk=pk, self_evaluation__year=year)


def _area_form(entry: SelfEvaluationArea, data=None) -> SelfEvaluationAreaForm:
    return SelfEvaluationAreaForm(data, initial={
        "grade": entry.grade, "quality_of_practice": entry.quality_of_practice, "strengths": entry.strengths,
        "areas_for_development": entry.areas_for_development, "version": entry.version})


def _area_page(request, entry: SelfEvaluationArea, *, area_form=None, evidence_form=None, errors=None,
               status: int = 200):
    area_form = area_form or _area_form(entry)
    evidence_form = evidence_form or EvidenceForm()
    sef = entry.self_evaluation
    evidence = [_evidence_item(e, sef) | {"statement": e.get_statement_display()}
                for e in entry.evidence.select_related("audit_round", "action__area")]
    return render(request, "improvement/inspections/self_evaluation_area.html", {
        "sef": sef, "entry": entry, "area_form": area_form, "evidence_form": evidence_form,
        # The form whose errors the page's summary and title show.
        "form": evidence_form if evidence_form.errors else area_form,
        "errors": errors or [], "evidence": evidence, "final": sef.status == SelfEvaluation.Status.FINAL,
    }, status=status)


@require_perm(Perm.SELF_EVALUATION_EDIT)
def self_evaluation_area(request, year: int, pk: int):
    entry = _entry(year, pk)
    if request.method != "POST":
        return _area_page(request, entry)
    form = _area_form(entry, request.POST)

    def save(d):
        services.self_evaluation_area_save(by=request.user, entry=entry, expected_version=d["version"],
                                           grade=d["grade"], quality_of_practice=d["quality_of_practice"],
                                           strengths=d["strengths"], areas_for_development=d["areas_for_development"])
        return f"{entry.area.short_name} saved"

    if submitted(request, form, save, "Saved"):
        return redirect("improvement:self_evaluation", year=year)
    return _area_page(request, entry, area_form=form, status=400)


@login_required  # anonymous: sign in; signed in: POST only (405), then the permission
@require_POST
@require_perm(Perm.SELF_EVALUATION_EDIT)
def evidence_add(request, year: int, pk: int):
    entry = _entry(year, pk)
    form = EvidenceForm(request.POST)

    def add(d):
        evidence = services.evidence_add(by=request.user, entry=entry, statement=d["statement"],
                                         measure_code=d["measure_code"], audit_round=d["audit_round"],
                                         action=d["action"], note=d["note"])
        return f"Evidence added: {_evidence_item(evidence, entry.self_evaluation)['text']}"

    if submitted(request, form, add, "Evidence added"):
        return redirect("improvement:self_evaluation_area", year=year, pk=entry.pk)
    return _area_page(request, entry, evidence_form=form, status=400)


@login_required  # anonymous: sign in; signed in: POST only (405), then the permission
@require_POST
@require_perm(Perm.SELF_EVALUATION_EDIT)
def evidence_remove(request, pk: int):
    evidence = get_object_or_404(Evidence.objects.select_related("entry__self_evaluation", "entry__area"), pk=pk)
    entry = evidence.entry
    try:
        services.evidence_remove(by=request.user, evidence=evidence)
    except ValidationError as exc:
        return _area_page(request, entry, errors=exc.messages, status=400)
    messages.success(request, "Evidence removed")
    return redirect("improvement:self_evaluation_area", year=entry.self_evaluation.year, pk=entry.pk)


urlpatterns = [
    path("", index, name="index"),
    path("inspections/new/", inspection_new, name="inspection_new"),
    path("inspections/<int:pk>/", inspection, name="inspection"),
    path("engagement/new/", engagement_new, name="engagement_new"),
    path("self-evaluation/", self_evaluations, name="self_evaluations"),
    path("self-evaluation/new/", self_evaluation_new, name="self_evaluation_new"),
    path("self-evaluation/<int:year>/", self_evaluation, name="self_evaluation"),
    path("self-evaluation/<int:year>.pdf", self_evaluation_pdf, name="self_evaluation_pdf"),
    path("self-evaluation/<int:year>/finalise/", self_evaluation_finalise, name="self_evaluation_finalise"),
    path("self-evaluation/<int:year>/areas/<int:pk>/", self_evaluation_area, name="self_evaluation_area"),
    path("self-evaluation/<int:year>/areas/<int:pk>/evidence/", evidence_add, name="evidence_add"),
    path("evidence/<int:pk>/remove/", evidence_remove, name="evidence_remove"),
]

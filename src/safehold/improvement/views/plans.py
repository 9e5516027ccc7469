"""The improvement action plan (issue 13.5) and the scrutiny committee's reports (13.6)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from safehold.accounts.policy import Perm, has_perm
from safehold.audit.actions import AuditAction
from safehold.audit.services import audit_change
from safehold.web.access import forbidden, require_perm
from safehold.web.submit import submitted

from .. import documents, policy, rules, selectors, services
from ..forms_plans import (
    ActionForm,
    AreaEditForm,
    AreaForm,
    EvidenceForm,
    MeasureForm,
    PlanForm,
    ReportForm,
    SummaryForm,
    UpdateForm,
)
from ..models import ImprovementPlan, PlanAction, PlanArea, ScrutinyReport

VIEW = Perm.IMPROVEMENT_VIEW
MANAGE = Perm.PLAN_MANAGE


def _on(request) -> dt.date | None:
    raw = request.GET.get("on", "")
    if not raw:
        return None
    try:
        day = dt.date.fromisoformat(raw)
    except ValueError:
        messages.error(request, f"'{raw}' is not a date like 2026-03-31: showing the plan today")
        return None
    return min(day, timezone.localdate())


@require_perm(VIEW)
def plans(request):
    items = selectors.plan_summaries(ImprovementPlan.objects.select_related("inspection", "owner"))
    return render(request, "improvement/plans/index.html", {"items": items, "can_manage": has_perm(request.user, MANAGE)})


@require_perm(MANAGE)
def plan_new(request):
    form = PlanForm(request.POST or None)
    holder = {}

    def act(d):
        holder["plan"] = services.plan_create(by=request.user, title=d["title"], inspection=d["inspection"],
                                              owner=d["owner"], shared_with_ofsted_on=d["shared_with_ofsted_on"])

    if submitted(request, form, act, "The plan was made"):
        return redirect("improvement:plan", holder["plan"].pk)
    return render(request, "web/form_page.html", {"form": form, "page_title": "Make an improvement plan",
                                                  "submit_label": "Make the plan"})


@require_perm(VIEW)
def plan(request, pk: int):
    plan_ = get_object_or_404(ImprovementPlan.objects.select_related("inspection", "owner"), pk=pk)
    on = _on(request)
    view = selectors.plan_on(plan_, on)
    return render(request, "improvement/plans/plan.html", {
        "plan": plan_, "view": view, "past": on is not None and on < timezone.localdate(),
        "rule": {"action": rules.ACTION_RULE, "area": rules.AREA_RULE, "override": rules.OVERRIDE_RULE},
        "can_manage": has_perm(request.user, MANAGE), "reports": plan_.reports.all(),
        "updatable": {a.action.pk for av in view.areas for a in av.actions
                      if policy.may_update_action(request.user, a.action)},
    })


@require_perm(VIEW)
def plan_workbook(request, pk: int):
    plan_ = get_object_or_404(ImprovementPlan, pk=pk)
    data = documents.plan_workbook(plan_, _on(request))
    audit_change(actor=request.user, action=AuditAction.PLAN_DOWNLOAD, instance=plan_, after={"format": "xlsx"})
    response = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="improvement-plan-{plan_.pk}.xlsx"'
    return response


@require_perm(MANAGE)
def area_new(request, pk: int):
    plan_ = get_object_or_404(ImprovementPlan, pk=pk)
    form = AreaForm(request.POST or None, initial={"source": PlanArea.Source.SELF_EVALUATION, "lead": plan_.owner_id})
    if submitted(request, form, lambda d: services.area_add(by=request.user, plan=plan_, title=d["title"],
                                                            outcome=d["outcome"], source=d["source"], lead=d["lead"]),
                 "The area was added to the plan"):
        return redirect("improvement:plan", plan_.pk)
    return render(request, "improvement/plans/form.html", {"form": form, "plan": plan_,
                                                           "page_title": "Add an area for improvement",
                                                           "submit_label": "Add the area"})


@require_perm(MANAGE)
def area_edit(request, pk: int):
    area = get_object_or_404(PlanArea.objects.select_related("plan"), pk=pk)
    form = AreaEditForm(request.POST or None, initial={"outcome": area.outcome, "lead": area.lead_id})
    if submitted(request, form, lambda d: services.area_edit(by=request.user, area=area, outcome=d["outcome"],
                                                             lead=d["lead"]), "The area was saved"):
        return redirect(f"{_plan_url(area.plan)}#area-{area.number}")
    return render(request, "improvement/plans/form.html", {"form": form, "plan": area.plan, "area": area,
                                                           "page_title": f"Area {area.number}: outcome and lead",
                                                           "submit_label": "Save"})


@require_perm(MANAGE)
def measure_add(request, pk: int):
    area = get_object_or_404(PlanArea.objects.select_related("plan", "plan__inspection"), pk=pk)
    form = MeasureForm(request.POST or None)
    if submitted(request, form, lambda d: services.area_measure_add(by=request.user, area=area, code=d["code"],
                                                                    target=d["target"]), "The measure was linked"):
        return redirect(f"{_plan_url(area.plan)}#area-{area.number}")
    return render(request, "improvement/plans/form.html", {
        "form": form, "plan": area.plan, "area": area, "page_title": f"Link a measure to area {area.number}",
        "submit_label": "Link the measure", "baseline_on": services.baseline_date(area.plan)})


@require_perm(MANAGE)
def action_new(request, pk: int):
    area = get_object_or_404(PlanArea.objects.select_related("plan"), pk=pk)
    form = ActionForm(request.POST or None, initial={"owner": area.lead_id})
    if submitted(request, form, lambda d: services.action_add(
            by=request.user, area=area, text=d["text"], owner=d["owner"], starts_on=d["starts_on"],
            due_on=d["due_on"], milestones=form.milestones()), "The action was added"):
        return redirect(f"{_plan_url(area.plan)}#area-{area.number}")
    return render(request, "improvement/plans/form.html", {"form": form, "plan": area.plan, "area": area,
                                                           "page_title": f"Add an action to area {area.number}",
                                                           "submit_label": "Add the action"})


@require_perm(VIEW)
def action(request, pk: int):
    action_ = get_object_or_404(PlanAction.objects.select_related("area", "area__plan", "owner", "override_by"), pk=pk)
    milestones = list(action_.milestones.all())
    may_update = policy.may_update_action(request.user, action_)
    form = UpdateForm(request.POST or None, milestones=milestones, initial={
        "version": action_.version, "on": timezone.localdate(), "status": action_.status,
        "completed_on": action_.completed_on, "rag_override": action_.rag_override,
        "override_reason": action_.override_reason})
    if request.method == "POST":
        if not may_update:
            return forbidden(request, "Only the action's owner or the plan's managers may update it.")
        if submitted(request, form, lambda d: services.action_update(
                by=request.user, action=action_, expected_version=d["version"], on=d["on"], status=d["status"],
                completed_on=d["completed_on"], note=d["note"], rag_override=d["rag_override"],
                override_reason=d["override_reason"], milestones_done=[int(x) for x in d.get("milestones_done", [])]),
                "The update was recorded"):
            return redirect("improvement:action", action_.pk)
    today_rag = rules.action_rag(status=action_.status, starts_on=action_.starts_on, due_on=action_.due_on,
                                 milestones=[(m.due_on, m.done_on) for m in milestones], on=timezone.localdate(),
                                 override=action_.rag_override, override_reason=action_.override_reason)
    return render(request, "improvement/plans/action.html", {
        "action": action_, "plan": action_.area.plan, "milestones": milestones, "rag": today_rag,
        "updates": action_.updates.select_related("by").order_by("-on", "-id"),
        "evidence": action_.evidence.select_related("added_by"), "audit_rounds": action_.audit_rounds.all(),
        "form": form if may_update else None, "evidence_form": EvidenceForm() if may_update else None,
        "rule": rules.ACTION_RULE,
    })


@login_required
@require_POST
@require_perm(VIEW)
def action_evidence(request, pk: int):
    action_ = get_object_or_404(PlanAction, pk=pk)
    form = EvidenceForm(request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            messages.error(request, f"{form.fields[field].label if field in form.fields else 'Evidence'}: {errors[0]}")
        return redirect("improvement:action", action_.pk)
    d = form.cleaned_data
    try:
        services.action_evidence_add(by=request.user, action=action_, description=d["description"], link=d["link"],
                                     audit_round=d["audit_round"])
    except PermissionDenied as exc:
        return forbidden(request, str(exc))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("improvement:action", action_.pk)
    messages.success(request, "The evidence was added")
    return redirect("improvement:action", action_.pk)


def _plan_url(plan_: ImprovementPlan) -> str:
    return reverse("improvement:plan", args=[plan_.pk])


# --- The scrutiny committee's reports --------------------------------------------------------------------


@require_perm(MANAGE)
def report_new(request, pk: int):
    plan_ = get_object_or_404(ImprovementPlan, pk=pk)
    form = ReportForm(request.POST or None)
    holder = {}

    def act(d):
        holder["report"] = services.report_create(by=request.user, plan=plan_, meeting_on=d["meeting_on"],
                                                  summary=d["summary"])

    if submitted(request, form, act, "The draft report was made"):
        return redirect("improvement:report", holder["report"].pk)
    return render(request, "improvement/plans/form.html", {"form": form, "plan": plan_,
                                                           "page_title": "Prepare a report to the scrutiny committee",
                                                           "submit_label": "Make the draft"})


@require_perm(VIEW)
def report(request, pk: int):
    report_ = get_object_or_404(ScrutinyReport.objects.select_related("plan", "presented_by"), pk=pk)
    can_edit = has_perm(request.user, MANAGE) and report_.status == ScrutinyReport.Status.DRAFT
    form = SummaryForm(request.POST or None, initial={"summary": report_.summary}) if can_edit else None
    if request.method == "POST":
        if not can_edit:
            return forbidden(request, "This report cannot be changed.")
        if submitted(request, form, lambda d: services.report_summary_save(by=request.user, report=report_,
                                                                           summary=d["summary"]), "The summary was saved"):
            return redirect("improvement:report", report_.pk)
    content = documents.content_for_display(report_)
    return render(request, "improvement/plans/report.html", {"report": report_, "c": content, "form": form,
                                                             "can_present": can_edit})


@login_required
@require_POST
@require_perm(MANAGE)
def report_present(request, pk: int):
    report_ = get_object_or_404(ScrutinyReport, pk=pk)
    try:
        services.report_present(by=request.user, report=report_)
    except documents.PdfUnavailable as exc:
        messages.error(request, str(exc))
        return redirect("improvement:report", report_.pk)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("improvement:report", report_.pk)
    messages.success(request, "The report is marked as presented. It is archived as it is now and will not change.")
    return redirect("improvement:report", report_.pk)


@require_perm(VIEW)
def report_pdf(request, pk: int):
    report_ = get_object_or_404(ScrutinyReport.objects.select_related("plan"), pk=pk)
    try:
        data = documents.report_pdf(report_)
    except documents.PdfUnavailable as exc:
        return render(request, "improvement/pdf_unavailable.html", {"message": str(exc)}, status=503)
    audit_change(actor=request.user, action=AuditAction.SCRUTINY_REPORT_DOWNLOAD, instance=report_, after={"format": "pdf"})
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="scrutiny-report-{report_.meeting_on:%Y-%m-%d}.pdf"'
    return response


urlpatterns = [
    path("plans/", plans, name="plans"),
    path("plans/new/", plan_new, name="plan_new"),
    path("plans/<int:pk>/", plan, name="plan"),
    path("plans/<int:pk>/plan.xlsx", plan_workbook, name="plan_workbook"),
    path("plans/<int:pk>/areas/new/", area_new, name="area_new"),
    path("plans/areas/<int:pk>/", area_edit, name="area_edit"),
    path("plans/areas/<int:pk>/measures/new/", measure_add, name="measure_add"),
    path("plans/areas/<int:pk>/actions/new/", action_new, name="action_new"),
    path("plans/actions/<int:pk>/", action, name="action"),
    path("plans/actions/<int:pk>/evidence/", action_evidence, name="action_evidence"),
    path("plans/<int:pk>/reports/new/", report_new, name="report_new"),
    path("reports/<int:pk>/", report, name="report"),
    path("reports/<int:pk>/present/", report_present, name="report_present"),
    path("reports/<int:pk>/report.pdf", report_pdf, name="report_pdf"),
]

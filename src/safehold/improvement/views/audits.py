"""Case file audits (issue 13.3): the rounds and their report, planning a round, a round's sample, my
audits, the audit itself (done by its auditor, then read and answered by the worker and their manager),
moderation, and the audit tool. Who may read an audit is policy.may_read_audit; a reader who may not
open the child's record sees the child's ID, never the name, and every read of an audit is logged as a
view of the child (audit.AccessEvent), as opening the record would be."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.views.decorators.http import require_POST

from safehold.accounts.policy import Perm, decide_person_access, has_perm
from safehold.audit.models import AccessEvent
from safehold.audit.services import audit_access
from safehold.web.access import forbidden, require_any_perm, require_perm
from safehold.web.submit import submitted

from .. import policy, selectors, services
from ..forms_audits import AuditForm, ModerateForm, ReplyForm, RoundForm, ToolForm
from ..models import AuditAction, AuditRound, AuditTool, CaseAudit

READ = (Perm.IMPROVEMENT_VIEW, Perm.AUDIT_ROUND_MANAGE)


@require_any_perm(*READ)
def audits(request):
    can_manage = has_perm(request.user, Perm.AUDIT_ROUND_MANAGE)
    return render(request, "improvement/audits/index.html", {
        "rounds": selectors.audit_rounds(), "report": selectors.audit_report_page(), "can_manage": can_manage,
        "tools": AuditTool.objects.all() if can_manage else []})


@require_perm(Perm.AUDIT_ROUND_MANAGE)
def audit_round_new(request):
    form = RoundForm(request.POST or None, auditors=selectors.auditor_choices())
    made = {}

    def act(d):
        made["round"] = services.round_plan(
            by=request.user, name=d["name"], theme=d["theme"], tool_version=d["tool_version"],
            sampling=d["sampling"], sample_size=d["sample_size"], seed=d["seed"], due_on=d["due_on"],
            moderation_percent=d["moderation_percent"], auditors=list(d["auditors"]))
        r = made["round"]
        n = r.audits.count()
        return f"{r.name} planned: {n} {'child' if n == 1 else 'children'} sampled with seed {r.seed}"

    if submitted(request, form, act, "The round was planned"):
        return redirect("improvement:audit_round", made["round"].pk)
    return render(request, "improvement/audits/round_new.html", {"form": form})


@require_any_perm(*READ)
def audit_round(request, pk: int):
    audit_round_ = get_object_or_404(AuditRound.objects.select_related("tool_version__tool", "planned_by"), pk=pk)
    return render(request, "improvement/audits/round.html", {
        "round": audit_round_, "sample": selectors.round_sample(audit_round_, request.user),
        "report": selectors.audit_report_page([audit_round_]),
        "can_manage": has_perm(request.user, Perm.AUDIT_ROUND_MANAGE)})


@login_required
@require_POST
@require_perm(Perm.AUDIT_ROUND_MANAGE)
def audit_round_close(request, pk: int):
    audit_round_ = get_object_or_404(AuditRound, pk=pk)
    services.round_close(by=request.user, audit_round=audit_round_)
    messages.success(request, f"{audit_round_.name} is closed")
    return redirect("improvement:audit_round", audit_round_.pk)


@require_any_perm(Perm.AUDIT_CONDUCT, Perm.IMPROVEMENT_VIEW)
def my_audits(request):
    mine = selectors.my_audits(request.user)
    return render(request, "improvement/audits/mine.html", {
        "to_do": selectors.audit_children(mine["to_do"], request.user),
        "of_mine": selectors.audit_children(mine["of_mine"], request.user)})


def _readable_audit(request, pk: int):
    """(audit, None) for a reader policy.may_read_audit allows, with the child set (masked where the
    reader may not open the record) and the read logged as a view of the child; else (None, a 403)."""
    audit = get_object_or_404(CaseAudit.objects.select_related(
        "round__tool_version__tool", "team", "worker", "auditor", "moderation__moderator"), pk=pk)
    if not policy.may_read_audit(request.user, audit):
        return None, forbidden(request, "Only the auditor, the worker and their manager, moderators and those "
                                        "who read audit reports may read this audit.")
    selectors.audit_children([audit], request.user)
    decision = decide_person_access(request.user, audit.person)
    audit_access(user=request.user, person_id=audit.person_id, view=request.resolver_match.view_name,
                 basis=decision.basis if decision.allowed else AccessEvent.Basis.AUDIT)
    return audit, None


def _audit_context(request, audit: CaseAudit) -> dict:
    return {"audit": audit, "round": audit.round, "sheet": selectors.audit_sheet(audit),
            "moderation": getattr(audit, "moderation", None),
            "actions": [(a, policy.may_mark_action_done(request.user, a)) for a in audit.actions.all()],
            "replies": audit.replies.select_related("author")}


@login_required
def audit(request, pk: int):
    audit_, refused = _readable_audit(request, pk)
    if refused:
        return refused
    editing = (audit_.status == CaseAudit.Status.ASSIGNED and audit_.auditor_id == request.user.pk
               and has_perm(request.user, Perm.AUDIT_CONDUCT))
    context = _audit_context(request, audit_)
    if editing:
        sections = audit_.round.tool_version.sections
        form = AuditForm(request.POST or None, tool_sections=sections, initial=AuditForm.initial_for(audit_))
        submit = "submit" in request.POST

        def act(_d):
            services.audit_save(by=request.user, audit=audit_, expected_version=form.cleaned_data["version"],
                                submit=submit, **form.service_arguments(len(sections)))

        done = "The audit was submitted" if submit else "Your answers were saved: come back to finish the audit"
        if submitted(request, form, act, done):
            return redirect("improvement:audit", audit_.pk)
        context["form"] = form
        return render(request, "improvement/audits/audit_form.html", context)
    context["may_reply"] = policy.may_reply(request.user, audit_)
    context["reply_form"] = ReplyForm() if context["may_reply"] else None
    context["may_moderate"] = (has_perm(request.user, Perm.AUDIT_MODERATE) and audit_.auditor_id != request.user.pk
                               and audit_.status == CaseAudit.Status.SUBMITTED)
    return render(request, "improvement/audits/audit.html", context)


@login_required
@require_POST
def audit_reply(request, pk: int):
    audit_, refused = _readable_audit(request, pk)
    if refused:
        return refused
    form = ReplyForm(request.POST)
    try:
        if submitted(request, form, lambda d: services.audit_reply(by=request.user, audit=audit_, text=d["text"]),
                     "Your reply was added"):
            return redirect("improvement:audit", audit_.pk)
    except PermissionDenied as exc:
        return forbidden(request, str(exc))
    context = _audit_context(request, audit_)
    context.update({"may_reply": True, "reply_form": form, "form": form})
    return render(request, "improvement/audits/audit.html", context, status=400)


@login_required
@require_POST
def audit_action_done(request, pk: int):
    action = get_object_or_404(AuditAction.objects.select_related("audit"), pk=pk)
    try:
        services.audit_action_done(by=request.user, action=action)
    except PermissionDenied as exc:
        return forbidden(request, str(exc))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "The action is marked as done")
    return redirect("improvement:audit", action.audit_id)


@require_perm(Perm.AUDIT_MODERATE)
def audit_moderate(request, pk: int):
    audit_, refused = _readable_audit(request, pk)
    if refused:
        return refused
    form = ModerateForm(request.POST or None, initial={"grade": audit_.grade})
    open_to_moderate = audit_.status == CaseAudit.Status.SUBMITTED and audit_.auditor_id != request.user.pk
    if open_to_moderate:
        def act(d):
            services.audit_moderate(by=request.user, audit=audit_, grade=d["grade"], reason=d["reason"])

        if submitted(request, form, act, "Moderation recorded"):
            return redirect("improvement:audit", audit_.pk)
    context = _audit_context(request, audit_)
    context.update({"form": form, "open_to_moderate": open_to_moderate})
    return render(request, "improvement/audits/moderate.html", context)


@require_perm(Perm.AUDIT_ROUND_MANAGE)
def audit_tool(request, pk: int):
    tool = get_object_or_404(AuditTool, pk=pk)
    current = tool.current
    form = ToolForm(request.POST or None, initial={"text": services.tool_text(current) if current else ""})

    def act(d):
        version = services.tool_version_new(by=request.user, tool=tool, text=d["text"])
        return f"Version {version.number} of {tool.name} was made"

    if submitted(request, form, act, "A new version was made"):
        return redirect("improvement:audit_tool", tool.pk)
    versions = tool.versions.select_related("made_by").order_by("-number")
    return render(request, "improvement/audits/tool.html", {"tool": tool, "form": form, "versions": versions,
                                                             "current": current})


urlpatterns = [
    path("audits/", audits, name="audits"),
    path("audits/new/", audit_round_new, name="audit_round_new"),
    path("audits/mine/", my_audits, name="my_audits"),
    path("audits/rounds/<int:pk>/", audit_round, name="audit_round"),
    path("audits/rounds/<int:pk>/close/", audit_round_close, name="audit_round_close"),
    path("audits/<int:pk>/", audit, name="audit"),
    path("audits/<int:pk>/reply/", audit_reply, name="audit_reply"),
    path("audits/<int:pk>/moderate/", audit_moderate, name="audit_moderate"),
    path("audits/actions/<int:pk>/done/", audit_action_done, name="audit_action_done"),
    path("audits/tools/<int:pk>/", audit_tool, name="audit_tool"),
]

"""The returns page: run a return for a year, watch it run, download it, read the validator's findings."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from safehold.accounts.models import Team
from safehold.accounts.policy import Perm, has_perm
from safehold.audit.actions import AuditAction
from safehold.audit.services import audit_change
from safehold.web.access import forbidden, require_perm
from safehold.web.submit import submit
from safehold.worklists.selectors import teams_for

from . import selectors, services
from .forms import RunForm
from .models import ReturnRun


@require_perm(Perm.RETURNS_RUN)
def index(request):
    form = RunForm(request.POST or None, initial={"kind": ReturnRun.Kind.SSDA903})
    done = submit(request, form, lambda d: services.run_start(by=request.user, kind=d["kind"],
                                                              period_end=d["period_end"]),
                  success=lambda run: f"{run} started")
    if done:
        return redirect("returns:run_detail", run_id=done.result.pk)
    return render(request, "returns/index.html", {"form": form, "runs": selectors.recent_runs()})


@require_perm(Perm.RETURNS_RUN)
def run_detail(request, run_id: int):
    run = get_object_or_404(ReturnRun.objects.select_related("started_by").defer("file"), pk=run_id)
    context = {"run": run, "retention_days": settings.SAFEHOLD_RETURN_FILE_DAYS, "findings": selectors.findings(run) if run.status == ReturnRun.Status.DONE else None}
    if request.htmx and not run.is_finished:
        return render(request, "returns/_progress.html", context)
    if request.htmx:  # finished while the page was polling: reload the whole page for the results
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
        return response
    return render(request, "returns/run_detail.html", context)


@require_perm(Perm.RETURNS_RUN)
def download(request, run_id: int):
    services.run_files_expire()  # never serve a file past the retention period, whether or not the job ran
    run = get_object_or_404(ReturnRun, pk=run_id, status=ReturnRun.Status.DONE)
    if run.file is None:
        return render(request, "returns/file_expired.html", {"run": run}, status=410)
    audit_change(actor=request.user, action=AuditAction.RETURN_DOWNLOAD, instance=run, reason=str(run),
                 after={"kind": run.kind, "period_end": run.period_end.isoformat()})
    response = HttpResponse(bytes(run.file), content_type=run.content_type)
    response["Content-Disposition"] = f'attachment; filename="{run.download_name}"'
    return response


@require_perm(Perm.REPORTS_VIEW)
def data_quality(request):
    """Where the record breaks the DfE rules now, by team and worker, with the trend (issue 16.5). Managers see
    their teams; analysts, leaders and quality assurance the county."""
    if has_perm(request.user, Perm.WORKLIST_TEAM) and not has_perm(request.user, Perm.RETURNS_RUN):
        teams = list(teams_for(request.user))
    else:
        teams = list(Team.objects.filter(allocations__isnull=False).distinct().order_by("name"))
    chosen = request.GET.get("team", "").strip()
    team = next((t for t in teams if str(t.pk) == chosen), None) if chosen else None
    if chosen and team is None:
        return forbidden(request, "That team is outside your team or service.")
    page = request.GET.get("page", "1")
    quality = selectors.data_quality(teams=teams, team=team, page=int(page) if page.isdigit() and int(page) > 0 else 1)
    return render(request, "returns/data_quality.html", {"teams": teams, "team": team, "q": quality})

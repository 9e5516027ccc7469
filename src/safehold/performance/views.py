"""The measures pages: the catalogue, one measure (trend, comparators, cuts, RAG, target), the children
or workers behind a figure, downloads of any table, and the leaders' dashboard."""

from __future__ import annotations

import csv
import datetime as dt
import io

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from safehold.accounts.policy import Perm, has_perm
from safehold.audit.actions import AuditAction
from safehold.audit.services import audit_change
from safehold.children_in_care.selectors import unregistered_placements
from safehold.core.spreadsheets import safe_cell
from safehold.web.access import require_perm
from safehold.web.submit import submitted
from safehold.worklists.selectors import service_overview, services_for

from . import pages, selectors, services
from .dashboard_sections import sections_for
from .definitions import get
from .forms import TargetForm
from .models import MeasureTarget

EARLIEST = dt.date(2000, 1, 1)  # no record or comparator goes back further


def _as_at(request) -> dt.date:
    raw = request.GET.get("as_at", "")
    try:
        day = dt.date.fromisoformat(raw) if raw else timezone.localdate()
    except ValueError:
        messages.error(request, f"'{raw}' is not a date like 2026-03-31: showing today")
        return timezone.localdate()
    return min(max(day, EARLIEST), timezone.localdate())


def _measure(code: str):
    measure = get(code)
    if measure is None:
        raise Http404("No such measure")
    return measure


@require_perm(Perm.MEASURES_VIEW)
def index(request):
    live = "as_at" in request.GET
    as_at, by_area = pages.catalogue_rows(_as_at(request) if live else None, live=live)
    return render(request, "performance/index.html", {"as_at": as_at, "by_area": by_area, "live": live})


@require_perm(Perm.MEASURES_VIEW)
def detail(request, code: str):
    measure = _measure(code)
    as_at = _as_at(request)
    by = request.GET.get("by", "")
    by = by if by in measure.cuts else ""  # only a known cut reaches the cache key
    context = selectors.reused(f"measure-page:{code}:{as_at.isoformat()}:{by}",
                               lambda: pages.measure_page(measure, as_at, by), measure)
    context = dict(context)
    # The target and its RAG are read afresh, so a new target shows at once.
    context["target"] = selectors.targets().get(code)
    context["rag"] = selectors.rag(measure, context["result"].value, context["target"])
    context["reuse_seconds"] = settings.SAFEHOLD_MEASURE_SECONDS
    context["can_set_target"] = has_perm(request.user, Perm.MEASURES_TARGET)
    target = context["target"]
    context["target_form"] = TargetForm(initial={"target": target.target, "amber_margin": target.amber_margin}
                                        if target else None)
    return render(request, "performance/detail.html", context)


@require_perm(Perm.MEASURES_TARGET)
def target(request, code: str):
    measure = _measure(code)
    current = MeasureTarget.objects.filter(code=code).first()
    form = TargetForm(request.POST or None, initial={"target": current.target, "amber_margin": current.amber_margin}
                      if current else None)
    if submitted(request, form, lambda d: services.target_set(by=request.user, code=code, target=d["target"],
                                                              amber_margin=d["amber_margin"]),
                 f"Target for {measure.name.lower()} saved"):
        return redirect("performance:detail", code=code)
    return render(request, "performance/target.html", {"measure": measure, "form": form})


@require_perm(Perm.MEASURES_VIEW)
def children(request, code: str):
    measure = _measure(code)
    as_at = _as_at(request)
    part = "numerator" if request.GET.get("part") == "numerator" else "denominator"
    by, group = request.GET.get("by", ""), request.GET.get("group", "")
    result = selectors.evaluate_reused(measure, as_at)
    rows = selectors.drilldown(result, fetched_by=request.user, part=part, cut_dimension=by, cut_label=group)
    if request.GET.get("format") in ("csv", "xlsx"):
        audit_change(actor=request.user, action=AuditAction.MEASURE_DOWNLOAD_LIST, instance=request.user,
                     after={"measure": code, "as_at": as_at.isoformat(), "part": part, "group": group,
                            "rows": len(rows)})
        header = ["Worker" if measure.subject == "worker" else "Person ID", "Name", "Counted in the numerator",
                  "Detail"]
        table = [[r.label if measure.subject == "worker" else r.person_id,
                  "" if measure.subject == "worker" else ("A child outside your access" if r.masked else r.label),
                  "Yes" if r.in_numerator else "No", r.extra] for r in rows]
        return _table_download(request.GET["format"], f"{code.lower()}-{part}-{as_at}", header, table)
    return render(request, "performance/children.html", {
        "measure": measure, "as_at": as_at, "part": part, "rows": rows[:1000], "total": len(rows),
        "by": by, "group": group, "by_label": selectors.CUT_LABELS.get(by, ""), "result": result,
        "period_label": measure.period_label(as_at)})


@require_perm(Perm.MEASURES_VIEW)
def download(request, code: str, table: str, fmt: str):
    """A measure's cut table or its trend as CSV or XLSX."""
    measure = _measure(code)
    if fmt not in ("csv", "xlsx") or table not in ("cuts", "trend"):
        raise Http404("No such download")
    context = pages.measure_page(measure, _as_at(request), request.GET.get("by", ""))
    if table == "cuts":
        header = [context["by_label"] or "Group", "Numerator", "Denominator", "Value"]
        rows = [[g["label"], g["numerator"], g["denominator"], g["value"]] for g in context["cut_rows"]]
        rows.append(["All", context["result"].numerator, context["result"].denominator, context["result"].value])
    else:
        header = ["Month end", "Numerator", "Denominator", "Value", "Restated value"]
        rows = [[p.as_at.isoformat(), p.numerator, p.denominator, p.value, p.restated if p.restated_differs else ""]
                for p in context["trend"].points]
    return _table_download(fmt, f"{code.lower()}-{table}-{context['as_at']}", header, rows)


def _table_download(fmt: str, name: str, header: list, rows: list[list]) -> HttpResponse:
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(header)
        writer.writerows([[safe_cell(v) for v in row] for row in rows])
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    else:
        from openpyxl import Workbook  # noqa: PLC0415

        wb = Workbook(write_only=True)
        ws = wb.create_sheet("Table")
        ws.append(header)
        for row in rows:
            ws.append([safe_cell(v) for v in row])
        out = io.BytesIO()
        wb.save(out)
        response = HttpResponse(out.getvalue(),
                                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@require_perm(Perm.MEASURES_VIEW)
def dashboard(request):
    """The headline figures come from the snapshots, the same for every reader: they are drawn once and
    the drawing reused until a snapshot is taken or restated, a target changes, or
    SAFEHOLD_MEASURE_SECONDS pass (the template's cache block; `dash` is only computed when it is
    drawn). What depends on the reader (the children they may open, their services) is read each time."""
    context = {"dash": SimpleLazyObject(pages.dashboard), "stamp": pages.dashboard_stamp(),
               "reuse_seconds": settings.SAFEHOLD_MEASURE_SECONDS}

    context["unregistered"] = list(unregistered_placements(fetched_by=request.user))
    context["unregistered_total"] = unregistered_placements().count()
    services_ = services_for(request.user)
    context["services"] = service_overview(fetched_by=request.user, services=list(services_)) if services_ else []
    context["sections"] = sections_for(request)
    return render(request, "performance/dashboard.html", context)

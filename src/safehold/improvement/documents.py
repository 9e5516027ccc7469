"""The documents the improvement loop produces: the scrutiny committee report (its content as plain data,
the HTML page and the PDF drawn from that same data), the self-evaluation as a PDF, and the action plan as
a workbook for Ofsted. A presented report's content is stored and drawn again from storage, never from
the plan, so it does not change."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from safehold.core.spreadsheets import safe_cell
from safehold.performance import charts
from safehold.performance.definitions import Unit, month_ends
from safehold.performance.definitions import get as measure_get
from safehold.performance.models import MeasureSnapshot
from safehold.performance.pages import _across_years
from safehold.performance.selectors import comparators, format_value

from . import rules, selectors
from .models import ImprovementPlan, ScrutinyReport

GRADE_LABELS = selectors.GRADE_LABELS
PRINT_CHART = "improvement/_chart_print.html"  # the chart drawn with its colours as attributes (no stylesheet)


def _d(day: dt.date | None) -> str:
    return day.isoformat() if day else ""


def measure_chart(code: str, as_at: dt.date, *, months: int = 24) -> dict | None:
    """This council's month-end figures for `months` months against England and the statistical
    neighbours, as chart data (performance.charts), with the words that state the trend."""
    measure = measure_get(code)
    if measure is None:
        return None
    ends = month_ends(as_at, months)
    snaps = dict(MeasureSnapshot.objects.filter(code=code, as_at__in=ends, cut="").values_list("as_at", "value"))
    series = [charts.Series("This council", [(d, snaps.get(d)) for d in ends])]
    for line in comparators(measure):
        if line.label == "England" or line.label.startswith("Statistical neighbours"):
            series.append(charts.Series(line.label + (" (synthetic)" if line.synthetic else ""),
                                        _across_years(line.points, as_at),
                                        "sh-chart__line--england" if line.label == "England"
                                        else "sh-chart__line--neighbours", dashed=True))
    chart = charts.line_chart(f"{measure.name}: this council, England and neighbours", series,
                              lambda v: format_value(measure, v), start=ends[0].replace(day=1), end=as_at,
                              percent=measure.unit is Unit.PERCENT)
    return dataclasses.asdict(chart)


def _rag(rag: rules.Rag) -> dict:
    return {"status": rag.status, "derived": rag.derived, "why": rag.why, "override": rag.override,
            "override_reason": rag.override_reason}


def _action_dict(view: selectors.ActionView) -> dict:
    a = view.action
    return {"id": a.pk, "number": a.number, "text": a.text, "owner": a.owner.get_full_name() or a.owner.username,
            "starts_on": _d(a.starts_on), "due_on": _d(a.due_on), "status": view.status_label,
            "completed_on": _d(view.completed_on), "rag": _rag(view.rag),
            "last_note": view.last_update.note if view.last_update else "",
            "last_on": _d(view.last_update.on) if view.last_update else "",
            "milestones": [{"text": m.text, "due_on": _d(m.due_on), "done_on": _d(m.done_on)} for m in view.milestones]}


def report_content(report: ScrutinyReport) -> dict:
    """Everything the committee reads, as plain data: drawn from the plan as it stood on the meeting date
    (or today, for a meeting still to come)."""
    plan = report.plan
    today = timezone.localdate()
    as_at = min(report.meeting_on, today)
    view = selectors.plan_on(plan, as_at)
    previous = (plan.reports.filter(status=ScrutinyReport.Status.PRESENTED, meeting_on__lt=report.meeting_on)
                .order_by("-meeting_on").first())
    before = {}
    if previous and previous.content:
        before = {a["id"]: a for area in previous.content["areas"] for a in area["actions"]}
    since = previous.meeting_on if previous else (plan.inspection.published_on if plan.inspection and
                                                  plan.inspection.published_on else None)
    areas, done_since, late, changes = [], [], [], []
    for area_view in view.areas:
        actions = []
        for av in area_view.actions:
            item = _action_dict(av)
            actions.append(item)
            if av.status == "completed" and av.completed_on and (since is None or av.completed_on > since):
                done_since.append(item)
            if av.rag.derived == rules.RED and av.status != "completed":
                late.append(item)
            prior = before.get(av.action.pk)
            if prior is None and previous is not None:
                changes.append({"number": item["number"], "text": item["text"], "before": "New since then",
                                "after": f"{item['status']}, {item['rag']['status'] or 'no status'}"})
            elif prior and (prior["rag"]["status"] != item["rag"]["status"] or prior["status"] != item["status"]):
                changes.append({"number": item["number"], "text": item["text"],
                                "before": f"{prior['status']}, {prior['rag']['status'] or 'no status'}",
                                "after": f"{item['status']}, {item['rag']['status'] or 'no status'}"})
        measures = [{"code": mv.code, "name": mv.name, "baseline": mv.display["baseline"],
                     "baseline_on": _d(mv.baseline_on), "target": mv.display["target"],
                     "value": mv.display["value"], "worse": mv.worse, "met": mv.met,
                     "chart": measure_chart(mv.code, as_at),
                     "chart_id": f"chart-{area_view.area.number}-{mv.code}"} for mv in area_view.measures]
        a = area_view.area
        areas.append({"number": a.number, "title": a.title, "outcome": a.outcome, "source": a.get_source_display(),
                      "lead": a.lead.get_full_name() or a.lead.username, "rag": _rag(area_view.rag),
                      "actions": actions, "measures": measures})
    inspection = plan.inspection
    return {
        "council": settings.SAFEHOLD_LA_NAME,
        "committee": report.committee,
        "meeting_on": _d(report.meeting_on),
        "as_at": _d(as_at),
        "plan": plan.title,
        "summary": report.summary,
        "inspection": {
            "kind": inspection.get_kind_display(), "on_site_from": _d(inspection.on_site_from),
            "on_site_to": _d(inspection.on_site_to), "published_on": _d(inspection.published_on),
            "report_url": inspection.report_url,
            "grades": [{"area": g.area.name, "grade": g.grade, "label": GRADE_LABELS[g.grade]}
                       for g in inspection.grades.select_related("area").order_by("area__order")],
        } if inspection else None,
        "previous_meeting_on": _d(previous.meeting_on) if previous else "",
        "since": _d(since),
        "counts": {"areas": view.counts["areas"], "actions": view.counts["actions"]},
        "areas": areas,
        "done_since": done_since,
        "late": late,
        "changes": changes,
        "rag_rule": {"action": rules.ACTION_RULE, "area": rules.AREA_RULE, "override": rules.OVERRIDE_RULE},
    }


def content_for_display(report: ScrutinyReport) -> dict:
    """The stored content of a presented report; a draft's, drawn now."""
    return report.content if report.status == ScrutinyReport.Status.PRESENTED and report.content else \
        report_content(report)


# WeasyPrint 66 cannot tag (PDF/UA) a table with a <caption> that falls across a page break ("Table wrapper
# without a table"): in the PDF a caption is printed as the paragraph just before its table instead.
_CAPTION = re.compile(r"(<table\b[^>]*>)\s*<caption\b[^>]*>(.*?)</caption>", re.S)


class PdfUnavailable(Exception):
    """WeasyPrint cannot load the system libraries it needs (Pango): docs/operations.md."""


def _pdf(template: str, context: dict) -> bytes:
    try:
        from weasyprint import HTML  # noqa: PLC0415
    except OSError as exc:  # the Python package is there, the system's Pango is not
        raise PdfUnavailable(f"PDFs cannot be made on this server: {exc}. Install the system libraries in "
                             "docs/operations.md ('PDF reports').") from exc

    html = _CAPTION.sub(r'<p class="sh-caption">\2</p>\1', render_to_string(template, context))
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(
        pdf_variant="pdf/ua-1", custom_metadata=True)


def report_pdf(report: ScrutinyReport, content: dict | None = None, *, presented: bool = False) -> bytes:
    """The report as a tagged PDF (PDF/UA): the same content as the page, headings, tables with headers and
    each chart with its words."""
    if report.status == ScrutinyReport.Status.PRESENTED and report.pdf:
        return bytes(report.pdf)
    return _pdf("improvement/report_print.html", {"c": content or report_content(report), "report": report,
                                                  "presented": presented, "chart_template": PRINT_CHART})


def self_evaluation_pdf(sef, rows: list[dict]) -> bytes:
    return _pdf("improvement/self_evaluation_print.html", {"sef": sef, "rows": rows,
                                                           "council": settings.SAFEHOLD_LA_NAME})


def plan_workbook(plan: ImprovementPlan, on: dt.date | None = None) -> bytes:
    """The action plan as Ofsted is sent it: one row per action under its area for improvement, with the
    measures on a second sheet. Cells are written as text where they could be read as formulas."""
    import xlsxwriter  # noqa: PLC0415

    view = selectors.plan_on(plan, on)
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False})
    bold = book.add_format({"bold": True, "text_wrap": True, "valign": "top"})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    sheet = book.add_worksheet("Action plan")
    heads = ["Area", "Area for improvement", "Outcome sought", "Lead", "Area RAG", "Action", "Action text",
             "Owner", "Start", "Due", "Status", "Completed", "RAG", "RAG (derived)", "Why", "Override reason",
             "Milestones", "Latest update", "Update date"]
    sheet.write_row(0, 0, heads, bold)
    row = 1
    for av in view.areas:
        a = av.area
        for act in av.actions or [None]:
            values = [a.number, a.title, a.outcome, a.lead.get_full_name(), av.rag.status]
            if act:
                values += [act.action.number, act.action.text, act.action.owner.get_full_name(),
                           _d(act.action.starts_on), _d(act.action.due_on), act.status_label, _d(act.completed_on),
                           act.rag.status, act.rag.derived, act.rag.why, act.rag.override_reason,
                           "; ".join(f"{m.text} ({_d(m.due_on)}{', done ' + _d(m.done_on) if m.done_on else ''})"
                                     for m in act.milestones),
                           act.last_update.note if act.last_update else "",
                           _d(act.last_update.on) if act.last_update else ""]
            for col, value in enumerate(values):
                sheet.write_string(row, col, str(safe_cell(value) if value is not None else ""), wrap)
            row += 1
    sheet.set_column(0, 0, 6)
    sheet.set_column(1, 2, 40)
    sheet.set_column(6, 6, 40)
    sheet.set_column(14, 17, 30)
    sheet.freeze_panes(1, 0)
    m_sheet = book.add_worksheet("Measures")
    m_sheet.write_row(0, 0, ["Area", "Measure", "Code", "Baseline", "Baseline date", "Target", "Now"], bold)
    row = 1
    for av in view.areas:
        for mv in av.measures:
            for col, value in enumerate([av.area.number, mv.name, mv.code, mv.display["baseline"],
                                         _d(mv.baseline_on), mv.display["target"], mv.display["value"]]):
                m_sheet.write_string(row, col, str(safe_cell(value)), wrap)
            row += 1
    m_sheet.set_column(1, 1, 50)
    book.close()
    return buffer.getvalue()

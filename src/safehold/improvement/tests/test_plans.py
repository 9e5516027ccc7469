"""The improvement action plan and the scrutiny committee report (issue 13.5, 13.6): areas from the
inspection's findings, progress updates as history, the plan as it stood on a past date, overrides with
reasons, baselines from the snapshots, and a presented report that never changes."""

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from safehold.accounts.models import Role
from safehold.accounts.tests.factories import UserFactory
from safehold.audit.models import AuditEvent
from safehold.improvement import documents, selectors, services
from safehold.improvement.models import PlanAction, ScrutinyReport
from safehold.performance.tests.factories import MeasureSnapshotFactory

TODAY = timezone.localdate()


def ago(days: int) -> dt.date:
    return TODAY - dt.timedelta(days=days)


@pytest.fixture
def leader(db):
    return UserFactory(username="lesley", first_name="Lesley", last_name="Hart", role=Role.LEADER, team=None)


@pytest.fixture
def inspection(leader):
    on = ago(400)
    return services.inspection_record(
        by=leader, kind="standard", on_site_from=on, on_site_to=on + dt.timedelta(days=11),
        published_on=on + dt.timedelta(days=40), lead_inspector="A. Inspector",
        grades={a: "requires_improvement" for a in ("leaders", "help_protection", "in_care")} | {
            "care_leavers": "good"} | ({"overall": "requires_improvement"} if on <= dt.date(2026, 3, 31) else {}),
        strengths=["Care leavers are well supported."],
        improvements=["The timeliness of assessments.", "Management oversight, supervision and decision-making."])


@pytest.fixture
def plan(leader, inspection):
    return services.plan_create(by=leader, title="Improving children's services", inspection=inspection, owner=leader)


def _action(leader, area, *, starts=200, due=100, text="Weekly performance clinics in every team"):
    return services.action_add(by=leader, area=area, text=text, owner=leader, starts_on=ago(starts),
                               due_on=ago(due) if due > 0 else TODAY + dt.timedelta(days=-due),
                               milestones=[("Clinic terms of reference agreed", ago(starts - 10))])


class TestPlan:
    def test_each_area_for_improvement_becomes_an_area_verbatim_and_in_order(self, plan):
        titles = list(plan.areas.values_list("number", "title", "source"))
        assert titles == [(1, "The timeliness of assessments.", "inspection"),
                          (2, "Management oversight, supervision and decision-making.", "inspection")]

    def test_a_late_action_is_red_and_a_progress_update_is_kept_as_history(self, plan, leader):
        area = plan.areas.get(number=1)
        action = _action(leader, area)
        assert selectors.plan_on(plan).areas[0].actions[0].rag.status == "red"
        services.action_update(by=leader, action=action, expected_version=action.version, on=ago(150),
                               status="in_progress", completed_on=None, note="Clinics started in four teams")
        action.refresh_from_db()
        services.action_update(by=leader, action=action, expected_version=action.version, on=ago(5),
                               status="completed", completed_on=ago(6), note="All teams run clinics")
        now = selectors.plan_on(plan).areas[0]
        assert now.actions[0].rag.status == "green" and now.actions[0].status == "completed"
        # As it stood 120 days ago: in progress, before its due date, but its milestone was missed.
        then = selectors.plan_on(plan, ago(120)).areas[0].actions[0]
        assert (then.status, then.rag.status) == ("in_progress", "amber")
        assert then.last_update.note == "Clinics started in four teams"
        # Before the first update: not started, and its start date had passed.
        assert selectors.plan_on(plan, ago(170)).areas[0].actions[0].status == "not_started"

    def test_an_update_needs_a_note_and_completion_a_date_and_an_override_a_reason(self, plan, leader):
        action = _action(leader, plan.areas.get(number=1))
        with pytest.raises(ValidationError) as exc:
            services.action_update(by=leader, action=action, expected_version=action.version, on=TODAY,
                                   status="completed", completed_on=None, note="", rag_override="green")
        assert set(exc.value.message_dict) == {"completed_on", "note", "override_reason"}
        assert not action.updates.exists()

    def test_an_override_shows_beside_the_rule(self, plan, leader, client):
        action = _action(leader, plan.areas.get(number=1))
        services.action_update(by=leader, action=action, expected_version=action.version, on=TODAY,
                               status="in_progress", completed_on=None, note="New date agreed with the DCS",
                               rag_override="amber", override_reason="Revised timetable agreed at board")
        view = selectors.plan_on(plan).areas[0].actions[0]
        assert (view.rag.derived, view.rag.status) == ("red", "amber")
        client.force_login(leader)
        page = client.get(reverse("improvement:plan", args=[plan.pk])).content.decode()
        assert "set by hand; the rule gives red" in page and "Revised timetable agreed at board" in page

    def test_a_stale_update_is_refused_and_nothing_is_saved(self, plan, leader):
        action = _action(leader, plan.areas.get(number=1))
        stale = action.version
        services.action_update(by=leader, action=action, expected_version=stale, on=TODAY, status="in_progress",
                               completed_on=None, note="First")
        with pytest.raises(ValidationError, match="changed by someone else"):
            services.action_update(by=leader, action=PlanAction.objects.get(pk=action.pk), expected_version=stale,
                                   on=TODAY, status="completed", completed_on=TODAY, note="Second")
        assert list(action.updates.values_list("note", flat=True)) == ["First"]

    def test_only_owners_and_plan_managers_update_actions(self, plan, leader, users):
        action = _action(leader, plan.areas.get(number=1))
        with pytest.raises(PermissionDenied):
            services.action_update(by=users["analyst"], action=action, expected_version=action.version, on=TODAY,
                                   status="in_progress", completed_on=None, note="Not mine")

    def test_a_measure_baseline_is_the_snapshot_before_the_inspection(self, plan, leader, inspection):
        day = services.baseline_date(plan)
        assert day.day == (day + dt.timedelta(days=1)).day - 0 or day < inspection.on_site_from
        MeasureSnapshotFactory(as_at=day, value=70.0)
        pm = services.area_measure_add(by=leader, area=plan.areas.get(number=1), code="HP_ASSESS_45WD", target=85)
        assert (pm.baseline, pm.baseline_on) == (70.0, day)
        with pytest.raises(ValidationError):
            services.area_measure_add(by=leader, area=plan.areas.get(number=1), code="HP_ASSESS_45WD", target=85)
        with pytest.raises(ValidationError):
            services.area_measure_add(by=leader, area=plan.areas.get(number=1), code="NO_SUCH", target=1)

    def test_the_workbook_has_every_action_and_no_formulas(self, plan, leader):
        _action(leader, plan.areas.get(number=1), text="=HYPERLINK(\"http://x\")")
        book = load_workbook(io.BytesIO(documents.plan_workbook(plan)))
        rows = list(book["Action plan"].iter_rows(values_only=True))
        assert rows[0][:2] == ("Area", "Area for improvement")
        texts = [r[6] for r in rows[1:]]
        assert "'=HYPERLINK(\"http://x\")" in texts
        assert len(rows) == 3  # one action in area 1, area 2 without actions


class TestScrutinyReport:
    @pytest.fixture
    def report(self, plan, leader):
        action = _action(leader, plan.areas.get(number=1))
        services.action_update(by=leader, action=action, expected_version=action.version, on=ago(1),
                               status="in_progress", completed_on=None, note="Recruitment of two managers delayed")
        return services.report_create(by=leader, plan=plan, meeting_on=TODAY, summary="")

    def test_presenting_needs_a_summary(self, report, leader):
        with pytest.raises(ValidationError) as exc:
            services.report_present(by=leader, report=report)
        assert "summary" in exc.value.message_dict

    def test_the_report_says_what_is_late_and_why(self, report):
        content = documents.report_content(report)
        assert [a["number"] for a in content["late"]] == ["1.1"]
        assert content["late"][0]["last_note"] == "Recruitment of two managers delayed"
        assert content["counts"]["areas"] == {"red": 1, "": 1}

    def test_a_presented_report_never_changes(self, report, leader, plan, client):
        services.report_summary_save(by=leader, report=report, summary="The service is improving slowly.")
        services.report_present(by=leader, report=report)
        report.refresh_from_db()
        frozen, pdf, digest = report.content, bytes(report.pdf), report.sha256
        assert report.status == "presented" and len(digest) == 64
        # The plan moves on ...
        action = PlanAction.objects.get(area__plan=plan)
        services.action_update(by=leader, action=action, expected_version=action.version, on=TODAY,
                               status="completed", completed_on=TODAY, note="Both managers started")
        # ... the report does not, and cannot be changed.
        with pytest.raises(ValidationError):
            services.report_summary_save(by=leader, report=report, summary="Rewritten")
        with pytest.raises(ValidationError):
            services.report_present(by=leader, report=report)
        report.summary = "Rewritten"
        with pytest.raises(ValidationError):
            report.save()
        stored = ScrutinyReport.objects.get(pk=report.pk)
        assert stored.content == frozen and bytes(stored.pdf) == pdf and stored.summary == "The service is improving slowly."
        assert documents.content_for_display(stored)["late"][0]["number"] == "1.1"
        client.force_login(leader)
        response = client.get(reverse("improvement:report_pdf", args=[report.pk]))
        assert response.content == pdf
        assert AuditEvent.objects.filter(action="scrutiny_report.present", object_id=str(report.pk)).exists()

    def test_the_next_report_says_what_changed_since_the_last(self, report, leader, plan):
        services.report_summary_save(by=leader, report=report, summary="First report.")
        services.report_present(by=leader, report=report)
        action = PlanAction.objects.get(area__plan=plan)
        services.action_update(by=leader, action=action, expected_version=action.version, on=TODAY,
                               status="completed", completed_on=TODAY, note="Done")
        ScrutinyReport.objects.filter(pk=report.pk).update(meeting_on=ago(30))  # the first meeting was a month ago
        later = services.report_create(by=leader, plan=plan, meeting_on=TODAY + dt.timedelta(days=60), summary="x")
        content = documents.report_content(later)
        assert content["previous_meeting_on"] == ago(30).isoformat()
        assert content["changes"] == [{"number": "1.1", "text": "Weekly performance clinics in every team",
                                       "before": "In progress, red", "after": "Completed, green"}]
        assert [a["number"] for a in content["done_since"]] == ["1.1"]

    def test_the_pdf_has_the_headings_tables_and_charts(self, report, leader, plan):
        for n, value in enumerate([60, 65, 70]):
            MeasureSnapshotFactory(as_at=documents.month_ends(TODAY, 3)[n], value=float(value))
        services.area_measure_add(by=leader, area=plan.areas.get(number=1), code="HP_ASSESS_45WD", target=85)
        services.report_summary_save(by=leader, report=report, summary="Assessments are getting quicker.")
        pdf = documents.report_pdf(report)
        reader = PdfReader(io.BytesIO(pdf))
        text = "\n".join(p.extract_text() for p in reader.pages)
        for heading in ("Summary for councillors", "What the inspectors found", "What is late, and why",
                        "Each area for improvement", "Assessments are getting quicker.", "Page 1 of"):
            assert heading in text, heading
        assert "This council rose from 60.0%" in text  # the chart's words, beside the chart
        assert "/StructTreeRoot" in reader.trailer["/Root"]  # tagged for screen readers (PDF/UA)
        assert reader.metadata.title.startswith("Progress report to the Children and Young People")
        # The chart is drawn (its key and axis are text in the PDF), not left out.
        chart_page = next(p.extract_text() for p in reader.pages if "Timeliness" in p.extract_text()
                          or "45 working days" in p.extract_text())
        assert "This council" in chart_page and "100.0%" in chart_page


def test_plan_pages_render_for_readers(plan, leader, users, client):
    client.force_login(users["analyst"])
    assert client.get(reverse("improvement:plans")).status_code == 200
    page = client.get(reverse("improvement:plan", args=[plan.pk])).content.decode()
    assert "The timeliness of assessments." in page and "How the status (RAG) is worked out" in page
    assert "Add an action" not in page  # analysts read, they do not manage


def test_without_the_pdf_libraries_the_page_says_so(plan, leader, client, monkeypatch):
    report = services.report_create(by=leader, plan=plan, meeting_on=TODAY, summary="Summary")

    def missing(*_args, **_kwargs):
        raise documents.PdfUnavailable("PDFs cannot be made on this server: cannot load library 'pango-1.0-0'.")

    monkeypatch.setattr(documents, "_pdf", missing)
    client.force_login(leader)
    response = client.get(reverse("improvement:report_pdf", args=[report.pk]))
    assert response.status_code == 503 and "cannot load library" in response.content.decode()
    response = client.post(reverse("improvement:report_present", args=[report.pk]), follow=True)
    assert "cannot load library" in response.content.decode()
    report.refresh_from_db()
    assert report.status == "draft"


def test_the_leaders_dashboard_shows_the_plan_in_progress_only_to_readers_of_the_plan(plan, leader, client):
    """The improvement section is registered on the dashboard by improvement (performance imports none of it)."""
    _action(leader, plan.areas.first())
    client.force_login(leader)
    page = client.get(reverse("performance:dashboard")).content.decode()
    assert 'id="improvement-heading"' in page and "Improving children&#x27;s services" in page
    # A reader of the measures who may not see the improvement plan gets the dashboard without it.
    request = RequestFactory().get("/")
    request.user = UserFactory(username="sam", role=Role.SOCIAL_WORKER)
    assert selectors.leaders_section(request) is None
    request.user = leader
    assert [p["plan"].title for p in selectors.leaders_section(request)["improvement"]["plans"]] == [plan.title]

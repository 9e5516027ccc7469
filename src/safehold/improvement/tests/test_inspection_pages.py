"""The inspection pages (issue 13.1, 13.2, 13.4): recording an inspection and its findings, the county's
history of grades, the inspection cycle's window, and the self-evaluation (started from last year's,
evidence kept as at its date, compared with last year, final means final, and its PDF)."""

import datetime as dt
import io

import lxml.html
import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from safehold.accounts.models import Role
from safehold.accounts.tests.factories import UserFactory
from safehold.improvement import selectors, services
from safehold.improvement.models import (
    Evidence,
    Finding,
    Inspection,
    JudgementArea,
    SelfEvaluation,
    SelfEvaluationArea,
)
from safehold.improvement.tests.factories import AuditRoundFactory
from safehold.performance.models import MeasureSnapshot
from safehold.performance.tests.factories import MeasureSnapshotFactory

GOOD, RI = "good", "requires_improvement"
AREAS_2021 = ("overall", "leaders", "help_protection", "in_care_and_leavers")


@pytest.fixture
def leader(db):
    return UserFactory(username="lesley", first_name="Lesley", last_name="Hart", role=Role.LEADER, team=None)


@pytest.fixture
def client_as(client, leader):
    client.force_login(leader)
    return client


def _date_fields(name: str, day: dt.date) -> dict:
    return {f"{name}_day": day.day, f"{name}_month": day.month, f"{name}_year": day.year}


def _inspection_post(**overrides) -> dict:
    data = {"kind": "standard", **_date_fields("on_site_from", dt.date(2025, 3, 3)),
            **_date_fields("on_site_to", dt.date(2025, 3, 14)), **_date_fields("published_on", dt.date(2025, 4, 25)),
            "lead_inspector": "Nadia Rahman", "report_url": "https://reports.ofsted.gov.uk/provider/44/80446",
            "summary": "Services for children require improvement to be good.",
            "grade_overall": RI, "grade_leaders": RI, "grade_help_protection": RI, "grade_in_care": RI,
            "grade_care_leavers": GOOD, "strengths": "", "improvements": "", "priorities": ""}
    data.update(overrides)
    return data


def _record_2021(by) -> Inspection:
    return services.inspection_record(
        by=by, kind="standard", on_site_from=dt.date(2021, 6, 7), on_site_to=dt.date(2021, 6, 18),
        published_on=dt.date(2021, 7, 30), grades={code: GOOD for code in AREAS_2021},
        improvements=["The use of timescales in planning for children.", "Practice with disabled children."])


def _record_2025(by) -> Inspection:
    return services.inspection_record(
        by=by, kind="standard", on_site_from=dt.date(2025, 3, 3), on_site_to=dt.date(2025, 3, 14),
        grades={"overall": RI, "leaders": RI, "help_protection": RI, "in_care": RI, "care_leavers": GOOD})


def _text(node) -> str:
    """The words a reader hears, a line break read as a space."""
    for br in node.iter("br"):
        br.tail = " " + (br.tail or "")
    return " ".join(node.text_content().split())


def _row_cells(html: bytes, row_id: str) -> list[str]:
    row = lxml.html.fromstring(html).get_element_by_id(row_id)
    return [_text(cell) for cell in row.xpath("./th|./td")]


# --- Recording an inspection -------------------------------------------------------------------------


def test_a_missing_grade_is_named_on_its_field_and_nothing_is_recorded(client_as):
    response = client_as.post(reverse("improvement:inspection_new"), _inspection_post(grade_care_leavers=""))
    assert response.status_code == 400
    page = lxml.html.fromstring(response.content)
    summary = [(a.get("href"), _text(a)) for a in page.xpath("//div[contains(@class, 'govuk-error-summary')]//a")]
    assert summary == [("#id_grade_care_leavers", "Enter the grade for care leavers")]
    assert "Enter the grade for care leavers" in _text(page.get_element_by_id("id_grade_care_leavers").getparent())
    assert page.findtext(".//title").startswith("Error: ")
    assert not Inspection.objects.exists()


def test_a_grade_for_a_judgement_not_in_force_on_those_dates_is_refused(client_as):
    response = client_as.post(reverse("improvement:inspection_new"), _inspection_post(grade_in_care_and_leavers=GOOD))
    assert response.status_code == 400
    assert b"That judgement was not graded on these dates" in response.content
    assert not Inspection.objects.exists()


def test_findings_are_kept_verbatim_and_numbered_in_the_report_order(client_as):
    improvements = ("The quality and impact of management oversight, supervision and decision-making.\n"
                    "\n"
                    "Delays in assessment for children who need help, and in children's plans being reviewed.\n"
                    "The initial response to children at risk of harm out of hours\n"
                    "The use of unregistered children's homes & the oversight of children living in them.")
    response = client_as.post(reverse("improvement:inspection_new"), _inspection_post(
        improvements=improvements, strengths="Care leavers have strong, trusting relationships with their advisers."),
        follow=True)
    assert response.status_code == 200
    inspection = Inspection.objects.get()
    assert response.redirect_chain[-1][0] == reverse("improvement:inspection", args=[inspection.pk])
    kept = list(inspection.findings.filter(kind=Finding.Kind.AREA_FOR_IMPROVEMENT).values_list("number", "text"))
    assert kept == [(1, "The quality and impact of management oversight, supervision and decision-making."),
                    (2, "Delays in assessment for children who need help, and in children's plans being reviewed."),
                    (3, "The initial response to children at risk of harm out of hours"),
                    (4, "The use of unregistered children's homes & the oversight of children living in them.")]
    page = lxml.html.fromstring(response.content)
    items = page.get_element_by_id("improvements-list").xpath(".//li")
    assert [(li.get("value"), li.text_content()) for li in items] == [(str(n), t) for n, t in kept]
    grades = dict(tuple(_text(c) for c in tr.xpath("./th|./td")) for tr in page.get_element_by_id("grades-table").xpath(".//tbody/tr"))
    assert grades["The experiences and progress of care leavers"] == "Good"
    assert grades["Overall effectiveness"] == "Requires improvement to be good"
    assert "Nadia Rahman" in _text(page)


def test_the_history_shows_2021_good_and_2025_requires_improvement_with_care_leavers_good(client_as, leader):
    _record_2021(leader)
    _record_2025(leader)
    response = client_as.get(reverse("improvement:index"))
    assert response.status_code == 200
    head = [_text(th) for th in lxml.html.fromstring(response.content).get_element_by_id("history-table").xpath(".//thead//th")]
    assert head == ["Judgement", "Standard inspection (ILACS) March 2025", "Standard inspection (ILACS) June 2021"]
    assert _row_cells(response.content, "history-overall") == ["Overall", "Requires improvement to be good", "Good"]
    assert _row_cells(response.content, "history-leaders") == ["Leaders", "Requires improvement to be good", "Good"]
    assert _row_cells(response.content, "history-care_leavers") == ["Care leavers", "Good", "Not graded"]
    assert _row_cells(response.content, "history-in_care_and_leavers") == [
        "Children in care and care leavers", "Not graded", "Good"]


# --- The inspection cycle ----------------------------------------------------------------------------


def test_after_a_good_inspection_a_short_inspection_is_likely_within_six_months_of_the_third_anniversary(leader):
    _record_2021(leader)  # last day on site 18 June 2021
    cycle = selectors.cycle(dt.date(2023, 6, 1))
    assert cycle.grade == GOOD and cycle.grade_basis == "the overall effectiveness grade"
    assert cycle.rule.next_kind == "Short inspection (one week)" and not cycle.rule.confirmed
    assert (cycle.window.opens_on, cycle.window.expected_on, cycle.window.closes_on) == (
        dt.date(2023, 12, 18), dt.date(2024, 6, 18), dt.date(2024, 12, 18))
    assert cycle.window_state == "before"
    assert cycle.days_since_last == (dt.date(2023, 6, 1) - dt.date(2021, 6, 18)).days
    assert selectors.cycle(dt.date(2023, 12, 18)).window_state == "open"
    assert selectors.cycle(dt.date(2024, 12, 18)).window_state == "open"
    assert selectors.cycle(dt.date(2024, 12, 19)).window_state == "passed"


def test_after_requires_improvement_a_standard_inspection_is_likely_and_the_page_says_where_we_are(client_as, leader):
    _record_2021(leader)
    _record_2025(leader)  # last day on site 14 March 2025: requires improvement overall
    cycle = selectors.cycle(dt.date(2026, 12, 4))
    assert cycle.last.on_site_to == dt.date(2025, 3, 14)
    assert cycle.grade == RI and cycle.rule.next_kind == "Standard inspection (two weeks)"
    assert (cycle.window.opens_on, cycle.window.closes_on) == (dt.date(2027, 9, 14), dt.date(2028, 9, 14))
    assert selectors.cycle(dt.date(2027, 9, 13)).window_state == "before"
    assert selectors.cycle(dt.date(2028, 3, 14)).window_state == "open"

    page = lxml.html.fromstring(client_as.get(reverse("improvement:index")).content)
    today = timezone.localdate()
    window = _text(page.get_element_by_id("cycle-window"))
    assert "Opens 14 September 2027, expected about 14 March 2028, closes 14 September 2028." in window
    expected_state = {"before": "We are before the window", "open": "We are in the window now",
                      "passed": "We are after the window"}[selectors.cycle(today).window_state]
    assert expected_state in window
    rule = _text(page.get_element_by_id("cycle-rule"))
    assert "After requires improvement to be good: standard inspection (two weeks), about 36 months" in rule
    assert "Unconfirmed" in rule and "Source: ilacs-and-annex-a.md 4.1" in rule
    assert f"{(today - dt.date(2025, 3, 14)).days} days since the last day on site" in _text(
        page.get_element_by_id("cycle-days"))
    assert "the overall effectiveness grade" in _text(page.get_element_by_id("cycle-grade"))


def test_after_april_2026_with_no_overall_grade_the_cycle_reads_the_lowest_judgement(client_as, leader):
    _record_2025(leader)
    services.inspection_record(by=leader, kind="short", on_site_from=dt.date(2026, 5, 11),
                               on_site_to=dt.date(2026, 5, 15),
                               grades={"leaders": GOOD, "help_protection": RI, "in_care": GOOD, "care_leavers": GOOD})
    cycle = selectors.cycle(dt.date(2026, 12, 4))
    assert cycle.last.on_site_from == dt.date(2026, 5, 11)
    assert cycle.grade == RI
    assert cycle.grade_basis == "the lowest judgement grade (no overall grade was given)"
    assert cycle.rule.next_kind == "Standard inspection (two weeks)"
    assert cycle.window.expected_on == dt.date(2029, 5, 15)
    if timezone.localdate() >= dt.date(2026, 5, 15):
        grade = _text(lxml.html.fromstring(client_as.get(reverse("improvement:index")).content)
                      .get_element_by_id("cycle-grade"))
        assert grade == ("Requires improvement to be good Chosen from the lowest judgement grade "
                         "(no overall grade was given).")


def test_an_engagement_meeting_sets_when_the_next_is_due_and_the_self_evaluation_before_it(client_as, leader, settings):
    _record_2025(leader)
    held = timezone.localdate() - dt.timedelta(days=30)
    response = client_as.post(reverse("improvement:engagement_new"), {**_date_fields("held_on", held),
                                                                      "notes": "Reviewed the self-evaluation."})
    assert response.status_code == 302
    cycle = selectors.cycle()
    assert cycle.engagement_due == held.replace(year=held.year + 1)
    assert cycle.self_evaluation_due == cycle.engagement_due - dt.timedelta(
        days=settings.SAFEHOLD_SEF_DAYS_BEFORE_ENGAGEMENT)
    page = lxml.html.fromstring(client_as.get(reverse("improvement:index")).content)
    assert f"Due by {cycle.engagement_due:%-d %B %Y}" in _text(page.get_element_by_id("cycle-engagement"))
    assert f"Due by {cycle.self_evaluation_due:%-d %B %Y}" in _text(page.get_element_by_id("cycle-sef"))


def test_an_engagement_meeting_without_a_date_names_the_field(client_as):
    response = client_as.post(reverse("improvement:engagement_new"), {"notes": "x"})
    assert response.status_code == 400
    assert b'href="#id_held_on">Enter the date of the meeting' in response.content


# --- The self-evaluation -----------------------------------------------------------------------------


def _start(client, year: int, as_at: dt.date):
    return client.post(reverse("improvement:self_evaluation_new"), {"year": year, **_date_fields("as_at", as_at)})


def _entry(sef: SelfEvaluation, code: str) -> SelfEvaluationArea:
    return sef.areas.get(area__code=code)


def _save_area(client, entry: SelfEvaluationArea, **fields):
    entry.refresh_from_db()
    data = {"grade": entry.grade, "quality_of_practice": entry.quality_of_practice, "strengths": entry.strengths,
            "areas_for_development": entry.areas_for_development, "version": entry.version, **fields}
    return client.post(reverse("improvement:self_evaluation_area", args=[entry.self_evaluation.year, entry.pk]), data)


def test_starting_a_self_evaluation_copies_last_years_grades_and_words(client_as):
    assert _start(client_as, 2025, dt.date(2025, 3, 31)).status_code == 302
    last = SelfEvaluation.objects.get(year=2025)
    # 31 March 2025: overall effectiveness is still graded by Ofsted, but the council grades the areas.
    assert sorted(last.areas.values_list("area__code", flat=True)) == [
        "care_leavers", "help_protection", "in_care", "leaders"]
    assert _save_area(client_as, _entry(last, "leaders"), grade=RI,
                      quality_of_practice="Oversight is not yet consistent across teams.",
                      strengths="A stable senior team.").status_code == 302

    response = _start(client_as, 2026, dt.date(2026, 3, 31))
    assert response.status_code == 302 and response["Location"] == reverse("improvement:self_evaluation",
                                                                           args=[2026])
    leaders = _entry(SelfEvaluation.objects.get(year=2026), "leaders")
    assert (leaders.grade, leaders.quality_of_practice, leaders.strengths) == (
        RI, "Oversight is not yet consistent across teams.", "A stable senior team.")
    assert leaders.pk != _entry(last, "leaders").pk  # a copy to rewrite; last year's stays as it was

    again = _start(client_as, 2026, dt.date(2026, 3, 31))
    assert again.status_code == 400 and b'href="#id_year">There is already a self-evaluation for 2026' in again.content


def _snapshot(code: str, day: dt.date, value: float):
    return MeasureSnapshotFactory(code=code, as_at=day, value=value)


def test_a_measure_as_evidence_keeps_its_value_as_at_the_self_evaluation_date(client_as):
    as_at = dt.date(2026, 3, 31)
    _start(client_as, 2026, as_at)
    entry = _entry(SelfEvaluation.objects.get(year=2026), "help_protection")
    snap = _snapshot("HP_ASSESS_45WD", as_at, 72.5)
    _snapshot("HP_ASSESS_45WD", dt.date(2026, 4, 30), 91.0)  # a later month: not the self-evaluation's date
    url = reverse("improvement:evidence_add", args=[2026, entry.pk])
    response = client_as.post(url, {"statement": "quality", "measure_code": "HP_ASSESS_45WD",
                                    "note": "Below our target of 85%"})
    assert response.status_code == 302
    evidence = Evidence.objects.get(entry=entry)
    assert evidence.measure_value == 72.5
    # The stored figure is restated later: the self-evaluation still shows what it said then.
    MeasureSnapshot.objects.filter(pk=snap.pk).update(value=80.0)
    page = lxml.html.fromstring(client_as.get(reverse("improvement:self_evaluation", args=[2026])).content)
    item = page.get_element_by_id("evidence-help_protection-quality").xpath(".//li")[0]
    assert _text(item) == ("Assessments completed within 45 working days: 72.5% as at 31 March 2026. "
                           "Below our target of 85%")
    assert item.xpath(".//a")[0].get("href") == reverse("performance:detail", args=["HP_ASSESS_45WD"]) + \
        "?as_at=2026-03-31"


def test_evidence_must_be_one_thing_and_names_the_field(client_as):
    _start(client_as, 2026, dt.date(2026, 3, 31))
    entry = _entry(SelfEvaluation.objects.get(year=2026), "leaders")
    response = client_as.post(reverse("improvement:evidence_add", args=[2026, entry.pk]),
                              {"statement": "strength", "measure_code": ""})
    assert response.status_code == 400
    assert b'href="#id_measure_code">Choose one measure, one audit round or one action' in response.content
    assert not Evidence.objects.exists()


def test_a_final_self_evaluation_refuses_edits(client_as, leader):
    _start(client_as, 2026, dt.date(2026, 3, 31))
    sef = SelfEvaluation.objects.get(year=2026)
    finalise = reverse("improvement:self_evaluation_finalise", args=[2026])
    refused = client_as.post(finalise)
    assert refused.status_code == 400
    assert b"Give our grade for every area first: Leaders, Help and protection" in refused.content
    for entry in sef.areas.all():
        _save_area(client_as, entry, grade=GOOD, quality_of_practice="Strong practice.")
    entry = _entry(sef, "leaders")
    evidence = services.evidence_add(by=leader, entry=entry, statement="quality", measure_code="HP_ASSESS_45WD")
    assert client_as.post(finalise).status_code == 302
    sef.refresh_from_db()
    assert sef.status == SelfEvaluation.Status.FINAL

    response = _save_area(client_as, entry, grade=RI, quality_of_practice="Changed after the meeting.")
    assert response.status_code == 400
    assert b"This self-evaluation is final and can no longer be changed" in response.content
    entry.refresh_from_db()
    assert (entry.grade, entry.quality_of_practice) == (GOOD, "Strong practice.")
    added = client_as.post(reverse("improvement:evidence_add", args=[2026, entry.pk]),
                           {"statement": "quality", "measure_code": "HP_ASSESS_45WD"})
    assert added.status_code == 400 and Evidence.objects.count() == 1
    removed = client_as.post(reverse("improvement:evidence_remove", args=[evidence.pk]))
    assert removed.status_code == 400 and Evidence.objects.filter(pk=evidence.pk).exists()
    page = client_as.get(reverse("improvement:self_evaluation_area", args=[2026, entry.pk])).content.decode()
    assert "This self-evaluation is final and can no longer be changed" in page and "Add the evidence" not in page
    assert "Finalise the self-evaluation" not in client_as.get(
        reverse("improvement:self_evaluation", args=[2026])).content.decode()


def test_the_self_evaluation_compares_each_grade_with_last_year_and_the_last_inspection(client_as, leader):
    _record_2025(leader)
    _start(client_as, 2025, dt.date(2025, 9, 30))
    last = SelfEvaluation.objects.get(year=2025)
    for code, grade in (("leaders", RI), ("help_protection", GOOD), ("in_care", RI)):
        _save_area(client_as, _entry(last, code), grade=grade)
    _start(client_as, 2026, dt.date(2026, 9, 30))
    this = SelfEvaluation.objects.get(year=2026)
    for code, grade in (("leaders", GOOD), ("help_protection", RI), ("care_leavers", GOOD)):
        _save_area(client_as, _entry(this, code), grade=grade)

    html = client_as.get(reverse("improvement:self_evaluation", args=[2026])).content
    assert _row_cells(html, "grade-leaders") == ["Leaders", "Good", "Requires improvement to be good", "Better",
                                                 "Requires improvement to be good"]
    assert _row_cells(html, "grade-help_protection") == ["Help and protection", "Requires improvement to be good",
                                                         "Good", "Worse", "Requires improvement to be good"]
    assert _row_cells(html, "grade-in_care") == ["Children in care", "Requires improvement to be good",
                                                 "Requires improvement to be good", "The same",
                                                 "Requires improvement to be good"]
    assert _row_cells(html, "grade-care_leavers") == ["Care leavers", "Good", "None", "–", "Good"]
    page = lxml.html.fromstring(html)
    assert [_text(h) for h in page.xpath("//section//h2")] == [a.name for a in JudgementArea.objects.filter(
        code__in=["leaders", "help_protection", "in_care", "care_leavers"])]


def test_the_pdf_downloads_with_every_area(client_as):
    _start(client_as, 2026, dt.date(2026, 3, 31))
    sef = SelfEvaluation.objects.get(year=2026)
    _save_area(client_as, _entry(sef, "care_leavers"), grade=GOOD,
               quality_of_practice="Care leavers are in touch with their personal advisers.")
    response = client_as.get(reverse("improvement:self_evaluation_pdf", args=[2026]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="self-evaluation-2026.pdf"' in response["Content-Disposition"]
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert "Self-evaluation 2026" in text
    for entry in sef.areas.select_related("area"):
        assert entry.area.name in text
    assert "Care leavers are in touch with their personal advisers." in text
    assert len(reader.pages) >= 1 + sef.areas.count()  # the grades, then a page for each area


def test_only_those_who_write_the_self_evaluation_may_change_it(client, leader, users):
    services.self_evaluation_start(by=leader, year=2026, as_at=dt.date(2026, 3, 31))
    entry = _entry(SelfEvaluation.objects.get(year=2026), "leaders")
    client.force_login(users["quality_assurance"])
    response = client.post(reverse("improvement:self_evaluation_area", args=[2026, entry.pk]),
                           {"grade": GOOD, "version": entry.version})
    assert response.status_code == 403
    assert client.post(reverse("improvement:self_evaluation_finalise", args=[2026])).status_code == 403
    entry.refresh_from_db()
    assert entry.grade == ""


def test_an_audit_round_and_a_plan_action_as_evidence_link_to_their_pages(client_as, leader):
    from safehold.improvement.models import AuditRound

    inspection = _record_2021(leader)
    plan = services.plan_create(by=leader, title="Improving practice with disabled children", inspection=inspection,
                                owner=leader)
    action = services.action_add(by=leader, area=plan.areas.get(number=2), text="Train every team in communication "
                                 "with disabled children", owner=leader, starts_on=dt.date(2026, 1, 5),
                                 due_on=dt.date(2026, 6, 30))
    audit_round = AuditRoundFactory(
        name="Disabled children, autumn", theme=AuditRound.Theme.DISABLED_CHILDREN, sampling=AuditRound.Sampling.EVERY,
        sample_size=10, seed=7, sampled_on=dt.date(2026, 2, 2), due_on=dt.date(2026, 3, 2), planned_by=leader)
    _start(client_as, 2026, dt.date(2026, 3, 31))
    entry = _entry(SelfEvaluation.objects.get(year=2026), "help_protection")
    url = reverse("improvement:evidence_add", args=[2026, entry.pk])
    assert client_as.post(url, {"statement": "strength", "audit_round": audit_round.pk}).status_code == 302
    assert client_as.post(url, {"statement": "development", "action": action.pk}).status_code == 302

    page = lxml.html.fromstring(client_as.get(reverse("improvement:self_evaluation", args=[2026])).content)
    strength = page.get_element_by_id("evidence-help_protection-strength").xpath(".//a")[0]
    assert (strength.get("href"), _text(strength)) == (
        reverse("improvement:audit_round", args=[audit_round.pk]),
        "Case file audits: Disabled children, autumn (disabled children, February 2026)")
    development = page.get_element_by_id("evidence-help_protection-development")
    assert development.xpath(".//a")[0].get("href") == reverse("improvement:plan", args=[plan.pk])
    assert _text(development) == f"Action {action.number}: Train every team in communication with disabled " \
                                 "children (not started)"

    # Removing evidence takes it off the page.
    removed = Evidence.objects.get(audit_round=audit_round)
    assert client_as.post(reverse("improvement:evidence_remove", args=[removed.pk])).status_code == 302
    page = lxml.html.fromstring(client_as.get(reverse("improvement:self_evaluation", args=[2026])).content)
    assert page.xpath("//*[@id='evidence-help_protection-strength']") == []


def test_a_second_editor_with_an_old_copy_does_not_overwrite_the_first(client_as):
    _start(client_as, 2026, dt.date(2026, 3, 31))
    entry = _entry(SelfEvaluation.objects.get(year=2026), "care_leavers")
    url = reverse("improvement:self_evaluation_area", args=[2026, entry.pk])
    loaded = {"grade": "", "quality_of_practice": "", "strengths": "", "areas_for_development": "",
              "version": entry.version}
    assert client_as.post(url, {**loaded, "grade": GOOD, "strengths": "First editor's words."}).status_code == 302
    stale = client_as.post(url, {**loaded, "grade": RI, "strengths": "Second editor's words."})
    assert stale.status_code == 400
    assert b"Nothing you entered was saved" in stale.content
    entry.refresh_from_db()
    assert (entry.grade, entry.strengths) == (GOOD, "First editor's words.")

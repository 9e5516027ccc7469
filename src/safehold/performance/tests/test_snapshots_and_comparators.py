"""Month-end snapshots never change silently; comparators are loaded from the DfE's CSV format all or
nothing; the RAG rule reads as it is applied."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from safehold.casework.models import StatutoryWork
from safehold.casework.work import work_raise
from safehold.performance import services
from safehold.performance.definitions import get
from safehold.performance.models import Comparator, MeasureSnapshot, MeasureTarget, StatisticalNeighbour
from safehold.performance.selectors import comparators, rag

pytestmark = pytest.mark.django_db
MONTH_END = dt.date(2026, 1, 31)


def _late_contact(child):
    work = work_raise(person=child, rule_code="CONTACT_DECISION", start=dt.date(2026, 1, 12), source=child,
                      title="Front door decision")
    StatusDone = StatutoryWork.Status.DONE
    StatutoryWork.objects.filter(pk=work.pk).update(status=StatusDone, completed_on=dt.date(2026, 1, 20),
                                                     on_time=False)
    return work


def test_a_snapshot_is_kept_and_a_correction_is_restated_beside_it(child, users, login):
    work = _late_contact(child)
    assert services.snapshot_take(as_at=MONTH_END, measures=[get("FD_DECIDED_1WD")]) == {"taken": 3, "restated": 0}
    snap = MeasureSnapshot.objects.get(code="FD_DECIDED_1WD", as_at=MONTH_END, cut="")
    assert (snap.numerator, snap.denominator, snap.value) == (0, 1, 0.0)
    # The record is corrected: the decision was in fact on time.
    StatutoryWork.objects.filter(pk=work.pk).update(completed_on=dt.date(2026, 1, 13), on_time=True)
    assert services.snapshot_take(as_at=MONTH_END, measures=[get("FD_DECIDED_1WD")]) == {"taken": 0, "restated": 3}
    snap.refresh_from_db()
    assert snap.value == 0.0  # what was reported stays
    assert snap.restated_value == 100.0 and snap.restated_differs
    page = login(users["team_manager"]).get(reverse("performance:detail", args=["FD_DECIDED_1WD"]),
                                            {"as_at": "2026-02-15"}).content.decode()
    trend = page.split('id="trend-table"', 1)[1].split("</table>", 1)[0]
    assert "Restated" in trend and "100.0" in trend


EES_CSV = """time_period,time_identifier,geographic_level,country_code,region_code,region_name,new_la_code,la_name,rereferral_pct,cla_rate
202324,Financial year,National,E92000001,,,,,22,69
202324,Financial year,Regional,E92000001,E12000006,East of England,,,21.5,55
202324,Financial year,Local authority,E92000001,E12000006,East of England,E10000020,Norfolk,20.1,64
202324,Financial year,Local authority,E92000001,E12000006,East of England,E10000029,Suffolk,x,58
202324,Financial year,Local authority district,E92000001,E12000006,East of England,E07000143,Breckland,19,40
"""


def test_comparators_load_from_the_dfe_csv_format(tmp_path, settings):
    settings.SAFEHOLD_REGION_NAME = "East of England"
    path = tmp_path / "cla.csv"
    path.write_text(EES_CSV)
    report = services.comparators_load(path=path, mapping={"rereferral_pct": "FD_REREFERRAL", "cla_rate": "CIC_RATE"},
                                       source="DfE test publication 2024")
    assert report.loaded == 7 and report.skipped_rows == 1  # Suffolk's "x" is no figure; the district row skipped
    StatisticalNeighbour.objects.create(area_code="E10000020", area_name="Norfolk")
    StatisticalNeighbour.objects.create(area_code="E10000029", area_name="Suffolk")
    lines = {line.label: line for line in comparators(get("CIC_RATE"))}
    # England's 2023-24 figure is the file's; 2024-25 is still the shipped published figure.
    assert lines["England"].points == [(dt.date(2024, 3, 31), 69), (dt.date(2025, 3, 31), 67)]
    assert lines["East of England (region)"].points[-1] == (dt.date(2024, 3, 31), 55)
    assert lines["Statistical neighbours (average of 2)"].points[-1][1] == pytest.approx(61)
    rereferrals = {line.label: line for line in comparators(get("FD_REREFERRAL"))}
    assert rereferrals["England"].latest.period_label == "2023-24"
    assert rereferrals["England"].source == "DfE test publication 2024"


def test_a_comparator_file_with_a_bad_figure_is_refused_whole_naming_the_row_and_column(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(EES_CSV.replace("20.1,64", "20.1,sixty-four"))
    with pytest.raises(ValidationError) as exc:
        services.comparators_load(path=path, mapping={"rereferral_pct": "FD_REREFERRAL", "cla_rate": "CIC_RATE"},
                                  source="DfE test publication 2024")
    assert exc.value.message_dict["file"] == ["Row 4, column cla_rate: 'sixty-four' is not a number"]
    assert not Comparator.objects.filter(source="DfE test publication 2024").exists()
    with pytest.raises(ValidationError) as exc:
        services.comparators_load(path=path, mapping={"cla_rate": "NO_SUCH"}, source="x")
    assert "NO_SUCH" in exc.value.message_dict["mapping"][0]


def test_englands_published_figures_ship_with_their_year_and_source():
    england = Comparator.objects.get(code="CIC_RATE", period_end=dt.date(2025, 3, 31), level="national")
    assert (england.value, england.period_label, england.synthetic) == (67.0, "2024-25", False)
    assert "Children looked after in England" in england.source


@pytest.mark.parametrize("code, value, expected", [
    ("HP_ASSESS_45WD", 86.0, "green"), ("HP_ASSESS_45WD", 85.0, "green"), ("HP_ASSESS_45WD", 80.0, "amber"),
    ("HP_ASSESS_45WD", 79.9, "red"),
    ("FD_REREFERRAL", 20.0, "green"), ("FD_REREFERRAL", 23.0, "amber"), ("FD_REREFERRAL", 23.1, "red"),
    ("HP_CP_SECOND_EVER", 30.0, ""),  # neither direction is better: no RAG
])
def test_the_rag_rule(code, value, expected):
    target = MeasureTarget(code=code, target={"HP_ASSESS_45WD": 85, "FD_REREFERRAL": 20}.get(code, 25),
                           amber_margin={"HP_ASSESS_45WD": 5, "FD_REREFERRAL": 3}.get(code, 5))
    result = rag(get(code), value, target)
    assert result.status == expected
    assert result.rule  # the rule is always stated in words


def test_a_target_is_set_by_a_leader_and_audited_not_by_a_team_manager(users, login):
    from safehold.audit.models import AuditEvent

    url = reverse("performance:target", args=["HP_ASSESS_45WD"])
    assert login(users["team_manager"]).post(url, {"target": "85", "amber_margin": "5"}).status_code == 403
    response = login(users["leader"]).post(url, {"target": "150", "amber_margin": "5"})
    assert "between 0 and 100" in response.content.decode()
    response = login(users["leader"]).post(url, {"target": "85", "amber_margin": "5"})
    assert response.status_code == 302
    assert MeasureTarget.objects.get(code="HP_ASSESS_45WD").target == 85
    assert AuditEvent.objects.filter(action="measure.target", actor=users["leader"]).exists()

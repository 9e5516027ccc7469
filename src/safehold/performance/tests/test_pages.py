"""The measures pages: the drill-down names only children the reader may open; downloads carry no
live formulas; the catalogue and dashboard render from snapshots."""

from __future__ import annotations

import csv
import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse

from safehold.casework.models import StatutoryWork
from safehold.casework.tests.factories import AllocationFactory
from safehold.casework.work import work_raise
from safehold.people.tests.factories import PersonFactory
from safehold.performance import services
from safehold.performance.definitions import get
from safehold.performance.tests.factories import MeasureTargetFactory

pytestmark = pytest.mark.django_db


def _late_work(person, team):
    work = work_raise(person=person, rule_code="CONTACT_DECISION", start=dt.date(2026, 1, 12), source=person,
                      title="Front door decision", team=team)
    StatutoryWork.objects.filter(pk=work.pk).update(status="done", completed_on=dt.date(2026, 1, 20), on_time=False)


def test_the_drill_down_names_only_children_the_reader_may_open(restricted_child, other_child, team, users, login):
    _late_work(restricted_child, team)
    _late_work(other_child, other_child.allocations.get().team)
    url = reverse("performance:children", args=["FD_DECIDED_1WD"])
    body = login(users["team_manager"]).get(url, {"as_at": "2026-01-31"}).content.decode()
    table = body.split('id="measure-children"', 1)[1]
    # Both are counted; neither is identified: one is restricted, the other is another team's child.
    assert restricted_child.person_id not in table and other_child.person_id not in table
    assert "Hartley" not in body and "Brennan" not in body
    assert table.count("Not open to you") == 2 and "(2)" in body
    # The leader (every record) sees the other team's child by name, but not the restricted one.
    body = login(users["leader"]).get(url, {"as_at": "2026-01-31"}).content.decode()
    assert "Oliver Brennan" in body and "Hartley" not in body
    # The download is masked the same way, and audited.
    download = login(users["team_manager"]).get(url, {"as_at": "2026-01-31", "format": "csv"}).content.decode()
    assert "Hartley" not in download and restricted_child.person_id not in download
    assert download.count("A child outside your access") == 2


def test_downloads_neutralise_formulas(users, login, team):
    from safehold.accounts.models import Team

    Team.objects.filter(pk=team.pk).update(name="=HYPERLINK(\"http://x\")")
    child = PersonFactory()
    AllocationFactory(person=child, team=team)
    _late_work(child, team)
    client = login(users["leader"])
    csv_body = client.get(reverse("performance:download", args=["FD_DECIDED_1WD", "cuts", "csv"]),
                          {"as_at": "2026-01-31", "by": "team"}).content.decode()
    first_cells = [row[0] for row in csv.reader(io.StringIO(csv_body))]
    assert "'=HYPERLINK(\"http://x\")" in first_cells
    xlsx = client.get(reverse("performance:download", args=["FD_DECIDED_1WD", "cuts", "xlsx"]),
                      {"as_at": "2026-01-31", "by": "team"})
    ws = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    assert [c.value for c in ws["A"]][1] == "'=HYPERLINK(\"http://x\")"
    assert ws["A2"].data_type == "s"


def test_the_catalogue_and_dashboard_show_the_month_end_figures(users, login, team, child):
    _late_work(child, team)
    services.snapshot_take(as_at=dt.date(2026, 1, 31), measures=[get("FD_DECIDED_1WD")])
    client = login(users["leader"])
    body = client.get(reverse("performance:index")).content.decode()
    row = body.split('id="measure-FD_DECIDED_1WD"', 1)[1].split("</tr>", 1)[0]
    assert "0.0%" in row and "0 of 1" in row
    assert "31 January 2026" in body
    dashboard = client.get(reverse("performance:dashboard")).content.decode()
    assert "Contacts decided within one working day" in dashboard and "<svg" in dashboard
    assert 'role="img"' in dashboard and "<desc" in dashboard


def test_an_unknown_measure_is_not_found(users, login):
    assert login(users["leader"]).get(reverse("performance:detail", args=["NOPE"])).status_code == 404


def test_todays_figure_is_reused_for_a_few_minutes_but_a_new_target_shows_at_once(users, login, team, child,
                                                                                   settings):
    from django.core.cache import cache


    cache.clear()
    settings.SAFEHOLD_MEASURE_SECONDS = 300
    _late_work(child, team)
    client = login(users["leader"])
    url = reverse("performance:detail", args=["FD_DECIDED_1WD"])
    first = client.get(url, {"as_at": "2026-01-31"}).content.decode()
    assert 'id="computed-at"' in first

    def denominator(body):
        return body.split('id="denominator-link"', 1)[1].split("</a>", 1)[0].split(">", 1)[1].split()[0]
    assert denominator(first) == "1"
    _late_work(PersonFactory(), team)  # a second late decision
    again = client.get(url, {"as_at": "2026-01-31"}).content.decode()
    assert denominator(again) == "1"  # still the first computation ...
    settings.SAFEHOLD_MEASURE_SECONDS = 0
    assert denominator(client.get(url, {"as_at": "2026-01-31"}).content.decode()) == "2"
    settings.SAFEHOLD_MEASURE_SECONDS = 300
    MeasureTargetFactory(code="FD_DECIDED_1WD", target=95, amber_margin=5)
    with_target = client.get(url, {"as_at": "2026-01-31"}).content.decode()
    assert "Green at 95.0% or more" in with_target  # ... but the target is read afresh
    cache.clear()

"""The workforce: the census's rates worked out by hand, the CSWW return written against its schema and
read back (all or nothing, idempotent), and the workforce page."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from lxml import etree

from safehold.accounts.tests.factories import TeamFactory
from safehold.performance.definitions import get
from safehold.performance.selectors import evaluate
from safehold.workforce import census
from safehold.workforce.models import Appointment, Worker
from safehold.workforce.selectors import figures_on
from safehold.workforce.tests.factories import AppointmentFactory, PostFactory

pytestmark = pytest.mark.django_db
CENSUS_DAY = dt.date(2026, 9, 30)
SAMPLE = Path(__file__).resolve().parents[4].parent / "shared" / "data" / "csww" / "social_work_workforce_2022.xml"


@pytest.fixture
def workforce(db):
    """Four established posts in one team: two filled by the council's own workers (1.0 and 0.5 FTE), one
    covered by an agency worker (so still vacant), one empty; and a leaver in the year."""
    team = TeamFactory(team_id="FHN5", name="Family Help North 5")
    posts = PostFactory.create_batch(4, team=team)

    def appoint(swe, post, fte, *, agency=False, start=dt.date(2023, 5, 1), end=None, reason=""):
        return AppointmentFactory(worker__swe_number=swe, worker__agency=agency, post=post, team=team,
                                  fte=Decimal(fte), start_date=start, end_date=end, reason_leave=reason)
    appoint("SW0000000001", posts[0], "1")
    appoint("SW0000000002", posts[1], "0.5")
    appoint("SW0000000003", posts[2], "1", agency=True)
    appoint("SW0000000004", None, "1", start=dt.date(2021, 1, 4), end=dt.date(2026, 6, 30), reason="1")
    return team


def test_the_census_rates_by_hand(workforce):
    f = figures_on(CENSUS_DAY)
    assert (f.own_fte, f.agency_fte, f.agency_headcount) == (Decimal("1.5"), Decimal("1"), 1)
    # Vacant: 0.5 of post 2, all of post 3 (agency cover) and post 4 = 2.5 FTE.
    assert f.vacancies_fte == Decimal("2.5")
    assert f.vacancy_rate == pytest.approx(100 * 2.5 / (2.5 + 1.5))
    assert f.agency_rate == pytest.approx(100 * 1 / 2.5)
    assert (f.leavers, f.turnover_rate) == (1, pytest.approx(100 * 1 / 1.5))
    # The measures read the same figures, and list who is behind them.
    vacancy = evaluate(get("OV_VACANCY_RATE"), CENSUS_DAY)
    assert (vacancy.numerator, vacancy.denominator) == (2.5, 4.0)
    turnover = evaluate(get("OV_TURNOVER"), CENSUS_DAY)
    assert (turnover.numerator, turnover.denominator) == (1.0, 1.5)


def test_the_census_return_is_written_to_its_schema_and_read_back(workforce, tmp_path):
    out = tmp_path / "csww.xml"
    counts = census.write(CENSUS_DAY, out)
    assert counts == {"workers": 4, "leavers": 1}
    doc = etree.parse(str(out))
    assert census._schema().validate(doc)
    assert doc.findtext("LALevelVacancies/NumberOfVacancies") == "2.50"
    assert doc.findtext("LALevelVacancies/NoAgencyFTE") == "1.00"
    leaver = next(w for w in doc.iterfind("CSWWWorker") if w.findtext("SWENo") == "SW0000000004")
    assert (leaver.findtext("RoleEndDate"), leaver.findtext("ReasonLeave"), leaver.findtext("FTE")) == (
        "2026-06-30", "1", "0.000000")
    # Read back into an empty record: the same workers and roles; a second read changes nothing.
    Appointment.objects.all().delete()
    Worker.objects.all().delete()
    report = census.read(out)
    assert (report.created, report.updated) == (4, 0)
    assert census.read(out).created == 0 and Worker.objects.count() == 4
    assert Appointment.objects.get(worker__swe_number="SW0000000004").end_date == dt.date(2026, 6, 30)


@pytest.mark.skipif(not SAMPLE.exists(), reason="the shared data folder is not present")
def test_the_public_sample_return_loads(tmp_path):
    report = census.read(SAMPLE)
    assert report.reference_date == dt.date(2022, 9, 30) and report.created == Worker.objects.count() > 20


def test_a_return_with_a_bad_value_is_refused_whole_naming_the_worker(tmp_path):
    bad = tmp_path / "bad.xml"
    bad.write_text("""<Message><Header><CollectionDetails><Collection>CSWW</Collection><Year>2026</Year>
      <ReferenceDate>2026-09-30</ReferenceDate></CollectionDetails></Header>
      <LALevelVacancies><NumberOfVacancies>1.00</NumberOfVacancies><NoAgencyFTE>0.00</NoAgencyFTE>
      <NoAgencyHeadcount>0</NoAgencyHeadcount></LALevelVacancies>
      <CSWWWorker><AgencyWorker>0</AgencyWorker><SWENo>SW0000000009</SWENo><FTE>1.000000</FTE>
        <QualInst>Somewhere</QualInst><OrgRole>5</OrgRole><RoleStartDate>2024-01-01</RoleStartDate></CSWWWorker>
      <CSWWWorker><AgencyWorker>0</AgencyWorker><SWENo>SW0000000010</SWENo><FTE>1.7</FTE>
        <QualInst>Somewhere</QualInst><OrgRole>9</OrgRole><RoleStartDate>2024-13-01</RoleStartDate></CSWWWorker>
    </Message>""")
    with pytest.raises(census.CensusRefused) as exc:
        census.read(bad)
    problems = exc.value.problems
    assert "Worker 2 (SW0000000010): RoleStartDate '2024-13-01' is not a date like 2022-09-30" in problems
    assert any("Worker 2 (SW0000000010): OrgRole '9'" in p for p in problems)
    assert any("Worker 2 (SW0000000010): FTE '1.7' is not a number from 0 to 1" in p for p in problems)
    assert not Worker.objects.exists()  # nothing half-loaded
    with pytest.raises(CommandError):
        call_command("import", "csww", str(bad))


def test_an_entity_bomb_is_not_expanded(tmp_path):
    bomb = tmp_path / "bomb.xml"
    bomb.write_text('<?xml version="1.0"?><!DOCTYPE m [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>'
                    "<Message><CSWWWorker><SWENo>&b;</SWENo></CSWWWorker></Message>")
    with pytest.raises(census.CensusRefused):
        census.read(bomb)


def test_the_census_command_needs_30_september(workforce, tmp_path):
    with pytest.raises(CommandError, match="30 September"):
        call_command("returns", "csww", "--as-at", "2026-03-31", "--out", str(tmp_path / "x.xml"))
    call_command("returns", "csww", "--as-at", "2026-09-30", "--out", str(tmp_path / "x.xml"))
    assert (tmp_path / "x.xml").exists()


def test_the_workforce_page_shows_the_establishment_and_leavers(workforce, users, login):
    body = login(users["leader"]).get(reverse("workforce:index")).content.decode()
    assert "Family Help North 5: 4.0 FTE established" in body
    assert "Vacant 1.0 FTE" in body and "Agency" in body
    assert "SW0000000004" in body and "Resignation" in body


def test_a_worker_who_moves_post_is_neither_a_leaver_nor_two_heads(workforce):
    mover = Worker.objects.get(swe_number="SW0000000001")
    first = Appointment.objects.get(worker=mover)
    Appointment.objects.filter(pk=first.pk).update(end_date=dt.date(2026, 3, 31))
    AppointmentFactory(worker=mover, post=first.post, org_role="3", start_date=dt.date(2026, 4, 1))
    f = figures_on(CENSUS_DAY)
    assert (f.own_headcount, f.leavers) == (2, 1)  # the mover and the half-time worker; only SW...04 left
    turnover = evaluate(get("OV_TURNOVER"), CENSUS_DAY)
    assert turnover.numerator == 1.0


def test_team_managers_see_the_rates_but_not_who_left_and_why(workforce, users, login):
    body = login(users["team_manager"]).get(reverse("workforce:index")).content.decode()
    assert "Vacant 1.0 FTE" in body and "Resignation" not in body and "SW0000000004" not in body


def test_a_return_without_start_dates_loaded_twice_keeps_one_role_each(tmp_path):
    xml = """<Message><Header><CollectionDetails><Collection>CSWW</Collection><Year>{y}</Year>
      <ReferenceDate>{y}-09-30</ReferenceDate></CollectionDetails></Header>
      <LALevelVacancies><NumberOfVacancies>1.00</NumberOfVacancies><NoAgencyFTE>0.00</NoAgencyFTE>
      <NoAgencyHeadcount>0</NoAgencyHeadcount></LALevelVacancies>
      <CSWWWorker><AgencyWorker>0</AgencyWorker><SWENo>SW0000000009</SWENo><FTE>1.000000</FTE>
        <QualInst>Somewhere</QualInst><OrgRole>5</OrgRole></CSWWWorker></Message>"""
    for year in (2025, 2026):
        path = tmp_path / f"{year}.xml"
        path.write_text(xml.format(y=year))
        census.read(path)
    assert Appointment.objects.filter(worker__swe_number="SW0000000009").count() == 1


def test_a_bad_council_level_figure_is_refused_not_a_crash(tmp_path):
    path = tmp_path / "la.xml"
    path.write_text("""<Message><Header><CollectionDetails><ReferenceDate>2026-09-30</ReferenceDate></CollectionDetails>
      </Header><LALevelVacancies><NumberOfVacancies>lots</NumberOfVacancies><NoAgencyFTE>0</NoAgencyFTE>
      <NoAgencyHeadcount>0</NoAgencyHeadcount></LALevelVacancies>
      <CSWWWorker><AgencyWorker>0</AgencyWorker><SWENo>SW0000000009</SWENo><QualInst>X</QualInst></CSWWWorker>
      </Message>""")
    with pytest.raises(census.CensusRefused) as exc:
        census.read(path)
    assert "LALevelVacancies: NumberOfVacancies 'lots' is not a number of 0 or more" in exc.value.problems

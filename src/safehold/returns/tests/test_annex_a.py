"""Ofsted's Annex A read from the record: the sheets and headers of the sample workbook, Annex A's
labels for coded values, the look-back window, and lists whose counts agree with the census and the
SSDA903 for the same period."""

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from django.core.management import call_command
from django.utils import timezone

from safehold.child_protection.tests.helpers import plan_for
from safehold.children_in_care.tests.helpers import looked_after
from safehold.front_door.models import Contact
from safehold.returns import annex_a, cin, ssda903

pytestmark = pytest.mark.django_db
SAMPLE = Path(__file__).resolve().parents[4].parent / "shared" / "data" / "annex-a" / "Annex_A.xlsx"
AS_AT = dt.date(2026, 3, 31)


def rows(path: Path, sheet: str) -> list[dict]:
    ws = openpyxl.load_workbook(path)[sheet]
    values = list(ws.iter_rows(values_only=True))
    return [dict(zip(values[0], r, strict=False)) for r in values[1:]]


@pytest.mark.skipif(not SAMPLE.exists(), reason="the shared data folder is not present")
def test_every_list_has_the_sheet_and_headers_of_the_sample_workbook(tmp_path):
    path = tmp_path / "annex-a.xlsx"
    call_command("returns", "annex-a", "--as-at", "2026-03-31", "--out", str(path))
    sample = openpyxl.load_workbook(SAMPLE)
    written = openpyxl.load_workbook(path)
    assert written.sheetnames == sample.sheetnames
    for ws in sample.worksheets:
        assert [c.value for c in written[ws.title][1]] == [c.value for c in ws[1]], ws.title


def test_a_child_on_a_plan_is_in_the_referral_s47_cin_and_protection_lists_with_annex_a_labels(child, users,
                                                                                             tmp_path):
    child.ethnicity, child.sex = "MWBC", "F"
    child.save()
    plan_for(child, users["team_manager"], category="NEG")
    path = tmp_path / "annex-a.xlsx"
    annex_a.write(AS_AT, path)
    referral = rows(path, "List 3")[0]
    assert (referral["Child Unique ID"], referral["Gender"], referral["Ethnicity"]) == (child.person_id, "b) Female",
                                                                                       "f) MWBC")
    assert referral["Referral Source"].endswith("6: Police") and referral["Referral NFA?"] == "b) No"
    assert referral["Date of Referral"].date() == dt.date(2025, 12, 1)
    s47 = rows(path, "List 5")[0]
    assert s47["Date of Initial Child Protection Conference"].date() == dt.date(2026, 1, 12)
    assert s47["Did the Initial Child Protection Conference Result in a Child Protection Plan"] == "a) Yes"
    plan = rows(path, "List 7")[0]
    assert (plan["Initial Category of Abuse"], plan["Child Protection Plan End Date"]) == ("a) Neglect", None)
    assert rows(path, "List 6")[0]["Case Status"] == "b) Child Protection plan"


def test_activity_before_the_look_back_is_left_out(child, users, settings):
    settings.SAFEHOLD_ANNEX_A_MONTHS = 6
    for day in (dt.date(2025, 9, 30), dt.date(2025, 10, 1)):  # the window starts on 1 October
        Contact.objects.create(person=child, received_at=timezone.make_aware(dt.datetime.combine(day, dt.time(9))),
                               source="2A", concern="Worried about attendance", consent="given",
                               recorded_by=users["front_door"])
    listed = annex_a.build(AS_AT)["List 1"]
    assert [(r[0], r[5]) for r in listed] == [(child.person_id, dt.date(2025, 10, 1))]
    assert listed[0][6].endswith("2A: Schools")


def test_a_child_in_care_is_in_list_8_with_their_legal_status_and_placement(child, users):
    looked_after(child, users["social_worker"], start=dt.date(2025, 11, 3), legal_status="C2")
    [row] = annex_a.build(AS_AT)["List 8"]
    values = dict(zip(annex_a.COLUMNS["List 8"], row, strict=False))
    assert values["Date Started to be Looked After"] == dt.date(2025, 11, 3)
    assert values["Child's Legal Status"] == "C2: FCO"
    assert values["Number of Placements in the Last 12 months"] == 1
    assert values["Date Ceased to be Looked After"] is None


def test_list_counts_agree_with_the_census_and_the_ssda903_for_the_same_year(tmp_path):
    call_command("seed", "--children", "400", "--seed", "11", "--quiet", "--as-of", "2026-06-30")
    year_end = dt.date(2026, 3, 31)
    lists = annex_a.build(year_end, months=12)
    census = cin.build(year_end)
    episodes = [e for c in census.children for e in c.episodes]
    year_start = dt.date(2025, 4, 1)
    assert len(lists["List 3"]) == sum(1 for e in episodes if e.referral_date >= year_start) > 0
    assert len(lists["List 5"]) == sum(1 for e in episodes for s in e.section47s if s.start >= year_start) > 0
    assert len(lists["List 6"]) == len(episodes)
    assert len(lists["List 7"]) == sum(len(e.cp_plans) for e in episodes) > 0
    tables = ssda903.build(year_end)
    looked_after_children = {r["CHILD"] for r in tables["episodes"]}
    assert {r[0] for r in lists["List 8"]} == looked_after_children and looked_after_children
    assert len(lists["List 4"]) == sum(len(e.assessments) for e in episodes)


def test_a_bad_date_is_refused_by_name():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="--as-at must be a date"):
        call_command("returns", "annex-a", "--as-at", "31/03/2026", "--out", "x.xlsx")

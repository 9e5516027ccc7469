"""Importing an Annex A workbook: the shared sample loads or is refused child by child with reasons
(values read with the data map's patterns), the lists Safehold does not load are named, a file that is
no workbook loads nothing, a rerun changes nothing, and lists 1, 3 and 6 drawn from an imported
workbook give back the same children and dates."""

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from django.core.management import call_command

from safehold.family_help import batch as family_batch
from safehold.family_help.models import CINEpisode
from safehold.people.models import Person
from safehold.people.tests.factories import PersonFactory
from safehold.returns import annex_a
from safehold.returns.imports import annex_a as annex_a_import
from safehold.returns.tests.helpers import empty_the_record

pytestmark = pytest.mark.django_db
SAMPLE = Path(__file__).resolve().parents[4].parent / "shared" / "data" / "annex-a" / "Annex_A.xlsx"


@pytest.mark.skipif(not SAMPLE.exists(), reason="the shared data folder is not present")
def test_the_shared_sample_loads_or_is_refused_with_reasons_and_twice_changes_nothing():
    report = annex_a_import.run(SAMPLE, progress=False)
    assert report.created["children"] > 0 and report.created["episodes"] > 0
    reasons = " ".join(x for r in report.refused for x in r.reasons)
    assert "Primary Need Code 'PSRMEM - Support with memory and cognition' is not recognised" in reasons
    assert "Date of Birth 13/02/2002 differs from 07/08/2002" in reasons
    assert any(line.startswith("List 8 (") and "not loaded" in line for line in report.skipped)
    # "Female" and "b) Female" both read as F (the data map's patterns).
    assert set(Person.objects.values_list("sex", flat=True)) <= {"M", "F", "U"}
    again = annex_a_import.run(SAMPLE, progress=False)
    assert not again.changed and len(again.refused) == len(report.refused)


def test_a_file_that_is_not_a_workbook_loads_nothing(tmp_path):
    path = tmp_path / "annex.xlsx"
    path.write_bytes(b"Child Unique ID,Gender\n1,F\n")
    report = annex_a_import.run(path, progress=False)
    assert report.refused[0].where == "the file" and "cannot be read" in report.refused[0].reasons[0]
    assert not Person.objects.exists()


def test_lists_drawn_from_an_imported_workbook_give_back_the_same_children_and_dates(tmp_path):
    call_command("seed", "--children", "300", "--seed", "3", "--quiet", "--as-of", "2026-06-30")
    as_at = dt.date(2026, 3, 31)
    path = tmp_path / "annex.xlsx"
    annex_a.write(as_at, path)
    before = annex_a.build(as_at)
    empty_the_record()
    report = annex_a_import.run(path, progress=False)
    # List 4 assessments of episodes referred before the window have no episode in lists 3 or 6: refused.
    assert all("falls in no episode" in x for r in report.refused for x in r.reasons)
    refused = {r.child for r in report.refused}
    after = annex_a.build(as_at)
    keep = lambda rows, cols: sorted(tuple(r[i] for i in cols) for r in rows if r[0] not in refused)  # noqa: E731
    assert keep(after["List 1"], range(7)) == keep(before["List 1"], range(7))
    assert keep(after["List 3"], range(8)) == keep(before["List 3"], range(8))
    list6 = [0, 1, 2, 3, 4, 6, 7, 9, 10]
    assert keep(after["List 6"], list6) == keep(before["List 6"], list6)
    assert CINEpisode.objects.exists()


def test_a_child_whose_lists_disagree_is_refused_whole(tmp_path):
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name in annex_a.COLUMNS:
        wb.create_sheet(name).append(annex_a.COLUMNS[name])
    wb["List 1"].append(["77", "b) Female", "a) WBRI", dt.datetime(2015, 1, 2), 10, dt.datetime(2026, 1, 5),
                         "q) 6: Police"])
    wb["List 3"].append(["77", "b) Female", "a) WBRI", dt.datetime(2015, 1, 3), 10, dt.datetime(2026, 1, 6),
                         "q) 6: Police", "b) No", 0, "", ""])
    wb["List 1"].append(["78", "a) Male", "a) WBRI", dt.datetime(2016, 1, 2), 9, dt.datetime(2026, 1, 5), "e) 2A"])
    path = tmp_path / "annex.xlsx"
    wb.save(path)
    report = annex_a_import.run(path, progress=False)
    [refused] = report.refused
    assert refused.child == "77" and "List 3 row 2: Date of Birth 03/01/2015 differs" in refused.reasons[0]
    assert list(Person.objects.values_list("person_id", flat=True)) == ["78"]
    assert Person.objects.get().contacts.get().source == "2A"


def test_a_child_whose_record_holds_another_open_episode_is_refused_in_words(tmp_path, users):
    """Rule 8815 against the record: the file opens an episode while the record holds another open one the file
    neither lists nor closes. The child is refused with the reason, not left to the database's constraint."""
    by = users["social_worker"]
    child = PersonFactory(person_id="C0000900", dob=dt.date(2015, 5, 1))
    family_batch.episodes_add([family_batch.imported_episode(
        child, referral_date=dt.date(2026, 2, 2), source="1A", need="N1", nfa=False, closure_date=None,
        closure_reason="", by=by)])
    path = tmp_path / "annex.xlsx"
    annex_a.write(dt.date(2026, 3, 31), path)  # lists the referral of 2 February, open
    CINEpisode.objects.filter(person=child).update(referral_date=dt.date(2024, 11, 4))  # the record's is older
    report = annex_a_import.run(path, progress=False)
    (refusal,) = report.refused
    assert refusal.child == "C0000900"
    assert "The record has an open episode of need referred 04/11/2024" in refusal.reasons[0]
    assert "(rule 8815)" in refusal.reasons[0] and "UNIQUE" not in refusal.reasons[0]
    assert list(CINEpisode.objects.filter(person=child).values_list("referral_date", flat=True)) == [
        dt.date(2024, 11, 4)]

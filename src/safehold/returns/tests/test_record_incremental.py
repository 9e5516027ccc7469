"""Issue 16.2: the check after a save reruns only the rules that read what the save changed (returns/record.py,
ChildCheck). It must find exactly what a check of every rule finds: edits of each kind, one after another, on
children of a seeded county, are checked both ways."""

import datetime as dt

import pytest
import time_machine
from django.db import transaction

from safehold.care_planning.models import CLAReview
from safehold.children_in_care.models import Placement
from safehold.family_help.models import Assessment
from safehold.people.models import Person
from safehold.returns import record
from safehold.returns.models import ChildCheck, RecordFinding
from safehold.returns.rules import engine

from .test_cin import on_plan  # noqa: F401 (fixture)
from .test_ssda903 import in_care  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 3, 27)
YEAR = 2025  # 2025-26


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(dt.datetime(2026, 3, 27, 10, 0), tick=False):
        yield


@pytest.fixture
def county():
    """A small seeded county: children in care and in need with the variety of a real record."""
    from safehold.synthetic.county import seed_county

    seed_county(children=80, seed=7, as_of=TODAY, quiet=True, years=2)
    looked_after = list(Person.objects.filter(care_episodes__isnull=False, care_episodes__end_date__isnull=True)
                        .distinct().values_list("pk", flat=True)[:2])
    in_need = list(Person.objects.filter(cin_episodes__closure_date__isnull=True, assessments__isnull=False,
                                         care_episodes__isnull=True).distinct().values_list("pk", flat=True)[:2])
    assert looked_after and in_need
    return looked_after + in_need


def _open(pk: int) -> set[tuple]:
    return set(RecordFinding.objects.filter(person_id=pk, resolved_at__isnull=True).values_list(
        "collection", "year", "code", "table", "row", "detail", "key_date"))


def _check(pk: int, as_at: dt.date) -> list[dict]:
    return record.refresh_together([(c, YEAR, [pk]) for c in (engine.CIN, engine.SSDA903)], as_at=as_at)


def _every_rule(pk: int, as_at: dt.date) -> set[tuple]:
    """What a check of every rule finds now (without the child's last check), rolled back afterwards."""
    with transaction.atomic():
        ChildCheck.objects.filter(person_id=pk).delete()
        _check(pk, as_at)
        found = _open(pk)
        transaction.set_rollback(True)
    return found


def _latest(model, pk):
    return model.objects.filter(person_id=pk).order_by("-pk").first()


EDITS = {
    "ethnicity": lambda pk: Person.objects.filter(pk=pk).update(ethnicity=""),
    "upn": lambda pk: Person.objects.filter(pk=pk).update(upn="X1234"),
    "date of birth": lambda pk: Person.objects.filter(pk=pk).update(dob=dt.date(2009, 4, 2)),
    "placement postcode": lambda pk: Placement.objects.filter(pk=getattr(_latest(Placement, pk), "pk", None))
    .update(postcode=""),
    "placement started before birth": lambda pk: Placement.objects.filter(
        pk=getattr(_latest(Placement, pk), "pk", None)).update(start_date=dt.date(2008, 1, 1)),
    "assessment not authorised": lambda pk: Assessment.objects.filter(
        pk=getattr(_latest(Assessment, pk), "pk", None)).update(authorised_date=None),
    "review removed": lambda pk: CLAReview.objects.filter(pk=getattr(_latest(CLAReview, pk), "pk", None)).delete(),
    "put right": lambda pk: Person.objects.filter(pk=pk).update(ethnicity="WBRI", upn="", dob=dt.date(2012, 6, 1)),
}


@pytest.mark.parametrize("children", ["in_care", "on_plan", "county"])
def test_after_each_kind_of_edit_the_check_finds_what_every_rule_finds(children, request):
    found = request.getfixturevalue(children)
    for pk in found if isinstance(found, list) else [found.pk]:
        first = _check(pk, TODAY)
        assert all(counts["rules_run"] > 0 for counts in first)  # the first check runs every rule
        as_at = TODAY
        for name, edit in EDITS.items():
            edit(pk)
            counts = _check(pk, as_at)
            assert _open(pk) == _every_rule(pk, as_at), f"child {pk}, after: {name}"
            if name == "ethnicity":
                # Only the rules that read the child's own details (and their tables) ran again.
                total = sum(len(engine.rules_for(c, YEAR)) for c in (engine.CIN, engine.SSDA903))
                assert 0 < sum(c["rules_run"] for c in counts) < total / 2
        as_at += dt.timedelta(days=1)  # a new day: the rules that read the day run again
        _check(pk, as_at)
        assert _open(pk) == _every_rule(pk, as_at), f"child {pk}, the day after"


def test_a_check_with_nothing_changed_runs_no_rule_and_keeps_the_findings(in_care):  # noqa: F811
    pk = in_care.pk
    Person.objects.filter(pk=pk).update(ethnicity="")
    _check(pk, TODAY)
    before = _open(pk)
    assert any(code == "103" for _, _, code, *_ in before)
    assert [c["rules_run"] for c in _check(pk, TODAY)] == [0, 0]
    assert _open(pk) == before


def test_new_rules_check_the_child_afresh(in_care, monkeypatch):  # noqa: F811
    pk = in_care.pk
    _check(pk, TODAY)
    monkeypatch.setattr(record, "rules_digest", lambda: "a-new-release")
    assert all(c["rules_run"] > 100 for c in _check(pk, TODAY))


def test_a_query_that_time_brings_is_found_though_nothing_was_saved(on_plan):  # noqa: F811
    """8670Q (an assessment not authorised 45 working days after it started) reads no table a save changed, only
    the day: a check on a later day reruns it."""
    pk = on_plan.pk
    Assessment.objects.filter(person_id=pk).update(start_date=dt.date(2026, 1, 20), authorised_date=None)
    _check(pk, dt.date(2026, 2, 2))
    assert not RecordFinding.objects.filter(person_id=pk, code="8670Q", resolved_at__isnull=True).exists()
    _check(pk, dt.date(2026, 3, 31))
    assert RecordFinding.objects.filter(person_id=pk, code="8670Q", resolved_at__isnull=True).exists()
    assert _open(pk) == _every_rule(pk, dt.date(2026, 3, 31))


def test_the_nightly_check_readies_each_child_so_the_next_save_is_a_quick_one(in_care, capsys):  # noqa: F811
    from django.core.management import call_command

    call_command("returns", "check")
    out = capsys.readouterr().out
    assert "1 children checked one by one" in out  # the child in care: new to the check
    assert ChildCheck.objects.filter(person=in_care, collection="ssda903").exists()
    Person.objects.filter(pk=in_care.pk).update(ethnicity="")
    counts = record.refresh_together([("ssda903", YEAR, [in_care.pk])], as_at=TODAY)[0]
    assert 0 < counts["rules_run"] < len(engine.rules_for("ssda903", YEAR)) / 2
    assert RecordFinding.objects.filter(person=in_care, code="103", resolved_at__isnull=True).exists()
    call_command("returns", "check")
    assert "0 children checked one by one" in capsys.readouterr().out  # ready already


def test_a_child_removed_since_the_check_was_queued_is_passed_over(in_care):  # noqa: F811
    """A save rolled back (or a child deleted) leaves a queued check for nobody: it keeps nothing."""
    gone = in_care.pk + 1000
    assert record.refresh_together([("ssda903", YEAR, [gone])], as_at=TODAY)[0]["rules_run"] == 0
    assert not ChildCheck.objects.filter(person_id=gone).exists()

"""Each measure on a small hand-built record, with the numerator and denominator worked out by hand
in the test, including the edges of its definition (issue 12, "Done means")."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from safehold.accounts.tests.factories import TeamFactory, UserFactory
from safehold.casework.models import Allocation, StatutoryWork
from safehold.casework.services import allocation_change
from safehold.casework.tests.factories import AllocationFactory
from safehold.casework.work import work_complete_for, work_raise
from safehold.child_protection.models import CPPlan
from safehold.family_help.models import CINEpisode
from safehold.family_help.tests.factories import CINEpisodeFactory
from safehold.people.models import Disability
from safehold.people.tests.factories import PersonFactory
from safehold.performance.definitions import get, month_ends, year_before
from safehold.performance.selectors import cut, evaluate
from safehold.performance.tests.factories import PopulationEstimateFactory
from safehold.returns.tests.test_ssda903 import in_care  # noqa: F401 (fixture: a child in care on 31 March 2025)

pytestmark = pytest.mark.django_db
AS_AT = dt.date(2026, 1, 31)


def measure(code: str, as_at: dt.date = AS_AT):
    return evaluate(get(code), as_at)


def test_the_period_is_the_twelve_months_to_the_date():
    assert year_before(dt.date(2026, 3, 31)) == dt.date(2025, 4, 1)
    assert month_ends(dt.date(2026, 1, 15), 3) == [dt.date(2025, 10, 31), dt.date(2025, 11, 30),
                                                   dt.date(2025, 12, 31)]


# --- Work timeliness: contacts decided within one working day, over Christmas -------------------------

def _contact_work(child, received: dt.date, decided: dt.date | None):
    work = work_raise(person=child, rule_code="CONTACT_DECISION", start=received, source=child,
                      title="Front door decision on a contact")
    if decided:
        work_complete_for(source=child, rule_code="CONTACT_DECISION", done=decided, by_event=child)
    return work


def test_contacts_decided_within_a_working_day_counts_bank_holidays_out(child):
    # Received Wednesday 24 December 2025: 25 and 26 are bank holidays, 27 and 28 the weekend, so the
    # decision is due Monday 29 December (timescales.md counting conventions).
    others = [PersonFactory() for _ in range(3)]
    on_time = _contact_work(child, dt.date(2025, 12, 24), dt.date(2025, 12, 29))
    assert on_time.due_on == dt.date(2025, 12, 29)
    _contact_work(others[0], dt.date(2025, 12, 24), dt.date(2025, 12, 30))  # a day late
    _contact_work(others[1], dt.date(2026, 1, 20), None)  # due 21 January, never decided: late
    _contact_work(others[2], dt.date(2026, 1, 30), None)  # due 2 February: after the date, not counted
    result = measure("FD_DECIDED_1WD")
    assert (result.numerator, result.denominator) == (1, 3)
    assert round(result.value, 1) == 33.3


def test_a_child_who_moves_team_mid_year_counts_each_piece_of_work_where_it_was_done(users, team, child):
    """Work done while team A held the case stays with A; work after the move counts for B."""
    other = TeamFactory(team_id="FHS7", name="Family Help South 7")
    manager = users["team_manager"]
    first = work_raise(person=child, rule_code="ASSESSMENT", start=dt.date(2025, 5, 1), source=child, title="A1",
                       team=team, worker=None)
    StatutoryWork.objects.filter(pk=first.pk).update(status="done", completed_on=dt.date(2025, 6, 2), on_time=True)
    allocation_change(by=manager, person=child, team=other, started_on=dt.date(2025, 9, 1), reason="Moved south")
    second = work_raise(person=child, rule_code="ASSESSMENT", start=dt.date(2025, 10, 1), source=other,
                        title="A2")
    assert second.team == other
    StatutoryWork.objects.filter(pk=second.pk).update(status="done", completed_on=dt.date(2025, 12, 19),
                                                       on_time=False)
    result = measure("HP_ASSESS_45WD")
    assert (result.numerator, result.denominator) == (1, 2)
    by_team = {g["label"]: (g["numerator"], g["denominator"]) for g in cut(result, "team")}
    assert by_team == {"Family Help North 1": (1, 1), "Family Help South 7": (0, 1)}


# --- Plans lasting two years: a plan that ends on its second anniversary has lasted two years ---------

def test_plans_that_end_on_their_second_anniversary_have_lasted_two_years(users):
    from safehold.child_protection.tests.helpers import plan_for

    manager = users["team_manager"]
    spans = [
        (dt.date(2023, 6, 1), dt.date(2025, 6, 1)),    # exactly two years: counts
        (dt.date(2023, 6, 2), dt.date(2025, 6, 1)),    # a day short: not
        (dt.date(2024, 1, 1), dt.date(2025, 12, 1)),   # 23 months: not
        (dt.date(2021, 1, 1), dt.date(2024, 12, 1)),   # ended before the period: out
    ]
    for n, (start, end) in enumerate(spans):
        child = PersonFactory(person_id=f"C00007{n:02d}")
        AllocationFactory(person=child, team=manager.team)
        with time_machine.travel(dt.datetime(2026, 1, 20, 12, tzinfo=dt.UTC)):
            plan = plan_for(child, manager)
        CPPlan.objects.filter(pk=plan.pk).update(start_date=start, end_date=end, end_reason="Risk reduced",
                                                 ended_by=manager)
    result = measure("HP_CP_TWO_YEARS")
    assert (result.numerator, result.denominator) == (1, 3)


# --- Re-referrals within 12 months -------------------------------------------------------------------

def test_a_referral_within_twelve_months_of_the_last_is_a_re_referral(users):
    fd = users["front_door"]
    a, b, c = (PersonFactory(person_id=f"C00008{n}") for n in range(3))

    def referral(child, day, closed=None):
        CINEpisodeFactory(person=child, referral_date=day, recorded_by=fd, closure_date=closed,
                          closure_reason="RC8" if closed else "")
    referral(a, dt.date(2024, 11, 4), dt.date(2024, 12, 1))
    referral(a, dt.date(2025, 11, 3))   # 12 months less a day after the last: a re-referral
    referral(b, dt.date(2024, 2, 5), dt.date(2024, 3, 1))
    referral(b, dt.date(2025, 3, 3))    # 13 months after: not
    referral(c, dt.date(2025, 6, 2))    # a first referral
    result = measure("FD_REREFERRAL")
    assert (result.numerator, result.denominator) == (1, 3)


# --- Rates per 10,000 and agreement with the SSDA903 ---------------------------------------------------

def test_children_in_care_per_10000_agrees_with_the_903_episodes_open_at_31_march(in_care, tmp_path):  # noqa: F811
    from safehold.returns import ssda903

    PopulationEstimateFactory(year=2024, children=20_000)
    year_end = dt.date(2025, 3, 31)
    result = measure("CIC_RATE", year_end)
    ssda903.write(year_end, tmp_path)
    import csv

    with (tmp_path / "episodes.csv").open() as fh:
        open_at_year_end = {r["CHILD"] for r in csv.DictReader(fh) if not r["DEC"]}
    assert result.numerator == len(open_at_year_end) == 1
    assert result.denominator == 20_000 and result.value == pytest.approx(0.5)


# --- Cuts: disabled children beside all children --------------------------------------------------------

def test_disabled_children_are_cut_out_beside_all_children(child):
    disabled = PersonFactory(person_id="C0000901")
    Disability.objects.create(person=disabled, code="MOB")
    _contact_work(child, dt.date(2026, 1, 5), dt.date(2026, 1, 6))
    _contact_work(disabled, dt.date(2026, 1, 5), dt.date(2026, 1, 9))
    groups = {g["label"]: (g["numerator"], g["denominator"]) for g in cut(measure("FD_DECIDED_1WD"), "disability")}
    assert groups == {"Disabled children": (0, 1), "No recorded disability": (1, 1)}


# --- Workforce: caseloads and unallocated cases ----------------------------------------------------------

def test_average_caseload_and_unallocated_cases_on_the_date(team):
    sam, kit = UserFactory(username="sam", team=team), UserFactory(username="kit", team=team)
    for _n in range(3):
        AllocationFactory(person=PersonFactory(), team=team, worker=sam, started_on=dt.date(2025, 1, 1))
    AllocationFactory(person=PersonFactory(), team=team, worker=kit, started_on=dt.date(2025, 1, 1))
    AllocationFactory(person=PersonFactory(), team=team, worker=None, started_on=dt.date(2025, 1, 1))
    AllocationFactory(person=PersonFactory(), team=team, worker=kit, started_on=dt.date(2026, 2, 1))  # later
    ended = AllocationFactory(person=PersonFactory(), team=team, worker=kit, started_on=dt.date(2025, 1, 1))
    Allocation.objects.filter(pk=ended.pk).update(ended_on=dt.date(2025, 12, 31))
    caseload = measure("OV_CASELOAD")
    assert (caseload.numerator, caseload.denominator, caseload.value) == (4, 2, 2.0)  # (3 + 1) / 2 workers
    assert measure("OV_UNALLOCATED").value == 1


# --- Care leavers by OC3 age band ----------------------------------------------------------------------

def test_care_leavers_in_touch_by_age_band(users):
    from safehold.care_leavers.models import BirthdayCheckIn

    sw = users["social_worker"]
    rows = [(17, "YES", "F2", "D1"), (19, "YES", "G5", "U2"), (20, "NO", "0", "0"), (23, "YES", "F5", "U1"),
            (21, "DIED", "0", "0")]
    for n, (age, touch, activity, accom) in enumerate(rows):
        young = PersonFactory(person_id=f"C00010{n:02d}", dob=dt.date(2025 - age, 6, 1))
        BirthdayCheckIn.objects.create(person=young, age=age, birthday=dt.date(2025, 6, 1), in_touch=touch,
                                       activity=activity, accommodation=accom, recorded_on=dt.date(2025, 6, 2),
                                       recorded_by=sw)
    in_touch = measure("CL_IN_TOUCH")
    assert (in_touch.numerator, in_touch.denominator) == (3, 4)  # the young person who died is left out
    bands = {g["label"]: (g["numerator"], g["denominator"]) for g in cut(in_touch, "oc3_band")}
    assert bands == {"17 to 18": (1, 1), "19 to 21": (1, 2), "22 to 25": (1, 1)}
    assert (measure("CL_EET").numerator, measure("CL_SUITABLE_ACCOMMODATION").numerator) == (2, 2)


def test_every_measure_runs_on_an_empty_record_with_a_fixed_number_of_queries(django_assert_max_num_queries):
    from safehold.performance.definitions import catalogue

    for m in catalogue():
        with django_assert_max_num_queries(6):
            result = evaluate(m, timezone.localdate())
        assert result.numerator == 0


# --- Second plans, ever and within two years -------------------------------------------------------

def test_second_plans_ever_and_within_two_years(users):
    from safehold.child_protection.tests.helpers import plan_for

    manager = users["team_manager"]

    def earlier_plan(child, start, end):
        plan = plan_for(child, manager)
        CPPlan.objects.filter(pk=plan.pk).update(start_date=start, end_date=end, end_reason="Risk reduced",
                                                 ended_by=manager)
        CINEpisode.objects.filter(pk=plan.episode_id).update(referral_date=start - dt.timedelta(days=30),
                                                             closure_date=end, closure_reason="RC1")

    x, y, z = (PersonFactory(person_id=f"C00012{n}") for n in range(3))
    for child in (x, y, z):
        AllocationFactory(person=child, team=manager.team)
    earlier_plan(x, dt.date(2023, 1, 9), dt.date(2024, 6, 3))   # ended 20 months before the new plan
    earlier_plan(z, dt.date(2021, 1, 4), dt.date(2023, 1, 2))   # ended over three years before
    late = dict(referral=dt.date(2026, 2, 2), day=dt.date(2026, 2, 6), icpc=dt.date(2026, 2, 20))
    for child in (x, y, z):
        plan_for(child, manager, **late)
    as_at = dt.date(2026, 11, 30)
    ever, recent = measure("HP_CP_SECOND_EVER", as_at), measure("HP_CP_SECOND_2Y", as_at)
    assert (ever.numerator, ever.denominator) == (2, 3)   # x and z had a plan before
    assert (recent.numerator, recent.denominator) == (1, 3)  # only x's ended within two years


# --- Placement stability -------------------------------------------------------------------------------

def _placements(child, user, spans):
    """A period of care from the first span's start, with a placement for each (start, end) span."""
    from safehold.children_in_care.models import Placement
    from safehold.children_in_care.tests.helpers import looked_after

    period = looked_after(child, user, start=spans[0][0])
    first = Placement.objects.get(person=child)
    Placement.objects.filter(pk=first.pk).update(end_date=spans[0][1])
    for start, end, *kind in spans[1:]:
        Placement.objects.create(person=child, period=period, placement_type=kind[0] if kind else "U6",
                                 start_date=start, end_date=end, recorded_by=user)


def test_three_placements_in_the_year_and_long_term_stability(users):
    sw = users["social_worker"]
    as_at = dt.date(2026, 3, 31)
    movers = PersonFactory(person_id="C0001301", dob=dt.date(2014, 5, 1))
    _placements(movers, sw, [(dt.date(2023, 6, 5), dt.date(2025, 5, 1)), (dt.date(2025, 5, 2), dt.date(2025, 9, 1)),
                             (dt.date(2025, 9, 2), None)])  # three running in the year to 31 March 2026
    settled = PersonFactory(person_id="C0001302", dob=dt.date(2013, 2, 1))
    _placements(settled, sw, [(dt.date(2022, 1, 10), dt.date(2023, 3, 1)), (dt.date(2023, 3, 2), None)])
    adopted = PersonFactory(person_id="C0001303", dob=dt.date(2019, 7, 1))
    # Foster placement from May 2023, placed for adoption (A5) from January 2026: together over 2 years.
    _placements(adopted, sw, [(dt.date(2023, 5, 1), dt.date(2025, 12, 31)), (dt.date(2026, 1, 1), None, "A5")])
    three = measure("CIC_THREE_PLACEMENTS", as_at)
    assert (three.numerator, three.denominator) == (1, 3)
    stable = measure("CIC_LONG_TERM_STABILITY", as_at)
    # All three under 16 and in care 2.5 years or more; the mover's placement is 7 months old.
    assert (stable.numerator, stable.denominator) == (2, 3)

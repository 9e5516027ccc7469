"""The rest of the catalogue, each on a small hand-built record with its numerator and denominator
worked out by hand: every timeliness measure read from its statutory work, the averages, the rates,
visits seen alone, distance, unregistered provision, missing episodes, oversight and supervision."""

from __future__ import annotations

import datetime as dt

import pytest

from safehold.care_planning.tests.factories import MissingEpisodeFactory
from safehold.casework.models import StatutoryWork, Visit
from safehold.casework.tests.factories import AllocationFactory, VisitFactory
from safehold.casework.work import work_raise
from safehold.family_help.tests.factories import CINEpisodeFactory
from safehold.people.tests.factories import PersonFactory
from safehold.performance.definitions import catalogue, get
from safehold.performance.selectors import evaluate
from safehold.performance.tests.factories import PopulationEstimateFactory

pytestmark = pytest.mark.django_db
AS_AT = dt.date(2026, 1, 31)

# Measures whose rows are statutory work rows, with the basis they count on.
WORK_MEASURES = {
    "FD_DECIDED_1WD": ("due", ["CONTACT_DECISION"]),
    "HP_ASSESS_45WD": ("completed", ["ASSESSMENT"]),
    "HP_ICPC_15WD": ("completed", ["ICPC"]),
    "HP_RCPC_ON_TIME": ("due", ["RCPC_FIRST", "RCPC_NEXT"]),
    "HP_CP_VISITS": ("due", ["CP_VISIT"]),
    "CIC_REVIEWS": ("due", ["CLA_REVIEW_FIRST", "CLA_REVIEW_SECOND", "CLA_REVIEW_NEXT"]),
    "CIC_VISITS": ("due", ["CLA_VISIT_FIRST", "CLA_VISIT", "CLA_VISIT_LONG_TERM", "CLA_VISIT_WEEKLY",
                           "CLA_VISIT_FOUR_WEEKLY"]),
    "CIC_HEALTH": ("due", ["HEALTH_ASSESSMENT_INITIAL", "HEALTH_ASSESSMENT_UNDER5", "HEALTH_ASSESSMENT"]),
    "CIC_DENTAL": ("due", ["DENTAL_CHECK"]),
    "CIC_PEP": ("due", ["PEP_INITIAL", "PEP_REVIEW"]),
    "CIC_RHI_72H": ("due", ["RETURN_INTERVIEW"]),
}


def _work(rule, *, due, done=None, on_time=None, status=None):
    child = PersonFactory()
    w = work_raise(person=child, rule_code=rule, start=due - dt.timedelta(days=5), source=child, title=rule)
    fields = {"due_on": due}
    if done:
        fields.update(status="done", completed_on=done, on_time=on_time)
    if status:
        fields["status"] = status
    StatutoryWork.objects.filter(pk=w.pk).update(**fields)
    return child


@pytest.mark.parametrize("code", sorted(WORK_MEASURES))
def test_each_timeliness_measure_counts_its_own_work(code):
    basis, rules = WORK_MEASURES[code]
    first, last = rules[0], rules[-1]
    _work(first, due=dt.date(2025, 6, 2), done=dt.date(2025, 6, 2), on_time=True)      # on time
    _work(last, due=dt.date(2025, 9, 1), done=dt.date(2025, 9, 5), on_time=False)      # late
    _work(first, due=dt.date(2026, 1, 20))                                               # due, not done
    _work(first, due=dt.date(2025, 10, 1), status="cancelled")                           # no longer needed
    _work(first, due=dt.date(2024, 10, 1), done=dt.date(2024, 10, 1), on_time=True)   # before the year
    _work("CORE_GROUP_FIRST", due=dt.date(2025, 6, 2), done=dt.date(2025, 6, 2), on_time=True)
    result = evaluate(get(code), AS_AT)
    # Due basis: the on-time, the late and the undone; completed basis: only those done in the year.
    expected = (1, 3) if basis == "due" else (1, 2)
    assert (result.numerator, result.denominator) == expected


def test_the_averages_count_working_days_over_bank_holidays():
    # Started Friday 19 December 2025, done Friday 9 January 2026: 12 working days (25, 26 Dec and 1 Jan out).
    for rule in ("ASSESSMENT", "ICPC"):
        child = PersonFactory()
        w = work_raise(person=child, rule_code=rule, start=dt.date(2025, 12, 19), source=child, title=rule)
        StatutoryWork.objects.filter(pk=w.pk).update(status="done", completed_on=dt.date(2026, 1, 9), on_time=True)
    for code in ("HP_ASSESS_DAYS", "HP_STRATEGY_TO_ICPC_DAYS"):
        assert evaluate(get(code), AS_AT).value == 12


def test_contacts_that_became_referrals(users):
    from safehold.front_door.tests.factories import ContactFactory

    fd = users["front_door"]
    for decision in ("assessment", "strategy", "nfa", "family_help"):
        ContactFactory(recorded_by=fd, decision=decision, decision_rationale="A considered rationale here",
                       decided_by=fd, decided_at=dt.datetime(2026, 1, 12, 10, tzinfo=dt.UTC),
                       received_at=dt.datetime(2026, 1, 12, 9, tzinfo=dt.UTC))
    ContactFactory(recorded_by=fd)  # not decided
    result = evaluate(get("FD_CONVERSION"), AS_AT)
    assert (result.numerator, result.denominator) == (2, 4)


def test_rates_per_10000_use_the_mid_year_estimate(users):

    PopulationEstimateFactory(year=2025, children=4000)
    fd = users["front_door"]
    for _n, (referred, closed) in enumerate([(dt.date(2025, 5, 1), None), (dt.date(2025, 5, 1), dt.date(2026, 2, 1)),
                                            (dt.date(2025, 5, 1), dt.date(2026, 1, 31)),
                                            (dt.date(2026, 2, 1), None)]):
        CINEpisodeFactory(referral_date=referred, recorded_by=fd, closure_date=closed,
                          closure_reason="RC8" if closed else "")
    result = evaluate(get("HP_CIN_RATE"), AS_AT)
    # Open on 31 January: the first two (the third closed that day, the fourth came later).
    assert (result.numerator, result.denominator, result.value) == (2, 4000, 5.0)
    assert evaluate(get("HP_CP_RATE"), AS_AT).value == 0


@pytest.mark.parametrize("code, kind", [("HP_CP_SEEN_ALONE", Visit.Kind.CP), ("CIC_SEEN_ALONE", Visit.Kind.CLA)])
def test_visits_where_the_child_was_seen_alone(code, kind, users):
    sw = users["social_worker"]
    for seen, alone, day in [(True, True, dt.date(2025, 11, 3)), (True, False, dt.date(2025, 12, 1)),
                             (False, False, dt.date(2026, 1, 5)), (True, True, dt.date(2024, 12, 2))]:
        VisitFactory(kind=kind, visited_on=day, visited_by=sw, child_seen=seen, child_seen_alone=alone)
    VisitFactory(visited_on=dt.date(2025, 11, 3), visited_by=sw, child_seen_alone=True)
    result = evaluate(get(code), AS_AT)
    assert (result.numerator, result.denominator) == (1, 3)


def test_placed_far_from_home_unregistered_and_missing(users, team):
    from safehold.children_in_care.models import Placement, UnregisteredPlacementAuthorisation
    from safehold.children_in_care.tests.helpers import looked_after

    sw = users["social_worker"]
    near, far, ended = (PersonFactory(person_id=f"C00014{n}", dob=dt.date(2014, 1, 1)) for n in range(3))
    for child, miles in ((near, 4), (far, 37)):
        looked_after(child, sw, start=dt.date(2025, 3, 3))
        Placement.objects.filter(person=child).update(distance_miles=miles)
    looked_after(ended, sw, start=dt.date(2025, 3, 3))
    placement = Placement.objects.get(person=ended)
    Placement.objects.filter(pk=placement.pk).update(end_date=dt.date(2025, 10, 1))
    from safehold.children_in_care.models import PeriodOfCare

    PeriodOfCare.objects.filter(person=ended).update(end_date=dt.date(2025, 10, 1), reason_ended="E4A")
    UnregisteredPlacementAuthorisation.objects.create(
        placement=placement, person=ended, authorised_by=sw, authorised_on=dt.date(2025, 3, 3),
        concerns="Not registered", reason="No registered home", plan_to_end="Register",
        target_end_date=dt.date(2025, 6, 1))
    far_result = evaluate(get("CIC_OVER_20_MILES"), AS_AT)
    assert (far_result.numerator, far_result.denominator) == (1, 2)
    assert evaluate(get("CIC_UNREGISTERED_NOW"), AS_AT).value == 0  # that placement ended in October
    assert evaluate(get("CIC_UNREGISTERED_YEAR"), AS_AT).value == 1
    for started in (dt.datetime(2025, 5, 1, 22, tzinfo=dt.UTC), dt.datetime(2025, 8, 1, 22, tzinfo=dt.UTC)):
        MissingEpisodeFactory(person=near, started_at=started, recorded_by=sw)  # back nine hours later
    MissingEpisodeFactory(person=far, kind="A", started_at=dt.datetime(2024, 5, 1, tzinfo=dt.UTC), ended_at=None,
                          recorded_by=sw)
    missing = evaluate(get("CIC_MISSING"), AS_AT)
    assert missing.value == 1 and missing.rows[0].extra == "2 episodes"


def test_oversight_and_supervision_within_the_local_standard(users, team):
    from safehold.oversight.models import ManagementOversight, Supervision

    manager, sw = users["team_manager"], users["social_worker"]
    recent, stale, never = (PersonFactory() for _ in range(3))
    for child in (recent, stale, never):
        AllocationFactory(person=child, team=team, worker=sw, started_on=dt.date(2025, 1, 1))
    for child, day in ((recent, dt.date(2025, 12, 1)), (stale, dt.date(2025, 9, 1))):
        ManagementOversight.objects.create(person=child, recorded_by=manager, recorded_at=dt.datetime(
            2025, 9, 1, tzinfo=dt.UTC), occurred_on=day, decision_point="case_review", decision="Continue the plan",
            rationale="Progress is steady and the child is safe")
    result = evaluate(get("OV_OVERSIGHT"), AS_AT)
    # The local standard is 3 months: oversight on 1 December is due again 1 March; 1 September's was
    # due 1 December, so that case is overdue; the third has none.
    assert (result.numerator, result.denominator) == (1, 3)
    Supervision.objects.create(worker=sw, supervisor=manager, held_on=dt.date(2026, 1, 12), notes="Cases discussed",
                               recorded_at=dt.datetime(2026, 1, 12, tzinfo=dt.UTC))
    supervision = evaluate(get("OV_SUPERVISION"), AS_AT)
    supervised = {r.subject_id for r in supervision.rows if r.in_numerator}
    assert supervised == {sw.pk}
    assert supervision.denominator == 4  # social worker, team manager, front door practitioner and IRO


def test_every_measure_in_the_catalogue_has_a_test_here_or_in_test_measures():
    tested_elsewhere = {"FD_REREFERRAL", "HP_CP_TWO_YEARS", "HP_CP_SECOND_EVER", "HP_CP_SECOND_2Y", "CIC_RATE",
                        "CIC_THREE_PLACEMENTS", "CIC_LONG_TERM_STABILITY", "CL_IN_TOUCH", "CL_SUITABLE_ACCOMMODATION",
                        "CL_EET", "OV_CASELOAD", "OV_UNALLOCATED", "OV_AGENCY", "OV_VACANCY_RATE", "OV_TURNOVER"}
    here = set(WORK_MEASURES) | {"HP_ASSESS_DAYS", "HP_STRATEGY_TO_ICPC_DAYS", "FD_CONVERSION", "HP_CIN_RATE",
                                 "HP_CP_RATE", "HP_CP_SEEN_ALONE", "CIC_SEEN_ALONE", "CIC_OVER_20_MILES",
                                 "CIC_UNREGISTERED_NOW", "CIC_UNREGISTERED_YEAR", "CIC_MISSING", "OV_OVERSIGHT",
                                 "OV_SUPERVISION"}
    assert {m.code for m in catalogue()} == here | tested_elsewhere

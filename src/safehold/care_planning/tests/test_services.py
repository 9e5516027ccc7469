"""Care planning: the clocks a period of care starts and each event stops, at the dates
../shared/domain/timescales.md gives (weekends and bank holidays included), and the bad input that is
refused with the field named. Synthetic data only."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from safehold.care_planning import selectors, services
from safehold.care_planning.models import CLAReview, MissingEpisode
from safehold.casework.models import StatutoryWork, Visit
from safehold.children_in_care import services as cic
from safehold.children_in_care.tests.helpers import foster, looked_after, provider
from safehold.people.models import ChronologyEntry

pytestmark = pytest.mark.django_db

# Monday 14 April 2025: Good Friday (18 Apr), Easter Monday (21 Apr) and the May Day holiday (5 May)
# fall in the next 20 working days.
EASTER = dt.date(2025, 4, 14)


@pytest.fixture
def sw(users):
    return users["social_worker"]


@pytest.fixture
def iro(users):
    return users["iro"]


@pytest.fixture
def ten_year_old(child):
    child.dob = dt.date(2015, 3, 2)
    child.save(update_fields=["dob"])
    return child


def open_work(child, code=None):
    qs = StatutoryWork.objects.filter(person=child, status="open")
    return qs.filter(rule_code=code) if code else qs


def due(child, code) -> dt.date:
    return open_work(child, code).get().due_on


def errors_of(exc) -> dict:
    return exc.value.message_dict


# --- Becoming looked after ---------------------------------------------------------------------------------

def test_becoming_looked_after_starts_the_statutory_clocks(ten_year_old, sw):
    looked_after(ten_year_old, sw, start=EASTER)
    # 20 working days: Apr 15-17, (18, 21 holidays), Apr 22-25, Apr 28-May 2, (May 5), May 6-9, May 12-15.
    assert due(ten_year_old, "CLA_REVIEW_FIRST") == dt.date(2025, 5, 15)
    assert due(ten_year_old, "HEALTH_ASSESSMENT_INITIAL") == dt.date(2025, 5, 15)
    assert due(ten_year_old, "PEP_INITIAL") == dt.date(2025, 5, 15)
    assert due(ten_year_old, "CLA_VISIT_FIRST") == dt.date(2025, 4, 21)  # 7 calendar days, a bank holiday
    assert due(ten_year_old, "DENTAL_CHECK") == dt.date(2025, 10, 14)


def test_a_baby_has_no_personal_education_plan_due(child, sw):
    child.dob = dt.date(2024, 6, 1)
    child.save(update_fields=["dob"])
    looked_after(child, sw, start=EASTER)
    assert not open_work(child, "PEP_INITIAL").exists()


def test_a_placement_move_stops_the_old_placements_visits_and_starts_a_first_visit(ten_year_old, sw):
    looked_after(ten_year_old, sw, start=EASTER)
    move = dt.date(2025, 6, 7)  # a Saturday: calendar days, no adjustment
    cic.placement_change(by=sw, person=ten_year_old, start_date=move, provider=provider(name="Elm House"),
                         change_reason="CARPL")
    visits = open_work(ten_year_old).filter(rule_code__startswith="CLA_VISIT")
    assert [(w.rule_code, w.due_on) for w in visits] == [("CLA_VISIT_FIRST", dt.date(2025, 6, 14))]
    assert StatutoryWork.objects.filter(person=ten_year_old, rule_code="CLA_VISIT_FIRST",
                                        status="cancelled").count() == 1


# --- Reviews ---------------------------------------------------------------------------------------------

def test_reviews_first_second_and_then_six_monthly(ten_year_old, sw, iro):
    looked_after(ten_year_old, sw, start=EASTER)
    first = services.review_record(by=iro, person=ten_year_old, review_date=dt.date(2025, 5, 15), participation="PN1")
    assert first.sequence == 1
    done = StatutoryWork.objects.get(person=ten_year_old, rule_code="CLA_REVIEW_FIRST")
    assert (done.status, done.on_time, done.completion_id) == ("done", True, str(first.pk))
    assert due(ten_year_old, "CLA_REVIEW_SECOND") == dt.date(2025, 8, 15)
    assert due(ten_year_old, "PERMANENCE_PLAN") == dt.date(2025, 8, 15)  # by the second review
    second = services.review_record(by=iro, person=ten_year_old, review_date=dt.date(2025, 8, 18),
                                    participation="PN5")
    late = StatutoryWork.objects.get(person=ten_year_old, rule_code="CLA_REVIEW_SECOND")
    assert late.on_time is False
    assert second.sequence == 2
    assert due(ten_year_old, "CLA_REVIEW_NEXT") == dt.date(2026, 2, 18)
    entry = ChronologyEntry.objects.filter(person=ten_year_old, event_type="cla_review").first()
    assert "late: due by 15/8/2025" in entry.summary


def test_the_care_plan_stops_the_permanence_plan_clock(ten_year_old, sw, iro):
    looked_after(ten_year_old, sw, start=EASTER)
    services.review_record(by=iro, person=ten_year_old, review_date=dt.date(2025, 5, 12), participation="PN1")
    plan = services.care_plan_record(by=sw, person=ten_year_old, agreed_on=dt.date(2025, 7, 1),
                                     permanence_plan="long_term_fostering")
    work = StatutoryWork.objects.get(person=ten_year_old, rule_code="PERMANENCE_PLAN")
    assert (work.status, work.on_time, work.completion_id) == ("done", True, str(plan.pk))


def test_a_review_before_the_child_came_into_care_is_refused(ten_year_old, sw, iro):
    looked_after(ten_year_old, sw, start=EASTER)
    with pytest.raises(ValidationError) as exc:
        services.review_record(by=iro, person=ten_year_old, review_date=dt.date(2025, 4, 1), participation="PN1")
    assert errors_of(exc) == {"review_date": ["The review cannot be before the child became looked after on "
                                              "14/4/2025"]}
    assert not CLAReview.objects.exists()


def test_participation_codes_follow_the_childs_age(child, sw, iro):
    child.dob = dt.date(2022, 1, 10)
    child.save(update_fields=["dob"])
    looked_after(child, sw, start=EASTER)
    with pytest.raises(ValidationError) as exc:
        services.review_record(by=iro, person=child, review_date=dt.date(2025, 5, 12), participation="PN1")
    assert "a child under 4 is recorded as PN0" in errors_of(exc)["participation"][0]
    services.review_record(by=iro, person=child, review_date=dt.date(2025, 5, 12), participation="PN0")
    with pytest.raises(ValidationError) as exc:
        services.review_record(by=iro, person=child, review_date=dt.date(2026, 2, 1), participation="PN0")
    assert "PN0 is only for a child under 4" in errors_of(exc)["participation"][0]


def test_reviews_are_recorded_in_date_order(ten_year_old, sw, iro):
    looked_after(ten_year_old, sw, start=EASTER)
    services.review_record(by=iro, person=ten_year_old, review_date=dt.date(2025, 5, 12), participation="PN1")
    with pytest.raises(ValidationError) as exc:
        services.review_record(by=iro, person=ten_year_old, review_date=dt.date(2025, 5, 1), participation="PN1")
    assert "reviews are recorded in date order" in errors_of(exc)["review_date"][0]


def test_only_an_iro_or_manager_records_a_review(ten_year_old, sw):
    looked_after(ten_year_old, sw, start=EASTER)
    with pytest.raises(PermissionDenied):
        services.review_record(by=sw, person=ten_year_old, review_date=dt.date(2025, 5, 12), participation="PN1")


# --- Visits ----------------------------------------------------------------------------------------------

def test_a_visit_seeing_the_child_stops_the_clock_and_starts_the_six_weekly_one(ten_year_old, sw):
    looked_after(ten_year_old, sw, start=EASTER)
    services.visit_record(by=sw, person=ten_year_old, visited_on=dt.date(2025, 4, 17), child_seen=True,
                          child_seen_alone=True, childs_words="I like my room")
    first = StatutoryWork.objects.get(person=ten_year_old, rule_code="CLA_VISIT_FIRST")
    assert (first.status, first.on_time) == ("done", True)
    assert due(ten_year_old, "CLA_VISIT") == dt.date(2025, 5, 29)  # 42 days
    visit = Visit.objects.get(person=ten_year_old)
    assert (visit.kind, visit.child_seen_alone, visit.context_type) == ("cla", True, "children_in_care.placement")


def test_a_visit_without_seeing_the_child_leaves_the_visit_due(ten_year_old, sw):
    looked_after(ten_year_old, sw, start=EASTER)
    services.visit_record(by=sw, person=ten_year_old, visited_on=dt.date(2025, 4, 17), child_seen=False)
    assert due(ten_year_old, "CLA_VISIT_FIRST") == dt.date(2025, 4, 21)


def test_after_the_first_year_of_a_long_term_placement_visits_are_three_monthly(ten_year_old, sw):
    looked_after(ten_year_old, sw, start=dt.date(2024, 1, 8))
    placement = ten_year_old.placements.get()
    placement.intended_until_18 = True
    placement.save(update_fields=["intended_until_18"])
    services.visit_record(by=sw, person=ten_year_old, visited_on=dt.date(2024, 12, 2), child_seen=True)
    assert due(ten_year_old, "CLA_VISIT") == dt.date(2025, 1, 13)  # still the first year: 6 weeks
    services.visit_record(by=sw, person=ten_year_old, visited_on=dt.date(2025, 1, 10), child_seen=True)
    assert due(ten_year_old, "CLA_VISIT_LONG_TERM") == dt.date(2025, 4, 10)


def test_interim_care_order_at_home_visits_weekly_until_the_first_review_then_four_weekly(ten_year_old, sw, iro):
    parents = provider(name="At home with mother", placement_type="P1", code="PR0", urn="", status="not_required")
    looked_after(ten_year_old, sw, start=EASTER, legal_status="C1", carer=parents)
    services.visit_record(by=sw, person=ten_year_old, visited_on=dt.date(2025, 4, 16), child_seen=True)
    assert due(ten_year_old, "CLA_VISIT_WEEKLY") == dt.date(2025, 4, 23)
    services.review_record(by=iro, person=ten_year_old, review_date=dt.date(2025, 4, 22), participation="PN1")
    # The first review turns the running weekly clock into a four-weekly one from the same visit.
    assert due(ten_year_old, "CLA_VISIT_FOUR_WEEKLY") == dt.date(2025, 5, 14)
    assert not open_work(ten_year_old, "CLA_VISIT_WEEKLY").exists()


def test_a_visit_on_a_day_the_child_was_not_in_care_is_refused(ten_year_old, sw):
    looked_after(ten_year_old, sw, start=EASTER)
    with pytest.raises(ValidationError) as exc:
        services.visit_record(by=sw, person=ten_year_old, visited_on=dt.date(2025, 4, 10), child_seen=True)
    assert list(errors_of(exc)) == ["visited_on"]
    with pytest.raises(ValidationError) as exc:
        services.visit_record(by=sw, person=ten_year_old, visited_on=dt.date(2025, 4, 17), child_seen=False,
                              child_seen_alone=True)
    assert list(errors_of(exc)) == ["child_seen_alone"]
    assert not Visit.objects.exists()


# --- Health, dental, education, IRO ----------------------------------------------------------------------

def test_health_assessments_initial_then_by_age(child, sw):
    child.dob = dt.date(2021, 1, 1)
    child.save(update_fields=["dob"])
    looked_after(child, sw, start=EASTER)
    first = services.health_assessment_record(by=sw, person=child, assessed_on=dt.date(2025, 5, 1))
    assert first.kind == "initial"
    assert due(child, "HEALTH_ASSESSMENT_UNDER5") == dt.date(2025, 11, 1)  # aged 4: six-monthly
    second = services.health_assessment_record(by=sw, person=child, assessed_on=dt.date(2026, 1, 5))
    assert second.kind == "review"
    assert due(child, "HEALTH_ASSESSMENT") == dt.date(2027, 1, 5)  # now 5: yearly


def test_pep_dental_and_iro_contact_each_start_their_next(ten_year_old, sw, iro):
    looked_after(ten_year_old, sw, start=EASTER)
    services.education_plan_record(by=sw, person=ten_year_old, held_on=dt.date(2025, 5, 20), school="Northfield "
                                   "Primary")
    pep = StatutoryWork.objects.get(person=ten_year_old, rule_code="PEP_INITIAL")
    assert pep.on_time is False  # due 15 May
    assert due(ten_year_old, "PEP_REVIEW") == dt.date(2025, 9, 20)
    services.dental_check_record(by=sw, person=ten_year_old, checked_on=dt.date(2025, 6, 2))
    assert due(ten_year_old, "DENTAL_CHECK") == dt.date(2025, 12, 2)
    services.iro_contact_record(by=iro, person=ten_year_old, contact_on=dt.date(2025, 5, 2), method="visit")
    assert due(ten_year_old, "IRO_CONTACT") == dt.date(2025, 8, 2)
    summary = selectors.care_planning_summary(ten_year_old)
    assert summary["last_pep"].school == "Northfield Primary"
    assert summary["last_dental"].checked_on == dt.date(2025, 6, 2)


def test_leaving_care_stops_every_care_planning_clock(ten_year_old, sw):
    looked_after(ten_year_old, sw, start=EASTER)
    cic.period_end(by=sw, person=ten_year_old, end_date=dt.date(2025, 5, 1), reason="E13")
    assert not open_work(ten_year_old).filter(rule_code__in=services.CARE_PLANNING_RULES).exists()


# --- Missing episodes ------------------------------------------------------------------------------------

def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def test_the_return_starts_a_72_hour_clock_for_the_return_interview(ten_year_old, sw):
    looked_after(ten_year_old, sw, start=EASTER)
    episode = services.missing_episode_record(by=sw, person=ten_year_old, kind="M", started_at=at(dt.date(2025, 5, 2),
                                                                                                   21, 30))
    assert episode.period is not None and episode.is_open
    services.missing_episode_update(by=sw, episode=episode, expected_version=episode.version,
                                    ended_at=at(dt.date(2025, 5, 3), 9, 15))
    work = open_work(ten_year_old, "RETURN_INTERVIEW").get()
    assert timezone.localtime(work.due_at) == at(dt.date(2025, 5, 6), 9, 15)  # hours: bank holiday counts
    services.missing_episode_update(by=sw, episode=episode, expected_version=episode.version,
                                    ended_at=episode.ended_at, interview_offered_at=at(dt.date(2025, 5, 6), 9, 0),
                                    interview_accepted=True)
    work.refresh_from_db()
    assert (work.status, work.on_time) == ("done", True)
    summary = selectors.missing_summary(ten_year_old, on=dt.date(2025, 5, 10))
    assert (summary["missing_12m"], summary["away_12m"], summary["repeat"]) == (1, 0, False)


def test_an_interview_offered_after_72_hours_is_late(ten_year_old, sw):
    looked_after(ten_year_old, sw, start=EASTER)
    episode = services.missing_episode_record(by=sw, person=ten_year_old, kind="A", started_at=at(dt.date(2025, 5, 2),
                                                                                                   20),
                                              ended_at=at(dt.date(2025, 5, 2), 23))
    services.missing_episode_update(by=sw, episode=episode, expected_version=episode.version,
                                    ended_at=episode.ended_at, interview_offered_at=at(dt.date(2025, 5, 6), 9))
    assert StatutoryWork.objects.get(person=ten_year_old, rule_code="RETURN_INTERVIEW").on_time is False


def test_three_episodes_in_ninety_days_flag_the_child_as_repeatedly_missing(ten_year_old, sw):
    looked_after(ten_year_old, sw, start=EASTER)
    for day in (dt.date(2025, 5, 2), dt.date(2025, 6, 1), dt.date(2025, 7, 1)):
        services.missing_episode_record(by=sw, person=ten_year_old, kind="M", started_at=at(day, 20),
                                        ended_at=at(day, 23))
    assert selectors.missing_summary(ten_year_old, on=dt.date(2025, 7, 2))["repeat"] is True
    assert selectors.missing_summary(ten_year_old, on=dt.date(2025, 9, 1))["repeat"] is False


def test_bad_missing_episodes_are_refused_naming_the_field(ten_year_old, sw):
    looked_after(ten_year_old, sw, start=EASTER)
    with pytest.raises(ValidationError) as exc:
        services.missing_episode_record(by=sw, person=ten_year_old, kind="M", started_at=at(dt.date(2025, 5, 2), 20),
                                        ended_at=at(dt.date(2025, 5, 2), 19))
    assert list(errors_of(exc)) == ["ended_at"]
    services.missing_episode_record(by=sw, person=ten_year_old, kind="M", started_at=at(dt.date(2025, 5, 2), 20))
    with pytest.raises(ValidationError) as exc:
        services.missing_episode_record(by=sw, person=ten_year_old, kind="A", started_at=at(dt.date(2025, 5, 3), 8))
    assert "no return recorded yet" in errors_of(exc)["started_at"][0]
    episode = MissingEpisode.objects.get()
    with pytest.raises(ValidationError) as exc:
        services.missing_episode_update(by=sw, episode=episode, expected_version=episode.version, ended_at=None,
                                        interview_offered_at=at(dt.date(2025, 5, 3), 9))
    assert list(errors_of(exc)) == ["interview_offered_at"]
    assert MissingEpisode.objects.count() == 1


def test_list8_dates_read_the_latest_of_each(ten_year_old, sw, iro):
    looked_after(ten_year_old, sw, start=EASTER, carer=foster(name="Carer 2"))
    services.visit_record(by=sw, person=ten_year_old, visited_on=dt.date(2025, 4, 17), child_seen=True)
    services.review_record(by=iro, person=ten_year_old, review_date=dt.date(2025, 5, 12), participation="PN1")
    services.care_plan_record(by=sw, person=ten_year_old, agreed_on=dt.date(2025, 5, 12), permanence_plan="adoption")
    row = selectors.list8_dates([ten_year_old.pk])[ten_year_old.pk]
    assert row == {"last_visit": dt.date(2025, 4, 17), "last_review": dt.date(2025, 5, 12),
                   "permanence_plan": "Adoption"}


def test_the_iros_contact_stays_with_the_iro_when_the_social_worker_changes(ten_year_old, sw, iro, users, team):
    from safehold.casework.services import allocation_change

    manager = users["team_manager"]
    allocation_change(by=manager, person=ten_year_old, team=team, worker=sw, started_on=dt.date(2025, 4, 1))
    allocation_change(by=manager, person=ten_year_old, team=team, worker=iro, role="iro",
                      started_on=dt.date(2025, 4, 1))
    looked_after(ten_year_old, sw, start=EASTER)
    assert open_work(ten_year_old, "IRO_CONTACT").get().worker == iro
    allocation_change(by=manager, person=ten_year_old, team=team, worker=manager, started_on=dt.date(2025, 5, 1))
    assert open_work(ten_year_old, "IRO_CONTACT").get().worker == iro
    assert open_work(ten_year_old, "CLA_REVIEW_FIRST").get().worker == manager


# --- Records that arrive late or are corrected (review findings) ------------------------------------------

def test_a_review_recorded_after_the_child_left_care_starts_no_new_clock(ten_year_old, sw, iro):
    looked_after(ten_year_old, sw, start=EASTER)
    cic.period_end(by=sw, person=ten_year_old, end_date=dt.date(2025, 6, 1), reason="E13")
    services.review_record(by=iro, person=ten_year_old, review_date=dt.date(2025, 5, 12), participation="PN1")
    assert not open_work(ten_year_old).exists()
    assert CLAReview.objects.get(person=ten_year_old).sequence == 1


def test_an_iro_contact_recorded_late_does_not_move_the_clock_the_review_started(ten_year_old, sw, iro):
    looked_after(ten_year_old, sw, start=EASTER)
    services.review_record(by=iro, person=ten_year_old, review_date=dt.date(2025, 5, 12), participation="PN1")
    services.iro_contact_record(by=iro, person=ten_year_old, contact_on=dt.date(2025, 5, 1), method="phone")
    assert due(ten_year_old, "IRO_CONTACT") == dt.date(2025, 8, 12)


def test_a_manager_recording_a_review_names_the_iro_who_chaired_it(ten_year_old, sw, iro, users):
    looked_after(ten_year_old, sw, start=EASTER)
    manager = users["team_manager"]
    with pytest.raises(ValidationError) as exc:
        services.review_record(by=manager, person=ten_year_old, review_date=dt.date(2025, 5, 12), participation="PN1")
    assert list(errors_of(exc)) == ["chaired_by"]
    review = services.review_record(by=manager, person=ten_year_old, review_date=dt.date(2025, 5, 12),
                                    participation="PN1", chaired_by=iro)
    assert (review.chaired_by, review.recorded_by) == (iro, manager)


def test_a_health_assessment_recorded_late_is_kept_and_changes_nothing_due(ten_year_old, sw):
    looked_after(ten_year_old, sw, start=EASTER)
    services.health_assessment_record(by=sw, person=ten_year_old, assessed_on=dt.date(2025, 5, 10))
    late = services.health_assessment_record(by=sw, person=ten_year_old, assessed_on=dt.date(2025, 5, 1))
    assert late.kind == "initial"
    assert due(ten_year_old, "HEALTH_ASSESSMENT") == dt.date(2026, 5, 10)


def test_correcting_the_return_or_the_offer_judges_the_interview_again(ten_year_old, sw):
    looked_after(ten_year_old, sw, start=EASTER)
    episode = services.missing_episode_record(by=sw, person=ten_year_old, kind="M", started_at=at(dt.date(2025, 5, 2),
                                                                                                   20),
                                              ended_at=at(dt.date(2025, 5, 3), 9))
    services.missing_episode_update(by=sw, episode=episode, expected_version=episode.version, ended_at=episode.ended_at,
                                    interview_offered_at=at(dt.date(2025, 5, 4), 9))
    # The return was really the evening before: the clock restarts from then and the offer is still in time.
    services.missing_episode_update(by=sw, episode=episode, expected_version=episode.version,
                                    ended_at=at(dt.date(2025, 5, 2), 23), interview_offered_at=at(dt.date(2025, 5, 4), 9))
    live = StatutoryWork.objects.filter(person=ten_year_old, rule_code="RETURN_INTERVIEW").exclude(status="cancelled")
    assert [(w.status, w.on_time, timezone.localtime(w.due_at)) for w in live] == [
        ("done", True, at(dt.date(2025, 5, 5), 23))]
    # The offer was in fact made later, after the 72 hours: judged late.
    services.missing_episode_update(by=sw, episode=episode, expected_version=episode.version,
                                    ended_at=episode.ended_at, interview_offered_at=at(dt.date(2025, 5, 7), 9))
    assert live.get().on_time is False
    # Taken back: due again.
    services.missing_episode_update(by=sw, episode=episode, expected_version=episode.version,
                                    ended_at=episode.ended_at, interview_offered_at=None)
    assert live.get().status == "open"


def test_a_corrected_return_cannot_overlap_another_episode(ten_year_old, sw):
    looked_after(ten_year_old, sw, start=EASTER)
    first = services.missing_episode_record(by=sw, person=ten_year_old, kind="M", started_at=at(dt.date(2025, 5, 2), 20),
                                            ended_at=at(dt.date(2025, 5, 3), 8))
    services.missing_episode_record(by=sw, person=ten_year_old, kind="A", started_at=at(dt.date(2025, 5, 5), 20),
                                    ended_at=at(dt.date(2025, 5, 5), 23))
    with pytest.raises(ValidationError) as exc:
        services.missing_episode_update(by=sw, episode=first, expected_version=first.version,
                                        ended_at=at(dt.date(2025, 5, 6), 10))
    assert list(errors_of(exc)) == ["ended_at"]


def test_a_care_order_at_home_needs_a_visit_within_a_week_of_the_order(ten_year_old, sw):
    parents = provider(name="At home with father", placement_type="P1", code="PR0", urn="", status="not_required")
    looked_after(ten_year_old, sw, start=EASTER, legal_status="C1", carer=parents)
    services.visit_record(by=sw, person=ten_year_old, visited_on=dt.date(2025, 4, 16), child_seen=True)
    cic.legal_status_change(by=sw, person=ten_year_old, start_date=dt.date(2025, 6, 2), legal_status="C2")
    visits = open_work(ten_year_old).filter(rule_code__startswith="CLA_VISIT")
    assert [(w.rule_code, w.due_on) for w in visits] == [("CLA_VISIT_FIRST", dt.date(2025, 6, 9))]


def test_a_connected_person_with_temporary_approval_is_visited_weekly_until_the_first_review(ten_year_old, sw, iro):
    aunt = provider(name="Aunt (temporary approval)", placement_type="U3", code="PR1", urn="SC499001",
                    status="not_required")
    looked_after(ten_year_old, sw, start=EASTER, carer=aunt, weekly_visits=True)
    services.visit_record(by=sw, person=ten_year_old, visited_on=dt.date(2025, 4, 16), child_seen=True)
    assert due(ten_year_old, "CLA_VISIT_WEEKLY") == dt.date(2025, 4, 23)
    services.review_record(by=iro, person=ten_year_old, review_date=dt.date(2025, 4, 22), participation="PN1")
    assert due(ten_year_old, "CLA_VISIT_FOUR_WEEKLY") == dt.date(2025, 5, 14)

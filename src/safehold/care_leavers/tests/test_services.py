"""Care leaver services: the category suggested from the periods of care, the three statutory clocks
(pathway plan review, personal adviser contact, visit to a new home), and the SSDA903 OC3 rules on the
birthday check-ins. Synthetic data only."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings
from django.utils import timezone

from safehold.accounts.tests.factories import UserFactory
from safehold.audit.models import AuditEvent
from safehold.care_leavers import selectors, services
from safehold.care_leavers.codes import Eligibility
from safehold.care_leavers.models import (
    BirthdayCheckIn,
    CareLeaverAccommodation,
    CareLeaverStatus,
    KeepingInTouchContact,
    PathwayPlanReview,
)
from safehold.casework.models import Allocation, StatutoryWork
from safehold.people.models import ChronologyEntry
from safehold.people.tests.factories import PersonFactory

from .helpers import left_care_at_18, period, status

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def young(child, sw):
    """Amelia, born 1 June 2006 (19 in December 2025), a former relevant child since her 18th birthday."""
    child.dob = dt.date(2006, 6, 1)
    child.save()
    status(child, sw, start=dt.date(2024, 6, 1))
    return child


def errors_of(exc) -> dict:
    return exc.value.message_dict


def work(person, rule):
    return list(StatutoryWork.objects.filter(person=person, rule_code=rule).order_by("started_on", "id"))


# --- The category suggested from the periods of care --------------------------------------------------------

def _born(years_before: dt.date, years: int) -> dt.date:
    return selectors.birthday(years_before, -years)


def test_looked_after_13_weeks_since_14_and_still_in_care_at_16_is_eligible(sw):
    person = PersonFactory(dob=_born(TODAY, 16) - dt.timedelta(days=30))
    period(person, sw, start=TODAY - dt.timedelta(weeks=20))
    assert services.suggested_category(person, TODAY).eligibility == "eligible"


def test_twelve_weeks_is_not_enough_to_be_eligible(sw):
    person = PersonFactory(dob=_born(TODAY, 16) - dt.timedelta(days=100))
    period(person, sw, start=TODAY - dt.timedelta(weeks=12))
    assert services.suggested_category(person, TODAY) is None


def test_weeks_in_two_periods_since_14_add_up(sw):
    dob = _born(TODAY, 17)
    person = PersonFactory(dob=dob)
    b14 = selectors.birthday(dob, 14)
    period(person, sw, start=b14 + dt.timedelta(days=10), end=b14 + dt.timedelta(days=10 + 7 * 7))
    period(person, sw, start=TODAY - dt.timedelta(weeks=7))
    assert services.suggested_category(person, TODAY).eligibility == "eligible"


def test_care_before_the_14th_birthday_does_not_count(sw):
    dob = _born(TODAY, 16) - dt.timedelta(days=20)
    person = PersonFactory(dob=dob)
    period(person, sw, start=selectors.birthday(dob, 13), end=selectors.birthday(dob, 14))
    period(person, sw, start=TODAY - dt.timedelta(weeks=4))
    assert services.suggested_category(person, TODAY) is None


def test_left_care_at_17_after_13_weeks_is_relevant_then_former_relevant_at_18(sw):
    dob = _born(TODAY, 17) - dt.timedelta(days=60)
    person = PersonFactory(dob=dob)
    period(person, sw, start=selectors.birthday(dob, 15), end=TODAY - dt.timedelta(days=10))
    assert services.suggested_category(person, TODAY).eligibility == "relevant"
    later = selectors.birthday(dob, 18) + dt.timedelta(days=1)
    assert services.suggested_category(person, later).eligibility == "former_relevant"


def test_looked_after_after_16_for_less_than_13_weeks_is_qualifying(sw):
    dob = _born(TODAY, 17)
    person = PersonFactory(dob=dob)
    b16 = selectors.birthday(dob, 16)
    period(person, sw, start=b16 + dt.timedelta(days=5), end=b16 + dt.timedelta(days=40))
    suggestion = services.suggested_category(person, TODAY)
    assert suggestion.eligibility == "qualifying" and "fewer than 13" in suggestion.reason


def test_short_breaks_are_not_counted(sw):
    from safehold.children_in_care.models import CareEpisode, Placement

    dob = _born(TODAY, 17)
    person = PersonFactory(dob=dob)
    p = period(person, sw, start=selectors.birthday(dob, 15), end=TODAY - dt.timedelta(days=5))
    placement = Placement.objects.create(person=person, period=p, placement_type="U1", start_date=p.start_date,
                                         end_date=p.end_date, recorded_by=sw)
    CareEpisode.objects.create(person=person, period=p, placement=placement, start_date=p.start_date,
                               reason_new_episode="S", legal_status="V3", category_of_need="N1",
                               end_date=p.end_date, reason_ended="E8")
    assert services.suggested_category(person, TODAY) is None


def test_never_looked_after_after_16_or_aged_25_has_no_suggestion(sw):
    dob = _born(TODAY, 25)
    person = PersonFactory(dob=dob)
    period(person, sw, start=selectors.birthday(dob, 15), end=selectors.birthday(dob, 18))
    assert services.suggested_category(person, TODAY) is None
    assert services.suggested_category(person, selectors.birthday(dob, 20)).eligibility == "former_relevant"


# --- care_ended: the hook children_in_care calls --------------------------------------------------------------

def test_care_ended_at_18_opens_an_unconfirmed_former_relevant_record_and_starts_keeping_in_touch(child, sw):
    left_care_at_18(child, sw)
    s = CareLeaverStatus.objects.get(person=child)
    assert (s.eligibility, s.confirmed, s.start_date) == ("former_relevant", False, selectors.birthday(child.dob, 18))
    assert ChronologyEntry.objects.filter(person=child, event_type="care_leaver_status").count() == 1
    # The first keeping-in-touch contact is due 2 months after care ended; no pathway plan clock yet.
    work = StatutoryWork.objects.get(person=child, rule_code__in=selectors.CARE_LEAVER_RULES)
    assert (work.rule_code, work.due_on) == ("PA_CONTACT", selectors.add_months(s.start_date, 2))
    # Called again (e.g. the hook fires twice): nothing changes.
    services.care_ended(period=child.periods_of_care.get(), by=sw)
    assert CareLeaverStatus.objects.filter(person=child).count() == 1


def test_care_ended_for_a_child_who_never_qualified_opens_nothing(sw):
    person = PersonFactory(dob=_born(TODAY, 15))
    p = period(person, sw, start=TODAY - dt.timedelta(days=200), end=TODAY - dt.timedelta(days=1))
    assert services.care_ended(period=p, by=sw) is None
    assert not CareLeaverStatus.objects.filter(person=person).exists()


def test_care_ended_at_17_replaces_the_eligible_category_with_relevant(sw):
    dob = _born(TODAY, 17) - dt.timedelta(days=40)
    person = PersonFactory(dob=dob)
    p = period(person, sw, start=selectors.birthday(dob, 15))
    services.eligibility_set(by=sw, person=person, eligibility="eligible", start_date=selectors.birthday(dob, 16))
    p.end_date, p.reason_ended = TODAY - dt.timedelta(days=3), "E8"
    p.save()
    services.care_ended(period=p, by=sw)
    rows = list(CareLeaverStatus.objects.filter(person=person).order_by("start_date"))
    assert [(r.eligibility, r.end_date) for r in rows] == [("eligible", p.end_date), ("relevant", None)]


# --- Setting and confirming the category ---------------------------------------------------------------------

def test_confirming_the_suggested_category(child, sw):
    left_care_at_18(child, sw)
    services.eligibility_set(by=sw, person=child, eligibility="former_relevant",
                             start_date=selectors.birthday(child.dob, 18), support_requested_to_25=True)
    s = CareLeaverStatus.objects.get(person=child)
    assert s.confirmed and s.support_requested_to_25
    assert AuditEvent.objects.filter(action="care_leaver_status.confirm", person_id=child.pk).exists()


def test_a_category_other_than_the_suggestion_needs_a_reason(child, sw):
    left_care_at_18(child, sw)
    with pytest.raises(ValidationError) as exc:
        services.eligibility_set(by=sw, person=child, eligibility="qualifying", start_date=TODAY)
    assert "suggest former relevant child" in " ".join(errors_of(exc)["reason"])
    services.eligibility_set(by=sw, person=child, eligibility="qualifying", start_date=TODAY,
                             reason="Periods of care in another authority were short breaks")
    assert selectors.current_status(child).eligibility == "qualifying"


def test_the_category_must_fit_the_age(child, sw):
    left_care_at_18(child, sw)
    with pytest.raises(ValidationError) as exc:
        services.eligibility_set(by=sw, person=child, eligibility="relevant", start_date=TODAY, reason="x")
    assert "16 or 17" in " ".join(errors_of(exc)["eligibility"])


def test_only_casework_roles_set_the_category(child, users, sw):
    left_care_at_18(child, sw)
    with pytest.raises(PermissionDenied):
        services.eligibility_set(by=users["analyst"], person=child, eligibility="former_relevant", start_date=TODAY)


# --- The personal adviser ------------------------------------------------------------------------------------

def test_managers_assign_a_personal_adviser_and_the_open_work_follows(young, sw, tm):
    services.pathway_plan_start(by=sw, person=young, start_date=dt.date(2025, 8, 31), summary="Plan")
    adviser = UserFactory(username="pa_one", team=tm.team)
    allocation = services.personal_adviser_assign(by=tm, person=young, worker=adviser)
    assert allocation.role == Allocation.Role.PERSONAL_ADVISER and allocation.worker == adviser
    assert work(young, "PATHWAY_PLAN_REVIEW")[0].worker == adviser
    assert ChronologyEntry.objects.filter(person=young, event_type="allocation").exists()
    with pytest.raises(PermissionDenied):
        services.personal_adviser_assign(by=sw, person=young, worker=adviser)


def test_assigning_needs_an_adviser(young, tm):
    with pytest.raises(ValidationError) as exc:
        services.personal_adviser_assign(by=tm, person=young, worker=None)
    assert "Choose the personal adviser" in errors_of(exc)["worker"]


def test_work_is_raised_with_the_personal_advisers_team_and_worker(young, tm, sw, other_team):
    adviser = UserFactory(username="pa_two", team=other_team)
    services.personal_adviser_assign(by=tm, person=young, worker=adviser)
    services.contact_record(by=sw, person=young, contact_date=dt.date(2025, 12, 31), method="phone")
    w = work(young, "PA_CONTACT")[0]
    assert (w.team, w.worker) == (other_team, adviser)


# --- Pathway plan reviews: every 6 months -------------------------------------------------------------------

def test_pathway_plan_review_due_6_months_on_clamped_to_month_end(young, sw):
    services.pathway_plan_start(by=sw, person=young, start_date=dt.date(2025, 8, 31), summary="Plan")
    assert work(young, "PATHWAY_PLAN_REVIEW")[0].due_on == dt.date(2026, 2, 28)


def test_a_review_completes_the_one_due_and_starts_the_next(young, sw):
    services.pathway_plan_start(by=sw, person=young, start_date=dt.date(2025, 3, 3), summary="Plan")
    review = services.pathway_plan_review_record(by=sw, person=young, review_date=dt.date(2025, 9, 4),
                                                 summary="Moving to college in September")
    first, second = work(young, "PATHWAY_PLAN_REVIEW")
    # Due 3/9/2025 (a Wednesday: months never move for weekends); done on the 4th, a day late.
    assert (first.due_on, first.status, first.on_time) == (dt.date(2025, 9, 3), "done", False)
    assert first.completion_id == str(review.pk)
    assert (second.started_on, second.due_on, second.status) == (dt.date(2025, 9, 4), dt.date(2026, 3, 4), "open")


def test_review_must_follow_the_plan_and_the_last_review(young, sw):
    services.pathway_plan_start(by=sw, person=young, start_date=dt.date(2025, 3, 3), summary="Plan")
    services.pathway_plan_review_record(by=sw, person=young, review_date=dt.date(2025, 9, 1), summary="R1")
    with pytest.raises(ValidationError) as exc:
        services.pathway_plan_review_record(by=sw, person=young, review_date=dt.date(2025, 8, 1), summary="R2")
    assert "after the last review (1/9/2025)" in " ".join(errors_of(exc)["review_date"])
    assert PathwayPlanReview.objects.filter(person=young).count() == 1


def test_review_without_a_plan_or_summary_is_refused(young, sw):
    with pytest.raises(ValidationError) as exc:
        services.pathway_plan_review_record(by=sw, person=young, review_date=TODAY, summary=" ")
    assert "no pathway plan" in " ".join(errors_of(exc)["review_date"])
    assert errors_of(exc)["summary"] == ["Enter what the review decided"]


def test_a_pathway_plan_needs_a_care_leaver_category(sw):
    person = PersonFactory(dob=dt.date(2006, 1, 1))
    with pytest.raises(ValidationError) as exc:
        services.pathway_plan_start(by=sw, person=person, start_date=TODAY, summary="Plan")
    assert "no care leaver category" in " ".join(errors_of(exc)["start_date"])


# --- Keeping in touch: every 2 months; a visit within 7 days of a move ---------------------------------------------

def test_contact_every_two_months_clamped_to_month_end(young, sw):
    services.contact_record(by=sw, person=young, contact_date=dt.date(2025, 12, 31), method="phone")
    assert work(young, "PA_CONTACT")[0].due_on == dt.date(2026, 2, 28)


def test_next_contact_completes_the_clock_and_restarts_it(young, sw):
    services.contact_record(by=sw, person=young, contact_date=dt.date(2025, 6, 2), method="phone")
    services.contact_record(by=sw, person=young, contact_date=dt.date(2025, 7, 30), method="video")
    first, second = work(young, "PA_CONTACT")
    assert (first.status, first.on_time, second.due_on) == ("done", True, dt.date(2025, 9, 30))


def test_a_contact_entered_late_does_not_restart_the_clock(young, sw):
    services.contact_record(by=sw, person=young, contact_date=dt.date(2025, 7, 30), method="video")
    services.contact_record(by=sw, person=young, contact_date=dt.date(2025, 6, 2), method="phone")
    open_work = [w for w in work(young, "PA_CONTACT") if w.status == "open"]
    assert [w.due_on for w in open_work] == [dt.date(2025, 9, 30)]


def test_a_contact_not_by_the_adviser_does_not_stop_the_clock(young, sw):
    services.contact_record(by=sw, person=young, contact_date=dt.date(2025, 6, 2), method="phone")
    services.contact_record(by=sw, person=young, contact_date=dt.date(2025, 7, 1), method="message",
                            by_personal_adviser=False)
    assert [w.status for w in work(young, "PA_CONTACT")] == ["open"]


def test_only_a_visit_is_in_the_accommodation(young, sw):
    with pytest.raises(ValidationError) as exc:
        services.contact_record(by=sw, person=young, contact_date=TODAY, method="phone", in_accommodation=True)
    assert "Only a visit" in " ".join(errors_of(exc)["in_accommodation"])
    assert not KeepingInTouchContact.objects.exists()


def test_visit_to_new_home_due_in_7_calendar_days_even_over_christmas(young, sw):
    # Friday 19 December 2025 + 7 calendar days = Friday 26 December (Boxing Day): calendar days are not
    # moved for weekends or bank holidays (timescales.md "Counting conventions").
    services.accommodation_change(by=sw, person=young, start_date=dt.date(2025, 12, 19), accommodation="U",
                                  accom_suitable=True, postcode="nf1 2ab")
    assert work(young, "PA_VISIT_NEW_HOME")[0].due_on == dt.date(2025, 12, 26)
    assert CareLeaverAccommodation.objects.get(person=young).postcode == "NF1 2AB"


def test_a_visit_in_the_accommodation_completes_the_new_home_visit(young, sw):
    services.accommodation_change(by=sw, person=young, start_date=dt.date(2025, 12, 19), accommodation="U",
                                  accom_suitable=True)
    services.contact_record(by=sw, person=young, contact_date=dt.date(2025, 12, 22), method="phone")
    assert work(young, "PA_VISIT_NEW_HOME")[0].status == "open"
    services.contact_record(by=sw, person=young, contact_date=dt.date(2025, 12, 29), method="visit",
                            in_accommodation=True)
    visit = work(young, "PA_VISIT_NEW_HOME")[0]
    assert (visit.status, visit.on_time) == ("done", False)


def test_moving_again_ends_the_last_home_and_cancels_its_visit(young, sw):
    services.accommodation_change(by=sw, person=young, start_date=dt.date(2025, 12, 1), accommodation="V",
                                  accom_suitable=False)
    services.accommodation_change(by=sw, person=young, start_date=dt.date(2025, 12, 5), accommodation="U",
                                  accom_suitable=True)
    first, second = work(young, "PA_VISIT_NEW_HOME")
    assert (first.status, second.status, second.due_on) == ("cancelled", "open", dt.date(2025, 12, 12))
    homes = list(CareLeaverAccommodation.objects.filter(person=young).order_by("start_date"))
    assert [(h.accommodation, h.end_date) for h in homes] == [("V", dt.date(2025, 12, 5)), ("U", None)]


@pytest.mark.parametrize("letter,suitable,field,message", [
    ("S", True, "accom_suitable", "rule 133"),
    ("X", True, "accom_suitable", "rule 133"),
    ("T", True, "accommodation", "rule 347"),
    ("Z", True, "accommodation", "rule 3001"),
    ("Q", True, "accommodation", "Choose the type"),
])
def test_accommodation_rules(sw, letter, suitable, field, message):
    person = PersonFactory(dob=_born(TODAY, 17) - dt.timedelta(days=40))
    status(person, sw, eligibility="relevant", start=TODAY - dt.timedelta(days=30))
    with pytest.raises(ValidationError) as exc:
        services.accommodation_change(by=sw, person=person, start_date=TODAY, accommodation=letter,
                                      accom_suitable=suitable)
    assert message in " ".join(errors_of(exc)[field])
    assert not CareLeaverAccommodation.objects.filter(person=person).exists()


# --- Birthday check-ins (SSDA903 OC3) -------------------------------------------------------------------------

@pytest.fixture
def leaver(child, sw):
    """Left care on the 18th birthday, two months ago."""
    left_care_at_18(child, sw)
    return child


def check_in(person, by, **values):
    data = {"age": 18, "in_touch": "YES", "activity": "F2", "accommodation": "U1", "recorded_on": TODAY}
    return services.check_in_record(by=by, person=person, **{**data, **values})


def test_check_in_is_recorded_with_audit_and_chronology(leaver, sw):
    c = check_in(leaver, sw)
    assert (c.age, c.birthday, c.accommodation) == (18, selectors.birthday(leaver.dob, 18), "U1")
    assert ChronologyEntry.objects.filter(person=leaver, event_type="care_leaver_check_in").exists()
    assert AuditEvent.objects.filter(action="care_leaver_check_in.record", person_id=leaver.pk).exists()


@pytest.mark.parametrize("in_touch,activity,accommodation,fields", [
    ("DIED", "F2", "0", {"activity"}),  # rule 344
    ("RHOM", "0", "B1", {"accommodation"}),  # rule 344
    ("DIED", "G5", "U1", {"activity", "accommodation"}),  # rule 344
    ("YES", "0", "U1", {"activity"}),  # rule 345
    ("YES", "F2", "0", {"accommodation"}),  # rule 345
    ("YES", "F2", "S1", {"accommodation"}),  # rule 133
    ("YES", "F2", "X1", {"accommodation"}),  # rule 133
])
def test_oc3_rules_refuse_naming_the_field(leaver, sw, in_touch, activity, accommodation, fields):
    with pytest.raises(ValidationError) as exc:
        check_in(leaver, sw, in_touch=in_touch, activity=activity, accommodation=accommodation)
    assert set(errors_of(exc)) == fields
    assert all("903 rule" in m for f in fields for m in errors_of(exc)[f])
    assert not BirthdayCheckIn.objects.exists()


@pytest.mark.parametrize("in_touch,activity,accommodation", [
    ("DIED", "0", "0"), ("RHOM", "0", "0"), ("NO", "0", "0"), ("NO", "G5", "R1"), ("YES", "F2", "S2"),
    ("YES", "F5", "X2"), ("YES", "P1", "Z1"), ("YES", "F4", "T1"),
])
def test_oc3_combinations_the_rules_allow_at_18(leaver, sw, in_touch, activity, accommodation):
    assert check_in(leaver, sw, in_touch=in_touch, activity=activity, accommodation=accommodation).pk


@pytest.fixture
def relevant_17(child, sw):
    """Left care at 17 and a half; the 17th birthday was a month before she left."""
    child.dob = _born(TODAY, 17) - dt.timedelta(days=30)
    child.save()
    status(child, sw, eligibility="relevant", start=selectors.birthday(child.dob, 17) - dt.timedelta(days=30))
    return child


def test_no_former_foster_carers_around_the_17th_birthday_rule_3001(relevant_17, sw):
    with pytest.raises(ValidationError) as exc:
        check_in(relevant_17, sw, age=17, accommodation="Z1")
    assert "rule 3001" in " ".join(errors_of(exc)["accommodation"])


def test_no_foyer_under_18_rule_347(relevant_17, sw):
    with pytest.raises(ValidationError) as exc:
        check_in(relevant_17, sw, age=17, accommodation="T1")
    assert "rule 347" in " ".join(errors_of(exc)["accommodation"])
    assert check_in(relevant_17, sw, age=17, accommodation="D1").pk


def test_check_in_must_be_within_3_months_of_the_birthday(leaver, sw):
    b18 = selectors.birthday(leaver.dob, 18)
    with pytest.raises(ValidationError) as exc:
        check_in(leaver, sw, recorded_on=selectors.add_months(b18, -3) - dt.timedelta(days=1))
    assert "around the 18th birthday" in " ".join(errors_of(exc)["recorded_on"])
    assert check_in(leaver, sw, recorded_on=selectors.add_months(b18, -3)).pk


def test_an_overdue_check_in_can_still_be_entered_with_a_day_in_the_window(sw):
    person = PersonFactory(dob=selectors.add_months(_born(TODAY, 18), -5))
    status(person, sw, start=selectors.birthday(person.dob, 18))
    assert {r["age"]: r for r in selectors.check_ins(person, on=TODAY)}[18]["overdue"]
    check_in(person, sw, recorded_on=selectors.birthday(person.dob, 18) + dt.timedelta(days=20))
    assert not {r["age"]: r for r in selectors.check_ins(person, on=TODAY)}[18]["overdue"]


@override_settings(CARE_LEAVERS_CHECK_IN_WINDOW_MONTHS=1)
def test_the_window_is_a_setting(leaver, sw):
    with pytest.raises(ValidationError) as exc:
        check_in(leaver, sw, recorded_on=TODAY)  # two months after the birthday
    assert "recorded_on" in errors_of(exc)


def test_one_check_in_per_birthday(leaver, sw):
    check_in(leaver, sw)
    with pytest.raises(ValidationError) as exc:
        check_in(leaver, sw)
    assert errors_of(exc)["age"] == ["The 18th birthday check-in is already recorded"]


def test_check_ins_after_21_only_for_support_to_25(sw):
    person = PersonFactory(dob=selectors.add_months(_born(TODAY, 22), -1))
    s = status(person, sw, start=selectors.birthday(person.dob, 18))
    with pytest.raises(ValidationError) as exc:
        check_in(person, sw, age=22)
    assert "support to 25" in " ".join(errors_of(exc)["age"])
    s.support_requested_to_25 = True
    s.save()
    assert check_in(person, sw, age=22).pk


def test_a_refused_check_in_saves_nothing_at_all(leaver, sw):
    """All or nothing: the chronology and audit rows are not written when the rules refuse."""
    before = (ChronologyEntry.objects.count(), AuditEvent.objects.count())
    with pytest.raises(ValidationError):
        check_in(leaver, sw, in_touch="YES", activity="0")
    assert (ChronologyEntry.objects.count(), AuditEvent.objects.count()) == before


def test_a_failure_after_writing_rolls_everything_back(young, sw, monkeypatch):
    """All or nothing: if raising the work fails, the review, its audit and chronology are not kept."""
    services.pathway_plan_start(by=sw, person=young, start_date=dt.date(2025, 3, 3), summary="Plan")

    def broken(*args, **kwargs):
        raise RuntimeError("timescales engine unavailable")

    monkeypatch.setattr(services, "work_raise", broken)
    with pytest.raises(RuntimeError):
        services.pathway_plan_review_record(by=sw, person=young, review_date=dt.date(2025, 9, 1), summary="R1")
    assert not PathwayPlanReview.objects.exists()
    assert work(young, "PATHWAY_PLAN_REVIEW")[0].status == "open"
    assert not ChronologyEntry.objects.filter(event_type="pathway_plan_review").exists()


# --- Selectors: what is due, OC3 and Annex A list 9 -----------------------------------------------------------------

def test_check_ins_due_and_overdue(leaver, sw):
    rows = {r["age"]: r for r in selectors.check_ins(leaver, on=TODAY)}
    assert 17 not in rows  # the 17th birthday was in care
    assert rows[18]["due"] and not rows[18]["overdue"]
    later = selectors.add_months(selectors.birthday(leaver.dob, 18), 3) + dt.timedelta(days=1)
    assert {r["age"]: r for r in selectors.check_ins(leaver, on=later)}[18]["overdue"]


def _rows(**kwargs):
    return selectors.caseload(**kwargs)[1]


def test_caseload_shows_due_and_filters_by_adviser(leaver, sw, tm):
    adviser = UserFactory(username="pa_three", team=tm.team)
    rows = _rows(fetched_by=tm, team=tm.team)
    assert [r["person"] for r in rows] == [leaver] and rows[0]["due"] and not rows[0]["has_plan"]
    assert _rows(fetched_by=tm, adviser=adviser) == []
    services.personal_adviser_assign(by=tm, person=leaver, worker=adviser)
    assert [r["person"] for r in _rows(fetched_by=tm, adviser=adviser)] == [leaver]


def test_caseload_only_lists_records_the_user_may_open(other_child, sw, users):
    left_care_at_18(other_child, users["team_manager"])
    assert _rows(fetched_by=sw) == []
    assert [r["person"] for r in _rows(fetched_by=users["leader"])] == [other_child]


def test_caseload_is_paged_and_reads_a_fixed_number_of_queries(users, django_assert_max_num_queries):
    """Issue 14.11: "all teams" listed 5,144 care leavers in 8 s. A page holds 50, read in the same number of
    queries whether the page holds one young person or fifty."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from safehold.people.tests.factories import PersonFactory

    leader, tm = users["leader"], users["team_manager"]

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            _rows(fetched_by=leader)
        return len(ctx.captured_queries)

    first = PersonFactory(dob=dt.date(2007, 1, 1))
    left_care_at_18(first, tm)
    one = queries()
    for n in range(6):
        left_care_at_18(PersonFactory(dob=dt.date(2007, 2, n + 1)), tm)
    assert queries() == one
    page_obj, rows = selectors.caseload(fetched_by=leader, page_size=5)
    assert page_obj.paginator.count == 7 and len(rows) == 5
    assert len(selectors.caseload(fetched_by=leader, page_size=5, page=2)[1]) == 2


def test_oc3_rows_for_birthdays_in_the_year(leaver, sw):
    # Left care on the 18th birthday: that birthday was spent in care, so no OC3 for it (903 rule 1016
    # fails OC3 for a 17 or 18-year-old whose DEC is on or after the birthday); the 19th is returned.
    b18 = selectors.birthday(leaver.dob, 18)
    assert selectors.oc3_rows(selectors.add_months(b18, -6), selectors.add_months(b18, 5)) == []
    b19 = selectors.birthday(leaver.dob, 19)
    year = (selectors.add_months(b19, -6), selectors.add_months(b19, 5))
    assert selectors.oc3_rows(*year) == [{"CHILD": "C0000001", "DOB": leaver.dob.strftime("%d/%m/%Y"), "age": 19,
                                          "birthday": b19, "IN_TOUCH": "", "ACTIV": "", "ACCOM": "",
                                          "recorded": False}]


def test_oc3_row_for_a_young_person_who_left_care_before_18(child, sw):
    from .helpers import period

    child.dob = selectors.add_months(TODAY, -18 * 12 - 1)  # 18 a month ago
    child.save()
    b18 = selectors.birthday(child.dob, 18)
    p = period(child, sw, selectors.add_months(b18, -30), selectors.add_months(b18, -8), reason="E13")
    services.care_ended(period=p, by=sw)
    year = (selectors.add_months(b18, -6), selectors.add_months(b18, 5))
    (row,) = selectors.oc3_rows(*year)
    assert (row["age"], row["recorded"]) == (18, False)
    check_in(child, sw, activity="G5", accommodation="V2", recorded_on=TODAY)
    (row,) = selectors.oc3_rows(*year)
    assert (row["IN_TOUCH"], row["ACTIV"], row["ACCOM"], row["recorded"]) == ("YES", "G5", "V2", True)


def test_annex_a_list_9(leaver, sw, tm):
    adviser = UserFactory(username="pa_four", first_name="Priya", last_name="Adviser", team=tm.team)
    services.personal_adviser_assign(by=tm, person=leaver, worker=adviser)
    services.pathway_plan_start(by=sw, person=leaver, start_date=TODAY - dt.timedelta(days=20), summary="Plan")
    services.accommodation_change(by=sw, person=leaver, start_date=TODAY - dt.timedelta(days=10),
                                  accommodation="D", accom_suitable=False)
    services.contact_record(by=sw, person=leaver, contact_date=TODAY - dt.timedelta(days=2), method="visit",
                            in_accommodation=True)
    check_in(leaver, sw, activity="F5", accommodation="D2")
    (row,) = selectors.care_leavers_on(TODAY)
    assert row.status.person.person_id == "C0000001"
    assert row.status.eligibility == Eligibility.FORMER_RELEVANT
    assert (row.accommodation.accommodation, row.accommodation.accom_suitable) == ("D", False)
    assert (row.check_in.in_touch, row.check_in.activity) == ("YES", "F5")
    assert row.latest_contact == TODAY - dt.timedelta(days=2)
    assert row.pathway_plan_reviewed == TODAY - dt.timedelta(days=20)
    assert row.adviser.worker == adviser
    # As it stood on a day before the adviser, the plan and the contact: none of them yet.
    (before,) = selectors.care_leavers_on(TODAY - dt.timedelta(days=21))
    assert (before.adviser, before.pathway_plan_reviewed, before.latest_contact) == (None, None, None)


def test_annex_a_list_9_reads_a_fixed_number_of_queries_however_many_leavers(leaver, sw, tm):
    """The one home for list 9 (the Annex A workbook and the SSD rows read it): no query per care leaver."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            rows = selectors.care_leavers_on(TODAY)
            [(r.status.person.person_id, r.adviser and r.adviser.worker.username) for r in rows]
        return len(ctx), len(rows)

    check_in(leaver, sw, activity="F5", accommodation="D2")
    one, listed = queries()
    assert listed == 1
    for n in range(3):
        other = PersonFactory(person_id=f"C00009{n}")
        left_care_at_18(other, sw)
        check_in(other, sw, activity="F5", accommodation="D2")
        services.personal_adviser_assign(by=tm, person=other, worker=UserFactory(team=tm.team))
    more, listed = queries()
    assert (more, listed) == (one, 4)


def test_coming_back_into_care_ends_the_care_leaver_category_and_keeping_in_touch(child, sw):
    from safehold.children_in_care.tests.helpers import looked_after

    left_care_at_18(child, sw, months_ago=1)
    child.dob = selectors.add_months(TODAY, -17 * 12)  # make them 17 so they can be looked after again
    child.save()
    CareLeaverStatus.objects.update(eligibility="relevant")
    back = TODAY - dt.timedelta(days=3)
    looked_after(child, sw, start=back)
    status = CareLeaverStatus.objects.get(person=child)
    assert status.end_date == back - dt.timedelta(days=1)
    assert not StatutoryWork.objects.filter(person=child, rule_code="PA_CONTACT", status="open").exists()

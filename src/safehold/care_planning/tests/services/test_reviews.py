"""Tests of care_planning/services/reviews.py."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from safehold.care_planning import selectors, services
from safehold.care_planning.models import CLAReview
from safehold.casework.models import StatutoryWork
from safehold.children_in_care import services as cic
from safehold.children_in_care.tests.helpers import foster, looked_after
from safehold.people.models import ChronologyEntry

from .support import EASTER, due, errors_of, open_work

pytestmark = pytest.mark.django_db


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


def test_list8_dates_read_the_latest_of_each(ten_year_old, sw, iro):
    looked_after(ten_year_old, sw, start=EASTER, carer=foster(name="Carer 2"))
    services.visit_record(by=sw, person=ten_year_old, visited_on=dt.date(2025, 4, 17), child_seen=True)
    services.review_record(by=iro, person=ten_year_old, review_date=dt.date(2025, 5, 12), participation="PN1")
    services.care_plan_record(by=sw, person=ten_year_old, agreed_on=dt.date(2025, 5, 12), permanence_plan="adoption")
    row = selectors.list8_dates([ten_year_old.pk])[ten_year_old.pk]
    assert row == {"last_visit": dt.date(2025, 4, 17), "last_review": dt.date(2025, 5, 12),
                   "permanence_plan": "Adoption"}


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

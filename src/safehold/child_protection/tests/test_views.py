"""Child protection pages: happy paths, errors on fields with nothing saved, and ids from another child."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from safehold.casework.models import Visit
from safehold.casework.tests.factories import AllocationFactory
from safehold.child_protection.models import (
    ChildProtectionConference,
    CPPlan,
    Section47Enquiry,
    StrategyDiscussion,
)
from safehold.people.tests.factories import PersonFactory

from .helpers import STRATEGY_DAY, completed_enquiry, open_referral, plan_for, strategy

D = dt.date


def date_fields(name: str, day: dt.date) -> dict:
    return {f"{name}_day": day.day, f"{name}_month": day.month, f"{name}_year": day.year}


def strategy_post(**overrides) -> dict:
    data = {
        **date_fields("held_on", STRATEGY_DAY), "held_time": "10:30", "decision": "start_s47",
        "rationale": "Unexplained bruising reported by school",
        "p1_name": "Jo Worker", "p1_agency": "social_care", "p1_role": "Social worker", "p1_attended": "on",
        "p2_name": "DC Sam Reed", "p2_agency": "police", "p2_role": "Child abuse investigation", "p2_attended": "on",
        "p3_name": "Alex Moor", "p3_agency": "health", "p3_role": "Named nurse", "p3_attended": "on",
        "p4_name": "", "p4_agency": "education", "p5_agency": "", "p6_agency": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def manager(users):
    return users["team_manager"]


def test_strategy_page_without_an_open_referral_says_to_open_one(child, users, login):
    response = login(users["social_worker"]).get(reverse("child_protection:strategy_new", args=[child.pk]))
    assert response.status_code == 200
    assert "has no open referral" in response.content.decode()
    assert "front door or Family Help" in response.content.decode()


def test_record_a_strategy_discussion_starting_an_enquiry(child, users, login):
    open_referral(child, users["social_worker"])
    client = login(users["social_worker"])
    url = reverse("child_protection:strategy_new", args=[child.pk])
    page = client.get(url).content.decode()
    assert 'name="p2_agency"' in page and "Participant 6" in page
    response = client.post(url, strategy_post(chaired_by=users["social_worker"].pk))
    discussion = StrategyDiscussion.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("child_protection:strategy_detail", args=[child.pk, discussion.pk])
    assert discussion.held_at.hour == 10 and discussion.held_at.minute == 30
    assert discussion.participants.count() == 3
    assert discussion.enquiry.initial_cpc_target == D(2026, 1, 14)
    detail = client.get(response["Location"])
    body = detail.content.decode()
    assert "DC Sam Reed" in body and "14 January 2026" in body
    assert "No one from education took part" in body
    assert ("Strategy discussion recorded. Section 47 enquiry started: the initial conference is due by "
            "14/1/2026") in body


def test_strategy_missing_agencies_shows_the_error_and_saves_nothing(child, users, login):
    open_referral(child, users["social_worker"])
    client = login(users["social_worker"])
    response = client.post(reverse("child_protection:strategy_new", args=[child.pk]),
                           strategy_post(chaired_by=users["social_worker"].pk, p2_name="", p3_name=""))
    assert response.status_code == 200
    body = response.content.decode()
    assert "There is a problem" in body
    assert "A strategy discussion needs someone who took part from the police and health" in body
    assert 'href="#id_p2_name"' in body  # the error summary links to the police row
    assert not StrategyDiscussion.objects.exists()


def test_strategy_field_errors(child, users, login):
    open_referral(child, users["social_worker"])
    response = login(users["social_worker"]).post(
        reverse("child_protection:strategy_new", args=[child.pk]),
        strategy_post(chaired_by=users["social_worker"].pk, held_time="25:00", decision="",
                      **date_fields("s47_start_date", D(2025, 12, 18))))
    body = response.content.decode()
    assert "Enter the time as hours and minutes on the 24-hour clock" in body
    assert "Choose what the strategy discussion decided" in body
    assert not StrategyDiscussion.objects.exists()


def test_s47_before_the_discussion_is_shown_on_its_field(child, users, login):
    open_referral(child, users["social_worker"])
    response = login(users["social_worker"]).post(
        reverse("child_protection:strategy_new", args=[child.pk]),
        strategy_post(chaired_by=users["social_worker"].pk, **date_fields("s47_start_date", D(2025, 12, 18))))
    body = response.content.decode()
    assert 'id="id_s47_start_date-error"' in body
    assert "The section 47 enquiry cannot start before the strategy discussion (19/12/2025)" in body
    assert not Section47Enquiry.objects.exists()


def test_complete_the_s47(child, users, manager, login):
    enquiry = strategy(open_referral(child, manager), manager).enquiry
    client = login(users["social_worker"])
    url = reverse("child_protection:s47_complete", args=[child.pk, enquiry.pk])
    bad = client.post(url, {"version": enquiry.version, **date_fields("end_date", D(2025, 12, 18)),
                            "outcome": "substantiated", "conference_needed": "yes", "findings": "Bruising seen at school"})
    assert "The enquiry cannot end before it started (19/12/2025)" in bad.content.decode()
    response = client.post(url, {"version": enquiry.version, **date_fields("end_date", D(2025, 12, 24)),
                                 "outcome": "substantiated", "conference_needed": "yes", "findings": "Bruising seen at school"})
    assert response.status_code == 302
    enquiry.refresh_from_db()
    assert enquiry.end_date == D(2025, 12, 24) and not enquiry.icpc_not_required


def test_s47_stale_version_is_shown_as_a_conflict(child, users, manager, login):
    enquiry = strategy(open_referral(child, manager), manager).enquiry
    response = login(manager).post(
        reverse("child_protection:s47_complete", args=[child.pk, enquiry.pk]),
        {"version": enquiry.version + 5, **date_fields("end_date", D(2025, 12, 24)), "outcome": "substantiated",
         "conference_needed": "no", "findings": "No evidence of harm"})
    assert response.status_code == 200
    assert "Someone else changed this section 47 enquiry after you opened it" in response.content.decode()
    enquiry.refresh_from_db()
    assert enquiry.end_date is None


def test_the_iro_records_the_initial_conference_that_starts_a_plan(child, users, manager, login):
    completed_enquiry(open_referral(child, manager), manager)
    client = login(users["iro"])
    url = reverse("child_protection:conference_new", args=[child.pk])
    assert "Record the initial child protection conference" in client.get(url).content.decode()
    bad = client.post(url, {**date_fields("held_on", D(2026, 1, 10)), "chaired_by": users["iro"].pk,
                            "outcome": "plan", "category": "NEG", "lead_practitioner": users["social_worker"].pk})
    assert "A conference cannot be held at a weekend (Saturday 10/1/2026)" in bad.content.decode()
    assert not ChildProtectionConference.objects.exists()
    response = client.post(url, {**date_fields("held_on", D(2026, 1, 12)), "chaired_by": users["iro"].pk,
                                 "outcome": "plan", "category": "NEG",
                                 "lead_practitioner": users["social_worker"].pk})
    assert response.status_code == 302
    plan = CPPlan.objects.get()
    assert (plan.start_date, plan.initial_category, plan.lead_practitioner) == (
        D(2026, 1, 12), "NEG", users["social_worker"])
    # Now the page records a review of the plan.
    assert "Record a review child protection conference" in client.get(url).content.decode()


def test_conference_page_says_what_comes_first(child, users, manager, login):
    strategy(open_referral(child, manager), manager)
    body = login(users["iro"]).get(reverse("child_protection:conference_new", args=[child.pk])).content.decode()
    assert "has no outcome yet" in body


def test_record_a_visit_with_the_childs_words(child, users, manager, login):
    child.communication_needs = "Uses Makaton signs"
    child.save()
    plan = plan_for(child, manager)
    client = login(users["social_worker"])
    url = reverse("child_protection:cp_visit_new", args=[child.pk, plan.pk])
    assert "Uses Makaton signs" in client.get(url).content.decode()
    bad = client.post(url, {**date_fields("visited_on", D(2026, 1, 20)), "child_seen": "no",
                            "child_seen_alone": "yes"})
    assert "The child cannot have been seen alone if they were not seen" in bad.content.decode()
    response = client.post(url, {**date_fields("visited_on", D(2026, 1, 20)), "child_seen": "yes",
                                 "child_seen_alone": "yes", "childs_words": "I feel safe with nan"})
    assert response.status_code == 302
    visit = Visit.objects.get()
    assert (visit.child_seen_alone, visit.childs_words, visit.visited_by) == (
        True, "I feel safe with nan", users["social_worker"])
    detail = client.get(reverse("child_protection:plan_detail", args=[child.pk, plan.pk])).content.decode()
    assert "I feel safe with nan" in detail


def test_core_group_and_plan_end_pages(child, users, manager, login):
    plan = plan_for(child, manager)
    client = login(manager)
    response = client.post(reverse("child_protection:core_group_new", args=[child.pk, plan.pk]),
                           {**date_fields("held_on", D(2026, 1, 22)), "attendees": "Mum, school, health visitor"})
    assert response.status_code == 302
    url = reverse("child_protection:plan_end", args=[child.pk, plan.pk])
    plan.refresh_from_db()
    same_day = client.post(url, {"version": plan.version, **date_fields("end_date", D(2026, 1, 12)),
                                 "end_reason": "Moved"})
    assert "A child protection plan cannot start and end on the same day (12/1/2026)" in same_day.content.decode()
    response = client.post(url, {"version": plan.version, **date_fields("end_date", D(2026, 2, 2)),
                                 "end_reason": "Moved to another local authority"})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.end_date == D(2026, 2, 2)


def test_ids_from_another_child_are_refused(child, users, manager, login, team):
    sibling = PersonFactory()
    AllocationFactory(person=sibling, team=team)
    plan = plan_for(sibling, manager)
    client = login(manager)
    for name in ("plan_detail", "cp_visit_new", "core_group_new", "plan_end"):
        assert client.get(reverse(f"child_protection:{name}", args=[child.pk, plan.pk])).status_code == 404
    discussion = plan.initial_conference.enquiry.strategy_discussion
    assert client.get(reverse("child_protection:strategy_detail", args=[child.pk, discussion.pk])).status_code == 404


def test_another_teams_child_is_outside_a_social_workers_access(other_child, users, login):
    response = login(users["social_worker"]).get(reverse("child_protection:strategy_new", args=[other_child.pk]))
    assert response.status_code == 403
    assert "outside your access" in response.content.decode()


def test_record_page_panel_shows_the_enquiry_and_the_plan(child, users, manager, login):
    enquiry = strategy(open_referral(child, manager), manager).enquiry
    client = login(users["social_worker"])
    body = client.get(reverse("people:detail", args=[child.pk])).content.decode()
    assert 'id="panel-child_protection"' in body
    assert "Initial conference due by" in body and "14 Jan 2026" in body
    assert "Overdue" in body  # the target has passed with no conference
    assert reverse("child_protection:s47_complete", args=[child.pk, enquiry.pk]) in body

    from safehold.child_protection import services

    services.section47_complete(by=manager, enquiry=enquiry, end_date=D(2025, 12, 23), outcome="substantiated",
                                conference_needed=True)
    services.conference_initial_record(by=manager, enquiry=enquiry, held_on=D(2026, 1, 12), chaired_by=manager,
                                       outcome="plan", category="SAB", lead_practitioner=users["social_worker"])
    body = client.get(reverse("people:detail", args=[child.pk])).content.decode()
    assert "Sexual abuse" in body
    assert "Next review conference" in body and "12 Apr 2026" in body
    assert "Next visit" in body and "26 Jan 2026" in body
    assert str(users["social_worker"]) in body
    assert "Second or later plan" not in body
    assert "Plan for 2 years or more" not in body
    assert 'id="cp-plan"' in body

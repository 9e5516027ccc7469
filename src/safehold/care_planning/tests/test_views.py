"""Care planning pages: each form records its event and the record page shows it with what is due
next; errors land on their fields with nothing saved; the panel offers the actions a role may take."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from safehold.care_planning.models import CarePlan, CLAReview, MissingEpisode
from safehold.casework.models import StatutoryWork, Visit
from safehold.children_in_care.tests.helpers import looked_after

pytestmark = pytest.mark.django_db

START = timezone.localdate() - dt.timedelta(days=20)


def date_fields(name: str, day: dt.date) -> dict:
    return {f"{name}_day": day.day, f"{name}_month": day.month, f"{name}_year": day.year}


def url(name, *args):
    return reverse(f"care_planning:{name}", args=args)


@pytest.fixture
def in_care(child, users):
    child.dob = dt.date(2014, 5, 5)
    child.save(update_fields=["dob"])
    looked_after(child, users["social_worker"], start=START)
    return child


def test_the_record_page_shows_what_is_due_and_the_actions(in_care, users, login):
    page = login(users["social_worker"]).get(reverse("people:detail", args=[in_care.pk])).content.decode()
    assert "First looked after review" in page and "Statutory visit in the new placement" in page
    assert url("visit_new", in_care.pk) in page
    assert url("review_new", in_care.pk) not in page  # a social worker does not record reviews
    iro_page = login(users["iro"]).get(reverse("people:detail", args=[in_care.pk])).content.decode()
    assert url("review_new", in_care.pk) in iro_page and url("visit_new", in_care.pk) not in iro_page


def test_recording_a_visit(in_care, users, login):
    client = login(users["social_worker"])
    response = client.post(url("visit_new", in_care.pk), {**date_fields("visited_on", START + dt.timedelta(days=3)),
                                                          "child_seen": "yes", "child_seen_alone": "yes",
                                                          "childs_words": "Can I see my brother?"})
    assert response.status_code == 302
    visit = Visit.objects.get(person=in_care)
    assert visit.child_seen_alone and visit.childs_words == "Can I see my brother?"
    page = client.get(reverse("people:detail", args=[in_care.pk])).content.decode()
    assert "child seen alone" in page


def test_a_visit_before_care_shows_the_error_on_the_date_and_saves_nothing(in_care, users, login):
    response = login(users["social_worker"]).post(
        url("visit_new", in_care.pk), {**date_fields("visited_on", START - dt.timedelta(days=5)), "child_seen": "yes",
                                       "child_seen_alone": "no"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page and 'href="#id_visited_on"' in page
    assert "cannot be before the child became looked after" in page
    assert not Visit.objects.exists()


def test_the_iro_records_a_review_and_the_second_falls_due(in_care, users, login):
    client = login(users["iro"])
    response = client.post(url("review_new", in_care.pk), {**date_fields("review_date", START + dt.timedelta(days=14)),
                                                           "participation": "PN1", "care_plan_endorsed": "yes"})
    assert response.status_code == 302
    review = CLAReview.objects.get()
    assert (review.sequence, review.chaired_by) == (1, users["iro"])
    assert StatutoryWork.objects.filter(person=in_care, rule_code="CLA_REVIEW_SECOND", status="open").exists()


def test_a_care_plan_needs_a_permanence_plan(in_care, users, login):
    response = login(users["social_worker"]).post(url("care_plan_new", in_care.pk),
                                                  date_fields("agreed_on", START + dt.timedelta(days=2)))
    assert "Choose the permanence plan" in response.content.decode()
    assert not CarePlan.objects.exists()


def test_a_missing_episode_then_its_return_and_interview(in_care, users, login):
    client = login(users["social_worker"])
    went = timezone.localdate() - dt.timedelta(days=3)
    response = client.post(url("missing_new", in_care.pk), {"kind": "M", **date_fields("started_on", went),
                                                            "started_time": "21:30"})
    assert response.status_code == 302
    episode = MissingEpisode.objects.get()
    assert episode.is_open
    back = went + dt.timedelta(days=1)
    response = client.post(url("missing_edit", in_care.pk, episode.pk),
                           {"version": episode.version, **date_fields("ended_on", back), "ended_time": "08:00",
                            **date_fields("offered_on", back), "offered_time": "10:00", "accepted": "yes"})
    assert response.status_code == 302
    episode.refresh_from_db()
    assert episode.interview_accepted is True
    work = StatutoryWork.objects.get(person=in_care, rule_code="RETURN_INTERVIEW")
    assert (work.status, work.on_time) == ("done", True)


def test_a_return_time_without_a_date_is_refused_on_the_field(in_care, users, login):
    response = login(users["social_worker"]).post(
        url("missing_new", in_care.pk), {"kind": "A", **date_fields("started_on", START + dt.timedelta(days=1)),
                                         "started_time": "18:00", "ended_time": "2300"})
    page = response.content.decode()
    assert "Enter the date the child returned" in page and 'href="#id_ended_on"' in page
    assert not MissingEpisode.objects.exists()


def test_a_stale_missing_episode_form_is_refused(in_care, users, login):
    client = login(users["social_worker"])
    from safehold.care_planning import services

    went = timezone.now() - dt.timedelta(days=2)
    episode = services.missing_episode_record(by=users["social_worker"], person=in_care, kind="M", started_at=went)
    stale = episode.version
    services.missing_episode_update(by=users["team_manager"], episode=episode, expected_version=stale,
                                    ended_at=went + dt.timedelta(hours=5))
    back = timezone.localtime(went + dt.timedelta(hours=6))
    response = client.post(url("missing_edit", in_care.pk, episode.pk),
                           {"version": stale, **date_fields("ended_on", back.date()),
                            "ended_time": back.strftime("%H:%M")})
    assert "Someone else changed this episode" in response.content.decode()
    episode.refresh_from_db()
    assert episode.ended_at == went + dt.timedelta(hours=5)

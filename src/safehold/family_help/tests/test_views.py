"""Family Help pages: happy paths, errors shown on their fields with nothing saved, the record
panel, the child's needs on every page where practice is recorded, and ids of another child refused."""

import datetime as dt

import pytest
from django.urls import reverse

from safehold.casework.models import Visit
from safehold.casework.tests.factories import AllocationFactory
from safehold.family_help.models import Assessment, CINEpisode, CINPlan, EarlyHelpEpisode, PreProceedings
from safehold.people.models import Disability
from safehold.people.tests.factories import PersonFactory

from .helpers import cin_plan, open_referral, started_assessment

pytestmark = pytest.mark.django_db


def date_fields(name: str, day: dt.date) -> dict:
    return {f"{name}_day": day.day, f"{name}_month": day.month, f"{name}_year": day.year}


def test_referral_new_opens_an_episode(child, sw, login):
    client = login(sw)
    url = reverse("family_help:referral_new", args=[child.pk])
    response = client.post(url, {**date_fields("referral_date", dt.date(2025, 1, 6)), "referral_source": "3A",
                                 "primary_need": "N4"})
    episode = CINEpisode.objects.get(person=child)
    assert response.status_code == 302
    assert response["Location"] == reverse("family_help:episode_detail", args=[child.pk, episode.pk])
    page = client.get(response["Location"]).content.decode()
    assert "Episode of need from 6 January 2025" in page
    assert "10 March 2025" in page  # the assessment is due 45 working days after the referral


def test_referral_errors_are_on_their_fields_and_nothing_is_saved(child, sw, login):
    client = login(sw)
    response = client.post(reverse("family_help:referral_new", args=[child.pk]),
                           {**date_fields("referral_date", dt.date.today() + dt.timedelta(days=2)),
                            "referral_source": ""})
    assert response.status_code == 200
    body = response.content.decode()
    assert "There is a problem" in body
    assert "The referral date must be today or in the past" in body or "Choose where the referral came from" in body
    assert 'href="#id_referral_source"' in body
    assert not CINEpisode.objects.exists()


def test_assessment_new_then_edit(child, sw, login):
    episode = open_referral(child, sw)
    client = login(sw)
    response = client.post(reverse("family_help:assessment_new", args=[child.pk, episode.pk]),
                           {**date_fields("start_date", dt.date(2025, 1, 3)), "lead_worker": sw.pk})
    assert "on or after the referral date (6/1/2025)" in response.content.decode()
    assert not Assessment.objects.exists()
    response = client.post(reverse("family_help:assessment_new", args=[child.pk, episode.pk]),
                           {**date_fields("start_date", dt.date(2025, 1, 8)), "lead_worker": sw.pk})
    assessment = Assessment.objects.get()
    assert response["Location"] == reverse("family_help:assessment_edit", args=[child.pk, assessment.pk])
    page = client.get(response["Location"]).content.decode()
    assert 'hx-post="' + reverse("family_help:assessment_autosave", args=[child.pk, assessment.pk]) in page
    assert 'hx-trigger="keyup changed delay:2s' in page
    assert "assessment_autosave.js" in page


def test_authorise_out_of_order_shows_the_error_and_saves_nothing(child, sw, tm, login):
    assessment = started_assessment(child, sw, start=dt.date(2025, 1, 10), submitted=True)
    client = login(tm)
    url = reverse("family_help:assessment_authorise", args=[child.pk, assessment.pk])
    response = client.post(url, {"version": assessment.version, "draft_version": assessment.draft_version, **date_fields("authorised_date", dt.date(2025, 1, 9)),
                                 "factors": ["21", "16A"], "summary": "Analysis", "primary_need": "N1"})
    body = response.content.decode()
    assert "The date authorised must be on or after the date the assessment started (10/1/2025)" in body
    assert "must be used on its own" in body
    assessment.refresh_from_db()
    assert assessment.authorised_date is None
    response = client.post(url, {"version": assessment.version, "draft_version": assessment.draft_version, **date_fields("authorised_date", dt.date(2025, 2, 3)),
                                 "factors": ["16A", "4B"], "summary": "Analysis", "primary_need": "N1"})
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.authorised_date == dt.date(2025, 2, 3) and assessment.factors == ["16A", "4B"]


def test_authorise_conflict_is_explained(child, sw, tm, login):
    assessment = started_assessment(child, sw, submitted=True)
    Assessment.objects.filter(pk=assessment.pk).update(version=assessment.version + 1)
    response = login(tm).post(reverse("family_help:assessment_authorise", args=[child.pk, assessment.pk]),
                              {"version": assessment.version, "draft_version": assessment.draft_version, **date_fields("authorised_date", dt.date(2025, 2, 3)),
                               "factors": ["16A"], "summary": "Analysis", "primary_need": "N1"})
    assert "Someone else changed this assessment after you opened it" in response.content.decode()
    assessment.refresh_from_db()
    assert assessment.authorised_date is None


def test_disabled_childs_needs_are_on_every_practice_page(child, sw, login):
    Disability.objects.create(person=child, code="COMM")
    child.communication_needs = "Uses Makaton signs; give time to answer"
    child.save()
    plan = cin_plan(child, sw, start=dt.date(2025, 1, 10))
    assessment = started_assessment(child, sw, episode=plan.episode, start=dt.date(2025, 1, 8))
    client = login(sw)
    for url in (reverse("family_help:visit_new", args=[child.pk]),
                reverse("family_help:assessment_edit", args=[child.pk, assessment.pk]),
                reverse("family_help:assessment_new", args=[child.pk, plan.episode_id]),
                reverse("family_help:cin_plan_end", args=[child.pk, plan.pk]),
                reverse("family_help:plan_review_new", args=[child.pk, "cin", plan.pk]),
                reverse("family_help:early_help_new", args=[child.pk]),
                reverse("family_help:episode_detail", args=[child.pk, plan.episode_id]),
                reverse("family_help:pre_proceedings_edit", args=[child.pk, plan.episode_id])):
        body = client.get(url).content.decode()
        assert 'id="child-needs"' in body, url
        assert "Uses Makaton signs" in body and "Communication" in body, url


def test_visit_new_records_a_visit(child, sw, login):
    cin_plan(child, sw, start=dt.date(2025, 1, 10))
    client = login(sw)
    url = reverse("family_help:visit_new", args=[child.pk])
    response = client.post(url, {"kind": "cin", **date_fields("visited_on", dt.date(2025, 1, 15)),
                                 "visited_by": sw.pk, "child_seen": "no", "child_seen_alone": "yes"})
    assert "The child cannot have been seen alone if they were not seen" in response.content.decode()
    assert not Visit.objects.exists()
    response = client.post(url, {"kind": "cin", **date_fields("visited_on", dt.date(2025, 1, 15)),
                                 "visited_by": sw.pk, "child_seen": "yes", "child_seen_alone": "yes",
                                 "childs_words": "I want to stay at my school"})
    assert response.status_code == 302
    visit = Visit.objects.get()
    assert visit.child_seen_alone and visit.childs_words == "I want to stay at my school"
    assert "I want to stay at my school" in client.get(response["Location"]).content.decode()


def test_ids_of_another_childs_work_are_refused(child, sw, team, login):
    other = PersonFactory()
    AllocationFactory(person=other, team=team)
    plan = cin_plan(other, sw)
    assessment = started_assessment(child, sw)
    client = login(sw)
    assert client.get(reverse("family_help:cin_plan_end", args=[child.pk, plan.pk])).status_code == 404
    assert client.get(reverse("family_help:episode_detail", args=[child.pk, plan.episode_id])).status_code == 404
    assert client.get(reverse("family_help:assessment_edit", args=[other.pk, assessment.pk])).status_code == 404


def test_other_teams_child_is_outside_access(other_child, sw, login):
    response = login(sw).get(reverse("family_help:visit_new", args=[other_child.pk]))
    assert response.status_code == 403
    assert "outside your access" in response.content.decode()


def test_worker_asks_to_close_and_manager_signs_off(child, sw, tm, login):
    episode = open_referral(child, sw, primary_need="N4")
    url = reverse("family_help:episode_close", args=[child.pk, episode.pk])
    response = login(sw).post(url, {"reason": "RC7", "note": "Support no longer needed"})
    assert response.status_code == 302
    episode.refresh_from_db()
    assert episode.is_open and episode.closure_requested_reason == "RC7"
    client = login(tm)
    page = client.get(url).content.decode()
    assert "Sign off and close" in page and "Support no longer needed" in page
    response = client.post(url, {"version": episode.version, **date_fields("closure_date", dt.date(2025, 2, 3)),
                                 "reason": "RC7", "primary_need": ""})
    assert response.status_code == 302
    episode.refresh_from_db()
    assert episode.closure_date == dt.date(2025, 2, 3) and episode.closure_signed_off_by == tm


def test_closure_with_work_open_is_refused_with_a_clear_message(child, sw, tm, login):
    assessment = started_assessment(child, sw)
    episode = assessment.episode
    url = reverse("family_help:episode_close", args=[child.pk, episode.pk])
    page = login(tm).get(url).content.decode()
    assert "Still open" in page
    response = login(tm).post(url, {"version": episode.version, **date_fields("closure_date", dt.date(2025, 2, 3)),
                                    "reason": "RC8", "primary_need": "N9"})
    body = response.content.decode()
    assert "There is a problem" in body
    assert "has not been authorised: a closed episode must have completed assessments" in body
    episode.refresh_from_db()
    assert episode.is_open


def test_cin_plan_pages(child, sw, login):
    episode = open_referral(child, sw)
    client = login(sw)
    response = client.post(reverse("family_help:cin_plan_new", args=[child.pk, episode.pk]),
                           {**date_fields("start_date", dt.date(2025, 1, 20)), "lead_practitioner": sw.pk})
    assert response.status_code == 302
    plan = CINPlan.objects.get()
    response = client.post(reverse("family_help:plan_review_new", args=[child.pk, "cin", plan.pk]),
                           {**date_fields("review_date", dt.date(2025, 2, 20)), "outcome": "Keep going"})
    assert response.status_code == 302
    response = client.post(reverse("family_help:cin_plan_end", args=[child.pk, plan.pk]),
                           {"version": plan.version, **date_fields("end_date", dt.date(2025, 2, 10)),
                            "end_reason": "Goals met"})
    assert "The end date must be on or after the last review (20/2/2025)" in response.content.decode()
    response = client.post(reverse("family_help:cin_plan_end", args=[child.pk, plan.pk]),
                           {"version": plan.version, **date_fields("end_date", dt.date(2025, 3, 1)),
                            "end_reason": "Goals met"})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.end_date == dt.date(2025, 3, 1)
    assert client.get(reverse("family_help:plan_review_new", args=[child.pk, "other", plan.pk])).status_code == 404


def test_early_help_pages(child, sw, login):
    client = login(sw)
    response = client.post(reverse("family_help:early_help_new", args=[child.pk]),
                           {**date_fields("start_date", dt.date(2025, 3, 3)), "reason": "Parenting support",
                            "lead_practitioner": sw.pk, "lead_practitioner_role": "Family support worker"})
    assert response.status_code == 302
    eh = EarlyHelpEpisode.objects.get()
    page = client.get(reverse("people:detail", args=[child.pk])).content.decode()
    assert "Family support worker" in page
    response = client.post(reverse("family_help:early_help_close", args=[child.pk, eh.pk]),
                           {"version": eh.version, **date_fields("end_date", dt.date(2025, 3, 1)),
                            "end_reason": "outcomes_met"})
    assert "on or after the early help started (3/3/2025)" in response.content.decode()
    response = client.post(reverse("family_help:early_help_close", args=[child.pk, eh.pk]),
                           {"version": eh.version, **date_fields("end_date", dt.date(2025, 6, 1)),
                            "end_reason": "outcomes_met"})
    assert response.status_code == 302


def test_pre_proceedings_page(child, tm, login):
    episode = open_referral(child, tm)
    client = login(tm)
    url = reverse("family_help:pre_proceedings_edit", args=[child.pk, episode.pk])
    response = client.post(url, {**date_fields("pp_start_date", dt.date(2025, 2, 3)),
                                 **date_fields("lbp_sent_date", dt.date(2025, 2, 1)), "fgdm_meeting_offer": "yes"})
    assert "on or after pre-proceedings started (3/2/2025)" in response.content.decode()
    assert not PreProceedings.objects.exists()
    response = client.post(url, {**date_fields("pp_start_date", dt.date(2025, 2, 3)),
                                 **date_fields("lbp_sent_date", dt.date(2025, 2, 5)), "fgdm_meeting_offer": "yes"})
    assert response.status_code == 302
    pp = PreProceedings.objects.get()
    assert pp.fgdm_meeting_offer is True and pp.fgdm_meeting_fac is None
    page = client.get(url).content.decode()
    assert "9010Q" in page  # the query is shown as something still to record
    response = client.post(url, {"version": pp.version, **date_fields("pp_start_date", dt.date(2025, 2, 3)),
                                 **date_fields("lbp_sent_date", dt.date(2025, 2, 5)), "fgdm_meeting_offer": "yes",
                                 "fgdm_meeting_fac": "no", "pp_outcome": "A",
                                 **date_fields("step_decision_date", dt.date(2025, 4, 1))})
    assert response.status_code == 302
    pp.refresh_from_db()
    assert (pp.fgdm_meeting_fac, pp.pp_outcome, pp.version) == (False, "A", 2)
    detail = client.get(reverse("family_help:episode_detail", args=[child.pk, episode.pk])).content.decode()
    assert "outcome A" in detail


def test_record_panel_shows_the_episode_and_its_due_date(child, sw, login):
    open_referral(child, sw, dt.date(2024, 6, 3))
    episode = CINEpisode.objects.get()
    episode.closure_date, episode.closure_reason = dt.date(2024, 9, 1), "RC7"
    episode.save()
    open_referral(child, sw, primary_need="N5")  # 6/1/2025: a re-referral within 12 months
    page = login(sw).get(reverse("people:detail", args=[child.pk])).content.decode()
    assert "Family Help" in page
    assert 'id="fh-rereferral"' in page
    assert "N5 Family dysfunction" in page
    assert "Due to be authorised by 10 Mar 2025" in page and "Overdue" in page
    assert "Start an assessment" in page and "Referral of 3 Jun 2024" in page


def test_record_panel_for_a_reader(child, users, login):
    open_referral(child, users["social_worker"])
    page = login(users["analyst"]).get(reverse("people:detail", args=[child.pk])).content.decode()
    assert "View the episode" in page
    assert "Start an assessment" not in page

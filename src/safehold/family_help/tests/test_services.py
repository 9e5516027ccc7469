"""Family Help services: census rules (cin-census.md 2.3/2.4), ordering of dates, statutory work
(timescales.md ASSESSMENT), sign-off and permissions. Synthetic data only."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from safehold.audit.models import AuditEvent
from safehold.casework.models import Allocation, StatutoryWork, Visit
from safehold.family_help import services
from safehold.family_help.models import Assessment, CINPlan
from safehold.people.models import ChronologyEntry
from safehold.people.tests.factories import PersonFactory
from safehold.timescales import due_date

from .helpers import (
    ASSESSMENT_DUE,
    REFERRAL,
    authorised_assessment,
    cin_plan,
    early_help,
    open_referral,
    started_assessment,
    submit,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def sw(users):
    return users["social_worker"]


@pytest.fixture
def tm(users):
    return users["team_manager"]


def errors_of(exc_info) -> dict:
    return exc_info.value.message_dict


def events(child, event_type):
    return list(ChronologyEntry.objects.filter(person=child, event_type=event_type).order_by("occurred_on", "id"))


# --- Referral and the ASSESSMENT clock --------------------------------------------------------------------

def test_referral_raises_assessment_work_due_in_45_working_days(child, sw):
    episode = open_referral(child, sw)
    work = StatutoryWork.objects.get(person=child, rule_code="ASSESSMENT")
    assert work.due_on == ASSESSMENT_DUE == due_date("ASSESSMENT", REFERRAL)
    assert (work.source_type, work.source_id) == ("family_help.cinepisode", str(episode.pk))


def test_referral_inside_a_closed_episode_is_refused(child, tm):
    episode = open_referral(child, tm, primary_need="N4")
    services.episode_close(by=tm, episode=episode, closure_date=dt.date(2025, 2, 1), reason="RC7",
                           expected_version=episode.version)
    with pytest.raises(ValidationError) as exc:  # rule 8820: episodes do not overlap
        open_referral(child, tm, dt.date(2025, 1, 20))
    assert "must be on or after 1/2/2025" in errors_of(exc)["referral_date"][0]
    again = open_referral(child, tm, dt.date(2025, 2, 1))  # the day it closed is allowed
    assert again.is_rereferral


def test_a_referral_dated_before_a_later_closed_episode_is_refused(child, tm):
    """Rule 8820 both ways (family_help/rules.py): a backdated referral would be open across the later episode."""
    episode = open_referral(child, tm, primary_need="N4")  # referred on REFERRAL
    services.episode_close(by=tm, episode=episode, closure_date=dt.date(2025, 2, 1), reason="RC7",
                           expected_version=episode.version)
    with pytest.raises(ValidationError) as exc:
        open_referral(child, tm, REFERRAL - dt.timedelta(days=30))
    assert "has a later episode of need" in errors_of(exc)["referral_date"][0]


def test_referral_with_unknown_primary_need_is_refused(child, sw):
    with pytest.raises(ValidationError) as exc:
        open_referral(child, sw, primary_need="N99")
    assert "primary_need" in errors_of(exc)


# --- Assessments ------------------------------------------------------------------------------------------

def test_assessment_before_the_referral_is_refused(child, sw):
    episode = open_referral(child, sw)
    with pytest.raises(ValidationError) as exc:  # rule 1103
        services.assessment_start(by=sw, episode=episode, start_date=REFERRAL - dt.timedelta(days=1))
    assert errors_of(exc)["start_date"] == ["The assessment start date must be on or after the referral date (6/1/2025)"]
    assert not Assessment.objects.exists()


def test_assessment_in_the_future_is_refused(child, sw):
    episode = open_referral(child, sw)
    with pytest.raises(ValidationError) as exc:
        services.assessment_start(by=sw, episode=episode, start_date=dt.date.today() + dt.timedelta(days=3))
    assert "today or in the past" in errors_of(exc)["start_date"][0]


def test_only_one_open_assessment(child, sw):
    assessment = started_assessment(child, sw)
    with pytest.raises(ValidationError) as exc:  # rules 8863Q/8896
        services.assessment_start(by=sw, episode=assessment.episode, start_date=REFERRAL + dt.timedelta(days=2))
    assert "still open" in errors_of(exc)["start_date"][0]


def test_assessment_started_is_in_the_chronology_with_its_due_date(child, sw):
    started_assessment(child, sw)
    (entry,) = events(child, "assessment_started")
    assert "to be authorised by 10/3/2025" in entry.summary


def test_authorised_before_it_started_is_refused(child, sw, tm):
    assessment = started_assessment(child, sw, start=dt.date(2025, 1, 10), submitted=True)
    with pytest.raises(ValidationError) as exc:  # rule 8608
        services.assessment_authorise(by=tm, assessment=assessment, expected_version=assessment.version,
                                      authorised_date=dt.date(2025, 1, 9), factors=["16A"], summary="Analysis",
                                      primary_need="N1")
    assert errors_of(exc)["authorised_date"] == [
        "The date authorised must be on or after the date the assessment started (10/1/2025)"]
    assessment.refresh_from_db()
    assert assessment.authorised_date is None


@pytest.mark.parametrize("factors, message", [
    ([], "Choose the factors identified"),  # 8614/8897Q
    (["21", "16A"], "must be used on its own"),  # 8869
    (["16A", "16A"], "only once"),  # 8898
    (["18A"], "not census factor codes: 18A"),  # deprecated code
])
def test_factor_rules(child, sw, tm, factors, message):
    assessment = started_assessment(child, sw, submitted=True)
    with pytest.raises(ValidationError) as exc:
        services.assessment_authorise(by=tm, assessment=assessment, expected_version=assessment.version,
                                      authorised_date=dt.date(2025, 2, 1), factors=factors, summary="Analysis",
                                      primary_need="N1")
    assert any(message in m for m in errors_of(exc)["factors"])


def test_factor_21_alone_is_accepted(child, tm):
    assessment = authorised_assessment(child, tm, factors=["21"])
    assert assessment.factors == ["21"]


def test_authorisation_needs_sign_off_permission(child, sw):
    assessment = started_assessment(child, sw)
    with pytest.raises(PermissionDenied):
        services.assessment_authorise(by=sw, assessment=assessment, expected_version=assessment.version,
                                      authorised_date=dt.date(2025, 2, 1), factors=["16A"], summary="Analysis",
                                      primary_need="N1")


def test_authorised_on_the_due_date_is_on_time(child, sw, tm):
    assessment = started_assessment(child, sw, submitted=True)
    services.assessment_authorise(by=tm, assessment=assessment, expected_version=assessment.version,
                                  authorised_date=ASSESSMENT_DUE, factors=["16A", "3B"], summary="Analysis",
                                  primary_need="N1")
    work = StatutoryWork.objects.get(person=child, rule_code="ASSESSMENT")
    assert (work.status, work.completed_on, work.on_time) == ("done", ASSESSMENT_DUE, True)
    assert (work.completion_type, work.completion_id) == ("family_help.assessment", str(assessment.pk))
    assessment.refresh_from_db()
    assert assessment.authorised_by == tm and assessment.factors == ["16A", "3B"]
    assert assessment.episode.primary_need == "N1"
    (entry,) = events(child, "assessment_authorised")
    assert "within 45 working days" in entry.summary


def test_authorised_a_day_late_is_late(child, sw, tm):
    assessment = started_assessment(child, sw, submitted=True)
    services.assessment_authorise(by=tm, assessment=assessment, expected_version=assessment.version,
                                  authorised_date=ASSESSMENT_DUE + dt.timedelta(days=1), factors=["16A"],
                                  summary="Analysis", primary_need="N1")
    work = StatutoryWork.objects.get(person=child, rule_code="ASSESSMENT")
    assert work.on_time is False
    assert "late: it was due by 10/3/2025" in events(child, "assessment_authorised")[0].summary


def test_authorisation_needs_a_primary_need_and_a_summary(child, sw, tm):
    assessment = started_assessment(child, sw, submitted=True)
    with pytest.raises(ValidationError) as exc:
        services.assessment_authorise(by=tm, assessment=assessment, expected_version=assessment.version,
                                      authorised_date=dt.date(2025, 2, 1), factors=["16A"], summary="")
    assert set(errors_of(exc)) == {"summary", "primary_need"}


def test_summary_defaults_to_the_draft(child, sw, tm):
    assessment = started_assessment(child, sw)
    services.assessment_save_draft(by=sw, assessment=assessment, text="Home visit: the child is thriving",
                                   expected_version=assessment.draft_version)
    submit(assessment, sw)
    # The worker stopped writing more than SAFEHOLD_DRAFT_ACTIVE_MINUTES ago (else it is still being written).
    Assessment.objects.filter(pk=assessment.pk).update(draft_saved_at=timezone.now() - dt.timedelta(minutes=11))
    assessment.refresh_from_db()
    services.assessment_authorise(by=tm, assessment=assessment, expected_version=assessment.version,
                                  authorised_date=dt.date(2025, 2, 1), factors=["21"], primary_need="N9")
    assessment.refresh_from_db()
    assert assessment.summary == "Home visit: the child is thriving"


def test_stale_version_is_a_conflict(child, sw, tm):
    from safehold.core.concurrency import EditConflict

    assessment = started_assessment(child, sw, submitted=True)
    with pytest.raises(EditConflict):
        services.assessment_authorise(by=tm, assessment=assessment, expected_version=assessment.version + 1,
                                      authorised_date=dt.date(2025, 2, 1), factors=["16A"], summary="Analysis",
                                      primary_need="N1")


# --- Drafts -----------------------------------------------------------------------------------------------

def test_draft_is_idempotent_and_never_changes_the_assessments_version(child, sw):
    assessment = started_assessment(child, sw)
    version = assessment.version
    first = services.assessment_save_draft(by=sw, assessment=assessment, text="First words", expected_version=1)
    saved_at = first.draft_saved_at
    again = services.assessment_save_draft(by=sw, assessment=assessment, text="First words", expected_version=1)
    assert again.draft_saved_at == saved_at and again.draft_version == 2
    later = services.assessment_save_draft(by=sw, assessment=assessment, text="First words and more",
                                           expected_version=2)
    assessment.refresh_from_db()
    assert assessment.draft_text == "First words and more"
    assert assessment.draft_saved_at == later.draft_saved_at >= saved_at
    assert assessment.draft_saved_by == sw
    assert assessment.version == version and assessment.draft_version == 3
    # One audit row for each save that changed the text, none for the repeat.
    assert AuditEvent.objects.filter(action="assessment.draft_save").count() == 2


def test_draft_refused_once_authorised(child, tm):
    assessment = authorised_assessment(child, tm)
    with pytest.raises(ValidationError) as exc:
        services.assessment_save_draft(by=tm, assessment=assessment, text="Too late",
                                       expected_version=assessment.draft_version)
    assert "can no longer be changed" in errors_of(exc)["draft_text"][0]


def test_draft_needs_casework_permission(child, sw, users):
    assessment = started_assessment(child, sw)
    with pytest.raises(PermissionDenied):
        services.assessment_save_draft(by=users["analyst"], assessment=assessment, text="Not mine to write",
                                       expected_version=assessment.draft_version)


# --- Child in need plans ----------------------------------------------------------------------------------

def test_cin_plan_before_the_referral_is_refused(child, tm):
    episode = open_referral(child, tm)
    with pytest.raises(ValidationError) as exc:  # rule 4015
        services.cin_plan_start(by=tm, episode=episode, start_date=REFERRAL - dt.timedelta(days=1),
                                lead_practitioner=tm)
    assert "on or after the referral date (6/1/2025)" in errors_of(exc)["start_date"][0]


def test_one_open_cin_plan_and_no_overlap(child, tm):
    plan = cin_plan(child, tm, start=dt.date(2025, 2, 1))
    with pytest.raises(ValidationError) as exc:  # rule 4004
        services.cin_plan_start(by=tm, episode=plan.episode, start_date=dt.date(2025, 3, 1), lead_practitioner=tm)
    assert "still open" in errors_of(exc)["start_date"][0]
    services.cin_plan_end(by=tm, plan=plan, end_date=dt.date(2025, 4, 1), end_reason="Goals met",
                          expected_version=plan.version)
    with pytest.raises(ValidationError) as exc:  # rule 4014
        services.cin_plan_start(by=tm, episode=plan.episode, start_date=dt.date(2025, 4, 1), lead_practitioner=tm)
    assert "would overlap the plan from 1/2/2025 to 1/4/2025" in errors_of(exc)["start_date"][0]
    services.cin_plan_start(by=tm, episode=plan.episode, start_date=dt.date(2025, 4, 2), lead_practitioner=tm)


def test_cin_plan_gives_the_lead_practitioner_the_case(child, tm):
    plan = cin_plan(child, tm, start=dt.date(2025, 2, 1))
    lead = Allocation.objects.get(person=child, role=Allocation.Role.LEAD_PRACTITIONER, ended_on__isnull=True)
    assert lead.worker == tm
    services.cin_plan_end(by=tm, plan=plan, end_date=dt.date(2025, 5, 1), end_reason="Goals met",
                          expected_version=plan.version)
    lead.refresh_from_db()
    assert lead.ended_on == dt.date(2025, 5, 1)
    assert [e.summary for e in events(child, "cin_plan")] == [
        f"Child in need plan started; lead practitioner {tm}", "Child in need plan ended: Goals met"]


def test_cin_plan_cannot_run_beside_a_cp_plan(child, tm):
    from safehold.child_protection.tests.helpers import plan_for

    cp = plan_for(child, tm, referral=dt.date(2025, 12, 1))
    with pytest.raises(ValidationError) as exc:  # rules 4001/4003
        services.cin_plan_start(by=tm, episode=cp.episode, start_date=dt.date(2026, 1, 20), lead_practitioner=tm)
    assert "child protection plan" in errors_of(exc)["start_date"][0]


def test_plan_end_before_its_last_review_is_refused(child, tm):
    plan = cin_plan(child, tm, start=dt.date(2025, 2, 1))
    services.plan_review_record(by=tm, plan=plan, review_date=dt.date(2025, 4, 1), outcome="Continue the plan")
    with pytest.raises(ValidationError) as exc:
        services.cin_plan_end(by=tm, plan=plan, end_date=dt.date(2025, 3, 1), end_reason="Goals met",
                              expected_version=plan.version)
    assert errors_of(exc)["end_date"] == ["The end date must be on or after the last review (1/4/2025)"]
    with pytest.raises(ValidationError) as exc:
        services.cin_plan_end(by=tm, plan=plan, end_date=dt.date(2025, 1, 31), end_reason="Goals met",
                              expected_version=plan.version)
    assert "on or after the plan started (1/2/2025)" in errors_of(exc)["end_date"][0]


def test_review_outside_the_plan_is_refused(child, tm):
    plan = cin_plan(child, tm, start=dt.date(2025, 2, 1))
    with pytest.raises(ValidationError) as exc:
        services.plan_review_record(by=tm, plan=plan, review_date=dt.date(2025, 1, 15), outcome="Too early")
    assert errors_of(exc)["review_date"] == ["The review date must be on or after the plan started (1/2/2025)"]
    services.plan_review_record(by=tm, plan=plan, review_date=dt.date(2025, 2, 15), outcome="Continue")
    assert events(child, "plan_review")[0].summary == "Child in need plan reviewed: Continue"


# --- Visits -----------------------------------------------------------------------------------------------

def test_visit_records_seen_alone_and_the_childs_words(child, sw, tm):
    plan = cin_plan(child, tm, start=dt.date(2025, 2, 1))
    visit = services.visit_record(by=sw, person=child, kind="cin", visited_on=dt.date(2025, 2, 10), child_seen=True,
                                  child_seen_alone=True, childs_words="I like my new school", notes="Home clean")
    assert (visit.context_type, visit.context_id) == ("family_help.cinplan", str(plan.pk))
    assert visit.visited_by == sw and visit.childs_words == "I like my new school"
    (entry,) = events(child, "visit")
    assert entry.summary == f"Child in need visit by {sw}: child seen alone (child's words recorded)"


def test_seen_alone_only_if_seen(child, sw):
    started_assessment(child, sw)
    with pytest.raises(ValidationError) as exc:
        services.visit_record(by=sw, person=child, kind="assessment", visited_on=dt.date(2025, 1, 8),
                              child_seen=False, child_seen_alone=True, childs_words="", notes="")
    assert errors_of(exc) == {"child_seen_alone": ["The child cannot have been seen alone if they were not seen"]}
    assert not Visit.objects.exists()


def test_visit_in_the_future_or_before_the_work_is_refused(child, sw):
    started_assessment(child, sw, start=dt.date(2025, 1, 8))
    with pytest.raises(ValidationError) as exc:
        services.visit_record(by=sw, person=child, kind="assessment", visited_on=dt.date.today() + dt.timedelta(1),
                              child_seen=True, child_seen_alone=False, childs_words="", notes="")
    assert "today or in the past" in errors_of(exc)["visited_on"][0]
    with pytest.raises(ValidationError) as exc:
        services.visit_record(by=sw, person=child, kind="assessment", visited_on=dt.date(2025, 1, 7),
                              child_seen=True, child_seen_alone=False, childs_words="", notes="")
    assert errors_of(exc)["visited_on"] == ["The date of the visit must be on or after the assessment started (8/1/2025)"]


def test_visit_needs_open_work_of_its_kind(child, sw):
    with pytest.raises(ValidationError) as exc:
        services.visit_record(by=sw, person=child, kind="cin", visited_on=dt.date(2025, 1, 8), child_seen=True,
                              child_seen_alone=False, childs_words="", notes="")
    assert "no open child in need plan" in errors_of(exc)["kind"][0]


def test_visit_context_of_another_child_is_refused(child, sw, tm):
    other = PersonFactory()
    plan = cin_plan(other, tm)
    with pytest.raises(ValidationError):
        services.visit_record(by=sw, person=child, kind="cin", visited_on=dt.date(2025, 1, 8), child_seen=True,
                              child_seen_alone=False, childs_words="", notes="", context=plan)


# --- Early help -------------------------------------------------------------------------------------------

def test_early_help_open_and_close(child, sw):
    episode = early_help(child, sw)
    assert episode.lead_practitioner_role == "Family support worker"
    assert episode.lead_practitioner_agency == "Local authority"
    with pytest.raises(ValidationError) as exc:
        early_help(child, sw, start=dt.date(2025, 3, 1))
    assert "already has early help" in errors_of(exc)["start_date"][0]
    services.plan_review_record(by=sw, plan=episode, review_date=dt.date(2025, 3, 3), outcome="Going well")
    with pytest.raises(ValidationError) as exc:
        services.early_help_close(by=sw, episode=episode, end_date=dt.date(2025, 3, 1), end_reason="outcomes_met",
                                  expected_version=episode.version)
    assert "last review (3/3/2025)" in errors_of(exc)["end_date"][0]
    services.early_help_close(by=sw, episode=episode, end_date=dt.date(2025, 4, 1), end_reason="outcomes_met",
                              expected_version=episode.version)
    episode.refresh_from_db()
    assert episode.end_date == dt.date(2025, 4, 1)
    assert len(events(child, "early_help")) == 2


# --- Closure ----------------------------------------------------------------------------------------------

def test_closure_needs_sign_off(child, sw):
    episode = open_referral(child, sw, primary_need="N4")
    with pytest.raises(PermissionDenied):
        services.episode_close(by=sw, episode=episode, closure_date=dt.date(2025, 2, 1), reason="RC7",
                               expected_version=episode.version)


def test_closure_refused_while_assessment_open(child, sw, tm):
    assessment = started_assessment(child, sw)
    episode = assessment.episode
    with pytest.raises(ValidationError) as exc:  # rule 8867
        services.episode_close(by=tm, episode=episode, closure_date=dt.date(2025, 2, 1), reason="RC8",
                               expected_version=episode.version, primary_need="N9")
    assert any("has not been authorised" in m for m in errors_of(exc)["__all__"])
    episode.refresh_from_db()
    assert episode.is_open


def test_closure_refused_while_cin_plan_open(child, tm):
    plan = cin_plan(child, tm, start=dt.date(2025, 2, 1))
    episode = plan.episode
    with pytest.raises(ValidationError) as exc:
        services.episode_close(by=tm, episode=episode, closure_date=dt.date(2025, 3, 1), reason="RC7",
                               expected_version=episode.version, primary_need="N5")
    assert "The child in need plan from 1/2/2025 is still open: end it first" in errors_of(exc)["__all__"]


def test_rc8_needs_an_assessment_and_no_plan(child, tm):
    episode = open_referral(child, tm, primary_need="N9")
    with pytest.raises(ValidationError) as exc:  # rule 8825Q
        services.episode_close(by=tm, episode=episode, closure_date=dt.date(2025, 2, 1), reason="RC8",
                               expected_version=episode.version)
    assert "has no assessment" in errors_of(exc)["reason"][0]
    plan = cin_plan(child, tm, start=dt.date(2025, 1, 10), episode=episode)
    authorised_assessment(child, tm, episode=episode, start=dt.date(2025, 1, 8), on=dt.date(2025, 1, 20))
    services.cin_plan_end(by=tm, plan=plan, end_date=dt.date(2025, 1, 25), end_reason="Done",
                          expected_version=plan.version)
    episode.refresh_from_db()
    with pytest.raises(ValidationError) as exc:  # rule 2990
        services.episode_close(by=tm, episode=episode, closure_date=dt.date(2025, 2, 1), reason="RC9",
                               expected_version=episode.version)
    assert "rule 2990" in errors_of(exc)["reason"][0]


def test_closure_before_the_last_work_is_refused(child, tm):
    assessment = authorised_assessment(child, tm, on=dt.date(2025, 2, 3))
    episode = assessment.episode
    episode.refresh_from_db()
    with pytest.raises(ValidationError) as exc:  # rule 8565
        services.episode_close(by=tm, episode=episode, closure_date=dt.date(2025, 2, 1), reason="RC8",
                               expected_version=episode.version)
    assert errors_of(exc)["closure_date"] == [
        "The closure date must be on or after the last recorded work (the assessment was authorised on 3/2/2025)"]


def test_closure_signed_off_cancels_open_work(child, sw, tm):
    episode = open_referral(child, sw, primary_need="N4")
    services.episode_request_closure(by=sw, episode=episode, reason="RC7", note="Family moved on; no needs")
    episode.refresh_from_db()
    assert episode.closure_requested_by == sw
    services.episode_close(by=tm, episode=episode, closure_date=dt.date(2025, 2, 1), reason="RC7",
                           expected_version=episode.version)
    episode.refresh_from_db()
    assert (episode.closure_date, episode.closure_reason, episode.closure_signed_off_by) == (
        dt.date(2025, 2, 1), "RC7", tm)
    assert episode.closure_signed_off_at is not None
    work = StatutoryWork.objects.get(person=child, rule_code="ASSESSMENT")
    assert work.status == "cancelled" and work.on_time is None
    requested, closed = sorted(events(child, "closure"), key=lambda e: e.id)
    assert requested.summary.startswith(f"Closure requested by {sw}: RC7")
    assert closed.occurred_on == dt.date(2025, 2, 1)
    assert closed.summary.startswith("Episode of need closed: RC7") and f"Signed off by {tm}" in closed.summary


def test_closure_needs_a_primary_need(child, tm):
    episode = open_referral(child, tm)
    with pytest.raises(ValidationError) as exc:  # rule 8610
        services.episode_close(by=tm, episode=episode, closure_date=dt.date(2025, 2, 1), reason="RC7",
                               expected_version=episode.version)
    assert "rule 8610" in errors_of(exc)["primary_need"][0]


def test_closure_refused_with_an_open_cp_plan(child, tm):
    from safehold.child_protection.tests.helpers import plan_for

    cp = plan_for(child, tm, referral=dt.date(2025, 12, 1))
    episode = cp.episode
    episode.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        services.episode_close(by=tm, episode=episode, closure_date=dt.date(2026, 2, 1), reason="RC7",
                               expected_version=episode.version, primary_need="N1")
    assert any("child protection plan" in m for m in errors_of(exc)["__all__"])


# --- Pre-proceedings and FGDM (module 5) ------------------------------------------------------------------

PP = {"pp_start_date": dt.date(2025, 2, 3)}


@pytest.mark.parametrize("data, field, message", [
    ({"lbp_sent_date": dt.date(2025, 2, 1), "fgdm_meeting_offer": True}, "lbp_sent_date",
     "on or after pre-proceedings started (3/2/2025)"),  # 9006
    ({"lbp_sent_date": dt.date(2025, 2, 5)}, "fgdm_meeting_offer", "family group decision making"),  # 9007
    ({"step_decision_date": dt.date(2025, 2, 2)}, "step_decision_date", "on or after pre-proceedings started"),  # 9009
    ({"step_decision_date": dt.date(2025, 3, 3), "court_app_date": dt.date(2025, 3, 1)}, "court_app_date",
     "on or after the decision to step up (3/3/2025)"),  # 9012
    ({"court_app_date": dt.date(2025, 3, 1)}, "court_app_date", "Record the decision to step up"),
    ({"step_decision_date": dt.date(2025, 3, 3), "court_app_date": dt.date(2025, 3, 4),
      "letter_init_cp_date": dt.date(2025, 3, 3)}, "letter_init_cp_date", "on or after the court application"),  # 9013
    ({"pp_outcome": "D"}, "pp_outcome", "A, B or C"),  # 9011
])
def test_pre_proceedings_ordering(child, tm, data, field, message):
    episode = open_referral(child, tm)
    with pytest.raises(ValidationError) as exc:
        services.pre_proceedings_record(by=tm, episode=episode, data={**PP, **data})
    assert message in errors_of(exc)[field][0]


def test_pre_proceedings_milestones_and_queries(child, tm):
    episode = open_referral(child, tm)
    pp = services.pre_proceedings_record(by=tm, episode=episode, data={
        **PP, "lbp_sent_date": dt.date(2025, 2, 10), "fgdm_meeting_offer": True,
        "initial_pp_meeting_date": dt.date(2025, 2, 20)})
    assert services.pre_proceedings_warnings(pp) == [
        "An FGDM meeting was offered: record whether it was facilitated (CIN census query 9010Q)",
        "Record the number of review meetings after the first meeting (CIN census query 9015Q)"]
    pp = services.pre_proceedings_update(by=tm, pre_proceedings=pp, expected_version=pp.version, data={
        **PP, "lbp_sent_date": dt.date(2025, 2, 10), "fgdm_meeting_offer": True, "fgdm_meeting_fac": True,
        "initial_pp_meeting_date": dt.date(2025, 2, 20), "review_meetings_count": 2,
        "step_decision_date": dt.date(2025, 5, 1), "pp_outcome": "B"})
    assert services.pre_proceedings_warnings(pp) == []
    summaries = [e.summary for e in events(child, "pre_proceedings")]
    assert "Pre-proceedings started (legal planning meeting)" in summaries
    assert "Letter before proceedings sent; it offered a family group decision making meeting" in summaries
    assert "Decision to step up to proceedings or step down (outcome B)" in summaries
    assert "Family group decision making meeting facilitated in pre-proceedings" in summaries
    assert len(summaries) == 5
    # An episode with pre-proceedings awaiting a decision cannot close; with a decision it can.
    episode.refresh_from_db()
    services.episode_close(by=tm, episode=episode, closure_date=dt.date(2025, 5, 2), reason="RC7",
                           expected_version=episode.version, primary_need="N1")


def test_open_pre_proceedings_block_closure(child, tm):
    episode = open_referral(child, tm, primary_need="N1")
    services.pre_proceedings_record(by=tm, episode=episode, data=PP)
    episode.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        services.episode_close(by=tm, episode=episode, closure_date=dt.date(2025, 5, 2), reason="RC7",
                               expected_version=episode.version)
    assert any("no decision to step up or down" in m for m in errors_of(exc)["__all__"])


def test_episode_primary_need_update(child, sw):
    episode = open_referral(child, sw)
    services.episode_update_primary_need(by=sw, episode=episode, primary_need="N3")
    episode.refresh_from_db()
    assert episode.primary_need == "N3" and episode.version == 2
    with pytest.raises(ValidationError):
        services.episode_update_primary_need(by=sw, episode=episode, primary_need="X1")


def test_no_work_on_a_referral_with_no_further_action(child, sw):
    episode = open_referral(child, sw)
    type(episode).objects.filter(pk=episode.pk).update(referral_nfa=True)
    episode.refresh_from_db()
    with pytest.raises(ValidationError) as exc:  # rules 8831/4000
        services.assessment_start(by=sw, episode=episode, start_date=REFERRAL)
    assert "no further action" in errors_of(exc)["start_date"][0]
    assert not CINPlan.objects.exists()

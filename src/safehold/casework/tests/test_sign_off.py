"""Work handed on and signed off (issue 14.2): a record is a draft the worker writes, submitted to the team's
managers, returned with a reason or authorised; nobody signs off a draft or their own work, a submitted
assessment is not edited, a stale page changes nothing, and each step tells the person who acts next."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from safehold.casework.models import SignOff
from safehold.casework.signoff import sign_off_authorise, sign_off_for, sign_off_return, sign_off_submit
from safehold.casework.tests.factories import VisitFactory
from safehold.core.concurrency import EditConflict
from safehold.family_help import services as fh
from safehold.family_help.tests.helpers import cin_plan, started_assessment
from safehold.notifications.models import Notification
from safehold.people.models import ChronologyEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def visit(child, sw, tm):
    plan = cin_plan(child, tm, start=dt.date(2025, 1, 6))
    return fh.visit_record(by=sw, person=child, kind="cin", visited_on=dt.date(2025, 1, 20), child_seen=True,
                           child_seen_alone=True, childs_words="I like my new school", context=plan)


def told(user, kind=None):
    qs = Notification.objects.filter(recipient=user)
    return list(qs.filter(kind=kind) if kind else qs)


def test_a_recorded_visit_starts_as_a_draft_of_its_author(visit, sw):
    sign_off = sign_off_for(visit)
    assert (sign_off.state, sign_off.author, sign_off.kind) == ("draft", sw, "visit")
    assert sign_off.title == "Child in need visit on 20 January 2025"


def test_submitting_tells_the_team_managers_and_nobody_else(visit, sw, tm, users):
    sign_off = sign_off_submit(by=sw, sign_off=sign_off_for(visit), expected_version=1, note="Ready")
    assert sign_off.state == "submitted" and sign_off.team == sw.team
    (note,) = told(tm, "sign_off_submitted")
    assert note.url == reverse("casework:sign_off", args=[sign_off.pk])
    assert "C0000001" in note.title and "Amelia" not in note.title  # the ID, never the name
    assert told(sw) == [] and told(users["service_manager"]) == []
    assert [s.state for s in sign_off.steps.all()] == ["submitted"]


def test_returning_needs_a_reason_and_tells_the_worker(visit, sw, tm, child):
    sign_off = sign_off_submit(by=sw, sign_off=sign_off_for(visit), expected_version=1)
    with pytest.raises(ValidationError) as exc:
        sign_off_return(by=tm, sign_off=sign_off, expected_version=sign_off.version, reason="  ")
    assert exc.value.message_dict["reason"] == ["Say what must change before it can be signed off"]
    sign_off = sign_off_return(by=tm, sign_off=sign_off, expected_version=sign_off.version,
                               reason="Record what the child said about home, not only school")
    assert sign_off.state == "returned"
    (note,) = told(sw, "sign_off_returned")
    assert "returned to you" in note.title
    assert ChronologyEntry.objects.filter(person=child, event_type="sign_off_returned").exists()
    # The worker resubmits; the manager signs it off and the worker is told.
    sign_off = sign_off_submit(by=sw, sign_off=sign_off, expected_version=sign_off.version)
    sign_off = sign_off_authorise(by=tm, sign_off=sign_off, expected_version=sign_off.version)
    assert sign_off.state == "authorised" and sign_off.decided_by == tm
    assert len(told(sw, "sign_off_authorised")) == 1
    assert [s.state for s in sign_off.steps.all()] == ["submitted", "returned", "submitted", "authorised"]


def test_a_draft_is_not_signed_off_and_nobody_signs_off_their_own(visit, sw, tm, users):
    sign_off = sign_off_for(visit)
    with pytest.raises(ValidationError, match="Only submitted work"):
        sign_off_authorise(by=tm, sign_off=sign_off, expected_version=1)
    sign_off = sign_off_submit(by=tm, sign_off=sign_off, expected_version=1)  # the manager submits it
    with pytest.raises(ValidationError, match="another manager"):
        sign_off_authorise(by=tm, sign_off=sign_off, expected_version=sign_off.version)
    with pytest.raises(PermissionDenied):
        sign_off_authorise(by=sw, sign_off=sign_off, expected_version=sign_off.version)
    sign_off_authorise(by=users["service_manager"], sign_off=sign_off, expected_version=sign_off.version)


def test_a_stale_page_changes_nothing(visit, sw, tm):
    sign_off = sign_off_submit(by=sw, sign_off=sign_off_for(visit), expected_version=1)
    stale = sign_off.version
    sign_off_return(by=tm, sign_off=sign_off, expected_version=stale, reason="Add the child's words")
    with pytest.raises(EditConflict):
        sign_off_authorise(by=tm, sign_off=SignOff.objects.get(pk=sign_off.pk), expected_version=stale)
    assert SignOff.objects.get(pk=sign_off.pk).state == "returned"


def test_a_submitted_assessment_is_not_edited_and_is_authorised_only_on_its_form(child, sw, tm):
    assessment = started_assessment(child, sw)
    fh.assessment_save_draft(by=sw, assessment=assessment, text="Analysis so far", expected_version=1)
    with pytest.raises(ValidationError, match="not been submitted"):
        fh.assessment_authorise(by=tm, assessment=assessment, expected_version=assessment.version,
                                authorised_date=dt.date(2025, 2, 3), factors=["16A"], primary_need="N1")
    sign_off = sign_off_submit(by=sw, sign_off=sign_off_for(assessment), expected_version=1)
    with pytest.raises(ValidationError, match="waits with a manager"):
        fh.assessment_save_draft(by=sw, assessment=assessment, text="Analysis changed", expected_version=2)
    with pytest.raises(ValidationError, match="own form"):
        sign_off_authorise(by=tm, sign_off=sign_off, expected_version=sign_off.version)
    fh.assessment_authorise(by=tm, assessment=assessment, expected_version=assessment.version,
                            authorised_date=dt.date(2025, 2, 3), factors=["16A"], primary_need="N1")
    assert sign_off_for(assessment).state == "authorised"
    assert len(told(sw, "sign_off_authorised")) == 1


def test_a_returned_assessment_is_editable_again(child, sw, tm):
    assessment = started_assessment(child, sw, submitted=True)
    sign_off = sign_off_for(assessment)
    sign_off_return(by=tm, sign_off=sign_off, expected_version=sign_off.version, reason="Analyse the risks")
    fh.assessment_save_draft(by=sw, assessment=assessment, text="Risks analysed", expected_version=1)


# --- Pages -------------------------------------------------------------------------------------------------

def test_the_manager_returns_from_the_page_and_the_worker_sees_why(visit, sw, tm, login, client):
    sign_off = sign_off_submit(by=sw, sign_off=sign_off_for(visit), expected_version=1)
    url = reverse("casework:sign_off", args=[sign_off.pk])
    page = login(tm).get(url).content.decode()
    assert "I like my new school" in page and 'id="return"' in page and 'id="authorise"' in page
    act = reverse("casework:sign_off_act", args=[sign_off.pk, "return"])
    response = client.post(act, {"version": sign_off.version, "reason": ""})
    assert response.status_code == 400
    assert "Say what must change" in response.content.decode()
    assert SignOff.objects.get(pk=sign_off.pk).state == "submitted"
    response = client.post(act, {"version": sign_off.version, "reason": "Say where the visit took place"})
    assert response.status_code == 302
    page = login(sw).get(url).content.decode()
    assert "Say where the visit took place" in page and 'id="submit-for-sign-off"' in page
    listing = client.get(reverse("casework:sign_off_list")).content.decode()
    assert "Returned to you for changes (1)" in listing


def test_a_stale_decision_page_explains_and_changes_nothing(visit, sw, tm, users, login, client):
    sign_off = sign_off_submit(by=sw, sign_off=sign_off_for(visit), expected_version=1)
    seen = sign_off.version
    sign_off_authorise(by=users["service_manager"], sign_off=sign_off, expected_version=seen)
    response = login(tm).post(reverse("casework:sign_off_act", args=[sign_off.pk, "return"]),
                              {"version": seen, "reason": "Too late"})
    assert response.status_code == 400
    assert "someone acted on this since you opened it" in response.content.decode()
    assert SignOff.objects.get(pk=sign_off.pk).state == "authorised"


def test_managers_see_what_waits_for_them_and_workers_cannot_decide(visit, sw, tm, login):
    sign_off = sign_off_submit(by=sw, sign_off=sign_off_for(visit), expected_version=1)
    listing = login(tm).get(reverse("casework:sign_off_list")).content.decode()
    assert "Waiting for your sign-off (1)" in listing and "Child in need visit on 20 January 2025" in listing
    response = login(sw).post(reverse("casework:sign_off_act", args=[sign_off.pk, "authorise"]),
                              {"version": sign_off.version})
    assert response.status_code == 403
    assert SignOff.objects.get(pk=sign_off.pk).state == "submitted"


def test_a_manager_of_another_team_cannot_open_it(visit, sw, login, other_team):
    from safehold.accounts.tests.factories import UserFactory

    sign_off = sign_off_submit(by=sw, sign_off=sign_off_for(visit), expected_version=1)
    stranger = UserFactory(role="team_manager", team=other_team)
    assert login(stranger).get(reverse("casework:sign_off", args=[sign_off.pk])).status_code == 403
    response = login(stranger).post(reverse("casework:sign_off_act", args=[sign_off.pk, "authorise"]),
                                    {"version": sign_off.version})
    assert response.status_code == 403
    assert SignOff.objects.get(pk=sign_off.pk).state == "submitted"
    assert "Waiting for your sign-off (0)" in login(stranger).get(reverse("casework:sign_off_list")).content.decode()


def test_the_sign_off_list_reads_a_fixed_number_of_queries(child, sw, tm, login):
    """However much waits, the manager's list is read in the same number of queries (issue 14 "Done means")."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext


    client = login(tm)
    client.get(reverse("home"))

    def submitted_visits(n):
        for i in range(n):
            v = VisitFactory(person=child, visited_on=dt.date(2026, 1, 5 + i), visited_by=sw)
            from safehold.casework.signoff import sign_off_open

            so = sign_off_open(by=sw, record=v, kind="visit", person=child, title=f"Visit {i}")
            sign_off_submit(by=sw, sign_off=so, expected_version=so.version)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("casework:sign_off_list")).status_code == 200
        return len(ctx.captured_queries)

    submitted_visits(1)
    one = count()
    submitted_visits(5)
    assert count() == one

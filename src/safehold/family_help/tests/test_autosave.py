"""The assessment autosave: drafts kept as the worker types (htmx POST), nothing lost when the
session ends (401, never a redirect), and the draft there again after signing in."""

import pytest
from django.test import Client
from django.urls import reverse

from safehold.family_help import services
from safehold.family_help.models import Assessment

from .helpers import authorised_assessment, started_assessment

pytestmark = pytest.mark.django_db


@pytest.fixture
def assessment(child, users):
    return started_assessment(child, users["social_worker"])


def autosave_url(assessment):
    return reverse("family_help:assessment_autosave", args=[assessment.person_id, assessment.pk])


def edit_url(assessment):
    return reverse("family_help:assessment_edit", args=[assessment.person_id, assessment.pk])


def test_autosave_keeps_the_latest_text_without_changing_the_version(assessment, users, login):
    client = login(users["social_worker"])
    response = client.post(autosave_url(assessment), {"draft_text": "Visited at home; the child showed me",
                                                      "draft_version": assessment.draft_version},
                           HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Draft saved at" in body
    assert int(response["X-Draft-Saved-At"]) > 0
    # The page's draft version moves on with the save (an htmx out-of-band swap of the hidden input).
    assert response["X-Draft-Version"] == str(assessment.draft_version + 1)
    assert (f'name="draft_version" id="id_draft_version" value="{assessment.draft_version + 1}" '
            'hx-swap-oob="true"') in body
    client.post(autosave_url(assessment), {"draft_text": "Visited at home; the child showed me her room",
                                           "draft_version": assessment.draft_version + 1},
                HTTP_HX_REQUEST="true")
    saved = Assessment.objects.get(pk=assessment.pk)
    assert saved.draft_text == "Visited at home; the child showed me her room"
    assert saved.draft_version == assessment.draft_version + 2
    assert saved.version == assessment.version  # the manager's authorisation form is never made stale


def test_draft_saved_by_autosave_is_there_after_a_new_login(assessment, users):
    worker = users["social_worker"]
    client = Client()
    client.force_login(worker)
    client.post(autosave_url(assessment), {"draft_text": "Day one: spoke to the school", "draft_version": 1},
                HTTP_HX_REQUEST="true")
    client.logout()  # the session ends (idle timeout, sign out, another tab)

    # The browser keeps posting: the server answers 401 (not a redirect to the sign-in page) and
    # keeps what it had; the page tells the worker their text is kept on the device.
    late = client.post(autosave_url(assessment), {"draft_text": "Day one: spoke to the school and GP",
                                                  "draft_version": 2}, HTTP_HX_REQUEST="true")
    assert late.status_code == 401
    assert "Your session has ended. What you wrote is kept on this device" in late.content.decode()
    assert Assessment.objects.get(pk=assessment.pk).draft_text == "Day one: spoke to the school"

    fresh = Client()
    fresh.force_login(worker)
    page = fresh.get(edit_url(assessment)).content.decode()
    assert "Day one: spoke to the school</textarea>" in page
    # The page tells the browser when the server's draft was saved, to compare with its own copy.
    saved_ms = int(Assessment.objects.get(pk=assessment.pk).draft_saved_at.timestamp() * 1000)
    assert f'data-server-saved-at="{saved_ms}"' in page
    assert f'data-storage-key="safehold-draft:{worker.pk}:assessment:{assessment.pk}"' in page
    assert 'name="draft_version" id="id_draft_version" value="2"' in page


def test_anonymous_get_goes_to_sign_in_and_get_is_not_allowed(assessment, users, client, login):
    response = client.get(autosave_url(assessment))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert login(users["social_worker"]).get(autosave_url(assessment)).status_code == 405


@pytest.mark.parametrize("role, status", [
    ("social_worker", 200), ("team_manager", 200), ("front_door", 200), ("service_manager", 200),
    ("iro", 403), ("analyst", 403), ("leader", 403), ("partner", 404), ("admin", 404),
])
def test_autosave_permissions(assessment, users, login, role, status):
    response = login(users[role]).post(autosave_url(assessment), {"draft_text": f"Written by {role}",
                                                                  "draft_version": assessment.draft_version})
    assert response.status_code == status
    saved = Assessment.objects.get(pk=assessment.pk).draft_text
    assert (saved == f"Written by {role}") == (status == 200)


def test_autosave_for_another_teams_child_is_refused(other_child, users, login):
    other = started_assessment(other_child, users["team_manager"])
    response = login(users["social_worker"]).post(autosave_url(other), {"draft_text": "Not my case",
                                                                        "draft_version": other.draft_version})
    assert response.status_code == 403
    assert Assessment.objects.get(pk=other.pk).draft_text == ""


def test_autosave_after_authorisation_answers_conflict(child, users, login):
    done = authorised_assessment(child, users["team_manager"])
    response = login(users["social_worker"]).post(autosave_url(done), {"draft_text": "More",
                                                                       "draft_version": done.draft_version})
    assert response.status_code == 409
    assert "can no longer be changed" in response.content.decode()


def test_save_draft_button_without_javascript(assessment, users, login):
    client = login(users["social_worker"])
    response = client.post(edit_url(assessment), {"draft_text": "Saved with the button",
                                                  "draft_version": assessment.draft_version})
    assert response.status_code == 302
    assert Assessment.objects.get(pk=assessment.pk).draft_text == "Saved with the button"


def test_autosave_service_is_used_by_the_endpoint(assessment, users):
    """The endpoint and the service agree: saving the same text twice changes nothing."""
    worker = users["social_worker"]
    first = services.assessment_save_draft(by=worker, assessment=assessment, text="Same", expected_version=1)
    second = services.assessment_save_draft(by=worker, assessment=assessment, text="Same", expected_version=1)
    assert first.draft_saved_at == second.draft_saved_at and second.draft_version == 2

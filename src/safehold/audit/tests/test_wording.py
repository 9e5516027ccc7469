"""The audit log in words (issue 14.9): pages, actions and fields as a person reads them, on the page and in the
CSV download."""

import datetime as dt

import pytest
from django.urls import reverse

from safehold.audit.wording import action_name, field_name, page_name
from safehold.family_help import services as fh

pytestmark = pytest.mark.django_db


def test_pages_actions_and_fields_in_words():
    assert page_name("people:detail") == "Child's record"
    assert page_name("family_help:assessment_edit") == "Family Help: assessment edit"
    assert action_name("assessment.authorise") == "Assessment: authorised"
    assert action_name("sign_off.submit") == "Sign off: submitted for sign-off"
    assert field_name("family_help.assessment", "authorised_date") == "Date authorised"
    assert field_name("nowhere.model", "some_field") == "Some field"
    assert field_name("child_protection.cpplan", "conferences") == "Conferences"  # a reverse relation


def test_the_audit_page_and_its_download_read_in_words(child, users, login):
    episode = fh.referral_open(by=users["social_worker"], person=child, referral_date=dt.date(2026, 1, 5), source="6")
    fh.episode_update_primary_need(by=users["team_manager"], episode=episode, primary_need="N4")
    admin = users["admin"]
    client = login(admin)
    page = client.get(reverse("audit:index"), {"person_id": child.person_id}).content.decode()
    assert "Cin episode: " in page or "Episode" in page
    assert 'id="audit-csv"' in page
    response = client.get(reverse("audit:index"), {"person_id": child.person_id, "format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    body = response.content.decode()
    assert body.splitlines()[0] == "When,Who,Record,What,Detail,Reason"
    assert "Primary need" in body

"""Record-level access: restricted records, named grants and break-glass (security.md B4.3, B4.5, B7.3)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from conftest import PASSWORD
from safehold.accounts.models import BreakGlassAccess
from safehold.accounts.tests.factories import BreakGlassAccessFactory, RecordAccessGrantFactory
from safehold.audit.models import AccessEvent, AuditEvent
from safehold.people import services


def detail(person):
    return reverse("people:detail", args=[person.pk])


def glass_url(person):
    return reverse("people:break_glass", args=[person.pk])


GOOD_REASON = {"reason_code": "safeguarding", "reason_text": "Police have called about a fight at the home tonight"}


def test_restricted_record_is_refused_to_a_social_worker_in_the_same_team(restricted_child, users, login):
    response = login(users["social_worker"]).get(detail(restricted_child))
    assert response.status_code == 403
    body = response.content.decode()
    assert "This record is restricted" in body
    assert "<title>Restricted record" in body
    assert "Amelia" not in body and "Hartley" not in body
    assert glass_url(restricted_child) in body  # the way in is offered, with a reason


def test_named_grant_opens_a_restricted_record_and_revoking_it_closes_it(restricted_child, users, login):
    client = login(users["social_worker"])
    grant = services.access_grant_create(by=users["team_manager"], person=restricted_child,
                                         user=users["social_worker"], reason="Allocated worker")
    response = client.get(detail(restricted_child))
    assert response.status_code == 200
    assert "Amelia Hartley" in response.content.decode()
    assert AccessEvent.objects.filter(user=users["social_worker"]).latest("id").basis == "grant"

    services.access_grant_revoke(by=users["team_manager"], grant=grant, reason="Moved team")
    assert client.get(detail(restricted_child)).status_code == 403


def test_a_grant_for_someone_else_does_not_open_it(restricted_child, users, login):
    RecordAccessGrantFactory(person=restricted_child, user=users["front_door"],
                                     granted_by=users["team_manager"], reason="Duty worker")
    assert login(users["social_worker"]).get(detail(restricted_child)).status_code == 403


def test_restricting_keeps_the_manager_and_allocated_worker_able_to_open_it(child, users, login):
    from safehold.casework.models import Allocation

    Allocation.objects.filter(person=child).update(worker=users["social_worker"])
    response = login(users["team_manager"]).post(reverse("people:restriction", args=[child.pk]),
                                                 {"reason": "Relative of a member of staff", "restrict": "1"})
    assert response.status_code == 302
    child.refresh_from_db()
    assert child.is_restricted
    assert login(users["social_worker"]).get(detail(child)).status_code == 200
    assert login(users["team_manager"]).get(detail(child)).status_code == 200
    assert login(users["front_door"]).get(detail(child)).status_code == 403


def test_break_glass_page_shows_the_form(restricted_child, users, login):
    response = login(users["social_worker"]).get(glass_url(restricted_child))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'name="password"' in body and 'name="reason_code"' in body
    assert "Hartley" not in body


def test_break_glass_with_a_wrong_password_is_refused(restricted_child, users, login):
    client = login(users["social_worker"])
    response = client.post(glass_url(restricted_child), {**GOOD_REASON, "password": "not my password"})
    assert response.status_code == 200
    body = response.content.decode()
    assert body.lstrip().split("<title>", 1)[1].startswith("Error:")
    assert 'href="#id_password"' in body
    assert 'id="id_password-error"' in body
    assert "Enter your password to confirm it is you" in body
    assert not BreakGlassAccess.objects.exists()
    assert not AuditEvent.objects.filter(action="break_glass.open").exists()
    assert client.get(detail(restricted_child)).status_code == 403


@pytest.mark.parametrize("data, field, message", [
    ({"reason_text": "Police have called about a fight at the home"}, "reason_code",
     "Choose why you need to open this record"),
    ({"reason_code": "other", "reason_text": ""}, "reason_text",
     "Explain in a sentence why you need to open this record"),
    ({"reason_code": "other", "reason_text": "urgent"}, "reason_text",
     "Explain in a sentence why you need to open this record"),
])
def test_break_glass_without_a_reason_is_refused(data, field, message, restricted_child, users, login):
    client = login(users["social_worker"])
    response = client.post(glass_url(restricted_child), {**data, "password": PASSWORD})
    assert response.status_code == 200
    body = response.content.decode()
    assert f'id="id_{field}-error"' in body
    assert message in body
    assert not BreakGlassAccess.objects.exists()
    assert client.get(detail(restricted_child)).status_code == 403


def test_break_glass_reason_error_summary_links_to_the_radios(restricted_child, users, login):
    response = login(users["social_worker"]).post(glass_url(restricted_child), {"password": PASSWORD})
    assert 'href="#id_reason_code"' in response.content.decode()


def test_break_glass_opens_the_record_for_the_configured_minutes_then_expires(
    restricted_child, users, login, settings
):
    settings.SAFEHOLD_BREAK_GLASS_MINUTES = 20
    user = users["social_worker"]
    client = login(user)
    response = client.post(glass_url(restricted_child), {**GOOD_REASON, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == detail(restricted_child)

    access = BreakGlassAccess.objects.get()
    assert (access.user, access.person, access.reason_code) == (user, restricted_child, "safeguarding")
    assert access.expires_at - access.started_at == dt.timedelta(minutes=20)
    audit = AuditEvent.objects.get(action="break_glass.open")
    assert audit.actor == user and audit.person_id == restricted_child.pk
    assert "fight at the home" in audit.reason

    page = client.get(detail(restricted_child))
    assert page.status_code == 200
    assert "Amelia Hartley" in page.content.decode()
    event = AccessEvent.objects.filter(user=user, view="record").latest("id")
    assert (event.basis, event.break_glass_id) == ("break_glass", access.pk)

    # Sessions idle out after 30 minutes, so sign in again after each jump in time.
    with time_machine.travel(access.started_at + dt.timedelta(minutes=19), tick=False):
        assert login(user).get(detail(restricted_child)).status_code == 200
    with time_machine.travel(access.started_at + dt.timedelta(minutes=21), tick=False):
        response = login(user).get(detail(restricted_child))
        assert response.status_code == 403
        assert "This record is restricted" in response.content.decode()
        assert AccessEvent.objects.filter(user=user).latest("id").basis == "restricted"


def test_break_glass_opens_another_teams_child_for_a_limited_time(other_child, users, login):
    user = users["social_worker"]
    client = login(user)
    assert client.get(detail(other_child)).status_code == 403
    client.post(glass_url(other_child), {**GOOD_REASON, "password": PASSWORD})
    assert client.get(detail(other_child)).status_code == 200
    access = BreakGlassAccess.objects.get()
    with time_machine.travel(access.expires_at + dt.timedelta(seconds=1), tick=False):
        assert login(user).get(detail(other_child)).status_code == 403


def test_roles_without_break_glass_cannot_use_it(restricted_child, users, login):
    client = login(users["analyst"])
    response = client.post(glass_url(restricted_child), {**GOOD_REASON, "password": PASSWORD})
    assert response.status_code == 403
    assert not BreakGlassAccess.objects.exists()


def test_break_glass_is_reported_on_the_audit_page_and_the_team_managers_home_page(restricted_child, users, login):
    login(users["social_worker"]).post(glass_url(restricted_child), {**GOOD_REASON, "password": PASSWORD})
    assert BreakGlassAccess.objects.count() == 1

    audit_page = login(users["admin"]).get(reverse("audit:index")).content.decode()
    report = audit_page.split('id="break-glass-report"', 1)[1].split("</table>", 1)[0]
    assert "social_worker_user" in report
    assert restricted_child.person_id in report
    assert "Immediate safeguarding concern" in report and "fight at the home" in report

    home = login(users["team_manager"]).get(reverse("home")).content.decode()
    section = home.split("Break-glass openings of your team", 1)[1]
    assert restricted_child.person_id in section
    assert "Immediate safeguarding concern" in section
    assert "None." not in section.split("</ul>", 1)[0]


def test_team_manager_of_another_team_is_not_shown_the_break_glass(restricted_child, users, login):
    from safehold.accounts.tests.factories import UserFactory

    login(users["social_worker"]).post(glass_url(restricted_child), {**GOOD_REASON, "password": PASSWORD})
    south_manager = UserFactory(username="south_manager", role="team_manager")
    home = login(south_manager).get(reverse("home")).content.decode()
    assert restricted_child.person_id not in home


def test_break_glass_older_than_fourteen_days_leaves_the_managers_home_page(restricted_child, users, login):
    now = timezone.now()
    BreakGlassAccessFactory(person=restricted_child, user=users["social_worker"], reason_code="cover",
                                    reason_text="Covering for a colleague on leave", started_at=now - dt.timedelta(days=15),
                                    expires_at=now - dt.timedelta(days=15, minutes=-60))
    home = login(users["team_manager"]).get(reverse("home")).content.decode()
    assert restricted_child.person_id not in home.split("Break-glass openings of your team", 1)[1]


def test_each_break_glass_is_listed_once_on_the_managers_home_page(restricted_child, team, users, login):
    from safehold.casework.tests.factories import AllocationFactory

    AllocationFactory(person=restricted_child, team=team, role="lead_practitioner")
    login(users["social_worker"]).post(glass_url(restricted_child), {**GOOD_REASON, "password": PASSWORD})
    home = login(users["team_manager"]).get(reverse("home")).content.decode()
    assert home.count(" opened <a") == 1

"""Mapping the social workers an imported SSDA903 named (staff records without a login) to real accounts
(issue 16): the administrator lists them, chooses an account and saves; the allocation history moves
to the account, the mapping is audited, and a later import of the same SW_ID uses the account."""

import datetime as dt

import pytest
from django.urls import reverse

from safehold.audit.models import AuditEvent
from safehold.casework.models import Allocation
from safehold.casework.tests.factories import AllocationFactory
from safehold.returns.imports import ssda903 as ssda903_import
from safehold.returns.imports.common import ImportReport

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported(child, team):
    [worker] = ssda903_import.social_workers_for({"SW777001"}, ImportReport(source="test")).values()
    Allocation.objects.filter(person=child).delete()
    AllocationFactory(person=child, team=team, worker=worker, started_on=dt.date(2025, 5, 1),
                      ended_on=dt.date(2025, 9, 1), sw_reason="FCONTA")
    AllocationFactory(person=child, team=team, worker=worker, started_on=dt.date(2025, 10, 1))
    return worker


@pytest.mark.parametrize("role", ["social_worker", "team_manager", "service_manager", "analyst", "leader"])
def test_only_an_administrator_may_map_imported_staff(role, users, imported, login):
    client = login(users[role])
    url = reverse("accounts_imported_staff")
    assert client.get(url).status_code == 403
    assert client.post(url, {"imported": imported.pk, "account": users[role].pk}).status_code == 403
    assert Allocation.objects.filter(worker=imported).count() == 2


def test_the_administrator_maps_an_imported_social_worker_and_the_history_moves(users, imported, login, child):
    admin, account = users["admin"], users["social_worker"]
    account.swe_registration = ""
    account.save()
    client = login(admin)
    page = client.get(reverse("accounts_imported_staff")).content.decode()
    assert "SW777001" in page and account.username in page
    response = client.post(reverse("accounts_imported_staff"), {"imported": imported.pk, "account": account.pk})
    assert response.status_code == 302
    assert Allocation.objects.filter(worker=account, person=child).count() == 2
    assert not Allocation.objects.filter(worker=imported).exists()
    imported.refresh_from_db(), account.refresh_from_db()
    assert imported.mapped_to == account and account.swe_registration == "SW777001"
    event = AuditEvent.objects.get(action="staff.imported_mapped")
    assert event.actor == admin and event.object_id == str(imported.pk)
    # The SW_ID now reads as the account, in a later import and in the export.
    found = ssda903_import.social_workers_for({"SW777001"}, ImportReport(source="test"))
    assert found["SW777001"] == account
    after = client.get(reverse("accounts_imported_staff"))
    assert list(after.context["waiting"]) == [] and list(after.context["mapped"]) == [imported]
    # Mapping twice is refused.
    client.post(reverse("accounts_imported_staff"), {"imported": imported.pk, "account": account.pk})
    assert AuditEvent.objects.filter(action="staff.imported_mapped").count() == 1


def test_an_imported_record_cannot_be_mapped_to_another_imported_record(users, imported, login):
    [other] = ssda903_import.social_workers_for({"SW777002"}, ImportReport(source="test")).values()
    login(users["admin"]).post(reverse("accounts_imported_staff"), {"imported": imported.pk, "account": other.pk})
    imported.refresh_from_db()
    assert imported.mapped_to is None and Allocation.objects.filter(worker=imported).count() == 2

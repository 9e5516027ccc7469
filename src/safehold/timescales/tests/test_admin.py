"""The RuleVersion admin: add-only, audited, and only future versions can be deleted."""

from datetime import date, timedelta

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.utils import timezone

from safehold.accounts.models import User
from safehold.audit.models import AuditEvent
from safehold.timescales.admin import RuleVersionAdmin
from safehold.timescales.engine import Unit
from safehold.timescales.models import RuleVersion
from safehold.timescales.tests.factories import RuleVersionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def model_admin():
    return admin.site.get_model_admin(RuleVersion)


@pytest.fixture
def request_(db):
    user = User.objects.create_superuser(username="admin", password="x" * 16, role="admin")
    request = RequestFactory().post("/")
    request.user = user
    return request


def test_registered(model_admin):
    assert isinstance(model_admin, RuleVersionAdmin)


def test_adding_records_who_and_audits(model_admin, request_):
    version = RuleVersion(
        code="ASSESSMENT",
        amount=40,
        unit=Unit.WORKING_DAYS,
        effective_from=date(2027, 1, 1),
        note="Guidance changed.",
    )
    model_admin.save_model(request_, version, form=None, change=False)
    version.refresh_from_db()
    assert version.changed_by == request_.user
    event = AuditEvent.objects.get(action="timescales.rule_version.create")
    assert event.object_id == str(version.pk)
    assert event.reason == "Guidance changed."
    assert event.changes["amount"] == [None, 40]


def test_saved_versions_are_read_only(model_admin, request_):
    version = RuleVersionFactory.create(
        code="CP_VISIT", amount=15, unit=Unit.WORKING_DAYS, effective_from=date(2027, 1, 1)
    )
    assert model_admin.has_change_permission(request_, version) is False
    assert model_admin.has_add_permission(request_) is True


def test_only_versions_not_yet_in_force_can_be_deleted(model_admin, request_):
    today = timezone.localdate()
    in_force = RuleVersionFactory.create(
        code="CP_VISIT", amount=15, unit=Unit.WORKING_DAYS, effective_from=today
    )
    future = RuleVersionFactory.create(
        code="CP_VISIT", amount=12, unit=Unit.WORKING_DAYS, effective_from=today + timedelta(days=1)
    )
    assert model_admin.has_delete_permission(request_, in_force) is False
    assert model_admin.has_delete_permission(request_, future) is True
    model_admin.delete_model(request_, future)
    assert not RuleVersion.objects.filter(pk=future.pk).exists()
    event = AuditEvent.objects.get(action="timescales.rule_version.delete")
    assert event.changes["amount"] == [12, None]


def test_list_columns(model_admin):
    version = RuleVersion(code="CP_VISIT", amount=15, unit=Unit.WORKING_DAYS, effective_from=date(2027, 1, 1))
    assert model_admin.limit(version) == "15 working days"
    assert model_admin.default_limit(version) == "10 working days"
    assert model_admin.kind(version) == "local"

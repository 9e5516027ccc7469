"""Issue 16.2 and 16.5: the record is checked against the DfE rules as work is saved; what it breaks is kept as
open findings, shown on the child's record, the worker's My work and the data quality page; putting the record
right resolves them."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from safehold.returns import record
from safehold.returns.models import RecordFinding
from safehold.returns.receivers import CHECKING

from .test_ssda903 import in_care  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db
TODAY = dt.date(2025, 11, 3)  # in the 2025-26 collection year


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(dt.datetime(2025, 11, 3, 10, 0), tick=False):
        yield


def test_a_record_that_breaks_a_rule_has_an_open_finding_until_it_is_put_right(in_care):  # noqa: F811
    in_care.ethnicity = ""
    in_care.save()
    counts = record.refresh("ssda903", 2025, [in_care.pk])
    assert counts["opened"] >= 1
    finding = RecordFinding.objects.get(person=in_care, code="103", resolved_at__isnull=True)
    assert (finding.table, finding.row, finding.severity) == ("Header", 0, "error")
    assert "ethnicity" in finding.message

    record.refresh("ssda903", 2025, [in_care.pk])  # checking again changes nothing
    assert RecordFinding.objects.filter(person=in_care, code="103").count() == 1

    in_care.ethnicity = "WBRI"
    in_care.save()
    record.refresh("ssda903", 2025, [in_care.pk])
    finding.refresh_from_db()
    assert finding.resolved_at is not None


def test_the_whole_county_check_finds_the_same_as_the_childs(in_care):  # noqa: F811
    in_care.ethnicity = "XXXX"
    in_care.save()
    record.refresh_county(TODAY)
    assert list(RecordFinding.objects.filter(resolved_at__isnull=True, code="103").values_list("person_id", "row")) \
        == [(in_care.pk, 0)]


def test_saving_on_a_page_checks_the_record_and_a_worker_sees_it(in_care, client, users,  # noqa: F811
                                                                 django_capture_on_commit_callbacks):
    token = CHECKING.set(True)  # as the middleware does for a POST
    try:
        with django_capture_on_commit_callbacks(execute=True):
            in_care.ethnicity = "XXXX"
            in_care.save()
    finally:
        CHECKING.reset(token)
    assert RecordFinding.objects.filter(person=in_care, code="103", resolved_at__isnull=True).exists()
    client.force_login(users["social_worker"])
    page = client.get(reverse("people:detail", args=[in_care.pk])).content.decode()
    assert "return-checks" in page and "DfE rule 103" in page


def test_a_person_saved_with_nothing_the_returns_read_changed_is_not_checked(
        in_care, django_capture_on_commit_callbacks):  # noqa: F811
    in_care.ethnicity = "XXXX"
    in_care.save()  # not in a web request: not checked
    token = CHECKING.set(True)
    try:
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            in_care.forename = "Renamed"
            in_care.save()
        assert callbacks == []  # nothing the census or the SSDA903 reads changed: no check queued
        assert not RecordFinding.objects.exists()
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            in_care.dob = in_care.dob - dt.timedelta(days=1)
            in_care.save()
        assert callbacks  # the date of birth is read by both returns
    finally:
        CHECKING.reset(token)
    assert RecordFinding.objects.filter(person=in_care, code="103", resolved_at__isnull=True).exists()


def test_the_person_fields_the_check_watches_are_the_ones_the_returns_read():
    import re
    from pathlib import Path

    from safehold.people.models import Person
    from safehold.returns import receivers

    builders = "".join((Path(receivers.__file__).parent / name).read_text() for name in ("cin.py", "ssda903.py"))
    read = {f.attname for f in Person._meta.concrete_fields if re.search(rf"\b{f.attname}\b", builders)}
    assert read - {"id"} <= set(receivers.PERSON_FIELDS)


def test_without_a_web_request_a_save_is_not_checked(in_care, django_capture_on_commit_callbacks):  # noqa: F811
    with django_capture_on_commit_callbacks(execute=True):
        in_care.ethnicity = "XXXX"
        in_care.save()
    assert not RecordFinding.objects.exists()


def test_the_years_checked_include_last_year_until_the_returns_are_in():
    assert record.years_to_check(dt.date(2026, 5, 1)) == [2026, 2025]
    assert record.years_to_check(dt.date(2026, 9, 1)) == [2026]
    assert record.years_to_check(dt.date(2027, 2, 1)) == [2026]


def test_the_data_quality_page_counts_by_team_and_links_each_finding(in_care, client, users):  # noqa: F811
    in_care.ethnicity = "XXXX"
    in_care.save()
    record.refresh("ssda903", 2025, [in_care.pk])
    client.force_login(users["analyst"])
    page = client.get(reverse("returns:data_quality")).content.decode()
    assert 'id="dq-findings"' in page and in_care.person_id in page
    assert reverse("people:edit", args=[in_care.pk]) in page  # the header is put right on the child's details
    assert "Open findings at each month end" in page


def test_a_versioned_save_is_checked_too_authorising_the_assessment_clears_the_query(
        team, django_capture_on_commit_callbacks):
    """Services save through core.concurrency.save_if_unchanged (an UPDATE): it tells the receivers too."""
    from safehold.accounts.models import Role
    from safehold.accounts.tests.factories import UserFactory
    from safehold.casework.signoff import sign_off_for, sign_off_submit
    from safehold.casework.tests.factories import AllocationFactory
    from safehold.family_help import services
    from safehold.people.tests.factories import PersonFactory

    worker = UserFactory(role=Role.SOCIAL_WORKER, team=team)
    manager = UserFactory(role=Role.TEAM_MANAGER, team=team)
    child = PersonFactory(person_id="C0000778", dob=dt.date(2015, 5, 2))
    AllocationFactory(person=child, team=team, worker=worker, started_on=dt.date(2025, 1, 5))
    episode = services.referral_open(by=worker, person=child, referral_date=dt.date(2025, 7, 1), source="2A",
                                     raise_assessment=False)
    token = CHECKING.set(True)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            assessment = services.assessment_start(by=worker, episode=episode, start_date=dt.date(2025, 7, 3),
                                                   lead_worker=worker)
        assert RecordFinding.objects.filter(person=child, code="8670Q", resolved_at__isnull=True).exists()
        services.assessment_save_draft(by=worker, assessment=assessment, expected_version=assessment.draft_version,
                                       text="Seen at home with her mother.", overwriting=False)
        sign_off = sign_off_for(assessment)
        sign_off_submit(by=worker, sign_off=sign_off, expected_version=sign_off.version)
        assessment.refresh_from_db()
        with django_capture_on_commit_callbacks(execute=True):
            services.assessment_authorise(by=manager, assessment=assessment, expected_version=assessment.version,
                                          authorised_date=TODAY, factors=["16A"], summary="Neglect",
                                          primary_need="N1", expected_draft_version=assessment.draft_version)
    finally:
        CHECKING.reset(token)
    assert not RecordFinding.objects.filter(person=child, code="8670Q", resolved_at__isnull=True).exists()


def test_the_data_quality_page_reads_a_fixed_number_of_queries(client, users, team):
    """More findings do not mean more queries (the records they point at are found in one query a kind)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from safehold.casework.tests.factories import AllocationFactory
    from safehold.people.tests.factories import PersonFactory

    def add(n):
        for i in range(n):
            child = PersonFactory()
            AllocationFactory(person=child, team=team, worker=users["social_worker"], started_on=TODAY)
            RecordFinding.objects.create(person=child, collection="cin", year=2025, code="8670Q", severity="query",
                                         table="Assessments", row=0, message="m", dfe_message="d",
                                         key_date=dt.date(2025, 6, 1 + i), found_at=timezone.now())

    client.force_login(users["analyst"])
    client.get(reverse("returns:data_quality"))  # the first page of a session saves the session
    add(1)
    with CaptureQueriesContext(connection) as one:
        assert client.get(reverse("returns:data_quality")).status_code == 200
    add(6)
    with CaptureQueriesContext(connection) as seven:
        page = client.get(reverse("returns:data_quality")).content.decode()
    assert page.count("8670Q:") == 7
    assert len(seven.captured_queries) == len(one.captured_queries)

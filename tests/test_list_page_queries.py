"""Issue 17.5: a list page reads a fixed number of queries however many rows it shows (no query per row).

Each page is read with a few rows, then with more, as the role that uses it; the number of queries must not
grow. Here: the home page, the front door queue, the people search, the users, the team worklist, the
placement providers, the subject access register, the council's templates, the returns' runs, a partner's
contacts, the audit log, the improvement plans, the retention review, the self-evaluations, the register of
children in unregistered provision, the imported staff, the case file audit rounds, my audits, the inspections,
the workforce and the measures. Pages with their own such test: the data quality page (returns), the sign-off list (casework), the
inbox (notifications), the worklists (worklists) and the care leavers' caseload (care_leavers)."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from safehold.accounts import batch as staff_batch
from safehold.accounts.tests.factories import UserFactory
from safehold.audit.actions import AuditAction
from safehold.audit.services import audit_access, audit_change
from safehold.casefile.tests.factories import CaseNoteTemplateFactory, LetterTemplateFactory
from safehold.casework.tests.factories import AllocationFactory
from safehold.children_in_care.tests.factories import ProviderFactory
from safehold.children_in_care.tests.helpers import (
    START,
    authorisation,
    director,
    looked_after,
    unregistered_home,
)
from safehold.front_door.tests.factories import ContactFactory, UnlinkedContactFactory
from safehold.governance.tests.factories import RetentionReviewFactory, SubjectAccessRequestFactory
from safehold.improvement import services as improvement
from safehold.improvement.tests.factories import AuditRoundFactory, CaseAuditFactory, InspectionFactory
from safehold.people.tests.factories import PersonFactory
from safehold.performance.definitions import catalogue
from safehold.performance.models import MeasureSnapshot
from safehold.performance.tests.factories import MeasureSnapshotFactory, MeasureTargetFactory
from safehold.returns.tests.factories import ReturnRunFactory
from safehold.workforce.tests.factories import AppointmentFactory

pytestmark = pytest.mark.django_db


def _children_allocated(users, team, n):
    for _ in range(n):
        AllocationFactory(person=PersonFactory(surname="Querycount"), team=team, worker=users["social_worker"])


def _contacts(users, team, n):
    for _ in range(n):
        ContactFactory(recorded_by=users["front_door"])


def _staff(users, team, n):
    for _ in range(n):
        UserFactory(team=team)


_n = itertools.count(1)


def _providers(users, team, n):
    ProviderFactory.create_batch(n)


def _subject_access_requests(users, team, n):
    SubjectAccessRequestFactory.create_batch(n, person__surname="Querycount", recorded_by=users["admin"])


def _templates(users, team, n):
    CaseNoteTemplateFactory.create_batch(n)
    LetterTemplateFactory.create_batch(n)


def _return_runs(users, team, n):
    ReturnRunFactory.create_batch(n, started_by=users["analyst"])


def _partner_contacts(users, team, n):
    for _ in range(n):
        UnlinkedContactFactory(recorded_by=users["partner"])


def _audit_trail(users, team, n):
    """Views and changes of the record the audit page is asked about (person C0000777), by several people."""
    from safehold.people.models import Person

    person = Person.objects.get(person_id="C0000777")
    for _ in range(n):
        reader = UserFactory(team=team)
        audit_access(user=reader, person_id=person.pk, view="record", basis="allocated")
        audit_change(actor=reader, action=AuditAction.PERSON_UPDATE, instance=person, person_id=person.pk,
                     before={"surname": "Old"}, after={"surname": "New"})


def _plans(users, team, n):
    """Plans with an area, a measure and an action each (the page reads each plan's RAG and measures)."""
    leader = users["leader"]
    for _ in range(n):
        plan = improvement.plan_create(by=leader, title=f"Querycount plan {next(_n)}", inspection=None, owner=leader)
        area = improvement.area_add(by=leader, plan=plan, title="Timeliness of assessments", outcome="On time",
                                    source="self_evaluation", lead=leader)
        improvement.area_measure_add(by=leader, area=area, code="HP_ASSESS_45WD", target=90.0)
        improvement.action_add(by=leader, area=area, text="Weekly clinics", owner=leader,
                               starts_on=dt.date(2026, 9, 1), due_on=dt.date(2027, 3, 31),
                               milestones=[("Terms agreed", dt.date(2026, 10, 1))])


def _unregistered_placements(users, team, n):
    """Children of 16 placed in unregistered provision, each authorised by a director."""
    boss = director(username=f"director_{next(_n)}", service=users["service_manager"].service)
    for _ in range(n):
        i = next(_n)
        child = PersonFactory(surname="Querycount", dob=START - dt.timedelta(days=16 * 366))
        AllocationFactory(person=child, team=team)
        looked_after(child, boss, carer=unregistered_home(name=f"Querycount Solo Provision {i}"),
                     authorisation=authorisation())


def _imported_staff(users, team, n):
    """Social workers an SSDA903 named by their Social Work England number, waiting to be mapped to accounts."""
    staff_batch.social_workers_by_registration({f"SW9{next(_n):05d}" for _ in range(n)})


def _self_evaluations(users, team, n):
    for _ in range(n):
        improvement.self_evaluation_start(by=users["leader"], year=2000 + next(_n), as_at=dt.date(2026, 3, 31))


def _retention_reviews(users, team, n):
    RetentionReviewFactory.create_batch(n, person__surname="Querycount")


def _audit_rounds(users, team, n):
    """Rounds of three audits each, planned by quality assurance, of children in the team."""
    for _ in range(n):
        audit_round = AuditRoundFactory(planned_by=users["quality_assurance"])
        for _ in range(3):
            child = PersonFactory(surname="Querycount")
            AllocationFactory(person=child, team=team, worker=users["social_worker"])
            CaseAuditFactory(round=audit_round, person=child)


def _audits_to_do(users, team, n):
    """Audits assigned to the service manager reading the page, in rounds of their own."""
    for _ in range(n):
        child = PersonFactory(surname="Querycount")
        AllocationFactory(person=child, team=team, worker=users["social_worker"])
        CaseAuditFactory(person=child, auditor=users["service_manager"])


def _inspections(users, team, n):
    InspectionFactory.create_batch(n, recorded_by=users["leader"])


def _establishment(users, team, n):
    """Posts in teams of their own, each filled by a worker who started in the last year."""
    for _ in range(n):
        AppointmentFactory(start_date=dt.date.today() - dt.timedelta(days=30))


def _measure_snapshots(users, team, n):
    """Month-end figures, with a target, for measures that had none yet (the catalogue's rows fill in)."""
    had = set(MeasureSnapshot.objects.values_list("code", flat=True))
    for code in [m.code for m in catalogue() if m.code not in had][:n]:
        MeasureSnapshotFactory(code=code, as_at=dt.date(2026, 3, 31))
        MeasureTargetFactory(code=code)


def _audit_query(client):
    PersonFactory(person_id="C0000777", surname="Querycount")
    return reverse("audit:index") + "?person_id=C0000777"


def _search_results(client):
    """The people search posts what was typed; its results are read at the address it redirects to."""
    response = client.post(reverse("people:search"), {"name": "Querycount"})
    assert response.status_code == 302
    return response["Location"]


# (page, role reading it, how rows are added, query string or how to reach the page)
PAGES = [
    ("home", "social_worker", _children_allocated, ""),
    ("front_door:queue", "front_door", _contacts, ""),
    ("people:search", "social_worker", _children_allocated, _search_results),
    ("accounts_users", "admin", _staff, ""),
    ("worklists:team", "team_manager", _children_allocated, ""),
    ("children_in_care:provider_list", "team_manager", _providers, ""),
    ("governance:index", "admin", _subject_access_requests, ""),
    ("casefile:templates", "team_manager", _templates, ""),
    ("returns:index", "analyst", _return_runs, ""),
    ("front_door:partner_contacts", "partner", _partner_contacts, ""),
    ("audit:index", "admin", _audit_trail, _audit_query),
    ("improvement:plans", "leader", _plans, ""),
    ("governance:retention", "admin", _retention_reviews, ""),
    ("improvement:self_evaluations", "leader", _self_evaluations, ""),
    ("children_in_care:unregistered_register", "leader", _unregistered_placements, ""),
    ("accounts_imported_staff", "admin", _imported_staff, ""),
    ("improvement:audits", "quality_assurance", _audit_rounds, ""),
    ("improvement:my_audits", "service_manager", _audits_to_do, ""),
    ("improvement:index", "leader", _inspections, ""),
    ("workforce:index", "service_manager", _establishment, ""),
    ("performance:index", "analyst", _measure_snapshots, ""),
]


@pytest.mark.parametrize(("name", "role", "add", "query"), PAGES, ids=[p[0] for p in PAGES])
def test_a_list_page_reads_the_same_number_of_queries_for_more_rows(client, users, team, name, role, add, query):
    client.force_login(users[role])
    url = query(client) if callable(query) else reverse(name) + query
    assert client.get(url).status_code == 200  # the first page of a session saves the session
    add(users, team, 2)
    with CaptureQueriesContext(connection) as few:
        few_page = client.get(url)
    add(users, team, 8)
    with CaptureQueriesContext(connection) as more:
        more_page = client.get(url)
    assert few_page.status_code == more_page.status_code == 200
    assert len(more_page.content) > len(few_page.content)  # the page shows the rows added
    assert len(more.captured_queries) == len(few.captured_queries), "\n".join(
        q["sql"][:200] for q in more.captured_queries)

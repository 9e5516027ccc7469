"""Retention (issue 15, information governance; security.md B5 and B7.8): the schedule is data with its
sources, the calculator gives the right dates for fixed facts, the review lists a record past its date and
not one before it, disposal needs two sign-offs by two different people, and after them the person is gone
from every app with a tombstone in the audit. A legal hold, or a row another app keeps, stops it."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from safehold.accounts.tests.factories import UserFactory
from safehold.audit.models import AuditEvent
from safehold.governance import erasure, retention, services
from safehold.governance.models import LegalHold, RetentionReview
from safehold.people.models import ChronologyEntry, Person, Relationship
from safehold.people.tests.factories import PersonFactory

OLD = dt.datetime(2010, 1, 4, 12, tzinfo=dt.UTC)


# --- The schedule and the calculator --------------------------------------------------------------------

def test_the_schedule_is_data_with_a_source_for_every_rule():
    rules = {r.code: r for r in retention.rules()}
    assert {"looked_after", "adoption", "child", "adult"} <= set(rules)
    assert all(r.source for r in rules.values())
    assert "reg. 50" in rules["looked_after"].source and rules["looked_after"].years == 75
    assert "reg. 6" in rules["adoption"].source and rules["adoption"].years == 100
    assert rules["child"].local_decision and not rules["looked_after"].local_decision


def _facts(**kw) -> retention.Facts:
    return retention.Facts(pk=1, kind=kw.pop("kind", "child"), **kw)


def test_a_care_record_is_kept_until_the_75th_birthday():
    r = retention.retention_of(_facts(birth=dt.date(1950, 3, 10), looked_after=True,
                                      last_activity=dt.date(1968, 1, 1)))
    assert (r.date, r.rule.code) == (dt.date(2025, 3, 10), "looked_after")
    assert r.due(dt.date(2025, 3, 10)) and not r.due(dt.date(2025, 3, 9))


def test_a_child_in_care_who_died_before_18_is_kept_15_years_from_the_death():
    r = retention.retention_of(_facts(birth=dt.date(2000, 5, 1), death=dt.date(2010, 6, 1), looked_after=True,
                                      last_activity=dt.date(2010, 6, 1)))
    assert (r.date, r.rule.code) == (dt.date(2025, 6, 1), "looked_after")


def test_an_adoption_record_is_kept_100_years_from_the_order():
    r = retention.retention_of(_facts(birth=dt.date(2010, 1, 1), adoption_order=dt.date(2012, 7, 9),
                                      looked_after=True, last_activity=dt.date(2012, 7, 9)))
    assert (r.date, r.rule.code) == (dt.date(2112, 7, 9), "adoption")


def test_a_29_february_birthday_is_kept_until_1_march():
    r = retention.retention_of(_facts(birth=dt.date(1948, 2, 29), looked_after=True, last_activity=dt.date(1966, 1, 1)))
    assert r.date == dt.date(2023, 3, 1)


def test_no_date_of_birth_means_no_date_never_due():
    r = retention.retention_of(_facts(birth=None, looked_after=True, last_activity=dt.date(1990, 1, 1)))
    assert r.date is None and "date of birth" in r.why and not r.due(dt.date(2200, 1, 1))


def test_an_adult_is_kept_as_long_as_a_related_childs_record():
    adult = retention.Facts(pk=2, kind="adult", last_activity=dt.date(2000, 1, 1), related_children=[1])
    assert retention.retention_of(adult, {1: dt.date(2080, 1, 1)}).date == dt.date(2080, 1, 1)
    assert retention.retention_of(adult, {}).date is None  # the child's date unknown: never due
    alone = retention.Facts(pk=3, kind="adult", last_activity=dt.date(2000, 1, 1))
    assert retention.retention_of(alone).date == dt.date(2006, 1, 1)


@hsettings(max_examples=200, deadline=None)
@given(birth=st.dates(dt.date(1900, 1, 1), dt.date(2030, 12, 31)), lac=st.booleans(),
       adopted=st.one_of(st.none(), st.dates(dt.date(1900, 1, 1), dt.date(2040, 1, 1))),
       last=st.dates(dt.date(1900, 1, 1), dt.date(2040, 1, 1)))
def test_a_childs_record_is_never_due_before_its_21st_birthday_nor_a_care_record_before_the_75th(birth, lac, adopted,
                                                                                                 last):
    r = retention.retention_of(_facts(birth=birth, looked_after=lac, adoption_order=adopted, last_activity=last))
    assert r.date >= retention.add_years(birth, 21) and r.date >= retention.add_years(last, 3)
    if lac:
        assert r.date >= retention.add_years(birth, 75)
    if adopted:
        assert r.date >= retention.add_years(adopted, 100)


def test_a_schedule_that_names_an_unknown_anchor_is_refused(tmp_path, settings):
    from django.core.exceptions import ImproperlyConfigured

    bad = tmp_path / "rules.toml"
    bad.write_text('[[rule]]\ncode="x"\nlabel="X"\napplies="child"\nfrom="christening"\nyears=5\nsource="s"\n')
    settings.SAFEHOLD_RETENTION_RULES = str(bad)
    with pytest.raises(ImproperlyConfigured, match="from one of"):
        retention.rules()


# --- The review -----------------------------------------------------------------------------------------

def _make_old(person: Person, dob: dt.date) -> None:
    """As if the record had been quiet since 2010: born `dob`, nothing happened or changed after 2010."""
    Person.objects.filter(pk=person.pk).update(dob=dob, updated_at=OLD)
    ChronologyEntry.objects.filter(person=person).update(occurred_on=dt.date(2009, 6, 1))


@pytest.fixture
def care_leavers(db, users):
    """Two adults who were in care: Edith (born 1940, kept until 2015: due) and Nora (born 1990, kept until
    2065: not due)."""
    from safehold.children_in_care.tests.helpers import looked_after

    edith = PersonFactory(forename="Edith", surname="Marlow", person_id="C0000101", dob=dt.date(2015, 1, 1))
    nora = PersonFactory(forename="Nora", surname="Quist", person_id="C0000102", dob=dt.date(2015, 1, 1))
    for person in (edith, nora):
        looked_after(person, users["social_worker"])
    _make_old(edith, dt.date(1940, 5, 17))
    _make_old(nora, dt.date(1990, 5, 17))
    return edith, nora


def test_the_review_lists_a_record_past_its_date_and_not_one_before(care_leavers, users, login):
    edith, nora = care_leavers
    out = io.StringIO()
    call_command("retention", "review", stdout=out)
    lines = out.getvalue().splitlines()
    assert any(line.startswith("C0000101\t2015-05-17\tlooked_after") for line in lines)
    assert not any("C0000102" in line for line in lines)
    assert "Edith" not in out.getvalue()  # IDs only on the console
    review = RetentionReview.objects.get(subject_pk=edith.pk)
    assert (review.status, review.rule, review.rule_date) == ("due", "looked_after", dt.date(2015, 5, 17))
    assert not RetentionReview.objects.filter(subject_pk=nora.pk).exists()
    # Run again: nothing new, the same review.
    call_command("retention", "review", stdout=io.StringIO())
    assert RetentionReview.objects.count() == 1
    page = login(users["admin"]).get(reverse("governance:retention")).content.decode()
    assert "Edith Marlow" in page and "Nora" not in page and "17 May 2015" in page


def test_the_scheduled_task_opens_the_same_reviews(care_leavers, users, login):
    from safehold.governance.tasks import retention_review

    result = retention_review.enqueue()  # the tests' backend runs it at once
    assert result.return_value == 1
    login(users["leader"]).post(reverse("governance:retention_run"))
    assert RetentionReview.objects.filter(status="due").count() == 1


def test_new_activity_withdraws_the_review(care_leavers):
    edith, _nora = care_leavers
    services.retention_scan()
    Person.objects.filter(pk=edith.pk).update(updated_at=dt.datetime.now(dt.UTC))  # the record was touched
    # The child rule now keeps it 3 years from today, later than the care rule's 2015.
    assert services.retention_scan() == []
    assert RetentionReview.objects.get(subject_pk=edith.pk).status == "withdrawn"


# --- Disposal -------------------------------------------------------------------------------------------

@pytest.fixture
def second_officer(db):
    from safehold.accounts.models import Role

    return UserFactory(username="ig_officer_2", role=Role.ADMIN, team=None)


def test_disposal_refuses_a_single_sign_off(care_leavers, users):
    edith, _ = care_leavers
    review = services.retention_scan()[0]
    with pytest.raises(ValidationError, match="two sign-offs"):
        services.retention_approve(by=users["admin"], review=review)
    assert Person.objects.filter(pk=edith.pk).exists()


def test_disposal_refuses_the_same_person_twice(care_leavers, users, login):
    edith, _ = care_leavers
    review = services.retention_scan()[0]
    client = login(users["admin"])
    client.post(reverse("governance:retention_propose", args=[review.pk]))
    review.refresh_from_db()
    assert (review.status, review.proposed_by) == ("proposed", users["admin"])
    body = client.post(reverse("governance:retention_approve", args=[review.pk])).content.decode()
    assert "You proposed this disposal: a second person must approve it" in body
    assert Person.objects.filter(pk=edith.pk).exists()
    with pytest.raises(ValidationError, match="second person"):
        services.retention_approve(by=users["admin"], review=review)
    assert RetentionReview.objects.get(pk=review.pk).status == "proposed"


def test_a_role_without_the_permission_cannot_sign_off(care_leavers, users):
    review = services.retention_scan()[0]
    services.retention_propose(by=users["admin"], review=review)
    for role in ("social_worker", "service_manager", "analyst", "quality_assurance"):
        with pytest.raises(PermissionDenied):
            services.retention_approve(by=users[role], review=review)


def _rich_history(child, users):
    """A child with something in most apps: Family Help, child protection (a plan and its conference, which
    protect each other), care with a placement, casework, oversight, a subject access request, family."""
    from safehold.child_protection.tests.helpers import plan_for
    from safehold.children_in_care.tests.helpers import looked_after
    from safehold.governance.models import SubjectAccessRequest
    from safehold.oversight.services import oversight_record

    manager = users["team_manager"]
    plan_for(child, manager)
    looked_after(child, users["social_worker"], start=dt.date(2026, 2, 2))
    oversight_record(by=manager, person=child, decision_point="case_review", occurred_on=dt.date(2026, 2, 3),
                     what_was_read="The plan", decision="Continue", rationale="Safe", actions=[])
    mother = PersonFactory(kind="adult", forename="Rose", surname="Hartley", person_id="A0000200", dob=dt.date(1980, 1, 1))
    Relationship.objects.create(person=child, related=mother, type="mother")
    SubjectAccessRequest.objects.create(person=child, requester_name="Amelia", requester_kind="subject",
                                        received_on=dt.date(2026, 1, 5), due_on=dt.date(2026, 2, 5),
                                        identity_checked="Seen", recorded_by=users["admin"])
    return mother


def test_after_two_sign_offs_the_person_is_gone_from_every_app_and_a_tombstone_is_kept(child, users, second_officer,
                                                                                     login):
    mother = _rich_history(child, users)
    graph = erasure.record_graph(child)
    labels = set(graph.counts())
    assert {"family_help.cinepisode", "child_protection.cpplan", "child_protection.childprotectionconference",
            "children_in_care.placement", "casework.allocation", "oversight.managementoversight",
            "people.relationship", "governance.subjectaccessrequest"} <= labels
    # Retention: born long ago, quiet since 2010.
    _make_old(child, dt.date(1940, 5, 17))
    review = services.retention_scan()[0]
    assert review.subject_pk == child.pk
    login(users["admin"]).post(reverse("governance:retention_propose", args=[review.pk]))
    response = login(users["leader"]).post(reverse("governance:retention_approve", args=[review.pk]))
    assert response.status_code == 302

    # Gone: no row in any app points at the person any more.
    assert not Person.objects.filter(pk=child.pk).exists()
    for model in apps.get_models():
        for f in model._meta.concrete_fields:
            if f.is_relation and f.related_model is Person:
                assert not model._base_manager.filter(**{f.attname: child.pk}).exists(), model._meta.label
    for model, pks in graph.owned.items():
        assert not model._base_manager.filter(pk__in=pks).exists(), model._meta.label
    assert Person.objects.filter(pk=mother.pk).exists()  # the mother is a record of her own

    review.refresh_from_db()
    assert (review.status, review.person, review.proposed_by, review.approved_by) == (
        "disposed", None, users["admin"], users["leader"])
    tomb = AuditEvent.objects.get(action="retention.dispose")
    after = {k: v[1] for k, v in tomb.changes.items()}
    assert tomb.person_id == child.pk and tomb.actor == users["leader"]
    assert (after["subject_person_id"], after["rule"], after["rule_date"]) == ("C0000001", "looked_after", "2015-05-17")
    assert after["proposed_by"] == users["admin"].pk and after["approved_by"] == users["leader"].pk
    assert after["rows_deleted"]["people.person"] == 1 and after["rows_deleted"]["child_protection.cpplan"] == 1
    # No personal content in the tombstone.
    text = str(tomb.changes) + tomb.reason
    for detail in ("Amelia", "Hartley", "1940"):
        assert detail not in text
    page = login(users["admin"]).get(reverse("governance:retention")).content.decode()
    assert "C0000001" in page and "Disposed of" in page and "Hartley" not in page


def test_a_legal_hold_stops_the_review_and_the_disposal(care_leavers, users, second_officer, login):
    edith, _ = care_leavers
    review = services.retention_scan()[0]
    services.retention_propose(by=users["admin"], review=review)
    login(users["leader"]).post(reverse("governance:hold_place"), {"person_id": "C0000101",
                                                                    "reason": "Public inquiry: preserve"})
    hold = LegalHold.objects.get(person=edith)
    assert RetentionReview.objects.get(pk=review.pk).status == "held"
    with pytest.raises(ValidationError):
        services.retention_approve(by=second_officer, review=review)
    assert services.retention_scan() == []  # not found again while held
    services.legal_hold_lift(by=users["admin"], hold=hold)
    assert [r.subject_pk for r in services.retention_scan()] == [edith.pk]
    assert AuditEvent.objects.filter(action__in=["retention.hold", "retention.hold_lift"]).count() == 2


def test_a_moratorium_stops_every_disposal(care_leavers, users, second_officer, settings):
    review = services.retention_scan()[0]
    services.retention_propose(by=users["admin"], review=review)
    settings.SAFEHOLD_RETENTION_MORATORIUM = "Independent inquiry: no disposal of care records"
    with pytest.raises(ValidationError, match="Independent inquiry"):
        services.retention_approve(by=second_officer, review=review)
    assert Person.objects.filter(pk=care_leavers[0].pk).exists()


def test_a_case_file_audit_stops_the_disposal_and_is_named(care_leavers, users, second_officer, login):
    from safehold.improvement.models import CaseAudit
    from safehold.improvement.tests.factories import CaseAuditFactory

    edith, _ = care_leavers
    audit = CaseAuditFactory(person=edith, auditor=users["service_manager"])
    review = services.retention_scan()[0]
    body = login(users["admin"]).post(reverse("governance:retention_propose", args=[review.pk])).content.decode()
    assert "This record cannot be disposed of" in body
    assert (f"1 case audit in Inspection and improvement (improvement.CaseAudit.person, ID {audit.pk}) refers to "
            "this record") in body
    assert RetentionReview.objects.get(pk=review.pk).status == "due"
    # The same check stands at approval, if the audit came after the proposal.
    CaseAudit.objects.filter(pk=audit.pk).delete()
    services.retention_propose(by=users["admin"], review=review)
    CaseAuditFactory(round=audit.round, person=edith, auditor=users["service_manager"])
    with pytest.raises(ValidationError, match="case audit"):
        services.retention_approve(by=second_officer, review=review)
    assert Person.objects.filter(pk=edith.pk).exists()


def test_a_row_left_pointing_at_the_person_undoes_the_whole_deletion(child, users):
    """The database's foreign keys are checked before the deletion ends: had the graph missed a table, nothing
    would be deleted (here the visits are left out on purpose)."""
    from django.db import IntegrityError

    from safehold.casework.models import Visit
    from safehold.casework.tests.factories import VisitFactory

    VisitFactory(person=child, visited_on=dt.date(2025, 2, 10), visited_by=users["social_worker"])
    graph = erasure.record_graph(child)
    assert graph.owned.pop(Visit)
    with pytest.raises(IntegrityError):
        erasure.erase(graph)
    assert Person.objects.filter(pk=child.pk).exists() and Visit.objects.filter(person=child).exists()


def test_a_merged_duplicate_goes_with_the_person(child, users):
    duplicate = PersonFactory(forename="Amelia", surname="Hartly", person_id="C0000003", merged_into=child)
    graph = erasure.record_graph(child)
    assert graph.people == {child.pk, duplicate.pk} and not graph.blocking
    erasure.erase(graph)
    assert not Person.objects.filter(pk__in=[child.pk, duplicate.pk]).exists()

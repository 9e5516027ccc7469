"""The case file audit pages (issue 13.3): planning a round from the page (the sample is drawn again from
its seed; no one audits their own team's cases), doing an audit (its actions reach the worker's "My
work"; unanswered questions are named), moderation (a changed grade needs a reason; agreement is
reported), the worker's reply, and who sees the child's name."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from safehold.accounts.models import Role
from safehold.accounts.tests.factories import UserFactory
from safehold.audit.models import AccessEvent
from safehold.casework.models import StatutoryWork
from safehold.casework.tests.factories import AllocationFactory
from safehold.improvement.models import (
    AuditAction,
    AuditRound,
    AuditTool,
    AuditToolVersion,
    CaseAudit,
    Moderation,
)
from safehold.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

SECTIONS = [
    {"title": "The child's voice", "questions": ["Is the child's lived experience clear?",
                                                 "Was the child seen alone?"]},
    {"title": "Oversight", "questions": ["Is management oversight recorded?"]},
]
DUE = timezone.localdate() + dt.timedelta(days=28)


@pytest.fixture
def version(db):
    tool, _ = AuditTool.objects.get_or_create(name="Case file audit")
    return AuditToolVersion.objects.create(tool=tool, number=(tool.current.number + 1) if tool.current else 1,
                                           sections=SECTIONS)


@pytest.fixture
def auditor(other_team):
    """A team manager of another team: may audit `team`'s cases, not their own team's."""
    return UserFactory(username="otto", first_name="Otto", last_name="Reyes", role=Role.TEAM_MANAGER,
                       team=other_team)


@pytest.fixture
def cases(team, other_team, users, auditor):
    """Ten children held by the social worker in `team`, four held by the auditor's team."""
    ours = []
    for n in range(10):
        child = PersonFactory(forename=f"Child{n}", surname="Ofteam", person_id=f"C00500{n:02d}")
        AllocationFactory(person=child, team=team, worker=users["social_worker"])
        ours.append(child)
    theirs = []
    for n in range(4):
        child = PersonFactory(forename=f"Kid{n}", surname="Otherteam", person_id=f"C00600{n:02d}")
        AllocationFactory(person=child, team=other_team, worker=auditor)
        theirs.append(child)
    return ours, theirs


def _round_data(version, auditors, **overrides):
    data = {"name": "Spring round", "theme": "general", "tool_version": version.pk, "sampling": "random",
            "sample_size": "3", "seed": "4242", "due_on_day": DUE.day, "due_on_month": DUE.month,
            "due_on_year": DUE.year, "moderation_percent": "50", "auditors": [a.pk for a in auditors]}
    data.update(overrides)
    return data


def _plan(client, version, auditors, **overrides):
    return client.post(reverse("improvement:audit_round_new"), _round_data(version, auditors, **overrides))


def _audit_data(audit, *, submit=True, skip=(), grade="good", action=("Update the chronology", DUE), **extra):
    data = {"version": audit.version, "grade": grade, "strengths": "The child's voice is clear throughout.",
            "must_change": "Record the rationale for decisions."}
    for s, section in enumerate(SECTIONS):
        for q, _question in enumerate(section["questions"]):
            if f"{s}.{q}" not in skip:
                data[f"answer_{s}_{q}"] = "no" if (s, q) == (1, 0) else "yes"
                data[f"note_{s}_{q}"] = f"Note {s}.{q}"
        data[f"section_grade_{s}"] = "good"
    if action:
        text, due = action
        data.update({"action_text_1": text, "action_due_1_day": due.day, "action_due_1_month": due.month,
                     "action_due_1_year": due.year})
    data["submit" if submit else "save"] = "1"
    data.update(extra)
    return data


@pytest.fixture
def planned(cases, users, auditor, version, login):
    """A round over every child of `team` and the auditor's team, audited by the auditor and `team`'s
    manager (each takes the other team's children), half of it to moderate."""
    response = _plan(login(users["quality_assurance"]), version, [auditor, users["team_manager"]],
                     sampling="every", sample_size="")
    assert response.status_code == 302, response.content.decode()
    return AuditRound.objects.get()


def _audit_of(audit_round, worker):
    return audit_round.audits.filter(worker=worker).order_by("person__person_id").first()


def test_planning_a_round_draws_the_same_sample_again_from_its_seed(cases, users, auditor, version, login):
    client = login(users["quality_assurance"])
    auditors = [auditor, users["team_manager"]]
    first = _plan(client, version, auditors)
    assert first.status_code == 302, first.content.decode()
    round_one = AuditRound.objects.get(name="Spring round")
    page = client.get(first["Location"]).content.decode()
    assert "4242" in page  # the seed is shown, so the sample can be drawn again
    sampled = set(round_one.audits.values_list("person__person_id", flat=True))
    assert len(sampled) == 3
    for person_id in sampled:
        assert person_id in page

    again = _plan(client, version, auditors, name="Spring round, drawn again")
    assert again.status_code == 302
    round_two = AuditRound.objects.get(name="Spring round, drawn again")
    assert set(round_two.audits.values_list("person__person_id", flat=True)) == sampled
    assert round_two.seed == 4242


def test_no_child_goes_to_an_auditor_in_its_team(planned, cases, users, auditor):
    ours, theirs = cases
    audits = list(planned.audits.select_related("auditor"))
    assert len(audits) == len(ours) + len(theirs)
    for audit in audits:
        assert audit.auditor.team_id != audit.team_id
    assert {a.auditor for a in audits if a.person in theirs} == {users["team_manager"]}
    assert {a.auditor for a in audits if a.person in ours} == {auditor}


def test_a_round_no_chosen_auditor_may_audit_is_refused_naming_the_child(cases, users, version, login):
    # The team's own manager is the only auditor: none of the team's children may go to them.
    response = _plan(login(users["quality_assurance"]), version, [users["team_manager"]], sampling="every",
                     sample_size="")
    assert response.status_code == 200
    body = response.content.decode()
    assert "There is a problem" in body
    assert 'href="#id_auditors"' in body
    assert "No auditor chosen may audit child C00500" in body
    assert not AuditRound.objects.exists()


def test_missing_round_details_are_named(cases, users, auditor, version, login):
    response = _plan(login(users["quality_assurance"]), version, [auditor], name="", sample_size="",
                     due_on_day="", due_on_month="", due_on_year="")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Enter a name for the round" in body
    assert "Enter how many children to audit" in body
    assert "Enter a date, today or later, by which the audits are due" in body


def test_the_auditor_sees_the_form_and_the_worker_not_until_it_is_submitted(planned, users, auditor, login):
    audit = _audit_of(planned, users["social_worker"])
    page = login(auditor).get(reverse("improvement:audit", args=[audit.pk]))
    body = page.content.decode()
    assert page.status_code == 200
    assert "Submit the audit" in body and "Save and come back later" in body
    assert "1.2 Was the child seen alone?" in body
    assert reverse("people:detail", args=[audit.person_id]) in body  # the auditor may open the case file
    # The audit's read is logged as a view of the child, on the auditor's basis.
    assert AccessEvent.objects.filter(user=auditor, person_id=audit.person_id, basis="audit").exists()
    assert login(users["social_worker"]).get(reverse("improvement:audit", args=[audit.pk])).status_code == 403


def test_submitting_an_audit_puts_its_action_in_the_workers_my_work(planned, users, auditor, login, client):
    audit = _audit_of(planned, users["social_worker"])
    response = login(auditor).post(reverse("improvement:audit", args=[audit.pk]), _audit_data(audit))
    assert response.status_code == 302, response.content.decode()
    audit.refresh_from_db()
    assert audit.status == CaseAudit.Status.SUBMITTED
    action = AuditAction.objects.get(audit=audit)
    assert action.worker == users["social_worker"]

    client.force_login(users["social_worker"])
    my_work = client.get(reverse("worklists:my_work")).content.decode()
    assert "Audit action: Update the chronology" in my_work
    page = client.get(reverse("improvement:audit", args=[audit.pk])).content.decode()
    assert "Update the chronology" in page and "Mark done" in page
    assert "Submit the audit" not in page  # read only now

    assert client.post(reverse("improvement:audit_action_done", args=[action.pk])).status_code == 302
    action.refresh_from_db()
    assert action.done_on == timezone.localdate()
    assert StatutoryWork.objects.get(pk=action.work_id).status != StatutoryWork.Status.OPEN
    assert "Audit action: Update the chronology" not in client.get(reverse("worklists:my_work")).content.decode()


def test_unanswered_questions_on_submit_are_named(planned, users, auditor, login):
    audit = _audit_of(planned, users["social_worker"])
    response = login(auditor).post(reverse("improvement:audit", args=[audit.pk]),
                                   _audit_data(audit, skip={"0.1"}, grade=""))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Answer question 1.2: Was the child seen alone?" in body
    assert 'href="#id_answer_0_1"' in body
    assert "Choose the overall grade" in body
    audit.refresh_from_db()
    assert audit.status == CaseAudit.Status.ASSIGNED
    assert not AuditAction.objects.exists()


def test_saving_for_later_keeps_the_answers_and_the_actions(planned, users, auditor, login):
    audit = _audit_of(planned, users["social_worker"])
    client = login(auditor)
    response = client.post(reverse("improvement:audit", args=[audit.pk]),
                           _audit_data(audit, submit=False, skip={"0.1"}, grade=""))
    assert response.status_code == 302
    audit.refresh_from_db()
    assert audit.status == CaseAudit.Status.ASSIGNED
    assert not AuditAction.objects.exists()  # raised only on submit
    form = client.get(reverse("improvement:audit", args=[audit.pk])).content.decode()
    assert "Update the chronology" in form and "Note 0.0" in form
    # A stale version (someone saved since) is refused, with nothing saved.
    stale = client.post(reverse("improvement:audit", args=[audit.pk]), _audit_data(audit, version=1))
    assert "changed by someone else" in stale.content.decode()


def _submit(client, audit, **kwargs):
    response = client.post(reverse("improvement:audit", args=[audit.pk]), _audit_data(audit, **kwargs))
    assert response.status_code == 302, response.content.decode()
    audit.refresh_from_db()
    return audit


def test_moderation_that_changes_the_grade_needs_a_reason(planned, users, auditor, login):
    audit = _submit(login(auditor), _audit_of(planned, users["social_worker"]))
    client = login(users["quality_assurance"])
    url = reverse("improvement:audit_moderate", args=[audit.pk])
    form = client.get(url).content.decode()
    assert 'value="good" checked' in form  # the auditor's grade, preselected
    refused = client.post(url, {"grade": "requires_improvement", "reason": ""})
    assert refused.status_code == 200
    assert "Say why you changed the grade" in refused.content.decode()
    assert not Moderation.objects.exists()
    done = client.post(url, {"grade": "requires_improvement", "reason": "No oversight for four months."})
    assert done.status_code == 302
    page = client.get(reverse("improvement:audit", args=[audit.pk])).content.decode()
    assert "No oversight for four months." in page
    assert "Requires improvement to be good" in page


def test_the_round_page_and_the_report_show_agreement(planned, users, auditor, login):
    ours = planned.audits.filter(worker=users["social_worker"]).order_by("person__person_id")
    first, second = _submit(login(auditor), ours[0]), _submit(login(auditor), ours[1])
    client = login(users["quality_assurance"])
    client.post(reverse("improvement:audit_moderate", args=[first.pk]), {"grade": "good", "reason": ""})
    client.post(reverse("improvement:audit_moderate", args=[second.pk]),
                {"grade": "requires_improvement", "reason": "Plans are not specific."})
    assert Moderation.objects.count() == 2
    for url in (reverse("improvement:audit_round", args=[planned.pk]), reverse("improvement:audits")):
        body = login(users["leader"]).get(url).content.decode()
        assert "Moderation agreement" in body
        assert "1 of 2 (50%)" in body  # the same grade
        assert "2 of 2 (100%)" in body  # within one grade
        assert "Is management oversight recorded?" in body  # answered "no" in both: a finding that recurs


def test_the_worker_replies_and_others_cannot(planned, users, auditor, other_team, login):
    audit = _submit(login(auditor), _audit_of(planned, users["social_worker"]))
    client = login(users["social_worker"])
    mine = client.get(reverse("improvement:my_audits")).content.decode()
    assert reverse("improvement:audit", args=[audit.pk]) in mine
    response = client.post(reverse("improvement:audit_reply", args=[audit.pk]),
                           {"text": "The chronology is updated; I will add the rationale."})
    assert response.status_code == 302
    page = client.get(reverse("improvement:audit", args=[audit.pk])).content.decode()
    assert "The chronology is updated; I will add the rationale." in page
    empty = client.post(reverse("improvement:audit_reply", args=[audit.pk]), {"text": ""})
    assert empty.status_code == 400 and "Write your reply" in empty.content.decode()
    # A social worker of another team reads nothing and replies nothing.
    stranger = UserFactory(username="stranger", role=Role.SOCIAL_WORKER, team=other_team)
    assert login(stranger).post(reverse("improvement:audit_reply", args=[audit.pk]),
                                {"text": "Hello"}).status_code == 403
    assert audit.replies.count() == 1


def test_a_reader_who_may_not_open_the_record_sees_the_child_id_not_the_name(planned, users, cases, login):
    # The service manager reads every audit, but the auditor's team is outside their service.
    _ours, theirs = cases
    audit = planned.audits.get(person=theirs[0])
    _submit(login(users["team_manager"]), audit)
    client = login(users["service_manager"])
    body = client.get(reverse("improvement:audit", args=[audit.pk])).content.decode()
    assert theirs[0].person_id in body
    assert "Kid0" not in body and "Otherteam" not in body
    assert reverse("people:detail", args=[theirs[0].pk]) not in body
    round_page = client.get(reverse("improvement:audit_round", args=[planned.pk])).content.decode()
    assert theirs[0].person_id in round_page and "Otherteam" not in round_page
    assert "Child0 Ofteam" in round_page  # a child in their service is named


def test_closing_a_round(planned, users, login):
    client = login(users["quality_assurance"])
    assert "Close round" in client.get(reverse("improvement:audit_round", args=[planned.pk])).content.decode()
    assert client.post(reverse("improvement:audit_round_close", args=[planned.pk])).status_code == 302
    planned.refresh_from_db()
    assert planned.status == AuditRound.Status.CLOSED
    assert login(users["leader"]).post(reverse("improvement:audit_round_close", args=[planned.pk])).status_code == 403


def test_saving_the_tool_makes_a_new_version(version, users, login):
    client = login(users["quality_assurance"])
    url = reverse("improvement:audit_tool", args=[version.tool_id])
    page = client.get(url).content.decode()
    assert "## The child&#x27;s voice" in page
    response = client.post(url, {"text": "## Voice\nIs the child seen?\n\n## Plans\nIs the plan specific?"},
                           follow=True)
    made = version.tool.current
    assert made.number == version.number + 1
    assert f"Version {made.number} of Case file audit was made" in response.content.decode()
    assert made.sections == [{"title": "Voice", "questions": ["Is the child seen?"]},
                             {"title": "Plans", "questions": ["Is the plan specific?"]}]
    bad = client.post(url, {"text": "Is the child seen?"})
    assert "Line 1: start with a section heading" in bad.content.decode()


def test_a_county_wide_reader_sees_the_childs_name(planned, users, cases, login):
    # The leader and the quality lead may open every unrestricted record (Scope.ALL), so they read names.
    ours, theirs = cases
    for role in ("leader", "quality_assurance"):
        body = login(users[role]).get(reverse("improvement:audit_round", args=[planned.pk])).content.decode()
        assert "Child0 Ofteam" in body and "Kid0 Otherteam" in body, role

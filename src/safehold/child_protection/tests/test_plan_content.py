"""The record holds the case (issue 14.6): a child protection plan's outcomes, with actions for named people from
each agency by a date, and its contingency plan; the section 47 enquiry's findings. On the page, in the audit, in
the printed plan."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from pypdf import PdfReader

from safehold.audit.models import AuditEvent
from safehold.child_protection import services
from safehold.child_protection.models import PlanAction
from safehold.core.concurrency import EditConflict
from safehold.web.tests.helpers import date_fields

from .helpers import plan_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(child, users):
    return plan_for(child, users["team_manager"])


def test_outcomes_are_numbered_and_actions_need_who_what_and_when(plan, users):
    sw = users["social_worker"]
    first = services.plan_outcome_add(by=sw, plan=plan, outcome="Amelia is safe from harm at home")
    second = services.plan_outcome_add(by=sw, plan=plan, outcome="Amelia goes to school every day")
    assert (first.number, second.number) == (1, 2)
    with pytest.raises(ValidationError) as exc:
        services.plan_action_add(by=sw, outcome=first, action="", owner="", owner_agency="x", due_on=None)
    assert set(exc.value.message_dict) == {"action", "owner", "owner_agency", "due_on"}
    action = services.plan_action_add(by=sw, outcome=first, action="Attend the parenting programme",
                                      owner="Grace Hartley", owner_agency="family", due_on=dt.date(2026, 3, 1))
    services.plan_action_done(by=sw, action=action, done_on=dt.date(2026, 2, 20))
    assert PlanAction.objects.get().done_on == dt.date(2026, 2, 20)
    assert AuditEvent.objects.filter(action="cp_plan.action_done", person_id=plan.person_id).exists()


def test_the_contingency_plan_is_not_overwritten_by_a_stale_page(plan, users):
    sw = users["social_worker"]
    services.plan_contingency_save(by=sw, plan=plan, text="If the home is unsafe, a legal planning meeting",
                                   expected_version=plan.version)
    with pytest.raises(EditConflict):
        services.plan_contingency_save(by=sw, plan=plan.__class__.objects.get(pk=plan.pk), text="Other",
                                       expected_version=plan.version - 1)


def test_the_page_adds_them_and_the_printed_plan_carries_them(child, plan, users, login):
    client = login(users["social_worker"])
    url = reverse("child_protection:plan_content", args=[child.pk, plan.pk])
    response = client.post(url, {"form": "outcome", "outcome-outcome": ""})
    assert "Write the outcome for the child" in response.content.decode()
    client.post(url, {"form": "outcome", "outcome-outcome": "Amelia is safe from harm at home"})
    outcome = plan.outcomes.get()
    client.post(url, {"form": "action", "action-outcome_id": outcome.pk, "action-action": "Weekly home visits",
                      "action-owner": "Sam Okafor", "action-owner_agency": "la",
                      **date_fields("action-due_on", dt.date(2026, 4, 1))})
    client.post(url, {"form": "contingency", "contingency-version": plan.version,
                      "contingency-contingency": "A legal planning meeting within 2 working days"})
    page = client.get(url).content.decode()
    assert "1. Amelia is safe from harm at home" in page and "Weekly home visits" in page
    pdf = client.get(reverse("casefile:print", args=[child.pk, "cp_plan", plan.pk])).content
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "Weekly home visits" in text and "A legal planning meeting within 2 working days" in text


def test_the_section_47_findings_are_recorded(child, users, login):
    from .helpers import STRATEGY_DAY, open_referral, strategy

    manager = users["team_manager"]
    discussion = strategy(open_referral(child, manager), manager)
    enquiry = discussion.enquiry
    response = login(manager).post(reverse("child_protection:s47_complete", args=[child.pk, enquiry.pk]), {
        "version": enquiry.version, **date_fields("end_date", STRATEGY_DAY + dt.timedelta(days=3)),
        "outcome": "substantiated", "conference_needed": "yes",
        "findings": "Bruising seen by the school nurse; Amelia said her father hit her."})
    assert response.status_code == 302
    enquiry.refresh_from_db()
    assert enquiry.findings.startswith("Bruising seen by the school nurse")

"""Inspection and improvement test data (synthetic only): case file audit rounds and audits, and improvement plans
with their areas and actions, as rows.

Use the services (`round_plan`, `plan_create` ...) where the test is about what they do: a round planned through
them draws its own sample. These are for a row a test needs as it stands, such as an audit of a restricted record,
which no sample would draw."""

import datetime as dt

import factory

from safehold.accounts.models import Role
from safehold.accounts.tests.factories import UserFactory
from safehold.improvement.models import (
    AuditRound,
    AuditTool,
    AuditToolVersion,
    CaseAudit,
    ImprovementPlan,
    Inspection,
    PlanAction,
    PlanArea,
    ScrutinyReport,
)
from safehold.people.tests.factories import PersonFactory


def case_file_audit_tool() -> AuditToolVersion:
    """The current version of the council's "Case file audit" tool (a migration adds it; made here if a test
    deleted it)."""
    tool, _ = AuditTool.objects.get_or_create(name="Case file audit")
    return tool.current or AuditToolVersion.objects.create(
        tool=tool, number=1, sections=[{"title": "Practice", "questions": ["Is the child seen?"]}])


class AuditRoundFactory(factory.django.DjangoModelFactory):
    """A random sample of one case, drawn on 1 November 2026 and due by the end of the year."""

    class Meta:
        model = AuditRound

    name = factory.Sequence(lambda n: f"Audit round {n}")
    theme = AuditRound.Theme.GENERAL
    tool_version = factory.LazyFunction(case_file_audit_tool)
    sampling = AuditRound.Sampling.RANDOM
    sample_size = 1
    seed = 1
    sampled_on = dt.date(2026, 11, 1)
    due_on = dt.date(2026, 12, 31)
    planned_by = factory.SubFactory(UserFactory, role=Role.QUALITY_ASSURANCE, team=None)


class CaseAuditFactory(factory.django.DjangoModelFactory):
    """An audit assigned to a service manager, not yet started."""

    class Meta:
        model = CaseAudit

    round = factory.SubFactory(AuditRoundFactory)
    person = factory.SubFactory(PersonFactory)
    auditor = factory.SubFactory(UserFactory, role=Role.SERVICE_MANAGER, team=None)


class InspectionFactory(factory.django.DjangoModelFactory):
    """A monitoring visit (ungraded) of two days, one a month back from March 2026 as the sequence runs."""

    class Meta:
        model = Inspection

    kind = Inspection.Kind.MONITORING_VISIT
    on_site_from = factory.Sequence(lambda n: dt.date(2026, 3, 2) - dt.timedelta(days=30 * n))
    on_site_to = factory.LazyAttribute(lambda o: o.on_site_from + dt.timedelta(days=1))
    lead_inspector = factory.Sequence(lambda n: f"Inspector {n}")


class ImprovementPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ImprovementPlan

    title = factory.Sequence(lambda n: f"Improvement plan {n}")
    owner = factory.SubFactory(UserFactory, role=Role.LEADER, team=None)


class PlanAreaFactory(factory.django.DjangoModelFactory):
    """An area for improvement the council found in its own self-evaluation."""

    class Meta:
        model = PlanArea

    plan = factory.SubFactory(ImprovementPlanFactory)
    number = factory.Sequence(lambda n: n + 1)
    source = PlanArea.Source.SELF_EVALUATION
    title = "Management oversight"
    lead = factory.SelfAttribute("plan.owner")


class PlanActionFactory(factory.django.DjangoModelFactory):
    """An action due in the first half of 2026, numbered after its area ("1.1")."""

    class Meta:
        model = PlanAction

    area = factory.SubFactory(PlanAreaFactory)
    number = factory.LazyAttribute(lambda o: f"{o.area.number}.1")
    text = "Weekly practice clinics"
    owner = factory.SelfAttribute("area.lead")
    starts_on = dt.date(2026, 1, 1)
    due_on = dt.date(2026, 6, 30)


class ScrutinyReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ScrutinyReport

    plan = factory.SubFactory(ImprovementPlanFactory)
    meeting_on = dt.date(2026, 7, 1)
    summary = "Progress on the plan since the last committee"

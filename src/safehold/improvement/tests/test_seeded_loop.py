"""The synthetic county shows the whole improvement loop, like the brief's council (issue 13.8)."""

import datetime as dt

import pytest

from safehold.casework.models import StatutoryWork
from safehold.improvement import selectors
from safehold.improvement.models import AuditRound, CaseAudit, ImprovementPlan, ScrutinyReport, SelfEvaluation
from safehold.synthetic.county import seed_county

AS_OF = dt.date(2026, 11, 27)


@pytest.mark.django_db
def test_the_demo_county_holds_the_loop(time_machine):
    time_machine.move_to(dt.datetime(2026, 11, 27, 12), tick=False)
    seed_county(children=400, seed=3, as_of=AS_OF, quiet=True, years=3)
    inspections, history = selectors.inspection_history()
    assert [i.on_site_from.year for i in inspections] == [2025, 2021]
    grades = {row.area.code: row.cells for row in history}
    assert grades["overall"] == ["requires_improvement", "good"]
    assert grades["care_leavers"] == ["good", ""] and grades["in_care_and_leavers"] == ["", "good"]
    old, new = ImprovementPlan.objects.order_by("created_at")
    assert selectors.plan_on(old).counts["actions"] == {"green": 4}  # the 2021 plan: all completed
    assert selectors.plans_in_progress().get() == new
    assert ScrutinyReport.objects.filter(plan=new, status="presented").count() == 2
    assert ScrutinyReport.objects.filter(plan=new, status="draft").count() == 1
    themes = set(AuditRound.objects.values_list("theme", flat=True))
    assert len(themes) == 3 and "disabled_children" in themes
    assert CaseAudit.objects.filter(status__in=["submitted", "moderated"]).count() >= 20
    assert CaseAudit.objects.filter(status="moderated").exists()
    # An audit's action is in a worker's "My work".
    assert StatutoryWork.objects.filter(rule_code="AUDIT_ACTION", status="open", worker__isnull=False).exists()
    this_year, last_year = SelfEvaluation.objects.order_by("-year")
    assert (this_year.year, this_year.status, last_year.status) == (2026, "draft", "final")
    cycle = selectors.cycle(AS_OF)
    assert cycle.grade == "requires_improvement" and cycle.window.expected_on == dt.date(2028, 2, 14)

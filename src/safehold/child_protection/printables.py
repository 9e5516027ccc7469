"""Child protection's printed documents (casefile.printing, issue 14.7): the plan and each conference's report."""

from safehold.casefile.printing import Printable, Section, day, register_printable

from .models import ChildProtectionConference, CPPlan


def _plan_sections(plan: CPPlan) -> list[Section]:
    conferences = list(plan.conferences.order_by("held_on"))
    sections = [Section("The plan", rows=[
        ("Started", day(plan.start_date)), ("Ended", day(plan.end_date) if plan.end_date else "Open"),
        ("Category of abuse", plan.get_latest_category_display()),
        ("Lead practitioner", str(plan.lead_practitioner or "")),
        ("Previous plans", str(plan.number_of_previous_plans))])]
    if conferences:
        sections.append(Section("Conferences", rows=[
            (day(c.held_on), f"{c.get_kind_display()}: {c.get_outcome_display()} (chair {c.chaired_by})")
            for c in conferences]))
    for o in plan.outcomes.prefetch_related("actions"):
        sections.append(Section(f"Outcome {o.number}: {o.outcome}", rows=[
            (f"{a.owner} ({a.get_owner_agency_display()})", f"{a.action}, by {day(a.due_on)}"
             + (f" (done {day(a.done_on)})" if a.done_on else "")) for a in o.actions.all()]))
    sections.append(Section("Contingency plan", text=plan.contingency or "None recorded."))
    if plan.end_reason:
        sections.append(Section("Why the plan ended", text=plan.end_reason))
    return sections


def _conference_sections(c: ChildProtectionConference) -> list[Section]:
    return [
        Section("The conference", rows=[("Kind", c.get_kind_display()), ("Held on", day(c.held_on)),
                                        ("Chair", str(c.chaired_by)), ("Decision", c.get_outcome_display()),
                                        ("Category of abuse", c.get_category_display() if c.category else "None")]),
        Section("Notes", text=c.notes or "No notes recorded."),
    ]


def register() -> None:
    register_printable(Printable(
        key="cp_plan", label="Child protection plan",
        records=lambda person: CPPlan.objects.filter(person=person).select_related("lead_practitioner")
        .order_by("-start_date"),
        title=lambda p: f"Child protection plan from {day(p.start_date)}", sections=_plan_sections))
    register_printable(Printable(
        key="conference", label="Conference report",
        records=lambda person: ChildProtectionConference.objects.filter(person=person).select_related("chaired_by")
        .order_by("-held_on"),
        title=lambda c: f"{c.get_kind_display()}, {day(c.held_on)}", sections=_conference_sections))

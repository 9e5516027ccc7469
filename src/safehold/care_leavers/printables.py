"""Care leavers' printed documents (casefile.printing, issue 14.7): the pathway plan with its reviews."""

from safehold.casefile.printing import Printable, Section, day, register_printable

from .models import PathwayPlan


def _sections(plan: PathwayPlan) -> list[Section]:
    sections = [Section("The plan", rows=[("Made", day(plan.start_date)), ("Recorded by", str(plan.recorded_by))]),
                Section("What the plan says", text=plan.summary),
                Section("The young person's views", text=plan.young_person_views or "Not recorded.")]
    reviews = list(plan.reviews.order_by("review_date"))
    for r in reviews:
        sections.append(Section(f"Review of {day(r.review_date)}", text=r.summary))
    return sections


def register() -> None:
    register_printable(Printable(
        key="pathway_plan", label="Pathway plan",
        records=lambda person: PathwayPlan.objects.filter(person=person).select_related("recorded_by"),
        title=lambda p: f"Pathway plan made {day(p.start_date)}", sections=_sections))

"""Care planning's printed documents (casefile.printing, issue 14.7): the care plan."""

from safehold.casefile.printing import Printable, Section, day, register_printable

from .models import CarePlan


def register() -> None:
    register_printable(Printable(
        key="care_plan", label="Care plan",
        records=lambda person: CarePlan.objects.filter(person=person).select_related("recorded_by").order_by("-agreed_on"),
        title=lambda p: f"Care plan agreed {day(p.agreed_on)}",
        sections=lambda p: [Section("The plan", rows=[("Agreed", day(p.agreed_on)),
                                                      ("Permanence plan", p.get_permanence_plan_display()),
                                                      ("Recorded by", str(p.recorded_by))]),
                            Section("What the plan says", text=p.summary or "No summary recorded.")]))

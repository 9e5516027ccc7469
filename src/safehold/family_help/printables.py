"""Family Help's printed documents (casefile.printing, issue 14.7): the assessment."""

from safehold.casefile.printing import Printable, Section, day, register_printable

from .models import Assessment


def _assessment_sections(a: Assessment) -> list[Section]:
    status = f"Authorised on {day(a.authorised_date)} by {a.authorised_by}" if a.authorised_date else "Not yet authorised"
    return [
        Section("About the assessment", rows=[("Started", day(a.start_date)), ("Lead worker", str(a.lead_worker)),
                                              ("Status", status),
                                              ("Factors identified", "\n".join(a.factor_labels()) or "None recorded")]),
        Section("Analysis and summary", text=a.summary or a.draft_text or "Nothing written yet."),
    ]


def register() -> None:
    register_printable(Printable(
        key="assessment", label="Assessment",
        records=lambda person: Assessment.objects.filter(person=person).select_related("lead_worker", "authorised_by"),
        title=lambda a: f"Child and family assessment, started {day(a.start_date)}",
        sections=_assessment_sections))

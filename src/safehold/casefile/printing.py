"""Documents people print (issue 14.7): the assessment, the child protection plan, a conference's report, the care
plan and the pathway plan as PDF, each marked OFFICIAL-SENSITIVE on every page, read from the record as it is now.

The apps that own the records register what can be printed (in AppConfig.ready) with a function that lays the
record out as sections; this module renders any of them with one template (WeasyPrint, tagged PDF/UA) and lists
what a child's record can print. Printing is audited like any other read of the record."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

MARKING = "OFFICIAL-SENSITIVE"


@dataclass
class Section:
    heading: str
    rows: list[tuple[str, str]] = field(default_factory=list)  # label, value
    text: str = ""  # free text, printed as paragraphs


@dataclass(frozen=True)
class Printable:
    key: str
    label: str  # "Assessment"
    records: Callable  # (person) -> iterable of records of this kind, newest first
    title: Callable  # (record) -> "Assessment started 3 January 2026"
    sections: Callable  # (record) -> list[Section]


_PRINTABLES: dict[str, Printable] = {}


def register_printable(printable: Printable) -> None:
    _PRINTABLES[printable.key] = printable


def printable(key: str) -> Printable | None:
    return _PRINTABLES.get(key)


def printables_for(person) -> list[dict]:
    """What the child's record can print: [{"label", "title", "url"}], in registration order."""
    out = []
    for p in _PRINTABLES.values():
        for record in p.records(person):
            out.append({"label": p.label, "title": p.title(record),
                        "url": reverse("casefile:print", args=[person.pk, p.key, record.pk])})
    return out


def day(value) -> str:
    return f"{value:%-d %B %Y}" if value else "Not recorded"


def render_pdf(*, person, printable: Printable, record, by) -> bytes:
    from weasyprint import HTML  # noqa: PLC0415

    context = {"person": person, "title": printable.title(record), "sections": printable.sections(record),
               "marking": MARKING, "council": settings.SAFEHOLD_LA_NAME, "printed_by": by,
               "printed_at": timezone.localtime(), "kind": printable.label}
    html = render_to_string("casefile/print.html", context)
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(pdf_variant="pdf/ua-1", custom_metadata=True)

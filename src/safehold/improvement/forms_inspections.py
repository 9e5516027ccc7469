"""Forms of the inspection pages: recording an inspection and an engagement meeting, starting and editing
the self-evaluation and its evidence. They check the shape of the input only; the services decide (which
judgements a date needs, whether a self-evaluation may still change)."""

from __future__ import annotations

from django import forms

from safehold.performance.definitions import catalogue
from safehold.web.forms import GovukDateField, GovukForm

from .models import AuditRound, Evidence, Grade, Inspection, JudgementArea, PlanAction

GRADE_CHOICES = [("", "Not graded")] + list(Grade.choices)


def _lines(text: str) -> list[str]:
    return [line for line in (text or "").splitlines() if line.strip()]


def _in_force_text(area: JudgementArea) -> str:
    start = f"{area.valid_from:%-d %B %Y}"
    if area.valid_until:
        return f"Graded from {start} to {area.valid_until:%-d %B %Y}"
    return f"Graded from {start}"


class InspectionForm(GovukForm):
    kind = forms.ChoiceField(label="Type of inspection", choices=[("", "Choose the type")] + list(Inspection.Kind.choices),
                             required=False)
    on_site_from = GovukDateField(label="First day on site", required=False)
    on_site_to = GovukDateField(label="Last day on site", required=False)
    published_on = GovukDateField(label="Report published", required=False,
                                  help_text="Leave empty until the report is published. For example, 27 3 2025")
    lead_inspector = forms.CharField(label="Lead inspector", required=False, max_length=120)
    report_url = forms.URLField(label="Link to the report", required=False, max_length=200, assume_scheme="https",
                                error_messages={"invalid": "Enter the link to the report as a web address, like "
                                                           "https://reports.ofsted.gov.uk/provider/44/80446"})
    summary = forms.CharField(label="Summary", required=False, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, areas: list[JudgementArea], **kwargs):
        super().__init__(*args, **kwargs)
        self.areas = areas
        grade_fields = {}
        for area in areas:
            grade_fields[f"grade_{area.code}"] = forms.ChoiceField(
                label=area.name, choices=GRADE_CHOICES, required=False,
                help_text=_in_force_text(area) + ". Standard and short inspections only.")
        findings = {
            "strengths": forms.CharField(
                label="Strengths", required=False, widget=forms.Textarea(attrs={"rows": 6}),
                help_text="As the report words them, one to a line, in the report's order: they are numbered in "
                          "that order"),
            "improvements": forms.CharField(
                label="Areas for improvement", required=False, widget=forms.Textarea(attrs={"rows": 6}),
                help_text="As the report words them, one to a line, in the report's order"),
            "priorities": forms.CharField(
                label="Areas for priority action", required=False, widget=forms.Textarea(attrs={"rows": 3}),
                help_text="Only where the report sets them; one to a line"),
        }
        # Grades after the summary, then the findings: the order of the report.
        ordered = {}
        for name, field in list(self.fields.items()):
            ordered[name] = field
        ordered.update(grade_fields)
        ordered.update(findings)
        self.fields = ordered

    def grade_fields(self):
        return [self[f"grade_{a.code}"] for a in self.areas]

    def detail_fields(self):
        return [self[n] for n in ("kind", "on_site_from", "on_site_to", "published_on", "lead_inspector",
                                  "report_url", "summary")]

    def finding_fields(self):
        return [self[n] for n in ("strengths", "improvements", "priorities")]

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        return {
            "kind": d["kind"], "on_site_from": d["on_site_from"], "on_site_to": d["on_site_to"],
            "published_on": d["published_on"], "lead_inspector": d["lead_inspector"].strip(),
            "report_url": d["report_url"], "summary": d["summary"].strip(),
            "grades": {a.code: d.get(f"grade_{a.code}", "") for a in self.areas},
            "strengths": _lines(d["strengths"]), "improvements": _lines(d["improvements"]),
            "priorities": _lines(d["priorities"]),
        }


class EngagementForm(GovukForm):
    held_on = GovukDateField(label="Date of the meeting", required=False)
    notes = forms.CharField(label="Notes", required=False, widget=forms.Textarea(attrs={"rows": 5}),
                            help_text="What Ofsted's regional representative asked about, and what was agreed")


class SelfEvaluationStartForm(GovukForm):
    year = forms.IntegerField(label="Year", min_value=2000, max_value=2200,
                              widget=forms.TextInput(attrs={"width": "4"}),
                              error_messages={"required": "Enter the year of the self-evaluation",
                                              "invalid": "Enter the year as four digits, like 2026",
                                              "min_value": "Enter the year as four digits, like 2026",
                                              "max_value": "Enter the year as four digits, like 2026"})
    as_at = GovukDateField(label="Read the evidence as at", required=False,
                           help_text="Measures are shown with their value on this date: a month end reads the "
                                     "stored figure. For example, 31 3 2026")


class SelfEvaluationAreaForm(GovukForm):
    grade = forms.ChoiceField(label="Our grade", choices=[("", "Not yet graded")] + list(Grade.choices),
                              required=False)
    quality_of_practice = forms.CharField(label="What we know about the quality and impact of practice",
                                          required=False, widget=forms.Textarea(attrs={"rows": 8}))
    strengths = forms.CharField(label="Strengths", required=False, widget=forms.Textarea(attrs={"rows": 6}))
    areas_for_development = forms.CharField(label="Areas for development, and our plans", required=False,
                                            widget=forms.Textarea(attrs={"rows": 6}))
    version = forms.IntegerField(widget=forms.HiddenInput)


class EvidenceForm(GovukForm):
    statement = forms.ChoiceField(label="Evidence for", choices=Evidence.Statement.choices,
                                  widget=forms.RadioSelect,
                                  error_messages={"required": "Choose the statement this is evidence for"})
    measure_code = forms.ChoiceField(label="A measure", required=False,
                                     help_text="Its value as at the self-evaluation's date is kept with it")
    audit_round = forms.ModelChoiceField(label="Or an audit round", required=False, queryset=AuditRound.objects.none(),
                                         empty_label="None")
    action = forms.ModelChoiceField(label="Or an action of the improvement plan", required=False,
                                    queryset=PlanAction.objects.none(), empty_label="None")
    note = forms.CharField(label="Note", required=False, max_length=300,
                           help_text="What it shows, in a sentence (optional)")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        measures = sorted(catalogue(), key=lambda m: m.code)
        self.fields["measure_code"].choices = [("", "None")] + [(m.code, f"{m.code}: {m.name}") for m in measures]
        self.fields["audit_round"].queryset = AuditRound.objects.order_by("-sampled_on", "-id")
        self.fields["audit_round"].label_from_instance = lambda r: f"{r.name} ({r.get_theme_display()}, {r.sampled_on:%B %Y})"
        self.fields["action"].queryset = PlanAction.objects.select_related("area__plan").order_by(
            "area__plan_id", "area__number", "id")
        self.fields["action"].label_from_instance = lambda a: f"{a.area.plan.title}: {a.number} {a.text[:90]}"

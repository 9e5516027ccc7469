"""Forms of the case file audit pages (issue 13.3). They check the shape of what is typed; the services
decide (every rule, with errors named by field, is in services.round_plan, audit_save and audit_moderate)."""

from __future__ import annotations

import datetime as dt

from django import forms

from safehold.web.forms import GovukDateField, GovukForm

from .models import AuditRound, AuditTool, AuditToolVersion, Grade
from .rules import ANSWERS

MAX_ACTIONS = 3


def _number(label: str, *, required: bool = True, initial=None, help_text: str = "", width: int = 4,
            max_value: int = 30_000):
    return forms.IntegerField(
        label=label, required=required, initial=initial, help_text=help_text, min_value=0, max_value=max_value,
        widget=forms.TextInput(attrs={"width": width}),
        error_messages={"required": f"Enter the {label.lower()}", "invalid": f"Enter the {label.lower()} as a number",
                        "min_value": f"The {label.lower()} cannot be below 0",
                        "max_value": f"The {label.lower()} must be {max_value:,} or less"})


class AuditorField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, user):
        name = user.get_full_name() or user.username
        team = user.team.name if user.team_id else "no team"
        return f"{name} ({user.get_role_display().lower()}, {team})"


class ToolVersionField(forms.ModelChoiceField):
    def label_from_instance(self, version):
        return f"{version.tool.name}, version {version.number}"


class RoundForm(GovukForm):
    # Optional here so that the service names every missing detail at once.
    name = forms.CharField(label="Name of the round", max_length=160, required=False,
                           help_text="For example, Disabled children, spring 2026")
    theme = forms.ChoiceField(label="Theme", choices=AuditRound.Theme.choices,
                              help_text="The sample is drawn from children with an open case who match it")
    tool_version = ToolVersionField(label="Audit tool", queryset=AuditToolVersion.objects.none(), empty_label=None,
                                    help_text="The current version of each tool; the round keeps this version",
                                    error_messages={"required": "Choose the audit tool"})
    sampling = forms.ChoiceField(label="How to draw the sample", choices=AuditRound.Sampling.choices,
                                 widget=forms.RadioSelect, error_messages={"required": "Choose how to draw the sample"})
    sample_size = _number("Sample size", required=False,
                          help_text="Children in all (random) or from each team (stratified); not needed for every child")
    seed = _number("Seed", required=False, width=10, max_value=999_999_999,
                   help_text="Optional. The same seed draws the same sample from the same record; left empty, one "
                             "is chosen and shown on the round's page")
    due_on = GovukDateField(label="Audits due by", label_text="The due date", required=False)
    moderation_percent = _number("Percentage to moderate", initial=20, width=3, max_value=100,
                                 help_text="The share of the round's audits a moderator reviews")
    auditors = AuditorField(label="Auditors", queryset=None, widget=forms.CheckboxSelectMultiple,
                            help_text="No one audits a case they hold or one held by their team",
                            error_messages={"required": "Choose at least one auditor"})

    def __init__(self, *args, auditors, **kwargs):
        super().__init__(*args, **kwargs)
        current = [t.current.pk for t in AuditTool.objects.all() if t.current]
        self.fields["tool_version"].queryset = AuditToolVersion.objects.filter(pk__in=current).select_related("tool")
        self.fields["auditors"].queryset = auditors


class AuditForm(GovukForm):
    """The audit, built from the tool version the round keeps: for each question an answer and a note,
    a grade for each section; then the overall grade, strengths, what must change and up to three actions.
    `sections` groups the bound fields for the template."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, tool_sections: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        answer_choices = list(ANSWERS.items())
        grade_choices = Grade.choices
        self._layout = []
        for s, section in enumerate(tool_sections):
            keys = []
            for q, question in enumerate(section["questions"]):
                self.fields[f"answer_{s}_{q}"] = forms.ChoiceField(
                    label=f"{s + 1}.{q + 1} {question}", choices=answer_choices, required=False,
                    widget=forms.RadioSelect)
                self.fields[f"note_{s}_{q}"] = forms.CharField(
                    label=f"Note on {s + 1}.{q + 1} (optional)", required=False, max_length=2000,
                    widget=forms.Textarea(attrs={"rows": 2}))
                keys.append((f"answer_{s}_{q}", f"note_{s}_{q}"))
            self.fields[f"section_grade_{s}"] = forms.ChoiceField(
                label=f"Grade for {section['title'].lower()}", choices=grade_choices, required=False,
                widget=forms.RadioSelect)
            self._layout.append((s, section["title"], keys))
        self.fields["grade"] = forms.ChoiceField(label="Overall grade", choices=grade_choices, required=False,
                                                 widget=forms.RadioSelect)
        self.fields["strengths"] = forms.CharField(label="Strengths: what is working well", required=False,
                                                   widget=forms.Textarea(attrs={"rows": 4}))
        self.fields["must_change"] = forms.CharField(label="What must change", required=False,
                                                     widget=forms.Textarea(attrs={"rows": 4}))
        for n in range(1, MAX_ACTIONS + 1):
            self.fields[f"action_text_{n}"] = forms.CharField(
                label=f"Action {n} for the worker (optional)", required=False, max_length=1000,
                widget=forms.Textarea(attrs={"rows": 2}))
            self.fields[f"action_due_{n}"] = GovukDateField(label=f"Action {n} due by",
                                                            label_text=f"The due date of action {n}", required=False)

    @property
    def sections(self) -> list[dict]:
        return [{"number": s + 1, "title": title,
                 "questions": [{"answer": self[a], "note": self[n]} for a, n in keys],
                 "grade": self[f"section_grade_{s}"]} for s, title, keys in self._layout]

    @property
    def actions(self) -> list[dict]:
        return [{"number": n, "text": self[f"action_text_{n}"], "due": self[f"action_due_{n}"]}
                for n in range(1, MAX_ACTIONS + 1)]

    @staticmethod
    def initial_for(audit) -> dict:
        """The form's starting values from the audit as saved (a draft keeps its actions in answers)."""
        initial = {"version": audit.version, "grade": audit.grade, "strengths": audit.strengths,
                   "must_change": audit.must_change}
        for key, given in (audit.answers or {}).items():
            if key == "_actions":
                for n, action in enumerate(given[:MAX_ACTIONS], start=1):
                    initial[f"action_text_{n}"] = action.get("text", "")
                    initial[f"action_due_{n}"] = dt.date.fromisoformat(action["due"]) if action.get("due") else None
                continue
            s, _, q = key.partition(".")
            initial[f"answer_{s}_{q}"] = given.get("answer", "")
            initial[f"note_{s}_{q}"] = given.get("note", "")
        for s, grade in (audit.section_grades or {}).items():
            initial[f"section_grade_{s}"] = grade
        return initial

    def service_arguments(self, sections_count: int) -> dict:
        """cleaned_data in the shape services.audit_save takes."""
        d = self.cleaned_data
        answers, section_grades = {}, {}
        for name, value in d.items():
            if name.startswith("answer_"):
                s, q = name.removeprefix("answer_").split("_")
                answers.setdefault(f"{s}.{q}", {})["answer"] = value
            elif name.startswith("note_"):
                s, q = name.removeprefix("note_").split("_")
                answers.setdefault(f"{s}.{q}", {})["note"] = value
        for s in range(sections_count):
            section_grades[str(s)] = d.get(f"section_grade_{s}", "")
        return {"answers": answers, "section_grades": section_grades, "grade": d.get("grade", ""),
                "strengths": d.get("strengths", ""), "must_change": d.get("must_change", ""),
                "actions": [(d.get(f"action_text_{n}", ""), d.get(f"action_due_{n}"))
                            for n in range(1, MAX_ACTIONS + 1)]}


class ModerateForm(GovukForm):
    grade = forms.ChoiceField(label="The grade you give", choices=Grade.choices, widget=forms.RadioSelect,
                              error_messages={"required": "Choose the grade you give"})
    reason = forms.CharField(label="Reason", required=False, widget=forms.Textarea(attrs={"rows": 4}),
                             help_text="Needed when your grade differs from the auditor's")


class ReplyForm(GovukForm):
    text = forms.CharField(label="Your reply", widget=forms.Textarea(attrs={"rows": 4}),
                           error_messages={"required": "Write your reply"})


class ToolForm(GovukForm):
    text = forms.CharField(label="The questions", widget=forms.Textarea(attrs={"rows": 24}),
                           help_text="Start each section with a line beginning ## and its title, then write one "
                                     "question per line. Saving makes a new version; audits already done keep "
                                     "the version they were done on.",
                           error_messages={"required": "Write at least one section with its questions"})

"""Forms for oversight and supervision: they check the shape of input; services.py enforces the rules."""

from django import forms

from safehold.web.forms import GovukDateField, GovukForm

from .models import DecisionPoint

ACTION_ROWS = 3


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.get_full_name() or obj.username}{f' ({obj.team})' if obj.team_id else ''}"


class OversightForm(GovukForm):
    decision_point = forms.ChoiceField(label="Decision point", choices=DecisionPoint.choices, widget=forms.RadioSelect,
                                       required=False)
    occurred_on = GovukDateField(label="Date of the oversight", label_text="the date of the oversight",
                                 required=False)
    what_was_read = forms.CharField(label="What you read", required=False, widget=forms.Textarea(attrs={"rows": 3}),
                                    help_text="The records, assessments, plans and reports you reviewed")
    decision = forms.CharField(label="What you decided", required=False, widget=forms.Textarea(attrs={"rows": 4}))
    rationale = forms.CharField(label="Rationale", required=False, widget=forms.Textarea(attrs={"rows": 4}),
                                help_text="Why you made this decision, including the child's views and any risks")

    def __init__(self, *args, owners=None, **kwargs):
        super().__init__(*args, **kwargs)
        for n in range(1, ACTION_ROWS + 1):
            self.fields[f"action_{n}"] = forms.CharField(label="What needs to be done", required=False,
                                                         widget=forms.Textarea(attrs={"rows": 2}))
            self.fields[f"action_{n}_owner"] = StaffChoiceField(label=f"Who owns action {n}", queryset=owners,
                                                                required=False, empty_label="Choose an owner")
            self.fields[f"action_{n}_due_on"] = GovukDateField(label=f"When action {n} is due",
                                                               label_text=f"action {n}'s due date", required=False)

    def action_rows(self):
        return [(n, self[f"action_{n}"], self[f"action_{n}_owner"], self[f"action_{n}_due_on"])
                for n in range(1, ACTION_ROWS + 1)]

    def actions(self) -> list[dict]:
        d = self.cleaned_data
        return [{"action": d.get(f"action_{n}", ""), "owner": d.get(f"action_{n}_owner"),
                 "due_on": d.get(f"action_{n}_due_on")} for n in range(1, ACTION_ROWS + 1)]


class SupervisionForm(GovukForm):
    held_on = GovukDateField(label="Date of supervision", label_text="the date of supervision", required=False)
    notes = forms.CharField(label="Supervision notes", required=False, widget=forms.Textarea(attrs={"rows": 5}),
                            help_text="Wellbeing, workload, learning and development, and anything agreed")

    def __init__(self, *args, cases=(), **kwargs):
        """`cases`: the people allocated to the worker, each offered for discussion."""
        super().__init__(*args, **kwargs)
        self.case_people = list(cases)
        for p in self.case_people:
            self.fields[f"case_{p.pk}_discussion"] = forms.CharField(
                label="Discussion summary", required=False, widget=forms.Textarea(attrs={"rows": 3}),
                help_text="Leave blank if this case was not discussed")
            self.fields[f"case_{p.pk}_decision"] = forms.CharField(
                label="Decisions and actions", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def case_rows(self):
        return [(p, self[f"case_{p.pk}_discussion"], self[f"case_{p.pk}_decision"]) for p in self.case_people]

    def cases(self) -> list[dict]:
        d = self.cleaned_data
        out = []
        for p in self.case_people:
            discussion, decision = d.get(f"case_{p.pk}_discussion", ""), d.get(f"case_{p.pk}_decision", "")
            if discussion.strip() or decision.strip():
                out.append({"person": p, "discussion": discussion, "decision": decision})
        return out

from django import forms

from safehold.web.forms import GovukDateField, GovukForm


class AuditQueryForm(GovukForm):
    person_id = forms.CharField(label="Person ID of the child or adult", required=False, max_length=20,
                                help_text="Who looked at this record?",
                                widget=forms.TextInput(attrs={"width": "20"}))
    username = forms.CharField(label="Username of the member of staff", required=False, max_length=150,
                               help_text="What did this user look at and change?",
                               widget=forms.TextInput(attrs={"width": "20"}))
    since = GovukDateField(label="From (optional)", required=False, label_text="the start date")

    def clean(self):
        data = super().clean()
        if not self.errors and not data.get("person_id") and not data.get("username"):
            raise forms.ValidationError("Enter a person ID or a username")
        return data

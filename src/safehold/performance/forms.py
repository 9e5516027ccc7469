from django import forms

from safehold.web.forms import GovukForm


class TargetForm(GovukForm):
    target = forms.FloatField(label="Target", error_messages={"required": "Enter the target",
                                                              "invalid": "Enter the target as a number"})
    amber_margin = forms.FloatField(label="Amber within", initial=5,
                                    help_text="How far on the wrong side of the target is amber rather than red",
                                    error_messages={"required": "Enter the amber margin",
                                                    "invalid": "Enter the amber margin as a number"})

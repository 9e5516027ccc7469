"""Forms for people: they check the shape of input; people/services.py enforces the rules."""

from django import forms

from safehold.accounts.forms import clean_code
from safehold.accounts.models import BreakGlassAccess
from safehold.core.codes import Disability, Ethnicity, Sex, UPNUnknown
from safehold.web.forms import GovukDateField, GovukForm

from .models import Address, Person, PersonName, Relationship


def _blank(choices, label="Not known"):
    return [("", label), *choices]


class SearchForm(GovukForm):
    name = forms.CharField(label="Name", required=False, max_length=200,
                           help_text="First name, last name or both. Close spellings are found too.",
                           widget=forms.TextInput(attrs={"spellcheck": "false", "autocomplete": "off"}))
    dob = GovukDateField(label="Date of birth", required=False, label_text="date of birth")
    identifier = forms.CharField(label="Person ID, UPN or NHS number", required=False, max_length=20,
                                 widget=forms.TextInput(attrs={"width": "20", "spellcheck": "false"}))
    postcode = forms.CharField(label="Postcode", required=False, max_length=8,
                               widget=forms.TextInput(attrs={"width": "10", "autocomplete": "off"}))

    def clean(self):
        data = super().clean()
        if not self.errors and not any(data.get(k) for k in ("name", "dob", "identifier", "postcode")):
            raise forms.ValidationError("Enter a name, date of birth, identifier or postcode to search")
        return data


class PersonForm(GovukForm):
    kind = forms.ChoiceField(label="This person is", choices=Person.Kind.choices, widget=forms.RadioSelect,
                             initial=Person.Kind.CHILD)
    forename = forms.CharField(label="First name", max_length=100, required=False,
                               widget=forms.TextInput(attrs={"spellcheck": "false", "autocomplete": "off"}))
    surname = forms.CharField(label="Last name", max_length=100, required=False,
                              widget=forms.TextInput(attrs={"spellcheck": "false", "autocomplete": "off"}))
    dob = GovukDateField(label="Date of birth", required=False, label_text="date of birth")
    expected_dob = GovukDateField(label="Expected date of birth (unborn child)", required=False,
                                  label_text="expected date of birth",
                                  help_text="Only for an unborn child. For example, 27 3 2027")
    sex = forms.ChoiceField(label="Sex", choices=Sex.choices, initial=Sex.UNKNOWN)
    gender = forms.CharField(label="Gender identity (optional)", max_length=60, required=False)
    ethnicity = forms.ChoiceField(label="Ethnicity", choices=Ethnicity.choices, initial=Ethnicity.NOBT)
    disabilities = forms.MultipleChoiceField(label="Disability", choices=Disability.choices, required=False,
                                             widget=forms.CheckboxSelectMultiple,
                                             help_text="Select all that apply. Leave blank if not yet known.")
    communication_needs = forms.CharField(label="Communication needs", required=False,
                                          widget=forms.Textarea(attrs={"rows": 3}),
                                          help_text="How this person communicates and what helps")
    first_language = forms.CharField(label="First language", max_length=60, required=False)
    upn = forms.CharField(label="Unique pupil number (UPN)", max_length=13, required=False,
                          widget=forms.TextInput(attrs={"width": "20", "spellcheck": "false"}))
    former_upn = forms.CharField(label="Former UPN", max_length=13, required=False,
                                 widget=forms.TextInput(attrs={"width": "20", "spellcheck": "false"}))
    upn_unknown = forms.ChoiceField(label="Reason the UPN is not known", choices=_blank(UPNUnknown.choices, "Not applicable"),
                                    required=False)
    common_child_id = forms.CharField(label="NHS number", max_length=12, required=False,
                                      widget=forms.TextInput(attrs={"width": "10", "spellcheck": "false"}))
    is_uasc = forms.BooleanField(label="Unaccompanied asylum-seeking child", required=False)
    nationality = forms.CharField(label="Country of origin", max_length=60, required=False)
    death_date = GovukDateField(label="Date of death", required=False, label_text="date of death",
                                help_text="Only if the person has died")

    def service_data(self) -> dict:
        data = {k: v for k, v in self.cleaned_data.items() if k not in ("disabilities", "reason", "version")}
        for key in ("gender", "upn", "former_upn", "upn_unknown", "common_child_id", "nationality",
                    "first_language", "communication_needs"):
            data[key] = data.get(key) or ""
        return data


class PersonEditForm(PersonForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(label="Reason for the change (optional)", required=False, max_length=500,
                             widget=forms.Textarea(attrs={"rows": 2}))


class AddressForm(GovukForm):
    line1 = forms.CharField(label="Address line 1", max_length=120, required=False)
    line2 = forms.CharField(label="Address line 2 (optional)", max_length=120, required=False)
    town = forms.CharField(label="Town or city", max_length=80, required=False)
    postcode = forms.CharField(label="Postcode", max_length=8, required=False,
                               widget=forms.TextInput(attrs={"width": "10"}))
    address_type = forms.ChoiceField(label="Type of address", choices=Address.Type.choices, initial=Address.Type.HOME)
    start_date = GovukDateField(label="Date they moved in", label_text="the date they moved in",
                                error_messages={"required": "Enter the date they moved in"})


class NameForm(GovukForm):
    kind = forms.ChoiceField(label="Type of name", choices=PersonName.Kind.choices, widget=forms.RadioSelect)
    forename = forms.CharField(label="First name", max_length=100, required=False)
    surname = forms.CharField(label="Last name", max_length=100, required=False)
    start_date = GovukDateField(label="Used from (optional)", required=False, label_text="the date it was first used")
    end_date = GovukDateField(label="Used until (optional)", required=False, label_text="the date it stopped being used")


class RelationshipForm(GovukForm):
    related_person_id = forms.CharField(label="Person ID of the related person", max_length=20,
                                        help_text="Search for the person first, or add them, then enter their person ID",
                                        error_messages={"required": "Enter the person ID of the related person"},
                                        widget=forms.TextInput(attrs={"width": "20", "spellcheck": "false"}))
    type = forms.ChoiceField(label="They are this person's", choices=Relationship.Type.choices)
    parental_responsibility = forms.BooleanField(label="Has parental responsibility", required=False)
    start_date = GovukDateField(label="From (optional)", required=False, label_text="the start date")
    end_date = GovukDateField(label="Until (optional)", required=False, label_text="the end date")


class RestrictForm(GovukForm):
    # What the page asks for, restrict ("1") or lift ("0"), named explicitly: a missing or unknown value is
    # an error, never a lifted restriction (issue 15.10, fail closed).
    restrict = forms.ChoiceField(choices=[("1", "Restrict"), ("0", "Lift the restriction")], widget=forms.HiddenInput,
                                 error_messages={"required": "Choose whether to restrict the record or lift the "
                                                             "restriction",
                                                 "invalid_choice": "Choose whether to restrict the record or lift "
                                                                   "the restriction"})
    reason = forms.CharField(label="Reason", max_length=200,
                             error_messages={"required": "Enter why the record's restriction is changing"},
                             widget=forms.Textarea(attrs={"rows": 3}),
                             help_text="For example: a relative of a member of staff. Recorded in the audit log.")


class GrantForm(GovukForm):
    username = forms.CharField(label="Username of the person to give access", max_length=150,
                               error_messages={"required": "Enter a username"})
    reason = forms.CharField(label="Why they need access", max_length=500,
                             error_messages={"required": "Enter why this person needs access"},
                             widget=forms.Textarea(attrs={"rows": 2}))


class BreakGlassForm(GovukForm):
    reason_code = forms.ChoiceField(label="Why do you need to open this record?", choices=BreakGlassAccess.Reason.choices,
                                    widget=forms.RadioSelect,
                                    error_messages={"required": "Choose why you need to open this record"})
    reason_text = forms.CharField(label="Explain the reason", max_length=1000, required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}),
                                  help_text="Your reason, your name and the time are recorded and reported to managers.")
    password = forms.CharField(label="Your password", widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
                               required=False, help_text="Confirm it is you before opening a record outside your access")
    # Asked only of a user with an authenticator app set up (issue 15.4): the same two steps as signing in.
    token = forms.CharField(label="Code from your authenticator app", max_length=20, required=False,
                            widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric",
                                                          "spellcheck": "false", "width": "5",
                                                          "extra_letter_spacing": True}),
                            help_text="The 6-digit code your app shows for Safehold now")

    def __init__(self, *args, needs_code: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not needs_code:
            del self.fields["token"]

    def clean(self):
        data = super().clean()
        # Show every missing answer at once; the service checks the password and the code itself.
        if len((data.get("reason_text") or "").strip()) < 10:
            self.add_error("reason_text", "Explain in a sentence why you need to open this record")
        if not data.get("password"):
            self.add_error("password", "Enter your password to confirm it is you")
        if "token" in self.fields and "token" not in self.errors:
            try:
                data["token"] = clean_code(data.get("token", ""))
            except forms.ValidationError as exc:
                self.add_error("token", exc)
        return data


class MergeForm(GovukForm):
    duplicate_person_id = forms.CharField(label="Person ID of the duplicate record", max_length=20,
                                          error_messages={"required": "Enter the person ID of the duplicate record"},
                                          widget=forms.TextInput(attrs={"width": "20"}))
    reason = forms.CharField(label="Why are these the same person?", max_length=500,
                             error_messages={"required": "Enter why these records are the same person"},
                             widget=forms.Textarea(attrs={"rows": 3}))
    confirm = forms.BooleanField(label="I have checked that these are the same person", required=False)

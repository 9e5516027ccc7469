"""Forms for children in care: they check the shape of input; services.py enforces the rules."""

from __future__ import annotations

from django import forms

from safehold.family_help.codes import PrimaryNeed, ReferralSource
from safehold.web.forms import GovukDateField, GovukForm

from .codes import (
    AdoptersLegalStatus,
    AdoptersSex,
    AdoptionCeasedReason,
    LegalStatus,
    PlacementProvider,
    PlacementType,
    PreviousPermanence,
    ReasonPlaceChange,
    RegistrationApplication,
)
from .models import Provider
from .services import LEAVING_REASON_CHOICES, Authorisation


def _blank(choices, label: str):
    return [("", label), *choices]


def _coded(choices):
    return [(code, f"{code}: {label}") for code, label in choices]


class ProviderChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        flag = "" if obj.registration_status in ("registered", "not_required") else \
            f" [{obj.get_registration_status_display()}]"
        return f"{obj.name} ({obj.placement_type}{', ' + obj.postcode if obj.postcode else ''}){flag}"


def _date(label: str, what: str, required: bool = True, **kwargs):
    return GovukDateField(label=label, label_text=what, required=required,
                          error_messages={"required": f"Enter {what}"}, **kwargs)


class AuthorisationFields(forms.Form):
    """Shown to a director when the unregistered provision guard refuses the placement."""

    authorisation_reason = forms.CharField(label="Why no registered placement can meet the child's needs",
                                           required=False, widget=forms.Textarea(attrs={"rows": 4}))
    plan_to_end = forms.CharField(label="Plan to end the placement or have the provider registered", required=False,
                                  widget=forms.Textarea(attrs={"rows": 4}))
    target_end_date = GovukDateField(label="Target date to end the placement", label_text="the target end date",
                                     required=False)
    ofsted_notified_on = GovukDateField(label="Date Ofsted was told (if it has been)", label_text="the date Ofsted "
                                        "was told", required=False)
    registration_application = forms.ChoiceField(label="Provider's registration application",
                                                  choices=RegistrationApplication.choices, required=False)

    def authorisation(self) -> Authorisation | None:
        c = self.cleaned_data
        auth = Authorisation(reason=c.get("authorisation_reason") or "", plan_to_end=c.get("plan_to_end") or "",
                             target_end_date=c.get("target_end_date"), ofsted_notified_on=c.get("ofsted_notified_on"),
                             registration_application=c.get("registration_application") or "not_applied")
        return auth if auth.is_given() else None


class _PlacementFields(GovukForm):
    placement_type = forms.ChoiceField(label="Placement type", required=False,
                                       choices=_blank(_coded(PlacementType.choices), "The provider's type"),
                                       help_text="Leave as the provider's type unless it is a temporary placement, "
                                                 "placed with parents, or another placement with no provider")
    provider = ProviderChoiceField(label="Provider from the register", required=False,
                                   queryset=Provider.objects.none(), empty_label="No provider")
    intended_until_18 = forms.BooleanField(label="The placement is intended to last until the child is 18",
                                           required=False)
    weekly_visits = forms.BooleanField(
        label="Placed with a parent before the assessment is complete, or with a connected person with temporary "
              "approval", required=False,
        help_text="Statutory visits are then weekly until the first review (Care Planning Regulations, reg 28)")

    def __init__(self, *args, authorise: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = Provider.objects.filter(is_active=True)
        if authorise:
            self.fields.update(AuthorisationFields().fields)

    def authorisation(self) -> Authorisation | None:
        if "authorisation_reason" not in self.fields:
            return None
        return AuthorisationFields.authorisation(self)


class PeriodStartForm(_PlacementFields):
    start_date = _date("Date the child became looked after", "the date the child became looked after")
    legal_status = forms.ChoiceField(label="Legal status", choices=_blank(_coded(LegalStatus.choices),
                                                                          "Choose a legal status"),
                                     error_messages={"required": "Choose the child's legal status"})
    category_of_need = forms.ChoiceField(label="Category of need", choices=_blank(_coded(PrimaryNeed.choices),
                                                                                  "Choose a category"),
                                         error_messages={"required": "Choose the category of need (N1 to N9)"})
    previous_permanence = forms.ChoiceField(
        label="Previous permanence order (SSDA903)", required=False,
        choices=_blank(PreviousPermanence.choices, "Not known yet"),
        help_text="An adoption, special guardianship or child arrangements order the child had before")
    previous_permanence_la = forms.CharField(label="Local authority that made the arrangements", required=False,
                                             max_length=9)
    previous_permanence_date = forms.CharField(label="Date of that order", required=False, max_length=10,
                                               help_text="dd/mm/yyyy, with ZZ for an unknown day or month")
    referral_source = forms.ChoiceField(
        label="Where the referral came from", required=False,
        choices=_blank(_coded(ReferralSource.choices), "Choose a source"),
        help_text="The child has no open episode of need: one is opened on the same day, so they are counted in "
                  "the CIN census",
        error_messages={"required": "Choose where the referral came from"})
    field_order = ["start_date", "legal_status", "category_of_need", "referral_source", "provider", "placement_type"]

    def __init__(self, *args, needs_referral: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if needs_referral:
            self.fields["referral_source"].required = True
        else:
            del self.fields["referral_source"]


class LegalStatusForm(GovukForm):
    start_date = _date("Date the legal status changed", "the date the legal status changed")
    legal_status = forms.ChoiceField(label="New legal status", choices=_blank(_coded(LegalStatus.choices),
                                                                              "Choose a legal status"),
                                     error_messages={"required": "Choose the new legal status"})


class PlacementChangeForm(_PlacementFields):
    version = forms.IntegerField(widget=forms.HiddenInput)
    start_date = _date("Date of the move", "the date of the move")
    change_reason = forms.ChoiceField(label="Reason for the placement change", required=False,
                                      choices=_blank(_coded(ReasonPlaceChange.choices), "No reason (temporary "
                                                     "placement)"),
                                      help_text="Leave blank when a temporary placement (T0 to T4) starts or ends")
    same_carer = forms.BooleanField(label="The child stays with the same carer(s)", required=False)
    legal_status = forms.ChoiceField(label="New legal status, if it changes on the same day", required=False,
                                     choices=_blank(_coded(LegalStatus.choices), "No change"))
    field_order = ["start_date", "provider", "placement_type", "change_reason", "same_carer", "legal_status"]


class PeriodEndForm(GovukForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    end_date = _date("Date the child left care", "the date the child left care")
    reason = forms.ChoiceField(label="Reason the child left care", choices=_blank(LEAVING_REASON_CHOICES,
                                                                                  "Choose a reason"),
                               error_messages={"required": "Choose the reason the child left care"})


class ProviderForm(GovukForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    name = forms.CharField(label="Name", max_length=200, error_messages={"required": "Enter the provider's name"})
    placement_type = forms.ChoiceField(label="Placement type", choices=_blank(_coded(PlacementType.choices),
                                                                              "Choose a type"),
                                       error_messages={"required": "Choose the placement type"})
    provider_code = forms.ChoiceField(label="Provider (903 PLACE_PROVIDER)", required=False,
                                      choices=_blank(_coded(PlacementProvider.choices), "None (temporary or other)"))
    urn = forms.CharField(label="Ofsted unique reference number (URN)", max_length=8, required=False)
    registration_status = forms.ChoiceField(label="Registration status", choices=Provider.Registration.choices)
    registration_checked_on = _date("Date the registration was checked with Ofsted", "the date checked",
                                    required=False)
    deregistered_on = _date("Date deregistered or closed (if it was)", "the date deregistered", required=False)
    address_line1 = forms.CharField(label="Address line 1", max_length=200, required=False)
    town = forms.CharField(label="Town", max_length=100, required=False)
    postcode = forms.CharField(label="Postcode", max_length=8, required=False)
    la_code = forms.CharField(label="Local authority area code (PL_LA)", max_length=9, required=False)
    is_active = forms.BooleanField(label="Active on the register", required=False, initial=True)


class AuthorisationForm(GovukForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    ofsted_notified_on = _date("Date Ofsted was told", "the date Ofsted was told", required=False)
    registration_application = forms.ChoiceField(label="Provider's registration application",
                                                 choices=RegistrationApplication.choices)
    plan_to_end = forms.CharField(label="Plan to end the placement or have the provider registered",
                                  widget=forms.Textarea(attrs={"rows": 4}),
                                  error_messages={"required": "Enter the plan to end the placement"})
    target_end_date = _date("Target date to end the placement", "the target end date")


class ActionForm(GovukForm):
    prefix = "action"
    action = forms.CharField(label="Action", max_length=300, error_messages={"required": "Enter the action"})
    owner = forms.CharField(label="Who will do it", max_length=120, error_messages={"required": "Enter who will do it"})
    due_date = _date("Date it is due", "the date it is due")


class DoLOForm(GovukForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    start_date = _date("Date the order starts", "the date the order starts")
    end_date = _date("Date the order ends (if it has)", "the date the order ends", required=False)
    court = forms.CharField(label="Court", max_length=200, error_messages={"required": "Enter the court"})
    review_date = _date("Date of the next court review", "the review date", required=False)


class UASCForm(GovukForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    is_uasc = forms.BooleanField(label="The child is (or was) an unaccompanied asylum-seeking child", required=False)
    ceased_on = _date("Date UASC status ceased", "the date UASC status ceased", required=False,
                      help_text="On or before the child's 18th birthday")


class AdoptionForm(GovukForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    should_be_placed_on = _date("Decision that the child should be placed for adoption",
                                "the date of the decision to place", required=False)
    placement_order_on = _date("Placement order", "the date of the placement order", required=False)
    matched_on = _date("Matched with adopters", "the date matched", required=False)
    placed_on = _date("Placed for adoption", "the date placed", required=False)
    adopted_on = _date("Adoption order", "the date of the adoption order", required=False)
    no_longer_placed_on = _date("Decision that the child should no longer be placed", "the date of that decision",
                                required=False)
    no_longer_reason = forms.ChoiceField(label="Reason the child should no longer be placed", required=False,
                                         choices=_blank(_coded(AdoptionCeasedReason.choices), "Not applicable"))
    by_former_foster_carers = forms.TypedChoiceField(
        label="Was the child adopted by their former foster carers?", widget=forms.RadioSelect, required=False,
        choices=[("True", "Yes"), ("False", "No")], coerce=lambda v: v == "True", empty_value=None,
        help_text="Needed once the adoption order is made")
    adopters_sex = forms.ChoiceField(label="Who adopted the child", required=False,
                                     choices=_blank(_coded(AdoptersSex.choices), "Not yet known"))
    adopters_legal_status = forms.ChoiceField(label="The adopters' legal status", required=False,
                                              choices=_blank(_coded(AdoptersLegalStatus.choices), "Not yet known"))


class PlacementRequestAuthoriseForm(GovukForm):
    """The director's authorisation of a worker's request: the same questions as on the placement form."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(AuthorisationFields().fields)
        self.fields["authorisation_reason"].required = True
        self.fields["authorisation_reason"].error_messages["required"] = (
            "Enter why no registered placement can meet the child's needs")

    def authorisation(self) -> Authorisation:
        return AuthorisationFields.authorisation(self) or Authorisation()


class PlacementRequestDeclineForm(GovukForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    decline_reason = forms.CharField(label="Why the placement is not authorised, and what to do instead",
                                     widget=forms.Textarea(attrs={"rows": 4}),
                                     error_messages={"required": "Say why the placement is not authorised"})

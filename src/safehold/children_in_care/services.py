"""Children in care services: periods of care, placements and their SSDA903 episodes, the provider
register, the unregistered provision guard, deprivation of liberty orders, UASC and adoption.

Each service checks the permission and the rules (raising ValidationError keyed by form field),
writes the change with its audit row and chronology entry, in one transaction. Rules cite
../shared/domain/ssda903.md (903 rule numbers) and ../shared/domain/unregistered-provision.md.

The care_planning app is told when a period starts, a placement starts and a period ends
(care_planning.services): it raises the reviews, visits and health work those events start. The
care_leavers app is told when a period ends, and opens the young person's care leaver record."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from safehold.accounts.policy import Perm, has_perm
from safehold.audit.services import audit_change, snapshot
from safehold.care_leavers import services as care_leavers
from safehold.care_planning import services as care_planning
from safehold.core.concurrency import save_if_unchanged
from safehold.core.validation import add_error as _add
from safehold.core.validation import check_day as _check_day
from safehold.core.validation import d
from safehold.core.validation import raise_if_errors as _raise
from safehold.accounts.policy import require as _require
from safehold.family_help.codes import PrimaryNeed
from safehold.people.chronology import record_event
from safehold.people.models import Address
from safehold.people.validators import normalise_postcode, validate_postcode

from . import geo
from .codes import (
    ADOPTERS_SEXES_FOR_STATUS,
    AGE_OF_CRIMINAL_RESPONSIBILITY,
    CARE_ORDER_MAX_AGE,
    CARE_ORDER_STATUSES,
    DOLO_NOT_ALLOWED,
    FOSTER_PLACEMENTS,
    LEAVING_CARE_REASONS,
    LOOKED_AFTER_MAX_AGE,
    MUST_BE_REGISTERED,
    NO_PROVIDER_PLACEMENTS,
    SHORT_BREAK_STATUSES,
    TEMPORARY_PLACEMENTS,
    UNDER_16_BAN_AGE,
    UNDER_16_BANNED,
    VALID_PLACEMENT_TYPES,
    YOUTH_JUSTICE_STATUSES,
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
from .models import (
    AdoptionMilestones,
    AuthorisationAction,
    CareEpisode,
    DeprivationOfLibertyOrder,
    PeriodOfCare,
    Placement,
    Provider,
    UASCStatus,
    UnregisteredPlacementAuthorisation,
)

# CPPCR (England) (Amendment) Regulations 2021: no looked-after child under 16 in other arrangements
# from September 2021. The exact day is UNCONFIRMED (unregistered-provision.md 5: "commonly cited as
# 9 Sept 2021"), so it is a setting: CHILDREN_IN_CARE_UNDER_16_BAN_FROM.
DEFAULT_UNDER_16_BAN_FROM = dt.date(2021, 9, 9)
# Supported Accommodation (England) Regulations 2023: registration mandatory from 28 October 2023.
SUPPORTED_ACCOMMODATION_REGISTRATION_FROM = dt.date(2023, 10, 28)
SUPPORTED_ACCOMMODATION = frozenset({"K3", "H5"})
NO_LATER_EPISODE = {"E2", "E15"}  # rule 437

LAW_REGISTRATION = (
    "The law: a setting providing care and accommodation wholly or mainly for children is a children's home "
    "(Care Standards Act 2000 s1(2)), and carrying one on without Ofsted registration is a criminal offence "
    "(s11). Supported accommodation must be registered with Ofsted from 28 October 2023 (Supported "
    "Accommodation (England) Regulations 2023).")
LAW_UNDER_16 = (
    "The law: the Care Planning, Placement and Case Review (England) (Amendment) Regulations 2021 stop a local "
    "authority placing a looked-after child under 16 in other arrangements (supported accommodation, "
    "independent or semi-independent living).")
DIRECTOR_NEEDED = (
    "Only a director (the DCS or an assistant director) can authorise this placement, recording why no "
    "registered placement can meet the child's needs, the plan to end it and a target end date. Ofsted must "
    "be told. Ask a director below, with your reasons, or speak to your manager: nothing has been saved.")


def under_16_ban_from() -> dt.date:
    return getattr(settings, "CHILDREN_IN_CARE_UNDER_16_BAN_FROM", DEFAULT_UNDER_16_BAN_FROM)












def _can_place(user) -> bool:
    return has_perm(user, Perm.CASEWORK_RECORD) or has_perm(user, Perm.PLACEMENT_AUTHORISE_UNREGISTERED)


# --- Rules shared by the services ----------------------------------------------------------------------

def legal_status_errors(person, legal_status: str, on: dt.date | None) -> list[str]:
    """Does `legal_status` fit the child's age on `on`? Messages for the legal_status field."""
    if legal_status not in LegalStatus.values:
        return ["Choose the child's legal status from the list"]
    if on is None:
        return []
    if person.dob is None and not person.is_unborn:
        return ["Record the child's date of birth before recording a legal status (the age decides which statuses "
                "are possible)"]
    if person.dob is None or person.dob > on:
        return ["A child who is not yet born on that date cannot become looked after: record the legal status "
                "once the child is born"]
    age = person.age_on(on)
    if age > LOOKED_AFTER_MAX_AGE:
        return [f"{person.full_name} is {age} on {d(on)}: a person aged 18 or over cannot be looked after, so no "
                "legal status can start"]
    if legal_status in YOUTH_JUSTICE_STATUSES and age < AGE_OF_CRIMINAL_RESPONSIBILITY:
        return [f"Legal status {legal_status} is a youth justice status and needs the child to be at least "
                f"{AGE_OF_CRIMINAL_RESPONSIBILITY} (the age of criminal responsibility): {person.full_name} is {age}"]
    if legal_status in CARE_ORDER_STATUSES and age > CARE_ORDER_MAX_AGE:
        return [f"A care order cannot be made for a child aged 17 (Children Act 1989 s31(3)): {person.full_name} "
                f"is {age} on {d(on)}. Choose the status the child is actually looked after under"]
    return []


def placement_types_for(day: dt.date) -> frozenset[str]:
    """Valid PLACE codes for the collection year (to 31 March) containing `day` (rule 146)."""
    year = day.year + (1 if day.month >= 4 else 0)
    years = sorted(VALID_PLACEMENT_TYPES)
    return VALID_PLACEMENT_TYPES[min(max(year, years[0]), years[-1])]


def guard_findings(*, person, placement_type: str, provider: Provider | None,
                   start_date: dt.date) -> list[tuple[str, str]]:
    """THE UNREGISTERED PROVISION GUARD (unregistered-provision.md 5, suggested flags 1 and 2).
    Every reason this placement would be unlawful, as (law, finding) with law "registration" or
    "under_16": empty when the placement may go ahead."""
    found: list[tuple[str, str]] = []
    if placement_type in MUST_BE_REGISTERED:
        # Supported accommodation may lawfully operate with a complete application pending
        # (Supported Accommodation (England) Regulations 2023); a children's home may not (CSA 2000 s11).
        applied_ok = placement_type in SUPPORTED_ACCOMMODATION
        label = PlacementType(placement_type).label
        if provider is None:
            found.append(("registration", f"A {label} ({placement_type}) placement must be with an "
                                          "Ofsted-registered provider from the register, and none was chosen."))
        else:
            status = provider.registration_status
            pending = status == Provider.Registration.APPLIED and applied_ok
            if status != Provider.Registration.REGISTERED and not pending:
                found.append(("registration", f"{provider.name} is not registered with Ofsted "
                                              f"({provider.get_registration_status_display().lower()}), but a "
                                              f"{label} ({placement_type}) must be."))
            if provider.registration_checked_on is None:
                found.append(("registration", f"No one has recorded checking {provider.name}'s Ofsted registration."))
            if provider.deregistered_on and provider.deregistered_on <= start_date:
                found.append(("registration", f"{provider.name} was deregistered or closed on "
                                              f"{d(provider.deregistered_on)}, on or before the start date."))
            if not provider.urn and not pending:
                found.append(("registration", f"{provider.name} has no Ofsted unique reference number (URN) on the "
                                              "register (903 rule 218)."))
    age = person.age_on(start_date) if person.dob else None
    if (placement_type in UNDER_16_BANNED and age is not None and age < UNDER_16_BAN_AGE
            and start_date >= under_16_ban_from()):
        found.append(("under_16", f"{person.full_name} is {age} on {d(start_date)}: a child under 16 must not be "
                                  f"placed in {PlacementType(placement_type).label} ({placement_type}), even when it "
                                  "is registered (903 rules 370/371)."))
    return found


def guard_concerns(*, person, placement_type: str, provider: Provider | None, start_date: dt.date) -> list[str]:
    """The guard's findings in words (empty when the placement may go ahead)."""
    return [text for _law, text in guard_findings(person=person, placement_type=placement_type, provider=provider,
                                                  start_date=start_date)]


def guard_message(findings: list[tuple[str, str]]) -> str:
    """The refusal: what is wrong, then the law that makes it unlawful."""
    laws = {law for law, _text in findings}
    return " ".join(["This placement would be unlawful.", *(text for _law, text in findings),
                     *([LAW_REGISTRATION] if "registration" in laws else []),
                     *([LAW_UNDER_16] if "under_16" in laws else [])])


@dataclass
class Authorisation:
    """A director's authorisation of a placement the guard refuses (the form's authorisation fields)."""

    reason: str = ""
    plan_to_end: str = ""
    target_end_date: dt.date | None = None
    ofsted_notified_on: dt.date | None = None
    registration_application: str = RegistrationApplication.NOT_APPLIED

    def is_given(self) -> bool:
        return bool(self.reason or self.plan_to_end or self.target_end_date)


class UnregisteredPlacementRefused(ValidationError):
    """The guard refused a placement that no director authorised: the attempt is audited."""

    def __init__(self, errors: dict, concerns: list[str]):
        super().__init__(errors)
        self.concerns = concerns


def _apply_guard(errors: dict, *, by, person, placement_type, provider, start_date,
                 authorisation: Authorisation | None) -> list[str]:
    """Run the guard. Returns its concerns when a director authorised them; raises otherwise."""
    findings = guard_findings(person=person, placement_type=placement_type, provider=provider, start_date=start_date)
    if not findings:
        return []
    concerns = [text for _law, text in findings]
    field = "provider" if provider is not None else "placement_type"
    message = guard_message(findings)
    if not has_perm(by, Perm.PLACEMENT_AUTHORISE_UNREGISTERED):
        _add(errors, field, message)
        _add(errors, field, DIRECTOR_NEEDED)
        raise UnregisteredPlacementRefused(errors, concerns)
    auth = authorisation or Authorisation()
    today = timezone.localdate()
    if not auth.reason.strip():
        _add(errors, "authorisation_reason", "Enter why no registered placement can meet the child's needs, to "
                                             "authorise this placement")
    if not auth.plan_to_end.strip():
        _add(errors, "plan_to_end", "Enter the plan to end the placement or have the provider registered")
    if auth.target_end_date is None:
        _add(errors, "target_end_date", "Enter the target date to end the placement")
    elif auth.target_end_date <= start_date:
        _add(errors, "target_end_date", "The target end date must be after the placement start date")
    if auth.ofsted_notified_on and auth.ofsted_notified_on > today:
        _add(errors, "ofsted_notified_on", "The date Ofsted was told must be today or in the past")
    if auth.registration_application not in RegistrationApplication.values:
        _add(errors, "registration_application", "Choose where the provider's registration application stands")
    if errors:
        _add(errors, field, message)
        raise UnregisteredPlacementRefused(errors, concerns)
    return concerns


def _guarded(inner):
    """Run a placing service; if the guard refused it, audit the attempt (outside the rolled-back
    transaction, so the refusal is on the record) and re-raise."""
    def wrapper(*, by, person, **kwargs):
        try:
            return inner(by=by, person=person, **kwargs)
        except UnregisteredPlacementRefused as refused:
            audit_change(actor=by, action="placement.unregistered_refused", instance=person, person_id=person.pk,
                         after={"placement_type": kwargs.get("placement_type") or "",
                                "provider_id": getattr(kwargs.get("provider"), "pk", None),
                                "concerns": refused.concerns},
                         reason="Unregistered provision guard refused the placement")
            raise
    wrapper.__name__ = inner.__name__.lstrip("_")
    wrapper.__doc__ = inner.__doc__
    return wrapper


def _dolo_errors(person, placement_type: str, start: dt.date, end: dt.date | None = None) -> list[str]:
    """Rule 710: a child under a DoLO must not be placed in K1, P1, R5 or K3."""
    if placement_type not in DOLO_NOT_ALLOWED:
        return []
    for order in DeprivationOfLibertyOrder.objects.filter(person=person, start_date__lte=end or dt.date.max):
        if order.end_date is None or order.end_date >= start:
            return [f"{person.full_name} is under a deprivation of liberty order from {d(order.start_date)}: a child "
                    f"under a DoLO must not be placed in {PlacementType(placement_type).label} ({placement_type}) "
                    "(903 rule 710). Expected placements are a children's home (K2) or Z12/Z13 (rule 709)"]
    return []


def home_postcode(person) -> str:
    """The child's current home postcode (people.Address: the open home address)."""
    address = (Address.objects.filter(person=person, address_type=Address.Type.HOME, end_date__isnull=True)
               .order_by("-start_date", "-id").first())
    return address.postcode if address else ""


def _resolve_placement(errors: dict, *, placement_type: str, provider: Provider | None, start_date) -> str:
    """The PLACE code, from the form or the provider, checked against the year and the provider."""
    if provider is not None and not placement_type:
        placement_type = provider.placement_type
    if not placement_type:
        _add(errors, "placement_type", "Choose the placement type, or a provider from the register")
        return ""
    if placement_type not in PlacementType.values:
        _add(errors, "placement_type", "Choose the placement type from the list")
        return ""
    if start_date and placement_type not in placement_types_for(start_date):
        _add(errors, "placement_type", f"Placement type {placement_type} is not valid for a placement starting "
                                       f"{d(start_date)} (903 rule 146): choose a current type")
    if provider is None:
        if placement_type not in NO_PROVIDER_PLACEMENTS and placement_type != "P1":
            _add(errors, "provider", "Choose the provider from the register (only placed with parents and temporary "
                                     "or other placements can be recorded without one)")
    else:
        if not provider.is_active:
            _add(errors, "provider", f"{provider.name} is no longer active on the register: choose another provider")
        same_group = placement_type in FOSTER_PLACEMENTS and provider.placement_type in FOSTER_PLACEMENTS
        if placement_type != provider.placement_type and not same_group and placement_type not in TEMPORARY_PLACEMENTS:
            _add(errors, "placement_type", f"{provider.name} is registered as {provider.placement_type}: choose that "
                                           "type, or correct the provider register")
    return placement_type


def _make_placement(*, by, person, period, placement_type, provider, start_date, intended_until_18, weekly_visits=False,
                    concerns, authorisation: Authorisation | None) -> Placement:
    home = home_postcode(person)
    postcode = provider.postcode if provider else ""
    no_provider = placement_type in NO_PROVIDER_PLACEMENTS
    provider_code = "" if no_provider else (provider.provider_code if provider else
                                            (PlacementProvider.PR0 if placement_type == "P1" else ""))
    placement = Placement.objects.create(
        person=person, period=period, provider=provider, placement_type=placement_type,
        provider_code=provider_code, urn="" if no_provider or not provider else provider.urn,
        postcode=postcode, home_postcode=home, la_code=provider.la_code if provider else "",
        distance_miles=geo.distance_miles(home, postcode) if home and postcode else None,
        start_date=start_date, intended_until_18=intended_until_18, weekly_visits=weekly_visits, recorded_by=by)
    audit_change(actor=by, action="placement.start", instance=placement, person_id=person.pk)
    if concerns:
        auth = UnregisteredPlacementAuthorisation.objects.create(
            placement=placement, person=person, concerns="\n".join(concerns), authorised_by=by,
            authorised_on=timezone.localdate(), reason=authorisation.reason.strip(),
            plan_to_end=authorisation.plan_to_end.strip(), target_end_date=authorisation.target_end_date,
            ofsted_notified_on=authorisation.ofsted_notified_on,
            registration_application=authorisation.registration_application)
        audit_change(actor=by, action="placement.unregistered_authorised", instance=auth, person_id=person.pk,
                     reason=auth.reason)
        record_event(person=person, event_type="unregistered_authorised", occurred=start_date, source=auth,
                     summary=f"Director authorised an unlawful or unregistered placement ({placement_type}); "
                             f"target end {d(auth.target_end_date)}", recorded_by=by)
    return placement


_DATE_PERM = re.compile(r"^(\d{2}|ZZ)/(\d{2}|ZZ)/(\d{4})$")


def _check_previous_permanence(errors, code: str, la: str, when: str, start_date) -> None:
    """903 PrevPerm rules (ssda903.md 3.1): P1-P4 need the LA and the date (630); Z1 has neither (635);
    the date is dd/mm/yyyy with ZZ for an unknown day or month, and before the child came into care (632)."""
    la, when = la.strip(), when.strip().upper()
    if not code:
        if la or when:
            _add(errors, "previous_permanence", "Choose the previous permanence order the details are for")
        return
    if code not in PreviousPermanence.values:
        _add(errors, "previous_permanence", "Choose a previous permanence option from the list")
    elif code == PreviousPermanence.Z1:
        if la or when:
            _add(errors, "previous_permanence", "Z1 (no previous permanence order) takes no local authority or "
                                                "date (903 rule 635)")
    else:
        if not la:
            _add(errors, "previous_permanence_la", "Enter the local authority that made the arrangements (rule 630)")
        match = _DATE_PERM.match(when)
        if not match:
            _add(errors, "previous_permanence_date", "Enter the date of the order as dd/mm/yyyy, with ZZ for an "
                                                     "unknown day or month (rule 630)")
        elif start_date and "ZZ" not in when:
            try:
                order = dt.datetime.strptime(when, "%d/%m/%Y").date()
            except ValueError:
                _add(errors, "previous_permanence_date", "The date of the order must be a real date")
            else:
                if order >= start_date:
                    _add(errors, "previous_permanence_date", "The previous permanence order must be before the "
                                                             "child came into care (903 rule 632)")


def _overlapping_placement(person, start: dt.date) -> Placement | None:
    """A placement of this child running after `start`, or starting after it (placements must not overlap)."""
    from django.db.models import Q

    return (Placement.objects.filter(person=person)
            .filter(Q(start_date__gt=start) | Q(end_date__isnull=True) | Q(end_date__gt=start))
            .order_by("start_date").first())


# --- Becoming looked after ---------------------------------------------------------------------------------

def episode_of_need_on(person, day: dt.date) -> bool:
    """Whether an episode of need (family_help.CINEpisode) is open on `day`."""
    from safehold.family_help.models import CINEpisode

    return CINEpisode.objects.filter(person=person, referral_date__lte=day).filter(
        Q(closure_date__isnull=True) | Q(closure_date__gte=day)).exists()


@transaction.atomic
def _period_start(*, by, person, start_date: dt.date, legal_status: str, category_of_need: str,
                  placement_type: str = "", provider: Provider | None = None, intended_until_18: bool = False,
                  weekly_visits: bool = False,
                  authorisation: Authorisation | None = None, previous_permanence: str = "",
                  previous_permanence_la: str = "", previous_permanence_date: str = "",
                  referral_source: str = "") -> PeriodOfCare:
    """The child becomes looked after: a period of care, its first placement and the first 903
    episode, with RNE S (rule 357). A child looked after is a child in need and is counted in the CIN
    census (cin-census.md): when no episode of need covers the start date and `referral_source` is given,
    one is opened on that date with the category of need as its primary need."""
    if not _can_place(by):
        raise PermissionDenied("Your role cannot record a child becoming looked after")
    errors: dict[str, list[str]] = {}
    if person.kind != person.Kind.CHILD:
        _add(errors, "start_date", "Only a child can become looked after")
    if _check_day(errors, "start_date", start_date, "The date the child became looked after"):
        if person.dob and start_date < person.dob:
            _add(errors, "start_date", f"The date must be on or after the child's date of birth ({d(person.dob)})")
    for message in legal_status_errors(person, legal_status, start_date):
        _add(errors, "legal_status", message)
    if category_of_need not in PrimaryNeed.values:
        _add(errors, "category_of_need", "Choose the category of need (N1 to N9)")
    open_period = PeriodOfCare.objects.select_for_update().filter(person=person, end_date__isnull=True).first()
    if open_period:
        _add(errors, "start_date", f"{person.full_name} is already looked after, since {d(open_period.start_date)}: "
                                   "record a change of placement or legal status instead")
    elif start_date:
        last = PeriodOfCare.objects.filter(person=person).order_by("-end_date").first()
        if last and last.reason_ended in NO_LATER_EPISODE:
            _add(errors, "start_date", f"The last period of care ended with {last.reason_ended} "
                                       f"({last.get_reason_ended_display()}): no later episode is allowed "
                                       "(903 rule 437)")
        elif last and last.end_date > start_date:
            _add(errors, "start_date", f"The date falls inside the period of care from {d(last.start_date)} to "
                                       f"{d(last.end_date)}: it must be on or after {d(last.end_date)}")
    _check_previous_permanence(errors, previous_permanence, previous_permanence_la, previous_permanence_date,
                               start_date)
    placement_type = _resolve_placement(errors, placement_type=placement_type, provider=provider,
                                        start_date=start_date)
    if start_date and placement_type:
        clash = _overlapping_placement(person, start_date)
        if clash and clash.end_date != start_date:
            _add(errors, "start_date", f"The placement would overlap the placement from {d(clash.start_date)}"
                                       f"{' to ' + d(clash.end_date) if clash.end_date else ''}: choose a later date")
        for message in _dolo_errors(person, placement_type, start_date):
            _add(errors, "placement_type", message)
    _raise(errors)
    concerns = _apply_guard(errors, by=by, person=person, placement_type=placement_type, provider=provider,
                            start_date=start_date, authorisation=authorisation)
    period = PeriodOfCare.objects.create(person=person, start_date=start_date, recorded_by=by,
                                         previous_permanence=previous_permanence,
                                         previous_permanence_la=previous_permanence_la.strip().upper(),
                                         previous_permanence_date=previous_permanence_date.strip().upper())
    audit_change(actor=by, action="period_of_care.start", instance=period, person_id=person.pk)
    placement = _make_placement(by=by, person=person, period=period, placement_type=placement_type, provider=provider,
                                start_date=start_date, intended_until_18=intended_until_18, weekly_visits=weekly_visits,
                                concerns=concerns,
                                authorisation=authorisation)
    episode = CareEpisode.objects.create(person=person, period=period, placement=placement, start_date=start_date,
                                         reason_new_episode="S", legal_status=legal_status,
                                         category_of_need=category_of_need)
    audit_change(actor=by, action="care_episode.start", instance=episode, person_id=person.pk)
    record_event(person=person, event_type="became_looked_after", occurred=start_date, source=period, recorded_by=by,
                 summary=f"Became looked after: {LegalStatus(legal_status).label} ({legal_status}); placed in "
                         f"{placement}")
    if referral_source and has_perm(by, Perm.CASEWORK_RECORD) and not episode_of_need_on(person, start_date):
        from safehold.family_help.services import referral_open

        # No assessment clock: the child's needs are assessed through the care plan and its reviews.
        referral_open(by=by, person=person, referral_date=start_date, source=referral_source,
                      primary_need=category_of_need, raise_assessment=False)
    care_leavers.care_started(period=period, by=by)
    care_planning.period_started(period=period, by=by)
    care_planning.placement_started(placement=placement, by=by)
    return period


period_start = _guarded(_period_start)


# --- Changes inside a period --------------------------------------------------------------------------------

def _open_state(person):
    """The open period, placement and episode, locked; (None, None, None) if not looked after."""
    period = PeriodOfCare.objects.select_for_update().filter(person=person, end_date__isnull=True).first()
    if period is None:
        return None, None, None
    placement = Placement.objects.select_for_update().filter(person=person, end_date__isnull=True).first()
    episode = CareEpisode.objects.select_for_update().filter(person=person, end_date__isnull=True).first()
    return period, placement, episode


def _not_looked_after(person) -> ValidationError:
    return ValidationError({"start_date": [f"{person.full_name} is not looked after: record the child becoming "
                                           "looked after first"]})


@transaction.atomic
def legal_status_change(*, by, person, start_date: dt.date, legal_status: str) -> CareEpisode:
    """A new legal status from `start_date`, same placement: the episode ends X1 and one with RNE L
    starts the same day (rule 433). On the day an episode started, that episode takes the new status
    (P becomes B, T becomes U: ssda903.md 3.2 RNE table)."""
    _require(by, Perm.CASEWORK_RECORD)
    period, placement, episode = _open_state(person)
    if period is None:
        raise _not_looked_after(person)
    errors: dict[str, list[str]] = {}
    if _check_day(errors, "start_date", start_date, "The date the legal status changed"):
        if start_date < episode.start_date:
            _add(errors, "start_date", f"The date must be on or after the start of the current episode "
                                       f"({d(episode.start_date)})")
    for message in legal_status_errors(person, legal_status, start_date):
        _add(errors, "legal_status", message)
    if legal_status == episode.legal_status:
        _add(errors, "legal_status", f"The child's legal status is already {legal_status}: choose the new status")
    elif {legal_status, episode.legal_status} & SHORT_BREAK_STATUSES:
        _add(errors, "legal_status", "A short break (V3/V4) is its own period of care: end the period, then start a "
                                     "new one with the new legal status")
    _raise(errors)
    if start_date == episode.start_date:
        before = snapshot(episode, ["legal_status", "reason_new_episode"])
        episode.legal_status = legal_status
        episode.reason_new_episode = {"P": "B", "T": "U"}.get(episode.reason_new_episode, episode.reason_new_episode)
        episode.save(update_fields=["legal_status", "reason_new_episode", "updated_at"])
        audit_change(actor=by, action="care_episode.legal_status", instance=episode, before=before,
                     after=snapshot(episode, ["legal_status", "reason_new_episode"]), person_id=person.pk)
        new = episode
    else:
        _end_episode(by, episode, start_date, "X1")
        new = CareEpisode.objects.create(person=person, period=period, placement=placement, start_date=start_date,
                                         reason_new_episode="L", legal_status=legal_status,
                                         category_of_need=episode.category_of_need)
        audit_change(actor=by, action="care_episode.start", instance=new, person_id=person.pk)
    record_event(person=person, event_type="legal_status_change", occurred=start_date, source=new, recorded_by=by,
                 summary=f"Legal status changed to {LegalStatus(legal_status).label} ({legal_status})")
    care_planning.legal_status_changed(episode=new, by=by)
    return new


def _end_episode(by, episode: CareEpisode, end: dt.date, reason: str) -> None:
    before = snapshot(episode, ["end_date", "reason_ended"])
    episode.end_date, episode.reason_ended = end, reason
    episode.save(update_fields=["end_date", "reason_ended", "updated_at"])
    audit_change(actor=by, action="care_episode.end", instance=episode, before=before,
                 after=snapshot(episode, ["end_date", "reason_ended"]), person_id=episode.person_id)


def _end_placement(by, placement: Placement, end: dt.date, reason: str, expected_version: int | None) -> None:
    before = snapshot(placement, ["end_date", "change_reason"])
    placement.end_date, placement.change_reason = end, reason
    save_if_unchanged(placement, expected_version=placement.version if expected_version is None else expected_version,
                      fields=["end_date", "change_reason"])
    audit_change(actor=by, action="placement.end", instance=placement, before=before,
                 after=snapshot(placement, ["end_date", "change_reason"]), person_id=placement.person_id)


@transaction.atomic
def _placement_change(*, by, person, start_date: dt.date, placement_type: str = "", provider: Provider | None = None,
                      change_reason: str = "", same_carer: bool = False, legal_status: str = "",
                      intended_until_18: bool = False, weekly_visits: bool = False,
                      authorisation: Authorisation | None = None,
                      expected_version: int | None = None) -> Placement:
    """The child moves: the current placement ends (with REASON_PLACE_CHANGE, rule 226) and the
    episode ends X1; the new placement starts the same day with an episode P (new carer) or T (same
    carer), or B/U when the legal status changes the same day (ssda903.md 3.2 RNE table, rule 433).
    `expected_version` is the current placement's version when the form was opened."""
    if not _can_place(by):
        raise PermissionDenied("Your role cannot record a change of placement")
    period, current, episode = _open_state(person)
    if period is None or current is None:
        raise _not_looked_after(person)
    errors: dict[str, list[str]] = {}
    if _check_day(errors, "start_date", start_date, "The date of the move"):
        if start_date < current.start_date:
            _add(errors, "start_date", f"The move must be on or after the start of the current placement "
                                       f"({d(current.start_date)}): placements must not overlap")
        later = Placement.objects.filter(person=person, start_date__gt=start_date).exclude(pk=current.pk).first()
        if later:
            _add(errors, "start_date", f"The new placement would overlap the placement from {d(later.start_date)}")
    placement_type = _resolve_placement(errors, placement_type=placement_type, provider=provider,
                                        start_date=start_date)
    temporary = current.placement_type in TEMPORARY_PLACEMENTS or placement_type in TEMPORARY_PLACEMENTS
    if temporary and change_reason:
        _add(errors, "change_reason", "Leave the reason blank when a temporary placement (T0-T4) starts or ends "
                                      "(903 rule 226)")
    elif not temporary and change_reason not in ReasonPlaceChange.values:
        _add(errors, "change_reason", "Choose the reason for the placement change (903 rule 226)")
    elif change_reason == "CUSTOD" and start_date and person.age_on(start_date) is not None \
            and person.age_on(start_date) < AGE_OF_CRIMINAL_RESPONSIBILITY:
        _add(errors, "change_reason",
             "Admitted to custody (CUSTOD) is not possible for a child under 10 (903 rule 234)")
    new_status = legal_status if legal_status and legal_status != episode.legal_status else ""
    if new_status:
        for message in legal_status_errors(person, new_status, start_date):
            _add(errors, "legal_status", message)
        if {new_status, episode.legal_status} & SHORT_BREAK_STATUSES:
            _add(errors, "legal_status", "A short break (V3/V4) is its own period of care: end the period, then "
                                         "start a new one")
    if start_date and placement_type:
        for message in _dolo_errors(person, placement_type, start_date):
            _add(errors, "placement_type", message)
    _raise(errors)
    concerns = _apply_guard(errors, by=by, person=person, placement_type=placement_type, provider=provider,
                            start_date=start_date, authorisation=authorisation)
    _end_placement(by, current, start_date, "" if temporary else change_reason, expected_version)
    placement = _make_placement(by=by, person=person, period=period, placement_type=placement_type, provider=provider,
                                start_date=start_date, intended_until_18=intended_until_18, weekly_visits=weekly_visits,
                                concerns=concerns,
                                authorisation=authorisation)
    if new_status:
        rne = "U" if same_carer else "B"
    else:
        rne = "T" if same_carer else "P"
    if episode.start_date == start_date and episode.reason_new_episode == "L":
        # The legal status changed earlier the same day: one episode for both changes.
        before = snapshot(episode, ["placement_id", "reason_new_episode", "legal_status"])
        episode.placement = placement
        episode.reason_new_episode = "U" if same_carer else "B"
        if new_status:
            episode.legal_status = new_status
        episode.save(update_fields=["placement", "reason_new_episode", "legal_status", "updated_at"])
        audit_change(actor=by, action="care_episode.placement", instance=episode, before=before,
                     after=snapshot(episode, ["placement_id", "reason_new_episode", "legal_status"]),
                     person_id=person.pk)
    else:
        _end_episode(by, episode, start_date, "X1")
        new = CareEpisode.objects.create(person=person, period=period, placement=placement, start_date=start_date,
                                         reason_new_episode=rne, legal_status=new_status or episode.legal_status,
                                         category_of_need=episode.category_of_need)
        audit_change(actor=by, action="care_episode.start", instance=new, person_id=person.pk)
    summary = f"Placement changed to {placement}"
    if new_status:
        summary += f"; legal status changed to {new_status}"
    record_event(person=person, event_type="placement_change", occurred=start_date, source=placement,
                 summary=summary, recorded_by=by)
    care_planning.placement_started(placement=placement, by=by)
    return placement


placement_change = _guarded(_placement_change)


# --- Leaving care -----------------------------------------------------------------------------------------

@transaction.atomic
def period_end(*, by, person, end_date: dt.date, reason: str, expected_version: int | None = None) -> PeriodOfCare:
    """The child leaves care: placement, episode and period end on `end_date`, the episode with an
    E-code (REC). X1 is refused: it means the child stays looked after (rule 432)."""
    _require(by, Perm.CASEWORK_RECORD)
    period, placement, episode = _open_state(person)
    if period is None:
        raise ValidationError({"end_date": [f"{person.full_name} is not looked after"]})
    errors: dict[str, list[str]] = {}
    if reason == "X1":
        _add(errors, "reason", "X1 means the child stays looked after: choose the reason the child left care "
                               "(an E code)")
    elif reason not in [c.value for c in _leaving_reasons()]:
        _add(errors, "reason", "Choose the reason the child left care")
    if _check_day(errors, "end_date", end_date, "The date the child left care"):
        latest = max(x.start_date for x in (period, placement, episode) if x is not None)
        if end_date < period.start_date:
            _add(errors, "end_date", f"The date must be on or after the child became looked after "
                                     f"({d(period.start_date)})")
        elif end_date < latest:
            _add(errors, "end_date", f"The date must be on or after the start of the current placement and episode "
                                     f"({d(latest)})")
        open_dolo = DeprivationOfLibertyOrder.objects.filter(person=person, start_date__lte=end_date).filter(
            end_date__isnull=True).first()
        if open_dolo:
            _add(errors, "end_date", f"The deprivation of liberty order from {d(open_dolo.start_date)} is still open: "
                                     "record the date it ended first (a DoLO must be closed when care ends, 903 "
                                     "rules 700-710)")
    _raise(errors)
    if placement is not None:
        _end_placement(by, placement, end_date, "", None)
    if episode is not None:
        _end_episode(by, episode, end_date, reason)
    before = snapshot(period, ["end_date", "reason_ended"])
    period.end_date, period.reason_ended = end_date, reason
    save_if_unchanged(period, expected_version=period.version if expected_version is None else expected_version,
                      fields=["end_date", "reason_ended"])
    audit_change(actor=by, action="period_of_care.end", instance=period, before=before,
                 after=snapshot(period, ["end_date", "reason_ended"]), person_id=person.pk)
    record_event(person=person, event_type="left_care", occurred=end_date, source=period, recorded_by=by,
                 summary=f"Left care: {period.get_reason_ended_display()} ({reason})")
    care_planning.period_ended(period=period, by=by)
    care_leavers.care_ended(period=period, by=by)
    return period


def _leaving_reasons():
    return LEAVING_CARE_REASONS


LEAVING_REASON_CHOICES = [(c.value, f"{c.value}: {c.label}") for c in LEAVING_CARE_REASONS]


# --- The provider register --------------------------------------------------------------------------------

PROVIDER_FIELDS = ["name", "placement_type", "provider_code", "urn", "registration_status",
                   "registration_checked_on", "deregistered_on", "address_line1", "town", "postcode", "la_code",
                   "is_active"]


def _provider_errors(values: dict) -> dict:
    errors: dict[str, list[str]] = {}
    ptype, code, status = values.get("placement_type"), values.get("provider_code"), values.get("registration_status")
    if not (values.get("name") or "").strip():
        _add(errors, "name", "Enter the provider's name")
    if ptype not in PlacementType.values:
        _add(errors, "placement_type", "Choose the placement type")
    if status not in Provider.Registration.values:
        _add(errors, "registration_status", "Choose the registration status")
    if ptype in NO_PROVIDER_PLACEMENTS and code:
        _add(errors, "provider_code", f"Leave the provider code blank for placement type {ptype} (903 rule 213)")
    elif ptype and ptype not in NO_PROVIDER_PLACEMENTS and not code:
        _add(errors, "provider_code", "Choose the provider code, PR0 to PR5 (903 rule 526)")
    elif code in ("PR1", "PR2") and ptype in ("P1", "R2", "R5"):
        _add(errors, "provider_code", f"{code} cannot be used with placement type {ptype} (903 rules 527, 528)")
    elif code == "PR3" and ptype in {"P1", "K1", "K2", "A3", "A4", "A5", "A6"} | FOSTER_PLACEMENTS:
        _add(errors, "provider_code", f"PR3 cannot be used with placement type {ptype} (903 rule 529)")
    if ptype in MUST_BE_REGISTERED and status == Provider.Registration.NOT_REQUIRED:
        _add(errors, "registration_status", f"A {ptype} setting must be registered with Ofsted (Care Standards Act "
                                            "2000 s11; Supported Accommodation (England) Regulations 2023)")
    urn = (values.get("urn") or "").strip().upper()
    values["urn"] = urn
    if status == Provider.Registration.REGISTERED:
        if not urn:
            _add(errors, "urn", "Enter the Ofsted unique reference number (URN) of a registered provider")
        if not values.get("registration_checked_on"):
            _add(errors, "registration_checked_on", "Enter the date the registration was checked with Ofsted")
    if urn and not urn.isalnum():
        _add(errors, "urn", "The URN must be letters and numbers only, like SC123456")
    checked = values.get("registration_checked_on")
    if checked and checked > timezone.localdate():
        _add(errors, "registration_checked_on", "The date checked must be today or in the past")
    values["postcode"] = (values.get("postcode") or "").strip().upper()
    if values["postcode"]:
        try:
            validate_postcode(values["postcode"])
        except ValidationError as exc:
            for message in exc.messages:
                _add(errors, "postcode", message)
        else:
            values["postcode"] = normalise_postcode(values["postcode"])
    return errors


@transaction.atomic
def provider_create(*, by, **values) -> Provider:
    """Add a provider or setting to the register."""
    _require(by, Perm.PROVIDER_MANAGE)
    values = {k: values.get(k) for k in PROVIDER_FIELDS if k in values}
    _raise(_provider_errors(values))
    provider = Provider.objects.create(**{k: v for k, v in values.items() if v is not None})
    audit_change(actor=by, action="provider.create", instance=provider)
    return provider


@transaction.atomic
def provider_update(*, by, provider: Provider, expected_version: int, **values) -> Provider:
    """Change a provider on the register. Placements keep the values copied when they started."""
    _require(by, Perm.PROVIDER_MANAGE)
    values = {k: values.get(k) for k in PROVIDER_FIELDS if k in values}
    _raise(_provider_errors(values))
    before = snapshot(provider, list(values))
    for k, v in values.items():
        setattr(provider, k, v if v is not None else ("" if k not in ("registration_checked_on",
                                                                      "deregistered_on") else None))
    save_if_unchanged(provider, expected_version=expected_version, fields=list(values))
    audit_change(actor=by, action="provider.update", instance=provider, before=before,
                 after=snapshot(provider, list(values)))
    return provider


# --- The unregistered placements register -------------------------------------------------------------------

def _require_register_editor(by) -> None:
    _require(by, Perm.CASEWORK_SIGN_OFF, Perm.PLACEMENT_AUTHORISE_UNREGISTERED)


@transaction.atomic
def authorisation_update(*, by, authorisation: UnregisteredPlacementAuthorisation, expected_version: int,
                         ofsted_notified_on, registration_application: str, plan_to_end: str,
                         target_end_date) -> UnregisteredPlacementAuthorisation:
    """Record when Ofsted was told, the registration application, and changes to the plan to end it."""
    _require_register_editor(by)
    errors: dict[str, list[str]] = {}
    if ofsted_notified_on and ofsted_notified_on > timezone.localdate():
        _add(errors, "ofsted_notified_on", "The date Ofsted was told must be today or in the past")
    if registration_application not in RegistrationApplication.values:
        _add(errors, "registration_application", "Choose where the registration application stands")
    if not (plan_to_end or "").strip():
        _add(errors, "plan_to_end", "Enter the plan to end the placement or have the provider registered")
    if target_end_date is None:
        _add(errors, "target_end_date", "Enter the target date to end the placement")
    _raise(errors)
    fields = ["ofsted_notified_on", "registration_application", "plan_to_end", "target_end_date"]
    before = snapshot(authorisation, fields)
    authorisation.ofsted_notified_on = ofsted_notified_on
    authorisation.registration_application = registration_application
    authorisation.plan_to_end = plan_to_end.strip()
    authorisation.target_end_date = target_end_date
    save_if_unchanged(authorisation, expected_version=expected_version, fields=fields)
    audit_change(actor=by, action="unregistered_authorisation.update", instance=authorisation, before=before,
                 after=snapshot(authorisation, fields), person_id=authorisation.person_id)
    return authorisation


@transaction.atomic
def authorisation_action_add(*, by, authorisation: UnregisteredPlacementAuthorisation, action: str, owner: str,
                             due_date) -> AuthorisationAction:
    """An action in the plan to end an unregistered placement, with its owner and due date."""
    _require_register_editor(by)
    errors: dict[str, list[str]] = {}
    if not (action or "").strip():
        _add(errors, "action", "Enter the action")
    if not (owner or "").strip():
        _add(errors, "owner", "Enter who will do it")
    if due_date is None:
        _add(errors, "due_date", "Enter the date it is due")
    _raise(errors)
    row = AuthorisationAction.objects.create(authorisation=authorisation, action=action.strip(), owner=owner.strip(),
                                             due_date=due_date, recorded_by=by)
    audit_change(actor=by, action="unregistered_authorisation.action_add", instance=row,
                 person_id=authorisation.person_id)
    return row


# --- Deprivation of liberty orders ------------------------------------------------------------------------

def _dolo_checks(errors, person, start_date, end_date, review_date, court, exclude_pk=None) -> None:
    if _check_day(errors, "start_date", start_date, "The date the order starts"):
        if person.dob and start_date < person.dob:
            _add(errors, "start_date", "The order cannot start before the child's date of birth (903 rule 708)")
    if end_date and start_date and end_date < start_date:
        _add(errors, "end_date", "The end date must be on or after the start date (903 rule 701)")
    if review_date and start_date and review_date < start_date:
        _add(errors, "review_date", "The review date must be on or after the start date")
    if not (court or "").strip():
        _add(errors, "court", "Enter the court that made the order")
    if start_date:
        others = DeprivationOfLibertyOrder.objects.filter(person=person).exclude(pk=exclude_pk)
        for other in others:
            if (other.start_date <= (end_date or dt.date.max)
                    and (other.end_date is None or other.end_date >= start_date)):
                _add(errors, "start_date", f"The order would overlap the order from {d(other.start_date)}: orders "
                                           "must not overlap (903 DoLo rules)")
                break
        from django.db.models import Q

        clash = Placement.objects.filter(person=person, placement_type__in=DOLO_NOT_ALLOWED,
                                         start_date__lte=end_date or dt.date.max).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=start_date)).first()
        if clash:
            _add(errors, "start_date", f"The child is in {clash.get_placement_type_display()} ({clash.placement_type}) "
                                       f"from {d(clash.start_date)}: a child under a DoLO must not be placed in K1, "
                                       "P1, R5 or K3 (903 rule 710). Move the child first")


@transaction.atomic
def dolo_record(*, by, person, start_date, court: str, end_date=None, review_date=None) -> DeprivationOfLibertyOrder:
    """Record a deprivation of liberty order (903 DoLo table)."""
    _require(by, Perm.CASEWORK_RECORD)
    errors: dict[str, list[str]] = {}
    _dolo_checks(errors, person, start_date, end_date, review_date, court)
    _raise(errors)
    order = DeprivationOfLibertyOrder.objects.create(person=person, start_date=start_date, end_date=end_date,
                                                     review_date=review_date, court=court.strip(), recorded_by=by)
    audit_change(actor=by, action="dolo.record", instance=order, person_id=person.pk)
    record_event(person=person, event_type="dolo", occurred=start_date, source=order, recorded_by=by,
                 summary=f"Deprivation of liberty order made by {order.court}")
    return order


@transaction.atomic
def dolo_update(*, by, order: DeprivationOfLibertyOrder, expected_version: int, start_date, court: str,
                end_date=None, review_date=None) -> DeprivationOfLibertyOrder:
    _require(by, Perm.CASEWORK_RECORD)
    errors: dict[str, list[str]] = {}
    _dolo_checks(errors, order.person, start_date, end_date, review_date, court, exclude_pk=order.pk)
    _raise(errors)
    fields = ["start_date", "end_date", "review_date", "court"]
    before = snapshot(order, fields)
    order.start_date, order.end_date, order.review_date, order.court = start_date, end_date, review_date, court.strip()
    save_if_unchanged(order, expected_version=expected_version, fields=fields)
    audit_change(actor=by, action="dolo.update", instance=order, before=before, after=snapshot(order, fields),
                 person_id=order.person_id)
    return order


# --- UASC and adoption ----------------------------------------------------------------------------------

@transaction.atomic
def uasc_update(*, by, person, is_uasc: bool, ceased_on=None, expected_version: int | None = None) -> UASCStatus:
    """Record UASC status and the date it ceased (903 UASC DUC: on or before the 18th birthday, rule 304)."""
    _require(by, Perm.CASEWORK_RECORD)
    errors: dict[str, list[str]] = {}
    if ceased_on and not is_uasc:
        _add(errors, "ceased_on", "Leave the date blank, or record that the child is or was UASC")
    if ceased_on and _check_day(errors, "ceased_on", ceased_on, "The date UASC status ceased") and person.dob:
        eighteenth = _birthday(person.dob, 18)
        if ceased_on > eighteenth:
            _add(errors, "ceased_on", f"The date UASC status ceased must be on or before the 18th birthday "
                                      f"({d(eighteenth)}) (903 rule 304)")
    _raise(errors)
    status, created = UASCStatus.objects.get_or_create(person=person)
    fields = ["is_uasc", "ceased_on"]
    before = None if created else snapshot(status, fields)
    status.is_uasc, status.ceased_on = is_uasc, ceased_on
    save_if_unchanged(status, expected_version=status.version if created or expected_version is None
                      else expected_version, fields=fields)
    audit_change(actor=by, action="uasc.update", instance=status, before=before, after=snapshot(status, fields),
                 person_id=person.pk)
    return status


def _birthday(dob: dt.date, years: int) -> dt.date:
    try:
        return dob.replace(year=dob.year + years)
    except ValueError:  # 29 February
        return dt.date(dob.year + years, 3, 1)


ADOPTION_ORDER = [
    ("should_be_placed_on", "the decision that the child should be placed for adoption"),
    ("placement_order_on", "the placement order"),
    ("matched_on", "the match with adopters"),
    ("placed_on", "the date placed for adoption"),
    ("adopted_on", "the adoption order"),
]


ADOPTERS_FIELDS = ["by_former_foster_carers", "adopters_sex", "adopters_legal_status"]


def _check_adopters(errors: dict, values: dict) -> None:
    """The adopters' details (903 AD1): all three once the adoption order is made (rules 151, 601), and a
    legal status that fits the adopters (rules 514, 517 to 520, 524)."""
    sex, status = values["adopters_sex"], values["adopters_legal_status"]
    if sex and sex not in AdoptersSex.values:
        _add(errors, "adopters_sex", "Choose who adopted the child from the list")
    if status and status not in AdoptersLegalStatus.values:
        _add(errors, "adopters_legal_status", "Choose the adopters' legal status from the list")
    elif sex in AdoptersSex.values and status and sex not in ADOPTERS_SEXES_FOR_STATUS[status]:
        allowed = " or ".join(AdoptersSex(code).label.lower() for code in sorted(ADOPTERS_SEXES_FOR_STATUS[status]))
        _add(errors, "adopters_legal_status", f"{AdoptersLegalStatus(status).label} needs {allowed}, not "
                                              f"{AdoptersSex(sex).label.lower()}")
    if values["adopted_on"]:
        required = {"by_former_foster_carers": "Say whether the child was adopted by their former foster carers",
                    "adopters_sex": "Choose who adopted the child", "adopters_legal_status":
                    "Choose the adopters' legal status"}
        for field, message in required.items():
            if values[field] in (None, ""):
                _add(errors, field, f"{message}: the SSDA903 needs it once the adoption order is made (rule 601)")
        # AD1 also carries the decision and the match: all of its items or none (rule 151).
        for field, what in (("should_be_placed_on", "the decision that the child should be placed"),
                            ("matched_on", "the match with the adopters")):
            if values[field] is None:
                _add(errors, field, f"Enter the date of {what}: the SSDA903 needs it once the adoption order is "
                                    "made (rule 151)")


@transaction.atomic
def adoption_update(*, by, person, expected_version: int | None = None, **dates) -> AdoptionMilestones:
    """The child's adoption milestones (903 AD1, PlacedAdoption): each on or after the one before."""
    _require(by, Perm.CASEWORK_RECORD)
    errors: dict[str, list[str]] = {}
    fields = [f for f, _ in ADOPTION_ORDER] + ["no_longer_placed_on", "no_longer_reason", *ADOPTERS_FIELDS]
    values = {f: dates.get(f) or (None if f not in ("no_longer_reason", "adopters_sex", "adopters_legal_status")
                                  else "") for f in fields}
    values["by_former_foster_carers"] = dates.get("by_former_foster_carers")
    previous = None
    for field, what in ADOPTION_ORDER:
        when = values[field]
        if when is None:
            continue
        if when > timezone.localdate():
            _add(errors, field, f"The date of {what} must be today or in the past")
        elif person.dob and when < person.dob:
            _add(errors, field, f"The date of {what} must be on or after the child's date of birth")
        elif previous and when < values[previous[0]]:
            _add(errors, field, f"The date of {what} must be on or after the date of {previous[1]} "
                                f"({d(values[previous[0]])})")
        previous = (field, what)
    if values["placed_on"] and not values["should_be_placed_on"]:
        _add(errors, "should_be_placed_on", "Enter the date of the decision that the child should be placed for "
                                            "adoption (903 rule 115)")
    stop, why = values["no_longer_placed_on"], values["no_longer_reason"]
    if stop and not why:
        _add(errors, "no_longer_reason", "Choose the reason the child should no longer be placed (903 rule 119)")
    if why and not stop:
        _add(errors, "no_longer_placed_on", "Enter the date of the decision that the child should no longer be placed")
    if why and why not in AdoptionCeasedReason.values:
        _add(errors, "no_longer_reason", "Choose a reason from the list (RD1 to RD4)")
    if stop:
        if not values["should_be_placed_on"]:
            _add(errors, "no_longer_placed_on", "Enter the decision that the child should be placed first")
        elif stop < values["should_be_placed_on"]:
            _add(errors, "no_longer_placed_on", "The date must be on or after the decision that the child should be "
                                                "placed for adoption")
        if values["adopted_on"]:
            _add(errors, "no_longer_placed_on", "A child who was adopted cannot also have a decision no longer to be "
                                                "placed: clear one of them")
    _check_adopters(errors, values)
    _raise(errors)
    record, created = AdoptionMilestones.objects.get_or_create(person=person)
    before = None if created else snapshot(record, fields)
    for f in fields:
        setattr(record, f, values[f])
    save_if_unchanged(record, expected_version=record.version if created or expected_version is None
                      else expected_version, fields=fields)
    audit_change(actor=by, action="adoption.update", instance=record, before=before, after=snapshot(record, fields),
                 person_id=person.pk)
    return record

"""Care leaver services: the eligibility category (suggested from the periods of care, confirmed by a
worker), the personal adviser, the pathway plan and its reviews, keeping in touch, accommodation, and
the birthday check-ins the SSDA903 OC3 table is read from.

Each service checks the permission and the rules (raising ValidationError keyed by form field),
writes the change with its audit row and chronology entry, and raises or completes the statutory
work it implies (casework.work: PATHWAY_PLAN_REVIEW, PA_CONTACT, PA_VISIT_NEW_HOME), in one
transaction. Rules cite ../shared/domain/timescales.md 1.3 and ../shared/domain/ssda903.md 3.2 (903
rule numbers). Work is raised with the personal adviser's team and worker when one is allocated."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.apps import apps
from django.db import transaction
from django.utils import timezone

from safehold.accounts.policy import Perm
from safehold.accounts.policy import require as _require
from safehold.audit.actions import AuditAction
from safehold.audit.services import audit_change, snapshot
from safehold.casework.models import Allocation, StatutoryWork
from safehold.casework.services import allocation_change
from safehold.casework.signoff import sign_off_open
from safehold.casework.work import work_cancel, work_complete, work_raise
from safehold.children_in_care.codes import SHORT_BREAK_STATUSES
from safehold.children_in_care.models import PeriodOfCare
from safehold.core.validation import add_error as _add
from safehold.core.validation import check_day as _check_day
from safehold.core.validation import d
from safehold.core.validation import raise_if_errors as _raise
from safehold.people.chronology import record_event

from . import selectors
from .codes import (
    ACCOM_CODES,
    FORMER_FOSTER_CARERS,
    FOYER,
    FOYER_MIN_AGE,
    NOT_APPLICABLE,
    ONLY_UNSUITABLE,
    SUPPORT_MAX_AGE,
    Accommodation,
    Activity,
    ContactMethod,
    Eligibility,
    InTouch,
)
from .models import (
    BirthdayCheckIn,
    CareLeaverAccommodation,
    CareLeaverStatus,
    KeepingInTouchContact,
    PathwayPlan,
    PathwayPlanReview,
)
from .signoff_kinds import pathway_plan_title, pathway_review_title

THIRTEEN_WEEKS = 13 * 7  # days (timescales.md 1.3, "Eligible child")


def ordinal(n: int) -> str:
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


# --- The eligibility category ------------------------------------------------------------------------

@dataclass(frozen=True)
class Suggestion:
    eligibility: str
    reason: str

    @property
    def label(self) -> str:
        return Eligibility(self.eligibility).label


def _care_periods(person, on: dt.date) -> list:
    """Periods of care started by `on`, without series of short breaks (V3/V4 only: timescales.md 1.3
    "Series of short breaks excluded")."""
    periods = []
    for period in PeriodOfCare.objects.filter(person=person, start_date__lte=on).prefetch_related("episodes"):
        statuses = {e.legal_status for e in period.episodes.all()}
        if statuses and statuses <= set(SHORT_BREAK_STATUSES):
            continue
        periods.append(period)
    return periods


def suggested_category(person, on: dt.date) -> Suggestion | None:
    """The category the periods of care suggest on `on` (timescales.md 1.3; ssd_care_leavers CLEA003A):
    eligible (16-17, looked after, 13 weeks looked after since 14 ending after 16); relevant (16-17,
    left care, having been eligible); former relevant (18 to 25, having been eligible or relevant);
    qualifying (looked after on or after the 16th birthday, not eligible). None when none applies.
    A suggestion only: the worker confirms (eligibility_set)."""
    if person.dob is None:
        return None
    age = person.age_on(on)
    if age is None or age < 16 or age >= SUPPORT_MAX_AGE:
        return None
    b14, b16, b18 = (selectors.birthday(person.dob, n) for n in (14, 16, 18))
    periods = _care_periods(person, on)
    after_16 = [p for p in periods if (p.end_date is None or p.end_date >= b16) and p.start_date <= b18]
    if not after_16:
        return None
    until = min(on, b18)
    days = sum(max(0, ((min(p.end_date, until) if p.end_date else until) - max(p.start_date, b14)).days)
               for p in periods)
    weeks = days // 7
    looked_after_now = any(p.start_date <= on and (p.end_date is None or p.end_date > on) for p in periods)
    enough = days >= THIRTEEN_WEEKS
    if looked_after_now:
        if age < 18 and enough:
            return Suggestion(Eligibility.ELIGIBLE, f"Looked after now, aged {age}, for {weeks} weeks since the "
                                                    "14th birthday (13 or more, including time after 16)")
        return None
    if enough:
        if age < 18:
            return Suggestion(Eligibility.RELEVANT, f"Left care aged 16 or 17 after {weeks} weeks looked after "
                                                    "since the 14th birthday (13 or more, including time after 16)")
        return Suggestion(Eligibility.FORMER_RELEVANT, f"Aged {age}, and was eligible or relevant: {weeks} weeks "
                                                       "looked after since the 14th birthday, including time after 16")
    return Suggestion(Eligibility.QUALIFYING, f"Looked after on or after the 16th birthday but only {weeks} weeks "
                                              "since the 14th birthday (fewer than 13)")


def _age_errors(person, eligibility: str, on: dt.date) -> list[str]:
    age = person.age_on(on)
    name = person.full_name
    if eligibility in (Eligibility.ELIGIBLE, Eligibility.RELEVANT) and not 16 <= age <= 17:
        which = "eligible" if eligibility == Eligibility.ELIGIBLE else "relevant"
        return [f"An {which} child is 16 or 17: {name} is {age} on {d(on)}"]
    if eligibility == Eligibility.FORMER_RELEVANT and not 18 <= age < SUPPORT_MAX_AGE:
        return [f"A former relevant child is 18 to 24: {name} is {age} on {d(on)}"]
    if eligibility == Eligibility.QUALIFYING and not 16 <= age < SUPPORT_MAX_AGE:
        return [f"A qualifying care leaver is 16 to 24: {name} is {age} on {d(on)}"]
    return []


STATUS_FIELDS = ["eligibility", "start_date", "end_date", "reason", "confirmed", "support_requested_to_25"]


@transaction.atomic
def eligibility_set(*, by, person, eligibility: str, start_date: dt.date, reason: str = "",
                    support_requested_to_25: bool = False) -> CareLeaverStatus:
    """Set or confirm the young person's category from `start_date`. A category other than the one the
    periods of care suggest needs a reason. The same category as now confirms it (and changes the
    support-to-25 flag); another ends the current row and starts a new one."""
    _require(by, Perm.CASEWORK_RECORD)
    errors: dict[str, list[str]] = {}
    reason = (reason or "").strip()
    valid = eligibility in Eligibility.values
    if not valid:
        _add(errors, "eligibility", "Choose the eligibility category")
    current = CareLeaverStatus.objects.select_for_update().filter(person=person, end_date__isnull=True).first()
    suggestion = None
    if _check_day(errors, "start_date", start_date, "The date the category applies from"):
        if person.dob is None:
            _add(errors, "start_date", "Record the young person's date of birth first: the category depends on age")
        else:
            if valid:
                for message in _age_errors(person, eligibility, start_date):
                    _add(errors, "eligibility", message)
            if current and start_date < current.start_date:
                _add(errors, "start_date", f"The date must be on or after the start of the current category "
                                           f"({d(current.start_date)})")
            suggestion = suggested_category(person, start_date)
            if valid and not errors.get("eligibility") and (suggestion is None
                                                              or suggestion.eligibility != eligibility) \
                    and not reason:
                what = f"suggest {suggestion.label.lower()}" if suggestion else "suggest no care leaver category"
                _add(errors, "reason", f"The periods of care {what}: enter why you chose "
                                       f"{Eligibility(eligibility).label.lower()}")
    if support_requested_to_25 and valid and eligibility == Eligibility.ELIGIBLE:
        _add(errors, "support_requested_to_25", "Support to 25 is for care leavers: an eligible child is still "
                                                "looked after")
    if (current and valid and current.eligibility == eligibility and current.confirmed
            and current.support_requested_to_25 == support_requested_to_25):
        _add(errors, "eligibility", f"The category is already {current.get_eligibility_display().lower()}, "
                                    f"confirmed, since {d(current.start_date)}")
    _raise(errors)
    label = Eligibility(eligibility).label
    if current and current.eligibility == eligibility:
        before = snapshot(current, STATUS_FIELDS)
        current.confirmed = True
        current.support_requested_to_25 = support_requested_to_25
        if reason:
            current.reason = reason
        current.version += 1
        current.save(update_fields=["confirmed", "support_requested_to_25", "reason", "version", "updated_at"])
        audit_change(actor=by, action=AuditAction.CARE_LEAVER_STATUS_CONFIRM, instance=current, before=before,
                     after=snapshot(current, STATUS_FIELDS), person_id=person.pk, reason=reason)
        record_event(person=person, event_type="care_leaver_status", occurred=timezone.localdate(), source=current,
                     recorded_by=by, summary=f"Care leaver category confirmed: {label}"
                     + ("; asked for support to 25" if support_requested_to_25 else ""))
        return current
    if current:
        _end_status(by, current, start_date)
    status = CareLeaverStatus.objects.create(
        person=person, eligibility=eligibility, start_date=start_date, reason=reason,
        suggested=suggestion.eligibility if suggestion else "", confirmed=True,
        support_requested_to_25=support_requested_to_25, recorded_by=by)
    audit_change(actor=by, action=AuditAction.CARE_LEAVER_STATUS_START, instance=status, person_id=person.pk, reason=reason)
    record_event(person=person, event_type="care_leaver_status", occurred=start_date, source=status, recorded_by=by,
                 summary=f"Care leaver category: {label}"
                 + ("; asked for support to 25" if support_requested_to_25 else ""))
    return status


def _end_status(by, status: CareLeaverStatus, end: dt.date) -> None:
    before = snapshot(status, ["end_date"])
    status.end_date = end
    status.version += 1
    status.save(update_fields=["end_date", "version", "updated_at"])
    audit_change(actor=by, action=AuditAction.CARE_LEAVER_STATUS_END, instance=status, before=before,
                 after=snapshot(status, ["end_date"]), person_id=status.person_id)


@transaction.atomic
def care_ended(*, period, by) -> CareLeaverStatus | None:
    """The hook children_in_care calls when a period of care ends. If the periods of care suggest a
    care leaver category on the day care ended (relevant under 18, former relevant at 18 or over, or
    qualifying), open the care leaver record with it, unconfirmed: the panel asks a worker to confirm.

    No statutory work is raised here. The pathway plan should already exist (it is made while the
    child is eligible); when it does not, the record panel and caseload say "No pathway plan", and
    recording the plan starts the PATHWAY_PLAN_REVIEW clock. Calling this twice changes nothing."""
    if period.end_date is None:
        return None
    person = period.person
    suggestion = suggested_category(person, period.end_date)
    if suggestion is None or suggestion.eligibility == Eligibility.ELIGIBLE:
        return None
    current = CareLeaverStatus.objects.select_for_update().filter(person=person, end_date__isnull=True).first()
    if current and (current.eligibility == suggestion.eligibility or current.start_date > period.end_date):
        return current
    if current:
        _end_status(by, current, period.end_date)
    status = CareLeaverStatus.objects.create(
        person=person, eligibility=suggestion.eligibility, start_date=period.end_date,
        reason=f"Suggested when care ended: {suggestion.reason}", suggested=suggestion.eligibility, confirmed=False,
        support_requested_to_25=bool(current and current.support_requested_to_25), recorded_by=by)
    audit_change(actor=by, action=AuditAction.CARE_LEAVER_STATUS_START, instance=status, person_id=person.pk,
                 reason="Care ended")
    record_event(person=person, event_type="care_leaver_status", occurred=period.end_date, source=status,
                 recorded_by=by, summary=f"Became a care leaver: {suggestion.label} (suggested when care ended; "
                                         "to be confirmed by a worker)")
    if not StatutoryWork.objects.filter(person=person, rule_code="PA_CONTACT",
                                        status=StatutoryWork.Status.OPEN).exists():
        # Keeping in touch starts the day care ends: the first contact is due within 2 months.
        _raise_work(person, "PA_CONTACT", period.end_date, status, "Personal adviser contact")
    return status


@transaction.atomic
def care_started(*, period, by) -> None:
    """The hook children_in_care calls when a young person comes back into care: a relevant or former
    relevant care leaver is looked after again, so the care leaver category ends the day before and
    keeping-in-touch clocks stop (the pathway plan and adviser carry on while they are in care)."""
    current = (CareLeaverStatus.objects.select_for_update().filter(person=period.person, end_date__isnull=True)
               .exclude(eligibility=Eligibility.ELIGIBLE).first())
    if current is None:
        return
    _end_status(by, current, max(current.start_date, period.start_date - dt.timedelta(days=1)))
    for w in StatutoryWork.objects.filter(person=period.person, status=StatutoryWork.Status.OPEN,
                                          rule_code__in=("PA_CONTACT", "PA_VISIT_NEW_HOME")):
        work_cancel(source=_source_of(w), reason="Looked after again")
    record_event(person=period.person, event_type="care_leaver_status", occurred=period.start_date, source=current,
                 recorded_by=by, summary=f"Looked after again: no longer a {current.get_eligibility_display().lower()}")


def _source_of(work: StatutoryWork):
    """The model row a piece of work was raised from (work_cancel finds work by its source)."""
    model = apps.get_model(work.source_type)
    return model(pk=int(work.source_id))


# --- The personal adviser and the work -----------------------------------------------------------------

def _holder(person) -> tuple:
    adviser = selectors.personal_adviser(person)
    return (adviser.team, adviser.worker) if adviser else (None, None)


def _raise_work(person, rule_code: str, start: dt.date, source, title: str) -> StatutoryWork:
    team, worker = _holder(person)  # (None, None): work_raise falls back to the case holder
    return work_raise(person=person, rule_code=rule_code, start=start, source=source, title=title, team=team,
                      worker=worker)


def _complete_open(person, rule_code: str, done: dt.date, by_event) -> list[StatutoryWork]:
    """Complete this person's open work of `rule_code` whose clock started on or before `done`."""
    return [work_complete(work=w, done=done, by_event=by_event) for w in StatutoryWork.objects.filter(
        person=person, rule_code=rule_code, status=StatutoryWork.Status.OPEN, started_on__lte=done)]


@transaction.atomic
def personal_adviser_assign(*, by, person, worker, team=None, started_on: dt.date | None = None,
                            reason: str = "") -> Allocation:
    """Allocate a personal adviser (casework.Allocation, role PERSONAL_ADVISER; audited and in the
    chronology by casework.allocation_change, which also moves the young person's open care leaver work
    to them: casework.work.WORK_OF_ROLE)."""
    _require(by, Perm.CASE_ALLOCATE)
    errors: dict[str, list[str]] = {}
    if worker is None:
        _add(errors, "worker", "Choose the personal adviser")
    elif team is None and worker.team_id is None:
        _add(errors, "worker", f"{worker} is not in a team: choose an adviser in a team")
    _raise(errors)
    return allocation_change(by=by, person=person, team=team or worker.team, worker=worker,
                             started_on=started_on, role=Allocation.Role.PERSONAL_ADVISER, reason=reason)


def _require_care_leaver(errors: dict, field: str, person) -> CareLeaverStatus | None:
    status = selectors.current_status(person)
    if status is None:
        _add(errors, field, f"{person.full_name} has no care leaver category: record it first")
    return status


# --- Pathway plan ---------------------------------------------------------------------------------------

@transaction.atomic
def pathway_plan_start(*, by, person, start_date: dt.date, summary: str,
                       young_person_views: str = "") -> PathwayPlan:
    """The pathway plan is made: the first review is due in 6 months (PATHWAY_PLAN_REVIEW)."""
    _require(by, Perm.CASEWORK_RECORD)
    errors: dict[str, list[str]] = {}
    _require_care_leaver(errors, "start_date", person)
    existing = selectors.pathway_plan(person)
    if existing:
        _add(errors, "start_date", f"The pathway plan was made on {d(existing.start_date)}: record a review instead")
    _check_day(errors, "start_date", start_date, "The date the pathway plan was made")
    if not (summary or "").strip():
        _add(errors, "summary", "Enter a summary of the plan")
    _raise(errors)
    plan = PathwayPlan.objects.create(person=person, start_date=start_date, summary=summary.strip(),
                                      young_person_views=(young_person_views or "").strip(), recorded_by=by)
    audit_change(actor=by, action=AuditAction.PATHWAY_PLAN_START, instance=plan, person_id=person.pk)
    sign_off_open(by=by, record=plan, kind="pathway_plan", person=person, title=pathway_plan_title(plan))
    work = _raise_work(person, "PATHWAY_PLAN_REVIEW", start_date, plan, "Pathway plan review")
    record_event(person=person, event_type="pathway_plan", occurred=start_date, source=plan, recorded_by=by,
                 summary=f"Pathway plan made; first review due {d(work.due_on)}")
    return plan


@transaction.atomic
def pathway_plan_review_record(*, by, person, review_date: dt.date, summary: str,
                               young_person_views: str = "") -> PathwayPlanReview:
    """A review of the pathway plan: completes the review that was due and starts the next 6 months."""
    _require(by, Perm.CASEWORK_RECORD)
    errors: dict[str, list[str]] = {}
    plan = PathwayPlan.objects.select_for_update().filter(person=person).first()
    if plan is None:
        _add(errors, "review_date", f"{person.full_name} has no pathway plan: record the plan first")
    if _check_day(errors, "review_date", review_date, "The date of the review") and plan:
        last = PathwayPlanReview.objects.filter(plan=plan).first()
        if review_date < plan.start_date:
            _add(errors, "review_date", f"The review must be on or after the day the plan was made "
                                        f"({d(plan.start_date)})")
        elif last and review_date <= last.review_date:
            _add(errors, "review_date", f"The review must be after the last review ({d(last.review_date)})")
    if not (summary or "").strip():
        _add(errors, "summary", "Enter what the review decided")
    _raise(errors)
    review = PathwayPlanReview.objects.create(plan=plan, person=person, review_date=review_date,
                                              summary=summary.strip(),
                                              young_person_views=(young_person_views or "").strip(), recorded_by=by)
    audit_change(actor=by, action=AuditAction.PATHWAY_PLAN_REVIEW, instance=review, person_id=person.pk)
    sign_off_open(by=by, record=review, kind="pathway_plan_review", person=person, title=pathway_review_title(review))
    _complete_open(person, "PATHWAY_PLAN_REVIEW", review_date, review)
    work = _raise_work(person, "PATHWAY_PLAN_REVIEW", review_date, review, "Pathway plan review")
    record_event(person=person, event_type="pathway_plan_review", occurred=review_date, source=review,
                 recorded_by=by, summary=f"Pathway plan reviewed; next review due {d(work.due_on)}")
    return review


# --- Keeping in touch -------------------------------------------------------------------------------------

@transaction.atomic
def contact_record(*, by, person, contact_date: dt.date, method: str, in_accommodation: bool = False,
                   by_personal_adviser: bool = True, notes: str = "") -> KeepingInTouchContact:
    """A keeping-in-touch contact. One by the personal adviser completes the contact that was due and
    starts the next 2 months (PA_CONTACT); a visit in the accommodation also completes the visit to a
    new home (PA_VISIT_NEW_HOME)."""
    _require(by, Perm.CASEWORK_RECORD)
    errors: dict[str, list[str]] = {}
    _require_care_leaver(errors, "contact_date", person)
    _check_day(errors, "contact_date", contact_date, "The date of the contact")
    if method not in ContactMethod.values:
        _add(errors, "method", "Choose how the contact was made")
    elif in_accommodation and method != ContactMethod.VISIT:
        _add(errors, "in_accommodation", f"Only a visit can see the young person in their accommodation: this was "
                                         f"a {ContactMethod(method).label.lower()}")
    _raise(errors)
    adviser = selectors.personal_adviser(person)
    contact = KeepingInTouchContact.objects.create(
        person=person, contact_date=contact_date, method=method, in_accommodation=in_accommodation,
        by_personal_adviser=by_personal_adviser,
        personal_adviser=(adviser.worker if adviser and adviser.worker else by) if by_personal_adviser else None,
        notes=(notes or "").strip(), recorded_by=by)
    audit_change(actor=by, action=AuditAction.CARE_LEAVER_CONTACT_RECORD, instance=contact, person_id=person.pk)
    summary = f"Keeping in touch: {contact.get_method_display().lower()}"
    if by_personal_adviser:
        _complete_open(person, "PA_CONTACT", contact_date, contact)
        if in_accommodation:
            _complete_open(person, "PA_VISIT_NEW_HOME", contact_date, contact)
        if not StatutoryWork.objects.filter(person=person, rule_code="PA_CONTACT",
                                            status=StatutoryWork.Status.OPEN).exists():
            # A contact entered late, older than one already recorded, does not restart the clock.
            work = _raise_work(person, "PA_CONTACT", contact_date, contact, "Personal adviser contact")
            summary += f"; next contact due {d(work.due_on)}"
    else:
        summary += " (not by the personal adviser)"
    record_event(person=person, event_type="care_leaver_contact", occurred=contact_date, source=contact,
                 recorded_by=by, summary=summary)
    return contact


# --- Accommodation ----------------------------------------------------------------------------------------

@transaction.atomic
def accommodation_change(*, by, person, start_date: dt.date, accommodation: str, accom_suitable: bool,
                         address: str = "", postcode: str = "") -> CareLeaverAccommodation:
    """The young person moves: the current accommodation ends and the new one starts; the personal
    adviser must visit within 7 days (PA_VISIT_NEW_HOME)."""
    _require(by, Perm.CASEWORK_RECORD)
    errors: dict[str, list[str]] = {}
    _require_care_leaver(errors, "start_date", person)
    current = CareLeaverAccommodation.objects.select_for_update().filter(person=person,
                                                                         end_date__isnull=True).first()
    if (_check_day(errors, "start_date", start_date, "The date they moved in") and current
            and start_date < current.start_date):
        _add(errors, "start_date", f"The date must be on or after the move into the current accommodation "
                                   f"({d(current.start_date)})")
    age = person.age_on(start_date) if start_date and person.dob else None
    if accommodation not in Accommodation.values:
        _add(errors, "accommodation", "Choose the type of accommodation")
    else:
        label = Accommodation(accommodation).label.lower()
        if accommodation in ONLY_UNSUITABLE and accom_suitable:
            # ssda903.md 3.2, rule 133: S and X are valid only as S2 and X2.
            _add(errors, "accom_suitable", f"{label.capitalize()} ({accommodation}) is always recorded as unsuitable "
                                           "(903 rule 133)")
        if accommodation == FOYER and age is not None and age < FOYER_MIN_AGE:
            # ssda903.md 3.2, rule 347.
            _add(errors, "accommodation", f"A foyer (T) is not for a young person under 18 (903 rule 347): "
                                          f"{person.full_name} is {age}")
        if accommodation == FORMER_FOSTER_CARERS and age is not None and age < 18:
            # ssda903.md 3.2, rule 3001; ssd_care_leavers CLEA006A: Z is for staying on after 18.
            _add(errors, "accommodation", f"With former foster carers (Z) is for a young person who stays on after "
                                          f"18 (903 rule 3001): {person.full_name} is {age}")
    _raise(errors)
    if current:
        before = snapshot(current, ["end_date"])
        current.end_date = start_date
        current.save(update_fields=["end_date", "updated_at"])
        audit_change(actor=by, action=AuditAction.CARE_LEAVER_ACCOMMODATION_END, instance=current, before=before,
                     after=snapshot(current, ["end_date"]), person_id=person.pk)
        work_cancel(source=current, rule_code="PA_VISIT_NEW_HOME", reason="The young person moved again")
    home = CareLeaverAccommodation.objects.create(
        person=person, start_date=start_date, accommodation=accommodation, accom_suitable=accom_suitable,
        address=(address or "").strip(), postcode=(postcode or "").strip().upper(), recorded_by=by)
    audit_change(actor=by, action=AuditAction.CARE_LEAVER_ACCOMMODATION_START, instance=home, person_id=person.pk)
    work = _raise_work(person, "PA_VISIT_NEW_HOME", start_date, home, "Personal adviser visit to the new home")
    record_event(person=person, event_type="care_leaver_accommodation", occurred=start_date, source=home,
                 recorded_by=by, summary=f"Moved to {home.get_accommodation_display().lower()} ({home.code}, "
                                         f"{'suitable' if accom_suitable else 'unsuitable'}); personal adviser "
                                         f"visit due {d(work.due_on)}")
    return home


# --- Birthday check-ins (SSDA903 OC3) ---------------------------------------------------------------------

def _check_in_birthday(errors: dict, person, status, age: int, recorded_on: dt.date) -> dt.date | None:
    """The birthday the check-in is for (None if the age is not one the young person is checked in at);
    a check-in already recorded for that birthday, or a `recorded_on` outside its window, goes to `errors`."""
    day = None
    if person.dob is None:
        _add(errors, "age", "Record the young person's date of birth first")
    elif age not in selectors.check_in_ages(status):
        if status and 22 <= (age or 0) <= SUPPORT_MAX_AGE:
            _add(errors, "age", "Check-ins from 22 to 25 are for a young person who asked for support to 25: record "
                                "that on the category first")
        else:
            _add(errors, "age", "Choose a birthday from the 17th to the 21st")
    else:
        day = selectors.birthday(person.dob, age)
        if BirthdayCheckIn.objects.filter(person=person, age=age).exists():
            _add(errors, "age", f"The {ordinal(age)} birthday check-in is already recorded")
    if _check_day(errors, "recorded_on", recorded_on, "The date of the check-in") and day:
        opens, closes = selectors.check_in_window(day)
        if not opens <= recorded_on <= closes:
            _add(errors, "recorded_on", f"The check-in must be around the {ordinal(age)} birthday ({d(day)}): "
                                        f"between {d(opens)} and {d(closes)}")
    return day


def _check_in_code_problems(errors: dict, age: int, in_touch: str, activity: str, accommodation: str) -> None:
    """The OC3 codes and how they go together (ssda903.md 3.2; 903 rules 133, 344, 345, 347, 3001)."""
    if in_touch not in InTouch.values:
        _add(errors, "in_touch", "Choose whether the young person is in touch")
    if activity not in Activity.values:
        _add(errors, "activity", "Choose the young person's main activity")
    if accommodation not in ACCOM_CODES:
        _add(errors, "accommodation", "Choose the accommodation and whether it is suitable")
    if not errors.get("in_touch"):
        if in_touch in (InTouch.DIED, InTouch.RHOM):
            # ssda903.md 3.2, rule 344: DIED or RHOM need ACTIV and ACCOM 0.
            if activity != NOT_APPLICABLE:
                _add(errors, "activity", f"With in touch {in_touch}, main activity must be 0, not applicable "
                                         "(903 rule 344)")
            if accommodation != NOT_APPLICABLE:
                _add(errors, "accommodation", f"With in touch {in_touch}, accommodation must be 0, not applicable "
                                              "(903 rule 344)")
        if in_touch == InTouch.YES:
            # Rule 345: YES needs ACTIV and ACCOM other than 0.
            if activity == NOT_APPLICABLE:
                _add(errors, "activity", "The young person is in touch: record their main activity, not 0 "
                                         "(903 rule 345)")
            if accommodation == NOT_APPLICABLE:
                _add(errors, "accommodation", "The young person is in touch: record their accommodation, not 0 "
                                              "(903 rule 345)")
    if accommodation in ACCOM_CODES and accommodation != NOT_APPLICABLE:
        letter, digit = accommodation[0], accommodation[1]
        if letter in ONLY_UNSUITABLE and digit != "2":
            # Rule 133: S and X only as S2/X2.
            _add(errors, "accommodation", f"{Accommodation(letter).label} is recorded only as {letter}2, unsuitable "
                                          "(903 rule 133)")
        if letter == FORMER_FOSTER_CARERS and age == 17:
            # Rule 3001: no Z around the 17th birthday.
            _add(errors, "accommodation", "With former foster carers (Z) cannot be recorded around the 17th birthday "
                                          "(903 rule 3001)")
        if letter == FOYER and age is not None and age < FOYER_MIN_AGE:
            # Rule 347: T (foyer) not under 18.
            _add(errors, "accommodation", "A foyer (T) cannot be recorded for a young person under 18 (903 rule 347)")


@transaction.atomic
def check_in_record(*, by, person, age: int, in_touch: str, activity: str, accommodation: str,
                    recorded_on: dt.date) -> BirthdayCheckIn:
    """The OC3 items around one birthday: in touch, main activity, accommodation (letter and
    suitability digit). Rules from ssda903.md 3.2 (OC3 care leaver fields)."""
    _require(by, Perm.CASEWORK_RECORD)
    errors: dict[str, list[str]] = {}
    status = _require_care_leaver(errors, "age", person)
    day = _check_in_birthday(errors, person, status, age, recorded_on)
    _check_in_code_problems(errors, age, in_touch, activity, accommodation)
    _raise(errors)
    check = BirthdayCheckIn.objects.create(person=person, age=age, birthday=day, in_touch=in_touch,
                                           activity=activity, accommodation=accommodation, recorded_on=recorded_on,
                                           recorded_by=by)
    audit_change(actor=by, action=AuditAction.CARE_LEAVER_CHECK_IN_RECORD, instance=check, person_id=person.pk)
    record_event(person=person, event_type="care_leaver_check_in", occurred=recorded_on, source=check,
                 recorded_by=by, summary=f"{ordinal(age).capitalize()} birthday check-in: in touch {in_touch}, "
                                         f"activity {activity}, accommodation {accommodation}")
    return check

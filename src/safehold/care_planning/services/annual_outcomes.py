"""Each year's outcomes for a child in care (SSDA903 OC2): the items that apply at the child's age
(the age rules in ../outcomes.py)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from safehold.accounts.policy import Perm
from safehold.accounts.policy import require as _require
from safehold.audit.actions import AuditAction
from safehold.audit.services import audit_change, snapshot
from safehold.children_in_care.models import PeriodOfCare
from safehold.core.concurrency import save_if_unchanged
from safehold.core.validation import add_error as _add
from safehold.core.validation import d, raise_if_errors
from safehold.people.models import Person

from .. import outcomes
from ..codes import (
    SDQReason,
)
from ..models import (
    AnnualOutcomes,
)

OUTCOME_FIELDS = ["immunisations_up_to_date", "development_checks_up_to_date", "sdq_score", "sdq_reason", "convicted",
                  "substance_misuse", "intervention_received", "intervention_offered"]

SDQ_MAX = 40  # rule 180: a score from 0 to 40


def _oc2_year_problems(errors: dict, person, year_ending: dt.date) -> None:
    """The year ends on 31 March, not after this collection year, and the child was looked after in it."""
    if (year_ending.month, year_ending.day) != (3, 31):
        _add(errors, "year_ending", "The year must end on 31 March")
    elif year_ending > outcomes.year_ending_for(timezone.localdate()):
        _add(errors, "year_ending", "The year cannot end after the current collection year")
    if person.dob is None:
        _add(errors, "year_ending", "Record the child's date of birth first: which items apply depends on their age")
    elif not PeriodOfCare.objects.filter(person=person, start_date__lte=year_ending).exclude(
            end_date__lt=outcomes.year_start(year_ending)).exists():
        _add(errors, "year_ending", f"{person} was not looked after in the year to {d(year_ending)}")


def _oc2_age_problems(errors: dict, age, v: dict) -> None:
    """Health items asked of every child, and development and convictions by age at 31 March."""
    needed = {"immunisations_up_to_date": "Say whether the child's immunisations are up to date (rule 191)",
              "substance_misuse": "Say whether a substance misuse problem was identified (rule 191)"}
    for field, message in needed.items():
        if v[field] is None:
            _add(errors, field, message)
    if age.development and v["development_checks_up_to_date"] is None:
        _add(errors, "development_checks_up_to_date",
             "Say whether the development assessments are up to date: the child is under 5 at 31 March (rule 545)")
    if not age.development and v["development_checks_up_to_date"] is not None:
        _add(errors, "development_checks_up_to_date", "Development assessments are only asked about for a child under "
                                                      "5 at 31 March (rule 546)")
    if age.conviction and v["convicted"] is None:
        _add(errors, "convicted", "Say whether the child was convicted or cautioned: they are 10 or over at 31 March "
                                  "(rule 543)")
    if not age.conviction and v["convicted"] is not None:
        _add(errors, "convicted", "Conviction is not asked about for a child under 10 at 31 March (rule 542)")


def _oc2_sdq_problems(errors: dict, age, v: dict) -> None:
    """A score from 0 to 40 or a reason there is none, for a child in the SDQ age range only."""
    score, reason = v["sdq_score"], v["sdq_reason"]
    if score is not None and not 0 <= score <= SDQ_MAX:
        _add(errors, "sdq_score", f"The SDQ score must be a whole number from 0 to {SDQ_MAX} (rule 180)")
    if reason and reason not in SDQReason.values:
        _add(errors, "sdq_reason", "Choose the reason there is no SDQ score from the list (rule 196)")
    if age.sdq:
        if score is None and not reason:
            _add(errors, "sdq_score", "Enter the SDQ score, or choose the reason there is none (rule 186)")
        if score is not None and reason:
            _add(errors, "sdq_reason", "Leave the reason blank when there is a score (rule 197a)")
        if reason == SDQReason.SDQ1 and not age.sdq1:
            _add(errors, "sdq_reason", "The child is within the SDQ age range all year: choose another reason (rule 157)")
    elif score is not None or reason:
        _add(errors, "sdq_score", "The SDQ is not asked about for a child under 4 at 31 March or 17 before 1 April "
                                  "(rules 188, 189)")


def _oc2_substance_problems(errors: dict, v: dict) -> None:
    """Interventions, asked only when a substance misuse problem was identified."""
    if v["substance_misuse"]:
        if v["intervention_received"] is None:
            _add(errors, "intervention_received", "Say whether the child received an intervention (rule 192)")
        elif v["intervention_received"] and v["intervention_offered"] is not None:
            _add(errors, "intervention_offered", "Leave this blank when the child received an intervention (rule 158)")
        elif v["intervention_received"] is False and v["intervention_offered"] is None:
            _add(errors, "intervention_offered", "Say whether an intervention was offered and refused (rule 159)")
    elif v["intervention_received"] is not None or v["intervention_offered"] is not None:
        _add(errors, "intervention_received", "Interventions are only asked about when a substance misuse problem was "
                                              "identified (rule 193)")


@transaction.atomic
def outcomes_update(*, by, person, year_ending: dt.date, expected_version: int | None = None,
                    **values) -> AnnualOutcomes:
    """The child's OC2 answers for the year to `year_ending`: every item that applies at the child's age,
    and none that does not (ssda903.md 3.1 OC2; each message names the DfE rule)."""
    _require(by, Perm.CASEWORK_RECORD)
    # One save at a time per child, so two first saves of a year cannot both create it.
    Person.objects.select_for_update().filter(pk=person.pk).first()
    errors: dict[str, list[str]] = {}
    v = {f: values.get(f) for f in OUTCOME_FIELDS}
    v["sdq_reason"] = v["sdq_reason"] or ""
    _oc2_year_problems(errors, person, year_ending)
    raise_if_errors(errors)
    age = outcomes.applies(person.dob, year_ending)
    _oc2_age_problems(errors, age, v)
    _oc2_sdq_problems(errors, age, v)
    _oc2_substance_problems(errors, v)
    raise_if_errors(errors)
    record = AnnualOutcomes.objects.filter(person=person, year_ending=year_ending).first()
    created = record is None
    if created:
        record = AnnualOutcomes.objects.create(person=person, year_ending=year_ending, recorded_by=by, **v)
        audit_change(actor=by, action=AuditAction.OUTCOMES_RECORD, instance=record, person_id=person.pk)
        return record
    before = snapshot(record, OUTCOME_FIELDS)
    for field, value in v.items():
        setattr(record, field, value)
    record.recorded_by = by
    save_if_unchanged(record, expected_version=record.version if expected_version is None else expected_version,
                      fields=[*OUTCOME_FIELDS, "recorded_by"])
    audit_change(actor=by, action=AuditAction.OUTCOMES_UPDATE, instance=record, before=before,
                 after=snapshot(record, OUTCOME_FIELDS), person_id=person.pk)
    return record

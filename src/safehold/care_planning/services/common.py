"""What the care planning services share: starting, stopping and restarting a clock of a period of care,
the period of care a date falls in (locked while recording), and a dated event that restarts its clock."""

from __future__ import annotations

import datetime as dt

from django.db.models import Max
from django.utils import timezone

from safehold.audit.actions import AuditAction
from safehold.audit.services import audit_change
from safehold.casework.models import StatutoryWork
from safehold.casework.work import open_work_for, work_complete, work_raise
from safehold.children_in_care.models import PeriodOfCare
from safehold.core.validation import add_error as _add
from safehold.core.validation import d, raise_if_errors
from safehold.people.chronology import record_event

from ..clocks import TITLES
from ..selectors import iro_holder, timing_words


def start_clock(person, rule_code: str, start, source, **holder) -> StatutoryWork:
    """Start `rule_code`'s clock from `start` for `source`, titled as TITLES says (held by `holder` if given)."""
    return work_raise(person=person, rule_code=rule_code, start=start, source=source, title=TITLES[rule_code],
                      **holder)


def complete_any(*, source, rule_codes, done, by_event) -> StatutoryWork | None:
    """Stop whichever of `rule_codes` is running from `source` (the earliest due), cancelling the rest."""
    open_ = list(open_work_for(source=source).filter(rule_code__in=rule_codes).order_by("due_on", "id"))
    if not open_:
        return None
    work = work_complete(work=open_[0], done=done, by_event=by_event)
    for other in open_[1:]:
        other.status = StatutoryWork.Status.CANCELLED
        other.cancel_reason = "Superseded"
        other.save(update_fields=["status", "cancel_reason", "updated_at"])
    return work


def restart_clock(*, person, period: PeriodOfCare, rule_codes, next_rule: str | None, day: dt.date, event,
                  holder: dict | None = None) -> StatutoryWork | None:
    """An event on `day` stops the running clock of `rule_codes` and starts `next_rule` from `day`,
    unless the clock started after `day` (the event was recorded late: it changes nothing that is
    due). No new clock once the child has left care."""
    running = open_work_for(source=period).filter(rule_code__in=rule_codes).order_by("due_on", "id").first()
    if running is not None and day < running.started_on:
        return None
    work = complete_any(source=period, rule_codes=rule_codes, done=day, by_event=event)
    if next_rule and period.end_date is None:
        start_clock(person, next_rule, day, period, **(holder or {}))
    return work


def period_on(person, day: dt.date, errors: dict, field: str, what: str) -> PeriodOfCare | None:
    """The period of care `day` falls in, or an error naming `field`."""
    if day is None:
        _add(errors, field, f"Enter the date of the {what}")
        return None
    if day > timezone.localdate():
        _add(errors, field, f"The date of the {what} cannot be in the future")
        return None
    period = (PeriodOfCare.objects.filter(person=person, start_date__lte=day).order_by("-start_date").first())
    if period is None:
        first = PeriodOfCare.objects.filter(person=person).order_by("start_date").first()
        if first is None:
            _add(errors, field, f"{person.full_name} has never been looked after, so there is no {what} to record")
        else:
            _add(errors, field, f"The {what} cannot be before the child became looked after on {d(first.start_date)}")
        return None
    if period.end_date and day > period.end_date:
        _add(errors, field, f"The {what} cannot be after the child left care on {d(period.end_date)}")
        return None
    return period


def lock_period(period: PeriodOfCare) -> PeriodOfCare:
    # Two people recording against one period at once are serialised on its row.
    return PeriodOfCare.objects.select_for_update(of=("self",)).get(pk=period.pk)


def simple_record(*, by, person, day, field: str, what: str, model, date_field: str, rule_codes, next_rule,
                  event_type: str, event_summary: str, **values):
    """Record a dated event against the period of care it falls in; the latest one stops its clock
    and starts the next (one recorded late, dated before the latest, changes nothing that is due)."""
    errors: dict[str, list[str]] = {}
    period = period_on(person, day, errors, field, what)
    raise_if_errors(errors)
    period = lock_period(period)
    latest = model.objects.filter(period=period).aggregate(m=Max(date_field))["m"]
    row = model.objects.create(person=person, period=period, **{date_field: day}, **values)
    audit_change(actor=by, action=AuditAction(f"{event_type}.record"), instance=row, person_id=person.pk)
    work = None
    if latest is None or day > latest:
        holder = iro_holder(person) if next_rule == "IRO_CONTACT" else {}
        work = restart_clock(person=person, period=period, rule_codes=rule_codes, next_rule=next_rule, day=day, event=row,
                             holder=holder)
    record_event(person=person, event_type=event_type, occurred=day, summary=event_summary + timing_words(work), source=row,
                 recorded_by=by)
    return row

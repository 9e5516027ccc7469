"""Builders for oversight tests (synthetic data only)."""

import datetime as dt

from django.utils import timezone

from safehold.oversight.models import ManagementOversight, OversightAction, Supervision


def make_oversight(*, person, by, occurred_on=None, decision_point="case_review", actions=()):
    o = ManagementOversight.objects.create(
        person=person, recorded_by=by, recorded_at=timezone.now(), occurred_on=occurred_on or timezone.localdate(),
        decision_point=decision_point, decision="Continue the plan", rationale="Risks are reducing")
    for text, owner, due_on in actions:
        OversightAction.objects.create(oversight=o, action=text, owner=owner, due_on=due_on)
    return o


def make_supervision(*, worker, supervisor, held_on=None, notes="Workload reviewed"):
    return Supervision.objects.create(worker=worker, supervisor=supervisor, held_on=held_on or timezone.localdate(),
                                      notes=notes, recorded_at=timezone.now())


def days(n: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=n)

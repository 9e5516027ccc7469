"""What the child_protection service tests share besides fixtures: helpers and dates."""

from __future__ import annotations

import datetime as dt

from safehold.casework.models import StatutoryWork
from safehold.child_protection import services

D = dt.date


def errors_of(caught) -> dict[str, list[str]]:
    return caught.value.message_dict


def work(person, rule_code, status=None):
    qs = StatutoryWork.objects.filter(person=person, rule_code=rule_code)
    return qs.filter(status=status) if status else qs


def _another_child(team):
    from safehold.casework.tests.factories import AllocationFactory
    from safehold.people.tests.factories import PersonFactory

    person = PersonFactory()
    AllocationFactory(person=person, team=team)
    return person


def icpc(enquiry, by, held_on, **kw):
    kw.setdefault("outcome", "plan")
    kw.setdefault("category", "NEG" if kw["outcome"] == "plan" else "")
    kw.setdefault("lead_practitioner", by if kw["outcome"] == "plan" else None)
    return services.conference_initial_record(by=by, enquiry=enquiry, held_on=held_on, chaired_by=by, **kw)


def review(plan, by, held_on, outcome="plan_continues", **kw):
    return services.conference_review_record(by=by, plan=plan, held_on=held_on, chaired_by=by, outcome=outcome, **kw)

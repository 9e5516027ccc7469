"""Builders for the timescales app's records: a council's version of a rule's limit (RuleVersion)."""

import datetime as dt

import factory

from safehold.timescales.engine import Unit
from safehold.timescales.models import RuleVersion


class RuleVersionFactory(factory.django.DjangoModelFactory[RuleVersion]):
    """A council's own limit for a rule from a date: by default, supervision every four weeks from 2026."""

    class Meta:
        model = RuleVersion

    code = "SUPERVISION"
    amount = 4
    unit = Unit.WEEKS
    effective_from = dt.date(2026, 1, 1)
    note = "The council's practice standard"

"""Performance test data (synthetic only): a measure's monthly snapshots, its target, an England comparator and
a population estimate."""

import datetime as dt

import factory
from django.utils import timezone

from safehold.performance.models import Comparator, MeasureSnapshot, MeasureTarget, PopulationEstimate


class MeasureSnapshotFactory(factory.django.DjangoModelFactory):
    """A month-end value of the assessments-in-45-working-days measure: `value` per cent of 100."""

    class Meta:
        model = MeasureSnapshot

    code = "HP_ASSESS_45WD"
    as_at = dt.date(2026, 3, 31)
    value = 70.0
    denominator = 100
    numerator = factory.LazyAttribute(lambda o: o.value * o.denominator / 100 if o.value is not None else 0)
    computed_at = factory.LazyFunction(timezone.now)


class MeasureTargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MeasureTarget
        django_get_or_create = ("code",)

    code = "HP_ASSESS_45WD"
    target = 85
    amber_margin = 5


class ComparatorFactory(factory.django.DjangoModelFactory):
    """England's figure for the year to 31 March 2025 (marked synthetic: made up for a test)."""

    class Meta:
        model = Comparator

    code = "HP_ASSESS_45WD"
    period_end = dt.date(2025, 3, 31)
    period_label = factory.LazyAttribute(lambda o: f"{o.period_end.year - 1}-{str(o.period_end.year)[2:]}")
    level = Comparator.Level.ENGLAND
    area_code = "E92000001"
    area_name = "England"
    value = 81.0
    source = "Test"
    synthetic = True


class PopulationEstimateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PopulationEstimate
        django_get_or_create = ("year",)

    year = 2025
    children = 4000
    source = "Test estimate"

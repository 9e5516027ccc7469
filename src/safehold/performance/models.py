"""Reference data and stored figures for the measures: the population estimate, the month-end
snapshots, England, regional and statistical neighbour comparators, and the council's targets."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class PopulationEstimate(models.Model):
    """The ONS mid-year estimate of children aged 0 to 17 in the council's area, by year: the
    denominator of the rates per 10,000 children. Entered as reference data."""

    year = models.PositiveSmallIntegerField("Mid-year (30 June)", unique=True)
    children = models.PositiveIntegerField("Children aged 0 to 17")
    source = models.CharField(max_length=300)

    class Meta:
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.children:,} children, mid-{self.year}"


class MeasureSnapshot(models.Model):
    """A measure's figure at a month-end as first computed, kept so a trend draws at once and a figure
    reported last month never changes silently. A later recomputation from a corrected record is kept
    beside it as the restated figure, never over it."""

    code = models.CharField(max_length=40, db_index=True)
    as_at = models.DateField()
    cut = models.CharField(max_length=40, blank=True)  # "" all children; "disability:yes" ...
    numerator = models.FloatField()  # children counted, or FTE for the workforce rates
    denominator = models.FloatField()
    value = models.FloatField(null=True)
    computed_at = models.DateTimeField()
    restated_numerator = models.FloatField(null=True)
    restated_denominator = models.FloatField(null=True)
    restated_value = models.FloatField(null=True)
    restated_at = models.DateTimeField(null=True)

    class Meta:
        ordering = ["code", "as_at"]
        constraints = [models.UniqueConstraint(fields=["code", "as_at", "cut"], name="one_snapshot_per_measure_date")]

    @property
    def restated_differs(self) -> bool:
        return self.restated_at is not None and self.restated_value != self.value


class Comparator(models.Model):
    """A published figure for the same measure elsewhere: England, a region, or one local authority
    (whose statistical neighbours' average is drawn). Never shown without its year and source."""

    class Level(models.TextChoices):
        ENGLAND = "national", "England"
        REGION = "regional", "Region"
        LOCAL_AUTHORITY = "local_authority", "Local authority"

    code = models.CharField(max_length=40, db_index=True)
    period_end = models.DateField("End of the period the figure covers")
    period_label = models.CharField(max_length=20)  # "2023-24", "31 March 2025"
    level = models.CharField(max_length=20, choices=Level.choices)
    # new_la_code, a region code, or (where the file gives none) the area's name, as the key
    area_code = models.CharField(max_length=120, blank=True)
    area_name = models.CharField(max_length=120)
    value = models.FloatField()
    source = models.CharField(max_length=400)
    synthetic = models.BooleanField(default=False, help_text="Made up for the demo: never a published figure")

    class Meta:
        ordering = ["code", "period_end", "level", "area_name"]
        constraints = [models.UniqueConstraint(fields=["code", "period_end", "level", "area_code"],
                                               name="one_comparator_per_area_period")]

    def __str__(self) -> str:
        return f"{self.area_name} {self.period_label}: {self.value:g}"


class StatisticalNeighbour(models.Model):
    """One of the council's statistical neighbours (usually ten), by new LA code."""

    area_code = models.CharField(max_length=12, unique=True)
    area_name = models.CharField(max_length=120)

    class Meta:
        ordering = ["area_name"]

    def __str__(self) -> str:
        return self.area_name


class MeasureTarget(models.Model):
    """The council's target for a measure, and how far short of it is amber rather than red."""

    code = models.CharField(max_length=40, unique=True)
    target = models.FloatField()
    amber_margin = models.FloatField("Amber within", default=5,
                                     help_text="How far on the wrong side of the target is still amber")
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True)
    set_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(amber_margin__gte=0), name="amber_margin_not_negative")]

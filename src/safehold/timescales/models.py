"""A council's changes to the timescale rules in ../shared/domain/timescales.md.

A RuleVersion replaces a rule's limit from its effective-from date onwards, so work is always judged
by the rule in force when its clock started: changing a local standard today does not make last
year's visits late. Versions are kept, never edited in place (admin.py); a correction is a new row.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q

from .engine import Unit
from .rules import DEFAULT_RULES, Kind

RULE_CODE_CHOICES = [(code, code) for code in DEFAULT_RULES]
UNIT_CHOICES = [(unit.value, unit.label.capitalize()) for unit in Unit]


class RuleVersion(models.Model):
    code = models.CharField("rule", max_length=40, choices=RULE_CODE_CHOICES)
    amount = models.PositiveIntegerField(validators=[MinValueValidator(1)])
    unit = models.CharField(max_length=20, choices=UNIT_CHOICES)
    effective_from = models.DateField(
        help_text="Applies to work whose clock starts on or after this date.",
    )
    note = models.TextField(
        "reason",
        blank=True,
        help_text="Why the limit changed. Required for statutory and guidance limits.",
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["code", "-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "effective_from"], name="timescales_rule_version_once_a_day"
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=1), name="timescales_rule_version_amount_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.amount} {Unit(self.unit).label} from {self.effective_from:%Y-%m-%d}"

    def clean(self) -> None:
        super().clean()
        default = DEFAULT_RULES.get(self.code)
        if default is None:
            return
        errors = {}
        # A statutory or guidance limit only changes when the law or guidance does: say which.
        if default.kind != Kind.LOCAL and not self.note.strip():
            errors["note"] = (
                f"{self.code} is a {default.kind} limit ({default.source}). "
                "Give the reason for the change, e.g. the regulation or guidance that changed it."
            )
        # Hours rules start from a date and time, the others from a date: switching breaks callers.
        if self.unit and (self.unit == Unit.HOURS) != (default.unit == Unit.HOURS):
            errors["unit"] = (
                f"{self.code} is counted in {default.unit.label}; it cannot be changed "
                f"{'away from' if default.unit == Unit.HOURS else 'to'} hours."
            )
        if errors:
            raise ValidationError(errors)

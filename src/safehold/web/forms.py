"""GOV.UK Design System form rendering: labels, hints, inline errors, error summary, date inputs.

Forms only check the shape of input; services enforce the rules (style.md A4.3). Every form is
rendered with `novalidate` and validated on the server (GOV.UK validation pattern).
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import DjangoTemplates


class GovukFormRenderer(DjangoTemplates):
    form_template_name = "govuk/form.html"
    field_template_name = "govuk/field.html"


class GovukDateWidget(forms.MultiWidget):
    template_name = "govuk/date_widget.html"

    def __init__(self, attrs=None):
        parts = [forms.TextInput(attrs={"inputmode": "numeric"}) for _ in range(3)]
        super().__init__(parts, attrs)

    def decompress(self, value):
        if isinstance(value, dt.date):
            return [value.day, value.month, value.year]
        return [None, None, None]

    def value_from_datadict(self, data, files, name):
        return [data.get(f"{name}_{part}", "").strip() for part in ("day", "month", "year")]

    def get_context(self, name, value, attrs):
        ctx = super().get_context(name, value, attrs)
        for sub, part in zip(ctx["widget"]["subwidgets"], ("day", "month", "year"), strict=False):
            sub["name"] = f"{name}_{part}"
            sub["part"] = part
            sub["attrs"]["id"] = f"id_{name}" if part == "day" else f"id_{name}_{part}"
        return ctx


class GovukDateField(forms.Field):
    """A date as three boxes (day, month, year), with the GOV.UK error messages."""

    widget = GovukDateWidget

    def __init__(self, *args, label_text: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.label_text = label_text

    def to_python(self, value):
        if isinstance(value, dt.date):
            return value
        name = (self.label_text or str(self.label or "date")).capitalize()
        day, month, year = (value or ["", "", ""])
        if not any([day, month, year]):
            return None
        missing = [p for p, v in (("day", day), ("month", month), ("year", year)) if not v]
        if missing:
            raise ValidationError(f"{name} must include a {' and '.join(missing)}")
        try:
            d, m, y = int(day), int(month), int(year)
        except ValueError as exc:
            raise ValidationError(f"{name} must be a real date, in numbers") from exc
        if y < 1900 or y > 2200:
            raise ValidationError(f"{name} must have a 4-digit year, like 2019")
        try:
            return dt.date(y, m, d)
        except (ValueError, OverflowError) as exc:
            raise ValidationError(f"{name} must be a real date") from exc


class GovukForm(forms.Form):
    """Base for Safehold forms: errors keyed by field so services' ValidationErrors land on fields."""

    def add_service_errors(self, exc: ValidationError) -> None:
        if hasattr(exc, "error_dict"):
            for field, errors in exc.message_dict.items():
                self.add_error(field if field in self.fields else None, errors)
        else:
            self.add_error(None, exc.messages)

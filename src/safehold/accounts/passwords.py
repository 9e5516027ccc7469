"""Password rules beyond Django's own (issue 15.4)."""

from django.core.exceptions import ValidationError


class VarietyValidator:
    """A password needs a number of different characters: "aaaaaaaaaaaa" passes a length rule and is
    still no password."""

    def __init__(self, distinct: int = 6):
        self.distinct = distinct

    def validate(self, password, user=None):
        if len(set(password or "")) < self.distinct:
            raise ValidationError(
                f"Your password must use at least {self.distinct} different characters",
                code="password_too_repetitive")

    def get_help_text(self):
        return f"Your password must use at least {self.distinct} different characters."

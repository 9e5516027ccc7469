"""Case file test data (synthetic only): the council's templates."""

import factory

from safehold.casefile.models import CaseNoteTemplate, LetterTemplate


class CaseNoteTemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CaseNoteTemplate

    name = factory.Sequence(lambda n: f"Home visit {n}")
    kind = "visit"
    body = "What the child said\n\nWhat I saw\n\nWhat happens next"


class LetterTemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LetterTemplate

    name = factory.Sequence(lambda n: f"Meeting invitation {n}")
    subject = "Your meeting"
    body = "Dear {name}"

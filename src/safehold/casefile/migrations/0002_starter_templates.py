"""Starter note templates every council begins with and edits on the templates page (issue 14.6). Illustrative
headings, not a statutory form; a council replaces them with its own practice model's."""

from django.db import migrations

STARTERS = [
    ("Home visit", "visit", "Who was there:\n\nWhat I saw (the home, the child's presentation):\n\n"
                            "What the child said, in their words:\n\nWhat the parents or carers said:\n\n"
                            "What this tells us about risk and needs:\n\nWhat happens next, by whom, by when:"),
    ("Direct work with the child", "direct_work", "What we did and why:\n\nWhat the child said or showed, in their "
                                                   "words:\n\nWhat it tells us about their wishes and feelings:\n\n"
                                                   "Next session:"),
    ("Phone call", "phone", "Who called whom, and their role:\n\nWhat was said:\n\nAny risk identified:\n\n"
                            "Actions agreed:"),
    ("Contact with another agency", "multi_agency", "Agency and person:\n\nWhat they told us:\n\nWhat we shared and "
                                                     "the basis for sharing it:\n\nActions agreed:"),
]


def forwards(apps, schema_editor):
    Template = apps.get_model("casefile", "CaseNoteTemplate")
    for name, kind, body in STARTERS:
        Template.objects.get_or_create(name=name, defaults={"kind": kind, "body": body})


class Migration(migrations.Migration):
    dependencies = [("casefile", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]

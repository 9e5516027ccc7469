"""Starter letter templates a council edits (issue 14.7). Illustrative wording, not a statutory form."""

from django.db import migrations

STARTERS = [
    ("Invitation to an initial child protection conference",
     "Invitation to a child protection conference about {child_name}",
     "Dear {recipient_name},\n\nI am writing to invite you to an initial child protection conference about "
     "{child_name}. The conference brings together the family and the professionals who know {child_first_name} to "
     "decide together what help is needed to keep {child_first_name} safe.\n\nYou are welcome to bring someone "
     "to support you, and to tell us if you need an interpreter or any other help to take part. If you cannot come, "
     "please tell me what you would like the conference to know.\n\nThe date, time and place are:\n\n\n"
     "If you have any questions, please contact me.\n\nYours sincerely,"),
    ("Outcome of the assessment", "The outcome of the assessment of {child_name}'s needs",
     "Dear {recipient_name},\n\nThank you for your help with the assessment of {child_first_name}'s needs, "
     "which is now finished.\n\nWhat we found:\n\n\nWhat happens next:\n\n\nYou can ask for a copy of the "
     "assessment, and you can tell us if you disagree with anything in it.\n\nYours sincerely,"),
]


def forwards(apps, schema_editor):
    Template = apps.get_model("casefile", "LetterTemplate")
    for name, subject, body in STARTERS:
        Template.objects.get_or_create(name=name, defaults={"subject": subject, "body": body})


class Migration(migrations.Migration):
    dependencies = [("casefile", "0003_letter_template")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]

"""Issue 15.7: partner API tokens expire (existing tokens get SAFEHOLD_API_TOKEN_DAYS from when they were
issued), and the contact's free text has a ceiling."""

import datetime as dt

from django.conf import settings
from django.db import migrations, models


def set_expiry(apps, schema_editor):
    PartnerApiToken = apps.get_model("front_door", "PartnerApiToken")
    days = dt.timedelta(days=settings.SAFEHOLD_API_TOKEN_DAYS)
    PartnerApiToken.objects.filter(expires_at__isnull=True).update(expires_at=models.F("created_at") + days)


class Migration(migrations.Migration):

    dependencies = [
        ("front_door", "0002_routing_rules"),
    ]

    operations = [
        migrations.AlterField(
            model_name="contact",
            name="concern",
            field=models.TextField(max_length=20000, verbose_name="The concern"),
        ),
        migrations.AlterField(
            model_name="contact",
            name="siblings_note",
            field=models.TextField(blank=True, max_length=2000, verbose_name="Other children mentioned"),
        ),
        migrations.AddField(
            model_name="partnerapitoken",
            name="expires_at",
            field=models.DateTimeField(null=True),
        ),
        migrations.RunPython(set_expiry, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="partnerapitoken",
            name="expires_at",
            field=models.DateTimeField(),
        ),
    ]

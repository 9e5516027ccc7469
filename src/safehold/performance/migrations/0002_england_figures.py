"""England's published figures that ../shared/domain/measures.md confirms [confirmed], each with its
year and source (issue 12.5). Other comparators are loaded with `safehold comparators load`."""

import datetime as dt

from django.db import migrations

ENGLAND = [
    # (measure code, period end, label, value, source)
    ("FD_REREFERRAL", dt.date(2024, 3, 31), "2023-24", 22.0,
     "DfE, Children in need: a focus on re-referrals, year to 31 March 2024 (139,080 of 621,880 referrals)"),
    ("CIC_RATE", dt.date(2025, 3, 31), "2024-25", 67.0,
     "DfE, Children looked after in England including adoptions, 2025: 81,770 at 31 March 2025, 67 per 10,000"),
    ("CIC_RATE", dt.date(2024, 3, 31), "2023-24", 69.0,
     "DfE, Children looked after in England including adoptions, 2025: 83,530 at 31 March 2024, 69 per 10,000"),
    ("CIC_LONG_TERM_STABILITY", dt.date(2024, 3, 31), "2023-24", 68.0,
     "DfE stability measures 2024 (explore-education-statistics data set 68c7a1f2): 19,750 of 29,000"),
]


def load(apps, schema_editor):
    Comparator = apps.get_model("performance", "Comparator")
    for code, period_end, label, value, source in ENGLAND:
        Comparator.objects.update_or_create(
            code=code, period_end=period_end, level="national", area_code="England",
            defaults={"period_label": label, "area_name": "England", "value": value, "source": source,
                      "synthetic": False})


def unload(apps, schema_editor):
    Comparator = apps.get_model("performance", "Comparator")
    for code, period_end, *_ in ENGLAND:
        Comparator.objects.filter(code=code, period_end=period_end, level="national", synthetic=False).delete()


class Migration(migrations.Migration):
    dependencies = [("performance", "0001_measures")]
    operations = [migrations.RunPython(load, unload)]

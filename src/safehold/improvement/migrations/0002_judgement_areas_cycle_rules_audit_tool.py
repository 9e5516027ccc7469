"""The framework's facts as data (issue 13.1 and 13.2): the ILACS judgement areas with the dates they
are graded, the inspection cycle rules, and a starting audit tool. All editable in the admin; the dates
and windows the domain file marks [UNCONFIRMED] are marked unconfirmed here and on the pages."""

import datetime as dt

from django.db import migrations

SOURCE = "../shared/domain/ilacs-and-annex-a.md 4.1 (ILACS framework, GOV.UK, updated 13 Dec 2024)"

AREAS = [
    # code, name, short name, order, valid from, valid until, is overall, source
    ("overall", "Overall effectiveness", "Overall", 0, dt.date(2018, 1, 1), dt.date(2026, 3, 31), True,
     SOURCE + "; Ofsted removes the overall effectiveness grade from April 2026 (issue 13)"),
    ("leaders", "The impact of leaders on social work practice with children and families", "Leaders", 1,
     dt.date(2018, 1, 1), None, False, SOURCE),
    ("help_protection", "The experiences and progress of children who need help and protection",
     "Help and protection", 2, dt.date(2018, 1, 1), None, False, SOURCE),
    # The split of children in care and care leavers into two judgements: date [UNCONFIRMED]
    # (ilacs-and-annex-a.md 4.1); 1 January 2023 here, editable.
    ("in_care_and_leavers", "The experiences and progress of children in care and care leavers",
     "Children in care and care leavers", 3, dt.date(2018, 1, 1), dt.date(2022, 12, 31), False,
     SOURCE + "; the date of the split is unconfirmed"),
    ("in_care", "The experiences and progress of children in care", "Children in care", 4,
     dt.date(2023, 1, 1), None, False, SOURCE + "; the date of the split is unconfirmed"),
    ("care_leavers", "The experiences and progress of care leavers", "Care leavers", 5,
     dt.date(2023, 1, 1), None, False, SOURCE + "; the date of the split is unconfirmed"),
]

RULES = [
    # basis grade, next, months after, window either side, also, confirmed
    ("outstanding", "Short inspection (one week)", 36, 6, "", False),
    ("good", "Short inspection (one week)", 36, 6, "", False),
    ("requires_improvement", "Standard inspection (two weeks)", 36, 6, "", False),
    ("inadequate", "Re-inspection (standard inspection)", 30, 6,
     "Monitoring visits until the re-inspection", False),
]
RULE_SOURCE = ("ilacs-and-annex-a.md 4.1, 'The ILACS system' 5 and 6 [secondary: Leeds one-minute guide, "
               "Kirklees guidance]: usually within six months either side of the third anniversary; "
               "inadequate authorities are re-inspected about two and a half years later (window unconfirmed)")

TOOL = [
    {"title": "The child's experience and voice", "questions": [
        "Is the child's lived experience clear from the record?",
        "Has the child been seen, and seen alone where appropriate, within timescales?",
        "Are the child's wishes and feelings recorded and do they shape the plan?",
    ]},
    {"title": "Assessment and planning", "questions": [
        "Was the assessment completed within timescale, and does it analyse need and risk?",
        "Is the plan specific and measurable, and does it address the needs identified?",
        "Where the child is disabled, are their communication needs understood and met?",
    ]},
    {"title": "Management oversight and supervision", "questions": [
        "Is there regular management oversight, with the rationale for decisions recorded?",
        "Is supervision regular and reflective, and does it move the plan on?",
    ]},
    {"title": "Multi-agency working", "questions": [
        "Are partner agencies involved in assessment and planning?",
        "Were strategy discussions and section 47 enquiries timely and multi-agency where needed?",
    ]},
    {"title": "Impact", "questions": [
        "Is the child's situation improving because of our involvement?",
    ]},
]


def forwards(apps, schema_editor):
    JudgementArea = apps.get_model("improvement", "JudgementArea")
    CycleRule = apps.get_model("improvement", "CycleRule")
    AuditTool = apps.get_model("improvement", "AuditTool")
    AuditToolVersion = apps.get_model("improvement", "AuditToolVersion")
    for code, name, short, order, start, end, overall, source in AREAS:
        JudgementArea.objects.update_or_create(code=code, defaults=dict(
            name=name, short_name=short, order=order, valid_from=start, valid_until=end, is_overall=overall,
            source=source))
    for grade, kind, months, window, also, confirmed in RULES:
        CycleRule.objects.update_or_create(basis_grade=grade, defaults=dict(
            next_kind=kind, months_after=months, window_months=window, also=also, source=RULE_SOURCE,
            confirmed=confirmed))
    tool, _ = AuditTool.objects.get_or_create(name="Case file audit")
    if not AuditToolVersion.objects.filter(tool=tool).exists():
        AuditToolVersion.objects.create(tool=tool, number=1, sections=TOOL)


class Migration(migrations.Migration):
    dependencies = [("improvement", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]

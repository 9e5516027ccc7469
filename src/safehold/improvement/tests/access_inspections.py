"""The inspection rows of the permission matrix (accounts/tests/test_permission_matrix.py): the record, the
cycle and the self-evaluation are read by managers, analysts, leaders and the quality lead; inspections
are recorded by leaders and the quality lead; the self-evaluation is written by service managers and
leaders; an engagement meeting is recorded by either."""

import datetime as dt

COLUMNS = ("social_worker", "team_manager", "service_manager", "iro", "front_door", "analyst", "partner", "admin",
           "leader", "quality_assurance")


def _row(*statuses: int) -> dict[str, int]:
    return dict(zip(COLUMNS, statuses, strict=True))


#                SW   TM   SM   IRO  FD   AN   PA   AD   LE   QA
_VIEW = _row(    403, 200, 200, 403, 403, 200, 403, 403, 200, 200)
_RECORD = _row(  403, 403, 403, 403, 403, 403, 403, 403, 200, 200)
_SEF_EDIT = _row(403, 403, 200, 403, 403, 403, 403, 403, 200, 403)
_MEETING = _row( 403, 403, 200, 403, 403, 403, 403, 403, 200, 200)
_POST = _row(    405, 405, 405, 405, 405, 405, 405, 405, 405, 405)  # POST only

EXPECTED = {
    "improvement:index": _VIEW,
    "improvement:inspection": _VIEW,
    "improvement:inspection_new": _RECORD,
    "improvement:engagement_new": _MEETING,
    "improvement:self_evaluations": _VIEW,
    "improvement:self_evaluation_new": _SEF_EDIT,
    "improvement:self_evaluation": _VIEW,
    "improvement:self_evaluation_pdf": _VIEW,
    "improvement:self_evaluation_finalise": _POST,
    "improvement:self_evaluation_area": _SEF_EDIT,
    "improvement:evidence_add": _POST,
    "improvement:evidence_remove": _POST,
}

YEAR = 2026


def _inspection():
    from safehold.improvement.models import Inspection

    return Inspection.objects.get_or_create(kind=Inspection.Kind.FOCUSED_VISIT, on_site_from=dt.date(2024, 5, 13),
                                            on_site_to=dt.date(2024, 5, 14))[0]


def _sef(users):
    from safehold.improvement import services
    from safehold.improvement.models import SelfEvaluation

    sef = SelfEvaluation.objects.filter(year=YEAR).first()
    return sef or services.self_evaluation_start(by=users["leader"], year=YEAR, as_at=dt.date(2026, 3, 31))


def _evidence(users):
    from safehold.improvement import services

    entry = _sef(users).areas.first()
    evidence = entry.evidence.first()
    return evidence or services.evidence_add(by=users["leader"], entry=entry, statement="quality",
                                             measure_code="HP_ASSESS_45WD")


def url_kwargs(name, *, child, users) -> dict:
    if name == "improvement:inspection":
        return {"pk": _inspection().pk}
    if name in ("improvement:self_evaluation", "improvement:self_evaluation_pdf",
                "improvement:self_evaluation_finalise"):
        return {"year": _sef(users).year}
    if name in ("improvement:self_evaluation_area", "improvement:evidence_add"):
        sef = _sef(users)
        return {"year": sef.year, "pk": sef.areas.first().pk}
    if name == "improvement:evidence_remove":
        return {"pk": _evidence(users).pk}
    return {}

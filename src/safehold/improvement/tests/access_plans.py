"""Permission rows of the action plan and the committee's reports: read by those who hold
IMPROVEMENT_VIEW (team and service managers, analysts, leaders, quality assurance); managed by service
managers and leaders (PLAN_MANAGE). POST-only views answer 405 to a GET."""


COLUMNS = ("social_worker", "team_manager", "service_manager", "iro", "front_door", "analyst", "partner", "admin",
           "leader", "quality_assurance")


def _row(*statuses: int) -> dict[str, int]:
    return dict(zip(COLUMNS, statuses, strict=True))


#                SW   TM   SM   IRO  FD   AN   PA   AD   LE   QA
_READ = _row(    403, 200, 200, 403, 403, 200, 403, 403, 200, 200)
_MANAGE = _row(  403, 403, 200, 403, 403, 403, 403, 403, 200, 403)
_POST = _row(    405, 405, 405, 405, 405, 405, 405, 405, 405, 405)
EXPECTED = {
    "improvement:plans": _READ,
    "improvement:plan_new": _MANAGE,
    "improvement:plan": _READ,
    "improvement:plan_workbook": _READ,
    "improvement:area_new": _MANAGE,
    "improvement:area_edit": _MANAGE,
    "improvement:measure_add": _MANAGE,
    "improvement:action_new": _MANAGE,
    "improvement:action": _READ,
    "improvement:action_evidence": _POST,
    "improvement:report_new": _MANAGE,
    "improvement:report": _READ,
    "improvement:report_present": _POST,
    "improvement:report_pdf": _READ,
}


def _plan(users):
    from safehold.improvement.tests.factories import PlanActionFactory, ScrutinyReportFactory

    action = PlanActionFactory(area__number=1, area__plan__title="Plan", area__plan__owner=users["leader"])
    area = action.area
    report = ScrutinyReportFactory(plan=area.plan)
    return area.plan, area, action, report


def url_kwargs(name, *, child, users) -> dict:
    if name in ("improvement:plans", "improvement:plan_new"):
        return {}
    plan, area, action, report = _plan(users)
    if name in ("improvement:area_edit", "improvement:measure_add", "improvement:action_new"):
        return {"pk": area.pk}
    if name in ("improvement:action", "improvement:action_evidence"):
        return {"pk": action.pk}
    if name in ("improvement:report", "improvement:report_present", "improvement:report_pdf"):
        return {"pk": report.pk}
    return {"pk": plan.pk}

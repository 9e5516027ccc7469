"""The returns rows of the permission matrix (accounts/tests/test_permission_matrix.py): the returns
page is for roles with RETURNS_RUN (analysts and leaders: a return holds every child in the county,
so team and service managers may not run or download one; issue 15.3)."""

from __future__ import annotations

COLUMNS = ("social_worker", "team_manager", "service_manager", "iro", "front_door", "analyst", "partner", "admin",
           "leader", "quality_assurance")


def _row(*statuses: int) -> dict[str, int]:
    return dict(zip(COLUMNS, statuses, strict=True))


#               SW   TM   SM   IRO  FD   AN   PA   AD   LE   QA
_REPORTS = _row(403, 403, 403, 403, 403, 200, 403, 403, 200, 403)
# The data quality page (issue 16.5): managers see their teams, analysts, leaders and QA the county.
_QUALITY = _row(403, 200, 200, 403, 403, 200, 403, 403, 200, 200)

EXPECTED = {
    "returns:index": _REPORTS,
    "returns:run_detail": _REPORTS,
    "returns:download": _REPORTS,
    "returns:data_quality": _QUALITY,
}


def url_kwargs(name, *, child, users) -> dict:
    import datetime as dt

    from safehold.returns import services

    if name in ("returns:index", "returns:data_quality"):
        return {}
    run = services.run_start(by=users["analyst"], kind="ssda903", period_end=dt.date(2025, 3, 31))
    services.execute(run)  # the task runs when the transaction commits, which a test never does
    return {"run_id": run.pk}

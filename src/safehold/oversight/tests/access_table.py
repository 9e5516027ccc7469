"""Who may use each oversight URL (picked up by accounts/tests/test_permission_matrix.py).

GET status by role for `child` (allocated to the social workers' team, in the service manager's
service). Supervision URLs are about a worker: the social worker in the team, supervised by the team
manager."""

import datetime as dt

from safehold.oversight.tests.factories import make_oversight, make_supervision

#          SW   TM   SM   IRO  FD   AN   PA   AD   LE   QA
_COLUMNS = ("social_worker", "team_manager", "service_manager", "iro", "front_door", "analyst", "partner", "admin",
            "leader", "quality_assurance")


def _row(*statuses):
    return dict(zip(_COLUMNS, statuses, strict=True))


EXPECTED = {
    "oversight:record": _row(             403, 200, 200, 403, 403, 403, 404, 404, 403, 403),
    "oversight:action_complete": _row(    405, 405, 405, 405, 405, 405, 405, 405, 405, 405),  # POST only
    "oversight:supervision_new": _row(    403, 200, 200, 403, 403, 403, 403, 403, 403, 403),
    # The worker, their supervisor, their managers and (read only) senior leaders.
    "oversight:supervision_detail": _row( 200, 200, 200, 403, 403, 403, 403, 403, 200, 403),
}


def url_kwargs(name, *, child, users) -> dict:
    if name == "oversight:record":
        return {"pk": child.pk}
    if name == "oversight:action_complete":
        o = make_oversight(person=child, by=users["team_manager"],
                           actions=[("Visit the child", users["social_worker"], dt.date.today())])
        return {"pk": child.pk, "action_id": o.actions.get().pk}
    if name == "oversight:supervision_new":
        return {"worker_id": users["social_worker"].pk}
    if name == "oversight:supervision_detail":
        s = make_supervision(worker=users["social_worker"], supervisor=users["team_manager"])
        return {"supervision_id": s.pk}
    raise KeyError(name)

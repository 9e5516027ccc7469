"""The measures rows of the permission matrix (accounts/tests/test_permission_matrix.py): measures are
for managers, analysts and leaders; setting a target for service managers, analysts and leaders."""

COLUMNS = ("social_worker", "team_manager", "service_manager", "iro", "front_door", "analyst", "partner", "admin",
           "leader", "quality_assurance")


def _row(*statuses: int) -> dict[str, int]:
    return dict(zip(COLUMNS, statuses, strict=True))


#               SW   TM   SM   IRO  FD   AN   PA   AD   LE   QA
_VIEW = _row(   403, 200, 200, 403, 403, 200, 403, 403, 200, 200)
EXPECTED = {
    "performance:index": _VIEW,
    "performance:dashboard": _VIEW,
    "performance:detail": _VIEW,
    "performance:children": _VIEW,
    "performance:download": _VIEW,
    "performance:target": _row(403, 403, 200, 403, 403, 200, 403, 403, 200, 403),
}


def url_kwargs(name, *, child, users) -> dict:
    if name in ("performance:index", "performance:dashboard"):
        return {}
    if name == "performance:download":
        return {"code": "HP_ASSESS_45WD", "table": "cuts", "fmt": "csv"}
    return {"code": "HP_ASSESS_45WD"}

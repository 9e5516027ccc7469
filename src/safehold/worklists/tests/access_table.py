"""Who may use each worklist URL (picked up by accounts/tests/test_permission_matrix.py).

"My work" is for anyone who may open children's records (it lists their own work, often none);
the team page needs WORKLIST_TEAM and the service roll-up WORKLIST_SERVICE; the chair's page
CONFERENCE_RECORD."""

_COLUMNS = ("social_worker", "team_manager", "service_manager", "iro", "front_door", "analyst", "partner", "admin",
            "leader", "quality_assurance")


def _row(*statuses):
    return dict(zip(_COLUMNS, statuses, strict=True))


#                                 SW   TM   SM   IRO  FD   AN   PA   AD   LE   QA
EXPECTED = {
    "worklists:my_work": _row(    200, 200, 200, 200, 200, 200, 403, 403, 200, 200),
    "worklists:team": _row(       403, 200, 200, 403, 403, 403, 403, 403, 200, 403),
    "worklists:service": _row(    403, 403, 200, 403, 403, 403, 403, 403, 200, 403),
    # Conferences and reviews a chair holds (issue 14.4): chairs, and managers who hold CONFERENCE_RECORD.
    "worklists:chair": _row(      403, 200, 200, 200, 403, 403, 403, 403, 403, 403),
}


def url_kwargs(name, *, child, users) -> dict:
    return {}

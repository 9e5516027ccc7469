"""The care planning rows of the permission matrix (accounts/tests/test_permission_matrix.py).

GET by each role for `child` (allocated to the social workers' team, looked after). Visits, plans,
health, education and missing episodes need CASEWORK_RECORD; reviews and the IRO's own contacts need
CONFERENCE_RECORD (the IRO, and managers)."""

from __future__ import annotations

COLUMNS = ("social_worker", "team_manager", "service_manager", "iro", "front_door", "analyst", "partner", "admin",
           "leader", "quality_assurance")


def _row(*statuses: int) -> dict[str, int]:
    return dict(zip(COLUMNS, statuses, strict=True))


#              SW   TM   SM   IRO  FD   AN   PA   AD   LE   QA
_EDIT = _row(  200, 200, 200, 403, 200, 403, 404, 404, 403, 403)
_IRO = _row(   403, 200, 200, 200, 403, 403, 404, 404, 403, 403)

EXPECTED = {
    "care_planning:review_new": _IRO,
    "care_planning:iro_contact_new": _IRO,
    "care_planning:care_plan_new": _EDIT,
    "care_planning:visit_new": _EDIT,
    "care_planning:health_assessment_new": _EDIT,
    "care_planning:dental_check_new": _EDIT,
    "care_planning:education_plan_new": _EDIT,
    "care_planning:missing_new": _EDIT,
    "care_planning:missing_edit": _EDIT,
    "care_planning:outcomes_edit": _EDIT,
}


def url_kwargs(name, *, child, users) -> dict:
    import datetime as dt

    from django.utils import timezone

    from safehold.care_planning import services
    from safehold.children_in_care.tests.helpers import looked_after

    manager = users["team_manager"]
    start = timezone.localdate() - dt.timedelta(days=30)
    looked_after(child, manager, start=start)
    if name == "care_planning:missing_edit":
        went = timezone.now() - dt.timedelta(days=2)
        episode = services.missing_episode_record(by=manager, person=child, kind="M", started_at=went)
        return {"pk": child.pk, "episode_id": episode.pk}
    if name == "care_planning:outcomes_edit":
        from safehold.care_planning.outcomes import year_ending_for

        return {"pk": child.pk, "year": year_ending_for(timezone.localdate()).year}
    return {"pk": child.pk}

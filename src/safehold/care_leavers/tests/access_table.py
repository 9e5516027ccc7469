"""The care leavers rows of the permission matrix (accounts/tests/test_permission_matrix.py).

GET by each role for `child` (allocated to the social workers' team), made a young person who left care
at 18 two months ago. Recording needs CASEWORK_RECORD; assigning a personal adviser needs CASE_ALLOCATE
(managers); the caseload page is read with PERSON_VIEW (and lists only the records the user may open)."""

from __future__ import annotations

COLUMNS = ("social_worker", "team_manager", "service_manager", "iro", "front_door", "analyst", "partner", "admin",
           "leader", "quality_assurance")


def _row(*statuses: int) -> dict[str, int]:
    return dict(zip(COLUMNS, statuses, strict=True))


#                SW   TM   SM   IRO  FD   AN   PA   AD   LE   QA
_EDIT = _row(    200, 200, 200, 403, 200, 403, 404, 404, 403, 403)
_ALLOCATE = _row(403, 200, 200, 403, 403, 403, 404, 404, 403, 403)
_READ = _row(    200, 200, 200, 200, 200, 200, 403, 403, 200, 200)

EXPECTED = {
    "care_leavers:caseload": _READ,
    "care_leavers:eligibility_set": _EDIT,
    "care_leavers:personal_adviser_assign": _ALLOCATE,
    "care_leavers:pathway_plan": _EDIT,
    "care_leavers:contact_record": _EDIT,
    "care_leavers:accommodation_change": _EDIT,
    "care_leavers:check_in_record": _EDIT,
}


def url_kwargs(name, *, child, users) -> dict:
    from . import helpers

    if name == "care_leavers:caseload":
        return {}
    if not child.care_leaver_statuses.exists():
        helpers.left_care_at_18(child, users["team_manager"])
    return {"pk": child.pk}

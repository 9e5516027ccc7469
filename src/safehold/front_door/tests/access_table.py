"""Who may use each front door URL (picked up by accounts/tests/test_permission_matrix.py).

GET status by role for a child in the social workers' team. Staff pages about a contact answer
404 to roles with no record access (partner, administrator), as any child's URL does; partner
pages and the API are for partner agency users only (the OpenAPI document is for anyone signed in).
"""

from safehold.accounts.tests.factories import UserFactory

COLUMNS = ("social_worker", "team_manager", "service_manager", "iro", "front_door", "analyst", "partner", "admin",
           "leader", "quality_assurance")


def _row(*statuses: int) -> dict[str, int]:
    assert len(statuses) == len(COLUMNS)
    return dict(zip(COLUMNS, statuses, strict=False))


#                                        SW   TM   SM   IRO  FD   AN   PA   AD   LE   QA
_PARTNER = _row(                         403, 403, 403, 403, 403, 403, 200, 403, 403, 403)
EXPECTED = {
    "front_door:queue": _row(            403, 200, 200, 403, 200, 403, 403, 403, 403, 403),
    "front_door:contact_new": _row(      200, 200, 200, 403, 200, 403, 403, 403, 403, 403),
    "front_door:contact_detail": _row(   200, 200, 200, 403, 200, 403, 404, 404, 403, 403),
    "front_door:contact_decide": _row(   403, 200, 200, 403, 200, 403, 404, 404, 403, 403),
    "front_door:contact_link": _row(     403, 200, 200, 403, 200, 403, 404, 404, 403, 403),
    "front_door:partner_contacts": _PARTNER,
    "front_door:partner_contact_new": _PARTNER,
    "front_door:api_contacts": _PARTNER,
    "front_door:api_contact": _PARTNER,
    "front_door:api_openapi": _row(      200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
}


def url_kwargs(name: str, *, child, users) -> dict:
    from .factories import ContactFactory, UnlinkedContactFactory

    recorder = (users or {}).get("front_door") or UserFactory()
    if name in ("front_door:contact_detail", "front_door:contact_decide"):
        return {"pk": ContactFactory(person=child, recorded_by=recorder).pk}
    if name == "front_door:contact_link":
        return {"pk": UnlinkedContactFactory(recorded_by=recorder).pk}
    if name == "front_door:api_contact":
        partner = (users or {}).get("partner") or UserFactory(role="partner")
        return {"pk": UnlinkedContactFactory(recorded_by=partner).pk}
    return {}

"""The children in care rows of the permission matrix (accounts/tests/test_permission_matrix.py).

GET by each role for `child` (allocated to the social workers' team). Recording care needs
CASEWORK_RECORD; the provider register is read with PERSON_VIEW and changed with PROVIDER_MANAGE
(managers); the unregistered placements register is for managers and leaders
(PLACEMENT_REGISTER_VIEW), and its entries are updated by managers (CASEWORK_SIGN_OFF) or a director."""

from __future__ import annotations

COLUMNS = ("social_worker", "team_manager", "service_manager", "iro", "front_door", "analyst", "partner", "admin",
           "leader", "quality_assurance")


def _row(*statuses: int) -> dict[str, int]:
    return dict(zip(COLUMNS, statuses, strict=True))


#                SW   TM   SM   IRO  FD   AN   PA   AD   LE   QA
_EDIT = _row(    200, 200, 200, 403, 200, 403, 404, 404, 403, 403)
_READ = _row(    200, 200, 200, 200, 200, 200, 403, 403, 200, 200)
_MANAGE = _row(  403, 200, 200, 403, 403, 403, 403, 403, 403, 403)
_REGISTER = _row(403, 200, 200, 403, 403, 403, 403, 403, 200, 403)

EXPECTED = {
    "children_in_care:period_start": _EDIT,
    "children_in_care:legal_status_change": _EDIT,
    "children_in_care:placement_change": _EDIT,
    "children_in_care:period_end": _EDIT,
    "children_in_care:dolo_new": _EDIT,
    "children_in_care:dolo_edit": _EDIT,
    "children_in_care:uasc_edit": _EDIT,
    "children_in_care:adoption_edit": _EDIT,
    "children_in_care:provider_list": _READ,
    "children_in_care:provider_new": _MANAGE,
    "children_in_care:provider_edit": _MANAGE,
    "children_in_care:unregistered_register": _REGISTER,
    "children_in_care:authorisation_edit": _MANAGE,
    # A request to the directors (issue 14.2): read by the practitioners and managers who may open the child's
    # record, and by directors (a leader or service manager with the director flag); decided by directors only.
    "children_in_care:placement_request": _row(200, 200, 200, 403, 200, 403, 404, 404, 403, 403),
}


def url_kwargs(name, *, child, users) -> dict:
    import datetime as dt

    from django.utils import timezone

    from safehold.children_in_care import services

    from . import helpers

    short = name.split(":", 1)[1]
    manager = users["team_manager"]
    if short in ("period_start", "dolo_new", "uasc_edit", "adoption_edit"):
        return {"pk": child.pk}
    if short == "provider_list" or short == "provider_new" or short == "unregistered_register":
        return {}
    if short == "placement_request":
        from safehold.children_in_care.models import PlacementRequest

        made = PlacementRequest.objects.filter(person=child).first() or PlacementRequest.objects.create(
            person=child, kind="period_start", proposal={"start_date": "2026-01-05", "provider": None},
            concerns=["The provider is not registered"], reason="No registered home could take him tonight",
            requested_by=users["social_worker"])
        return {"request_id": made.pk}
    if short == "provider_edit":
        return {"provider_id": helpers.provider().pk}
    if short == "dolo_edit":
        order = services.dolo_record(by=manager, person=child, start_date=timezone.localdate() - dt.timedelta(days=3),
                                     court="High Court, Family Division")
        return {"pk": child.pk, "dolo_id": order.pk}
    start = timezone.localdate() - dt.timedelta(days=30)
    if short == "authorisation_edit":
        boss = helpers.director(service=users["service_manager"].service)
        services.period_start(by=boss, person=child, start_date=start, legal_status="C2", category_of_need="N1",
                              provider=helpers.unregistered_home(),
                              authorisation=helpers.authorisation(target_end_date=start + dt.timedelta(days=60)))
        return {"authorisation_id": child.unregistered_authorisations.get().pk}
    helpers.looked_after(child, manager, start=start)
    return {"pk": child.pk}

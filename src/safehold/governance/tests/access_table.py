"""The governance rows of the permission matrix (accounts/tests/test_permission_matrix.py). Subject access
bundles hold everything about a person, whatever their team or restriction, with third parties in them:
information governance officers (the admin role) only. The retention review is for information governance
and senior leaders, so that disposal can have its two sign-offs from two people who answer for it."""

import datetime as dt

COLUMNS = ("social_worker", "team_manager", "service_manager", "iro", "front_door", "analyst", "partner", "admin",
           "leader", "quality_assurance")


def _row(*statuses: int) -> dict[str, int]:
    return dict(zip(COLUMNS, statuses, strict=True))


#                 SW   TM   SM   IRO  FD   AN   PA   AD   LE   QA
_SAR = _row(      403, 403, 403, 403, 403, 403, 403, 200, 403, 403)
_RETENTION = _row(403, 403, 403, 403, 403, 403, 403, 200, 200, 403)
_POST = _row(     405, 405, 405, 405, 405, 405, 405, 405, 405, 405)  # POST only: tested in governance/tests

EXPECTED = {
    "governance:index": _RETENTION,  # either permission; the register shows only with the SAR one
    "governance:sar_new": _SAR,
    "governance:sar_detail": _SAR,
    "governance:sar_pdf": _SAR,
    "governance:retention": _RETENTION,
    "governance:retention_run": _POST,
    "governance:retention_propose": _POST,
    "governance:retention_approve": _POST,
    "governance:hold_place": _POST,
    "governance:hold_lift": _POST,
}


def _sibling_request(child, users):
    """A request about `child`'s brother: `child` is a third party in his bundle (and, in the restricted-names
    walk, a restricted one who must not be named)."""
    from safehold.governance.models import SubjectAccessRequest
    from safehold.people.models import Relationship
    from safehold.people.tests.factories import PersonFactory

    sar = SubjectAccessRequest.objects.filter(person__relationships__related=child).first()
    if sar:
        return sar
    brother = PersonFactory(forename="Jacob", surname="Hartley", person_id="C0000090", sex="M")
    Relationship.objects.create(person=brother, related=child, type=Relationship.Type.SIBLING)
    return SubjectAccessRequest.objects.create(
        person=brother, requester_name="Jacob Hartley", requester_kind="subject", received_on=dt.date(2026, 1, 5),
        due_on=dt.date(2026, 2, 5), identity_checked="Passport seen", recorded_by=users["admin"])


def _review(child):
    from safehold.governance.models import RetentionReview

    return RetentionReview.objects.get_or_create(
        subject_pk=child.pk, status="due",
        defaults={"person": child, "subject_person_id": child.person_id, "rule": "child",
                  "rule_date": dt.date(2020, 1, 1)})[0]


def _hold(child, users):
    from safehold.governance.models import LegalHold

    return LegalHold.objects.get_or_create(person=child, lifted_at__isnull=True,
                                           defaults={"reason": "Inquiry", "placed_by": users["admin"]})[0]


def url_kwargs(name, *, child, users) -> dict:
    if name in ("governance:sar_detail", "governance:sar_pdf"):
        return {"sar_id": _sibling_request(child, users).pk}
    if name in ("governance:retention_propose", "governance:retention_approve"):
        return {"review_id": _review(child).pk}
    if name == "governance:hold_lift":
        return {"hold_id": _hold(child, users).pk}
    return {}

"""The sign-off rows of the permission matrix (accounts/tests/test_permission_matrix.py; issue 14.2).
Practitioners (social workers, front door) submit their work; managers sign it off. Both read a sign-off only
for a child whose record they may open (team or service scope); roles with no record access get 404."""

import datetime as dt

from safehold.accounts.tests.matrix import row as _row

#                       SW   TM   SM   IRO  FD   AN   PA   AD   LE   QA
_SIGN_OFF = _row(       200, 200, 200, 403, 200, 403, 404, 404, 403, 403)
_LIST = _row(           200, 200, 200, 403, 200, 403, 403, 403, 403, 403)
_POST = _row(           405, 405, 405, 405, 405, 405, 405, 405, 405, 405)  # casework/tests/test_sign_off.py

EXPECTED = {
    "casework:sign_off_list": _LIST,
    "casework:sign_off": _SIGN_OFF,
    "casework:sign_off_act": _POST,
}


def submitted_visit(child, users):
    """A child in need visit the social worker recorded and submitted for sign-off."""
    from django.utils import timezone

    from safehold.casework.models import SignOff
    from safehold.casework.tests.factories import VisitFactory

    existing = SignOff.objects.filter(person=child, kind="visit").first()
    if existing:
        return existing
    sw = users["social_worker"]
    visit = VisitFactory(person=child, visited_on=dt.date(2026, 1, 5), visited_by=sw, childs_words="Fine")

    return SignOff.objects.create(person=child, kind="visit", record_type="casework.visit", record_id=str(visit.pk),
                                  title="Child in need visit on 5 January 2026", author=sw, team=sw.team,
                                  state="submitted", submitted_by=sw, submitted_at=timezone.now())


def url_kwargs(name, *, child, users) -> dict:
    if name == "casework:sign_off":
        return {"sign_off_id": submitted_visit(child, users).pk}
    if name == "casework:sign_off_act":
        return {"sign_off_id": submitted_visit(child, users).pk, "action": "authorise"}
    return {}

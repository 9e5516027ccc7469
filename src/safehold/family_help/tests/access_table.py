"""The Family Help rows of the permission matrix (accounts/tests/test_permission_matrix.py).

GET by each role for `child` (allocated to the social workers' team). Recording Family Help work
needs CASEWORK_RECORD (a referral also CONTACT_DECIDE); authorising an assessment needs
CASEWORK_SIGN_OFF (managers); reading an episode needs PERSON_VIEW. The autosave is POST only."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

COLUMNS = ("social_worker", "team_manager", "service_manager", "iro", "front_door", "analyst", "partner", "admin",
           "leader", "quality_assurance")


def _row(*statuses: int) -> dict[str, int]:
    return dict(zip(COLUMNS, statuses, strict=True))


#               SW   TM   SM   IRO  FD   AN   PA   AD   LE   QA
_EDIT = _row(   200, 200, 200, 403, 200, 403, 404, 404, 403, 403)
_OPEN = _row(   200, 200, 200, 200, 200, 200, 404, 404, 200, 200)
_SIGN = _row(   403, 200, 200, 403, 403, 403, 404, 404, 403, 403)
_POST = _row(   405, 405, 405, 405, 405, 405, 405, 405, 405, 405)

EXPECTED = {
    "family_help:referral_new": _EDIT,
    "family_help:episode_detail": _OPEN,
    "family_help:episode_close": _EDIT,
    "family_help:assessment_new": _EDIT,
    "family_help:assessment_edit": _EDIT,
    "family_help:assessment_autosave": _POST,
    "family_help:assessment_authorise": _SIGN,
    "family_help:cin_plan_new": _EDIT,
    "family_help:cin_plan_end": _EDIT,
    "family_help:plan_review_new": _EDIT,
    "family_help:visit_new": _EDIT,
    "family_help:early_help_new": _EDIT,
    "family_help:early_help_close": _EDIT,
    "family_help:pre_proceedings_edit": _EDIT,
}


def url_kwargs(name, *, child, users) -> dict:
    from safehold.family_help import services

    manager = users["team_manager"]
    short = name.split(":", 1)[1]
    if short in ("referral_new", "visit_new", "early_help_new"):
        return {"pk": child.pk}
    if short == "early_help_close":
        eh = services.early_help_open(by=manager, person=child, start_date=timezone.localdate(),
                                      reason="Parenting support", lead_practitioner=manager)
        return {"pk": child.pk, "early_help_id": eh.pk}
    episode = services.referral_open(by=manager, person=child, source="2A",
                                     referral_date=timezone.localdate() - dt.timedelta(days=7))
    if short in ("episode_detail", "episode_close", "assessment_new", "cin_plan_new", "pre_proceedings_edit"):
        return {"pk": child.pk, "episode_id": episode.pk}
    if short in ("assessment_edit", "assessment_autosave", "assessment_authorise"):
        assessment = services.assessment_start(by=manager, episode=episode, start_date=episode.referral_date)
        return {"pk": child.pk, "assessment_id": assessment.pk}
    plan = services.cin_plan_start(by=manager, episode=episode, start_date=episode.referral_date,
                                   lead_practitioner=manager)
    if short == "cin_plan_end":
        return {"pk": child.pk, "plan_id": plan.pk}
    return {"pk": child.pk, "kind": "cin", "plan_id": plan.pk}  # plan_review_new

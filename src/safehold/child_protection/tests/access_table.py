"""The child protection rows of the permission matrix (accounts/tests/test_permission_matrix.py).

GET by each role for `child` (allocated to the social workers' team). Strategy discussions,
section 47 enquiries, core groups and visits need CASEWORK_RECORD; conferences and ending a plan
need CONFERENCE_RECORD (the IRO or conference chair, and managers)."""

from __future__ import annotations

from safehold.child_protection.tests.helpers import open_referral, plan_for, strategy

COLUMNS = ("social_worker", "team_manager", "service_manager", "iro", "front_door", "analyst", "partner", "admin",
           "leader", "quality_assurance")


def _row(*statuses: int) -> dict[str, int]:
    return dict(zip(COLUMNS, statuses, strict=True))


#               SW   TM   SM   IRO  FD   AN   PA   AD   LE   QA
_EDIT = _row(   200, 200, 200, 403, 200, 403, 404, 404, 403, 403)
_OPEN = _row(   200, 200, 200, 200, 200, 200, 404, 404, 200, 200)
_CONF = _row(   403, 200, 200, 200, 403, 403, 404, 404, 403, 403)

EXPECTED = {
    "child_protection:strategy_new": _EDIT,
    "child_protection:strategy_detail": _OPEN,
    "child_protection:s47_complete": _EDIT,
    "child_protection:conference_new": _CONF,
    "child_protection:plan_detail": _OPEN,
    "child_protection:core_group_new": _EDIT,
    "child_protection:cp_visit_new": _EDIT,
    "child_protection:plan_end": _CONF,
    "child_protection:plan_content": _EDIT,  # outcomes, actions and contingency (issue 14.6)
}


def url_kwargs(name, *, child, users) -> dict:
    manager = users["team_manager"]
    short = name.split(":", 1)[1]
    if short in ("strategy_new", "conference_new"):
        open_referral(child, manager)
        return {"pk": child.pk}
    if short in ("strategy_detail", "s47_complete"):
        discussion = strategy(open_referral(child, manager), manager)
        if short == "strategy_detail":
            return {"pk": child.pk, "discussion_id": discussion.pk}
        return {"pk": child.pk, "enquiry_id": discussion.enquiry.pk}
    plan = plan_for(child, manager)
    return {"pk": child.pk, "plan_id": plan.pk}

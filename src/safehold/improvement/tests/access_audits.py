"""The case file audit rows of the permission matrix. A round is planned by the quality assurance lead
over `child` (theme "all practice") with the service manager as auditor (the service manager has no
team, so may audit the child). For the audit's own pages the audit is submitted, with the social worker
as the worker audited: it is open to its auditor (SM), the worker (SW) and their team manager (TM), the
quality assurance lead (QA) and the leader (LE); no one else."""

import datetime as dt

from django.utils import timezone

COLUMNS = ("social_worker", "team_manager", "service_manager", "iro", "front_door", "analyst", "partner", "admin",
           "leader", "quality_assurance")


def _row(*statuses: int) -> dict[str, int]:
    return dict(zip(COLUMNS, statuses, strict=True))


#                 SW   TM   SM   IRO  FD   AN   PA   AD   LE   QA
_READ = _row(     403, 200, 200, 403, 403, 200, 403, 403, 200, 200)  # IMPROVEMENT_VIEW or AUDIT_ROUND_MANAGE
_MANAGE = _row(   403, 403, 403, 403, 403, 403, 403, 403, 403, 200)  # AUDIT_ROUND_MANAGE
_POST = _row(     405, 405, 405, 405, 405, 405, 405, 405, 405, 405)  # POST only
EXPECTED = {
    "improvement:audits": _READ,
    "improvement:audit_round_new": _MANAGE,
    "improvement:audit_round": _READ,
    "improvement:audit_round_close": _POST,
    # AUDIT_CONDUCT or IMPROVEMENT_VIEW
    "improvement:my_audits": _row(200, 200, 200, 200, 403, 200, 403, 403, 200, 200),
    # policy.may_read_audit: the auditor, the worker and their manager once submitted, QA, SM and LE
    "improvement:audit": _row(200, 200, 200, 403, 403, 403, 403, 403, 200, 200),
    "improvement:audit_reply": _POST,
    "improvement:audit_moderate": _MANAGE,  # AUDIT_MODERATE: the quality assurance lead alone
    "improvement:audit_action_done": _POST,
    "improvement:audit_tool": _MANAGE,
}


def _submitted_audit(child, users):
    from safehold.improvement import services
    from safehold.improvement.models import CaseAudit
    from safehold.improvement.tests.factories import CaseAuditFactory, case_file_audit_tool

    version = case_file_audit_tool()
    if child.is_restricted:  # a sample never draws a restricted record: put it in the round by hand (the
        # restricted-names walk needs the child in every list)
        audit = CaseAuditFactory(
            round__name="Matrix round", round__sampling="every", round__seed=7, round__sampled_on=timezone.localdate(),
            round__due_on=timezone.localdate() + dt.timedelta(days=30), round__moderation_percent=100,
            round__planned_by=users["quality_assurance"], person=child, auditor=users["service_manager"],
            to_moderate=True)
    else:
        audit_round = services.round_plan(
            by=users["quality_assurance"], name="Matrix round", theme="general", tool_version=version,
            sampling="every", sample_size=None, seed=7, due_on=timezone.localdate() + dt.timedelta(days=30),
            moderation_percent=100, auditors=[users["service_manager"]])
        audit = audit_round.audits.get(person=child)
    CaseAudit.objects.filter(pk=audit.pk).update(status=CaseAudit.Status.SUBMITTED, worker=users["social_worker"],
                                                 grade="good", strengths="The child's voice is clear.",
                                                 submitted_at=timezone.now())
    return audit


def url_kwargs(name, *, child, users) -> dict:
    if name in ("improvement:audits", "improvement:my_audits"):
        _submitted_audit(child, users)  # the pages render a round and an audit, not only their empty states
        return {}
    if name == "improvement:audit_round_new":
        return {}
    if name == "improvement:audit_tool":
        from safehold.improvement.tests.factories import case_file_audit_tool

        return {"pk": case_file_audit_tool().tool_id}
    audit = _submitted_audit(child, users)
    if name in ("improvement:audit_round", "improvement:audit_round_close"):
        return {"pk": audit.round_id}
    if name == "improvement:audit_action_done":
        from safehold.improvement.models import AuditAction

        action = AuditAction.objects.create(audit=audit, text="Update the chronology", worker=users["social_worker"],
                                            due_on=timezone.localdate() + dt.timedelta(days=14))
        return {"pk": action.pk}
    return {"pk": audit.pk}

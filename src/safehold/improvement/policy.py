"""Who may read, reply to and act on a case file audit, and who may update a plan's action: the checks the
services enforce and the pages use to decide what to offer. Role-level permissions are accounts.policy's;
these add the audit's own people (its auditor, the worker audited and their team's manager)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from safehold.accounts.policy import Perm, has_perm

from .models import AuditAction, CaseAudit, PlanAction

if TYPE_CHECKING:
    from safehold.accounts.models import User


def _team_manager_of(user: User, audit: CaseAudit) -> bool:
    return bool(user.role == "team_manager" and user.team_id and user.team_id == audit.team_id)


def may_read_audit(user: User, audit: CaseAudit) -> bool:
    """The auditor, a moderator, those who read audit reports, and (once it is submitted) the worker and
    their manager."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.pk == audit.auditor_id:
        return True
    if has_perm(user, Perm.AUDIT_MODERATE) or has_perm(user, Perm.AUDIT_ROUND_MANAGE):
        return True
    if has_perm(user, Perm.IMPROVEMENT_VIEW) and user.role in ("service_manager", "leader"):
        return True
    if audit.status == CaseAudit.Status.ASSIGNED:
        return False
    return user.pk == audit.worker_id or _team_manager_of(user, audit)


def may_reply(user: User, audit: CaseAudit) -> bool:
    """The worker, their manager and the auditor reply to a submitted audit."""
    return audit.status != CaseAudit.Status.ASSIGNED and (
        user.pk in (audit.worker_id, audit.auditor_id) or _team_manager_of(user, audit))


def may_mark_action_done(user: User, action: AuditAction) -> bool:
    """The worker the action is for, the worker audited, or their team's manager."""
    return user.pk in (action.worker_id, action.audit.worker_id) or _team_manager_of(user, action.audit)


def may_update_action(by: User, action: PlanAction) -> bool:
    return has_perm(by, Perm.PLAN_MANAGE) or (action.owner_id == by.pk and has_perm(by, Perm.IMPROVEMENT_VIEW))
